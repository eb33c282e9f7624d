"""``nightly``: validate every register, write the status columns back, rebuild the summaries."""

from jobs.methodical_work import JOB
from sheets_sync.district import JobDefinition

NIGHTLY = JobDefinition(
    "nightly", JOB, at=("02:00",), description="validate, write back, rebuild summaries"
)
