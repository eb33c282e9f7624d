"""The toolkit's exceptions.

Problems in the *data* are findings in a report and are never raised. What is raised here is
everything that stops a run: a missing workbook, a workbook locked by another program, a
settings file that does not parse. Each error carries a message code and parameters; the CLI
renders it in the user's language from the message catalog::

    try:
        backend.apply(snapshot, changes)
    except SheetsSyncError as error:
        print(error.render(catalog))
"""

from __future__ import annotations

from typing import Any, ClassVar


class SheetsSyncError(Exception):
    """Base of every error the toolkit raises on purpose."""

    code: ClassVar[str] = "error"
    exit_code: ClassVar[int] = 1

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.code, params)

    def render(self, catalog: Any) -> str:
        """The one-line message in the catalog's language."""
        return catalog.error(self.code, **self.params)

    def __str__(self) -> str:
        details = ", ".join(f"{key}={value}" for key, value in self.params.items())
        return f"{self.code}: {details}" if details else self.code


class WorkbookNotFound(SheetsSyncError):
    code = "workbook-not-found"
    exit_code = 2


class WorkbookUnreadable(SheetsSyncError):
    code = "workbook-unreadable"
    exit_code = 2


class WorkbookLocked(SheetsSyncError):
    code = "workbook-locked"
    exit_code = 4


class WorkbookChanged(SheetsSyncError):
    code = "workbook-changed"
    exit_code = 4


class WorkbookNotWritable(SheetsSyncError):
    """The workbook holds parts the xlsx writer cannot keep (charts, images, ...)."""

    code = "workbook-would-lose-content"
    exit_code = 4


class WorkbookSaveFailed(SheetsSyncError):
    code = "workbook-save-failed"
    exit_code = 4


class NoRegisters(SheetsSyncError):
    code = "no-registers"
    exit_code = 3


class SettingsError(SheetsSyncError):
    code = "settings-invalid"
    exit_code = 2
