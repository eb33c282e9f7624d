"""Open lessons and events (seed 002 §3.9, §3.14, §5.7): what was planned gets held."""

from __future__ import annotations

from collections.abc import Iterator

from sheets_sync.findings import Finding, Severity
from sheets_sync.rules import Context, rule


@rule("event-overdue", needs={"events": ["planned_on", "held_on"]})
def EVENT_OVERDUE(ctx: Context) -> Iterator[Finding]:
    """Seed 002 §3.9, §3.14, §5.7: open lessons, subject weeks, olympiads and seminars are
    held as planned. Planned before as-of with no date held: a warning, due the planned day.
    An event planned for today is not overdue yet."""
    for record in ctx.table("events").usable("planned_on", "held_on"):
        event = record.data
        if event.planned_on < ctx.as_of and event.held_on is None:
            yield Finding(
                "events",
                "event-overdue",
                Severity.WARNING,
                row=record.row,
                field="held_on",
                due=event.planned_on,
                params={"planned": event.planned_on},
            )


EVENT_RULES = (EVENT_OVERDUE,)
