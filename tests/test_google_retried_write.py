"""A write that Google holds back (429, 503, a cut connection) while a colleague inserts or
sorts rows: every try is guarded again, so no status lands beside another person; rows that
moved wait for the next run. The call budget and the quota-pacer seam, over the request log.
Real gspread, the emulator on a socket, a fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import AS_OF, school
from test_google_backend import (
    NAMES,
    TEACHERS_TAB,
    api_calls,
    delete_row_3,
    google,
    insert_row_3,
    seed,
    sheet_tab,
    sort_by_name,
    statuses_by_name,
    teachers_and_courses,
    xlsx_tabs,
)
from test_google_credentials import write_key
from test_retry import FakeTime

from jobs.methodical_work import JOB
from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.emulator import Emulator, discovery
from sheets_sync.job import run


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def fake():
    return FakeTime()


@pytest.fixture
def reference(tmp_path):
    """The school as an .xlsx before and after the xlsx backend checked it."""

    def make(extra: int = 0) -> tuple[Path, Path]:
        teachers, courses = teachers_and_courses(extra)
        original = school(tmp_path, teachers, courses, name="original.xlsx")
        checked = school(tmp_path, teachers, courses, name="checked.xlsx")
        run(JOB, XlsxBackend(checked), as_of=AS_OF)
        return original, checked

    return make


def colleague(emu: Emulator, sid: str, edit):
    return lambda: emu.mutate(sid, edit)


def check_statuses(emu, sid, checked, skipped, backend):
    """Every written status is its own person's; the skipped rows are the moved ones."""
    expected = statuses_by_name(xlsx_tabs(checked)[TEACHERS_TAB])
    now = statuses_by_name(sheet_tab(emu, sid, TEACHERS_TAB))
    written = {name: cells for name, cells in now.items() if any(cells)}
    assert written, "the rows that did not move were written"
    for name, cells in written.items():
        assert cells == expected[name], name
    assert backend.skipped_rows == [(TEACHERS_TAB, row) for row in skipped]
    return expected


@pytest.mark.parametrize(
    ("fault", "edit", "moved"),
    [
        ("503", insert_row_3, [3, 4, 5, 6, 7]),
        ("429", sort_by_name, [2, 3, 5, 6, 7]),
        ("drop", delete_row_3, [3, 4, 5, 6, 7]),
        ("503", sort_by_name, [2, 3, 5, 6, 7]),
    ],
    ids=["503-insert", "429-sort", "dropped-delete", "503-sort"],
)
def test_a_colleague_s_edit_while_a_write_waits_to_be_retried_moves_no_status(
    emu, fake, reference, fault, edit, moved
):
    original, checked = reference()
    sid = seed(emu, original)
    meanwhile = colleague(emu, sid, edit)
    if fault == "drop":
        emu.faults.drop_next(1, method="POST", then=meanwhile)
    else:
        status = int(fault)
        emu.faults.fail_next(1, status=status, retry_after=20, method="POST", then=meanwhile)
    backend = google(emu, sid, fake)
    result = run(JOB, backend, as_of=AS_OF)
    assert result.ok
    assert fake.sleeps and (fault == "drop" or fake.sleeps[0] >= 20)
    # A lost answer to a batch that adds tabs is first checked: did it land?
    landed_check = [("GET", "get")] if fault == "drop" else []
    assert api_calls(emu) == [
        ("GET", "get"),  # the read
        ("GET", "batchGet"),  # the guard
        ("POST", "batchUpdate"),  # held back; the colleague edits meanwhile
        *landed_check,
        ("GET", "batchGet"),  # the guard again, after the wait
        ("POST", "batchUpdate"),
    ]
    expected = check_statuses(emu, sid, checked, moved, backend)
    run(JOB, google(emu, sid, fake), as_of=AS_OF)  # the next run finishes the job
    final = statuses_by_name(sheet_tab(emu, sid, TEACHERS_TAB))
    for name in NAMES if edit is not delete_row_3 else set(NAMES) - {NAMES[1]}:
        assert final[name] == expected[name], name


def test_edits_during_several_retries_are_each_caught_by_the_guard_before_the_next_try(
    emu, fake, reference
):
    original, checked = reference()
    sid = seed(emu, original)
    emu.faults.fail_next(1, status=503, method="POST", then=colleague(emu, sid, sort_by_name))
    emu.faults.fail_next(1, status=500, method="POST", then=colleague(emu, sid, insert_row_3))
    backend = google(emu, sid, fake)
    run(JOB, backend, as_of=AS_OF)
    writes = [call for call in api_calls(emu) if call[0] == "POST"]
    assert len(writes) == 3
    # After the sort, then a row inserted at 3: only the row nobody moved stays writable.
    expected = statuses_by_name(xlsx_tabs(checked)[TEACHERS_TAB])
    now = statuses_by_name(sheet_tab(emu, sid, TEACHERS_TAB))
    for name, cells in now.items():
        if any(cells):
            assert cells == expected[name], name
    assert (TEACHERS_TAB, 2) in backend.skipped_rows


def test_an_edit_landing_between_the_guard_and_the_write_of_an_unmoved_row_changes_nothing(
    emu, fake, reference
):
    """An edit to another tab between guard and write: the write lands whole, as it should."""
    original, checked = reference()
    sid = seed(emu, original)

    def other_tab(book):
        book.sheet("Квалификация").set_value(50, 1, "жаңы")

    emu.faults.before_next(colleague(emu, sid, other_tab), method="POST")
    backend = google(emu, sid, fake)
    run(JOB, backend, as_of=AS_OF)
    assert backend.skipped_rows == []
    check_statuses(emu, sid, checked, [], backend)


# -- the call budget -------------------------------------------------------------------------


def test_the_call_budget_unchanged_one_changed_three_a_retry_two_more(emu, fake, reference):
    original, _ = reference(40)
    sid = seed(emu, original)
    run(JOB, google(emu, sid, fake), as_of=AS_OF)
    assert len(api_calls(emu)) == 3  # read, guard, write
    emu.clear_log()
    run(JOB, google(emu, sid, fake), as_of=AS_OF)
    assert api_calls(emu) == [("GET", "get")]  # unchanged: one call, whatever the size
    emu.mutate(sid, lambda book: book.sheet(TEACHERS_TAB).set_value(2, 4, "жок"))
    emu.clear_log()
    emu.faults.fail_next(1, status=503, method="POST")
    run(JOB, google(emu, sid, fake), as_of=AS_OF)
    assert len(api_calls(emu)) == 5  # read, guard, write (503), guard, write


def test_every_request_of_a_run_passes_the_discovery_document_check(emu, fake, reference):
    original, _ = reference()
    sid = seed(emu, original)
    emu.faults.fail_next(1, status=503, method="POST")
    run(JOB, google(emu, sid, fake), as_of=AS_OF)
    methods = {
        ("GET", "get"): "sheets.spreadsheets.get",
        ("GET", "batchGet"): "sheets.spreadsheets.values.batchGet",
        ("POST", "batchUpdate"): "sheets.spreadsheets.batchUpdate",
    }
    seen = set()
    for entry, call in zip(
        [e for e in emu.requests if e.path.startswith("/v4/")], api_calls(emu), strict=True
    ):
        method_id = methods[call]
        discovery.check_query(method_id, entry.query)
        if call[0] == "POST":
            discovery.check_body("BatchUpdateSpreadsheetRequest", entry.body)
        assert entry.status in (200, 503)
        seen.add(call)
    assert seen == set(methods)


# -- the quota-pacer seam --------------------------------------------------------------------


def test_before_call_hears_every_try_with_its_kind_and_no_token_fetch(
    emu, fake, reference, tmp_path
):
    original, _ = reference()
    sid = seed(emu, original)
    heard: list[str] = []
    emu.faults.fail_next(1, status=429, retry_after=1)  # the read, once
    emu.faults.fail_next(1, status=503, method="POST")  # the write, once
    key = write_key(tmp_path, emu.url + "/token")
    backend = google(emu, sid, fake, credentials=str(key), before_call=heard.append)
    run(JOB, backend, as_of=AS_OF)
    sheets_calls = [e for e in emu.requests if e.path.startswith("/v4/")]
    assert [e.path for e in emu.requests if not e.path.startswith("/v4/")] == ["/token"]
    assert heard == ["read" if e.method == "GET" else "write" for e in sheets_calls]
    assert heard == ["read", "read", "read", "write", "read", "write"]


def test_a_column_inserted_while_a_write_waits_leaves_no_mark_on_the_school_s_column(
    emu, fake, reference
):
    original, _checked = reference()
    sid = seed(emu, original)
    before = sheet_tab(emu, sid, TEACHERS_TAB)

    def insert_column_a(book):
        book.sheet(TEACHERS_TAB).insert_columns(1)

    emu.faults.fail_next(
        1, status=503, retry_after=20, method="POST", then=colleague(emu, sid, insert_column_a)
    )
    run(JOB, google(emu, sid, fake), as_of=AS_OF)
    assert google(emu, sid, fake).read().tab(TEACHERS_TAB).column_marks == {}
    run(JOB, google(emu, sid, fake), as_of=AS_OF)
    after = sheet_tab(emu, sid, TEACHERS_TAB)
    # The school's columns, shifted one right by the colleague, hold what they held.
    for old, new in zip(before, after, strict=False):
        assert new[1 : len(old) + 1] == old
    assert after[0][len(before[0]) + 1] == "Статус"
