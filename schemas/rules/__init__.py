"""The rules of the school registers, grouped by the regulation they come from."""

from .pd import COURSE_RULES, PD_CYCLE
from .staff import STAFF_RULES

RULES = (PD_CYCLE, *COURSE_RULES, *STAFF_RULES)

__all__ = ["RULES"]
