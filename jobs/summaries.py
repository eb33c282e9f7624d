"""``summaries``: rebuild the summary tabs only, e.g. at 07:00 before the deputy director
arrives; status columns are left as the last nightly run wrote them."""

from jobs.methodical_work import JOB
from sheets_sync.district import JobDefinition

SUMMARIES = JobDefinition(
    "summaries", JOB, at=("07:00",), summaries_only=True, description="rebuild summary tabs only"
)
