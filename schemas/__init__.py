"""The school registers of DOMAIN.md as pydantic models, with their rules and messages."""

from pathlib import Path

from .associations import ASSOCIATIONS
from .documents import DOCUMENTS
from .events import EVENTS
from .meetings import MEETINGS
from .orders import ORDERS
from .pd_courses import PD_COURSES
from .plans_reports import PLANS_REPORTS
from .teachers import TEACHERS

# In DOMAIN.md order: reports and the console list registers this way.
REGISTERS = (TEACHERS, PD_COURSES, ASSOCIATIONS, MEETINGS, PLANS_REPORTS, EVENTS, DOCUMENTS, ORDERS)
LOCALES = Path(__file__).parent / "locales"

__all__ = [
    "ASSOCIATIONS",
    "DOCUMENTS",
    "EVENTS",
    "LOCALES",
    "MEETINGS",
    "ORDERS",
    "PD_COURSES",
    "PLANS_REPORTS",
    "REGISTERS",
    "TEACHERS",
]
