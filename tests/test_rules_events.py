"""Events (seed 002 §3.9, §3.14, §5.7): what was planned and not held is overdue."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import AS_OF, check, codes_at, event, only, registers


@pytest.mark.parametrize(
    ("planned", "held", "codes"),
    [
        (date(2026, 11, 20), None, ["event-overdue"]),
        (AS_OF, None, []),  # planned for today: there is still time
        (date(2026, 11, 20), date(2026, 11, 20), []),
        (date(2026, 11, 20), date(2026, 11, 25), []),  # held later than planned is held
    ],
    ids=["yesterday-not-held", "today", "held", "held-late"],
)
def test_an_event_planned_before_as_of_and_not_held_is_overdue(tmp_path, planned, held, codes):
    result = check(registers(tmp_path, events=[event("ачык сабак", planned=planned, held=held)]))
    assert codes_at(result, "events", 2) == codes
    for finding in only(result, "event-overdue"):
        assert (finding.severity, finding.due, finding.column) == (
            "warning",
            planned,
            "Өткөрүлгөн күн",
        )
