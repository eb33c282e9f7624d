"""School policy numbers: every number a rule uses, with the seed clause it comes from.

Where a seed document gives no number the default is a policy choice of the school; every
value can be changed in the settings file under ``[policy]``::

    [policy]
    pd_warn_days = 90
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pd_cycle_years: int = Field(
        5,
        ge=1,
        le=20,
        description="Years between qualification courses "
        "(seed 004 §4.2: at least once in 5 years).",
    )
    pd_min_course_hours: float = Field(
        72,
        gt=0,
        description="Hours a qualification course needs to count (seed 004 §2.5: 72 hours).",
    )
    retraining_min_hours: float = Field(
        500,
        gt=0,
        description="Hours a professional retraining needs (seed 004 §2.5: at least 500 hours).",
    )
    pd_warn_days: int = Field(
        180,
        ge=0,
        le=3650,
        description="Days before the PD due date that a teacher is flagged as due soon (policy).",
    )
    certificate_submit_days: int = Field(
        30,
        ge=0,
        le=365,
        description="Days after a course ends to hand in its certificate (policy; seed 004 §4.4 "
        "asks for the document, the seed gives no number).",
    )
    leader_min_experience_years: float = Field(
        5,
        ge=0,
        le=50,
        description="Years of pedagogical experience an MA leader or a deputy director needs "
        "(seed 000 §1.1; seed 001 §1.3).",
    )
    young_teacher_years: float = Field(
        3,
        ge=0,
        le=50,
        description="Experience under which a teacher should have a mentor "
        "(policy; seed 002 §3.17).",
    )
