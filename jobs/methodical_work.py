"""The main job: a school's methodical-work registers, checked and annotated.

from datetime import date
from jobs.methodical_work import JOB
from sheets_sync import XlsxBackend, run

result = run(JOB, XlsxBackend("school.xlsx"), as_of=date(2026, 11, 21))
"""

from __future__ import annotations

from schemas import LOCALES, REGISTERS
from schemas.policy import Policy
from schemas.rules import RULES
from schemas.summaries import LOCALES as SUMMARY_LOCALES
from schemas.summaries import deadlines, overview
from sheets_sync.feedback import FEEDBACK
from sheets_sync.job import Job

JOB = Job(
    name="methodical-work",
    registers=REGISTERS,
    rules=RULES,
    policy=Policy,
    locales=(LOCALES, SUMMARY_LOCALES),
    summaries=(overview, deadlines),
    summary_furniture=True,
    feedback=FEEDBACK,
)
