"""The school registers of DOMAIN.md as pydantic models, with their rules and messages."""

from pathlib import Path

from .pd_courses import PD_COURSES
from .teachers import TEACHERS

REGISTERS = (TEACHERS, PD_COURSES)
LOCALES = Path(__file__).parent / "locales"

__all__ = ["LOCALES", "PD_COURSES", "REGISTERS", "TEACHERS"]
