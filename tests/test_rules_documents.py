"""The association's file (seed 002 §5.9): protocols, plans and analyses stay at school 3 years
after their school year, then go to the archive for 10 years."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import AS_OF, check, codes_at, document, only, registers


def document_codes(tmp_path, row, as_of=AS_OF):
    result = check(registers(tmp_path, documents=[row]), as_of=as_of)
    return result, codes_at(result, "documents", 2)


@pytest.mark.parametrize(
    ("as_of", "codes"),
    [(date(2026, 5, 31), []), (date(2026, 6, 1), ["archive-due"])],
    ids=["on-the-3rd-anniversary", "a-day-later"],
)
def test_protocols_go_to_the_archive_3_years_after_their_school_year(tmp_path, as_of, codes):
    result, found = document_codes(tmp_path, document("протоколдор", "2022-2023"), as_of)
    assert found == codes
    for finding in only(result, "archive-due"):
        assert (finding.severity, finding.due) == ("warning", date(2026, 5, 31))
        assert finding.params == {"year": "2022-2023", "years": 3}


@pytest.mark.parametrize(
    ("row", "codes"),
    [
        (document("жылдык иш план", "2022-2023"), ["archive-due"]),
        (document("айлык иш план", None, created=date(2023, 3, 1)), ["archive-due"]),
        (document("анализ работы", "2022-2023"), ["archive-due"]),
        (document("жылдык иш план", "2023-2024"), []),
        (document("УБ жөнүндө жобо", "2022-2023"), []),  # not a paper that goes to the archive
        (document("жылдык иш план", "2022-2023", archived=date(2026, 6, 10)), []),
        (document("жылдык иш план", None), []),  # no year to judge by
    ],
    ids=[
        "annual-plan",
        "year-from-created",
        "analysis",
        "within-3-years",
        "regulation",
        "archived",
        "no-year",
    ],
)
def test_plans_and_analyses_are_archived_too_other_papers_are_not(tmp_path, row, codes):
    assert document_codes(tmp_path, row)[1] == codes


@pytest.mark.parametrize(
    ("archived", "codes"),
    [(date(2016, 11, 21), []), (date(2016, 11, 20), ["retention-ended"])],
    ids=["ten-years-today", "ten-years-yesterday"],
)
def test_archive_retention_ends_10_years_after_archiving(tmp_path, archived, codes):
    row = document("протоколдор", "2010-2011", archived=archived)
    result, found = document_codes(tmp_path, row)
    assert found == codes
    for finding in only(result, "retention-ended"):
        assert (finding.severity, finding.due) == ("info", None)
        assert finding.params == {"archived": archived, "until": date(2026, 11, 20)}


@pytest.mark.parametrize(
    ("doc_type", "codes"),
    [
        ("отурумдардын протоколдору", ["retention-ended"]),
        ("жылдык иш план", ["retention-ended"]),
        ("өткөн жылдагы иштин талдоосу", ["retention-ended"]),
        ("УБ жөнүндө жобо", []),
        ("мугалимдер жөнүндө маалымат", []),
    ],
    ids=["protocols", "annual-plan", "analysis", "regulation", "teachers-information"],
)
def test_retention_ends_only_for_the_papers_sent_to_the_archive(tmp_path, doc_type, codes):
    row = document(doc_type, "2010-2011", archived=date(2014, 6, 1))
    assert document_codes(tmp_path, row)[1] == codes
