"""The rules of the school registers, grouped by the regulation they come from."""

from .associations import ASSOCIATION_RULES
from .council import COUNCIL_RULES
from .documents import DOCUMENT_RULES
from .events import EVENT_RULES
from .orders import ORDER_RULES
from .pd import COURSE_RULES, PD_CYCLE
from .plans import PLAN_RULES
from .staff import STAFF_RULES

RULES = (
    PD_CYCLE,
    *COURSE_RULES,
    *STAFF_RULES,
    *ASSOCIATION_RULES,
    *PLAN_RULES,
    *COUNCIL_RULES,
    *EVENT_RULES,
    *DOCUMENT_RULES,
    *ORDER_RULES,
)

__all__ = ["RULES"]
