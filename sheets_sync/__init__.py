"""sheets-sync: keeps a school's registers in spreadsheets honest."""

__version__ = "0.1.0"
