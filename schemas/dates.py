"""Calendar arithmetic the rules share."""

from __future__ import annotations

from datetime import date


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def whole_years(start: date, as_of: date) -> int:
    """Full years from ``start`` to ``as_of``, each anniversary falling where ``add_years`` puts
    it: someone who started on 29 February completes a year on 28 February of a common year,
    the same day their five-year PD cycle comes due."""
    years = as_of.year - start.year
    if years > 0 and as_of < add_years(start, years):
        years -= 1
    return max(years, 0)
