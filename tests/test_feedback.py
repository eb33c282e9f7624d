"""Feedback where staff type, as the run plans it: status colours, notes and tints on the wrong
cell (and whose they are), and the furniture sent only when its digest changes.

The snapshots are built here as a backend reads a workbook (``Tab.notes``, ``fills``,
``owned``, ``layout``…); what a run writes is the plan ``job.plan`` returns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from conftest import AS_OF, COURSE_HEADERS, TEACHER_HEADERS, course, teacher
from test_retry import FakeTime

from jobs.methodical_work import JOB
from sheets_sync.backends.google import GoogleSheetsBackend
from sheets_sync.changes import (
    AddTab,
    CellRef,
    ChangeSet,
    FreezeRows,
    MarkColumn,
    MarkLayout,
    MarkTab,
    ProtectRange,
    RecordOwned,
    SetCell,
    SetFill,
    SetFilter,
    SetNote,
    SetStyle,
    SetValidation,
    Validation,
)
from sheets_sync.emulator import Emulator, Spreadsheet
from sheets_sync.feedback import FEEDBACK, decorate, wanted_decorations
from sheets_sync.findings import Finding, Severity
from sheets_sync.furniture import HEADER_STYLE, NOTES_STYLE, Fixtures, data_bottom, furniture
from sheets_sync.job import Job, RunResult, plan, run
from sheets_sync.messages import Catalog
from sheets_sync.snapshot import Owned, Snapshot, Span, Tab, trimmed_rows
from sheets_sync.statuses import StatusColumns
from sheets_sync.validation import read_table

# The summary tabs' own furniture is another part's: these plans leave it out.
FEEDBACK_JOB = replace(JOB, feedback=FEEDBACK, summary_furniture=False)
TEACHERS = "Мугалимдер"
HIRED = TEACHER_HEADERS.index("Ишке кабыл алынган күн") + 1  # column F
STATUS, DUE, NOTES = 9, 10, 11  # appended right of the eight teacher columns
MARKS = {"status": STATUS, "due": DUE, "notes": NOTES}
BAD_DATE_MESSAGE = "✖ «Ишке кабыл алынган күн»: «эртең» дата катары окулбайт."


def teachers_tab(rows: Sequence[Sequence[Any]] | None = None, **read_back: Any) -> Tab:
    """The teachers tab: an overdue-free teacher on row 2, one whose hiring date is not a
    date on row 3, one overdue on row 4."""
    if rows is None:
        rows = [
            TEACHER_HEADERS,
            teacher("Асанова Гүлзат"),
            teacher("Бакиев Нурлан", hired_on="эртең"),
            teacher("Осмонов Азамат"),
        ]
    return Tab(TEACHERS, rows, **read_back)


def courses_tab() -> Tab:
    return Tab(
        "Квалификация",
        [
            COURSE_HEADERS,
            course("Асанова Гүлзат", end=date(2024, 6, 1)),
            course("Бакиев Нурлан", end=date(2021, 12, 1)),  # due in ten days: a warning
            course("Осмонов Азамат", end=date(2020, 6, 1)),  # overdue
        ],
    )


def planned(tab: Tab | Snapshot, language: str = "ky", job: Job = FEEDBACK_JOB) -> RunResult:
    """The run's plan over the teachers ``tab`` (beside a courses tab) or a whole snapshot."""
    snapshot = tab if isinstance(tab, Snapshot) else workbook(tab)
    return plan(job, snapshot, as_of=AS_OF, language=language)


def workbook(tab: Tab) -> Snapshot:
    return Snapshot("school.xlsx", {tab.title: tab, "Квалификация": courses_tab()})


def of_kind(result: RunResult, kind: type, tab: str = TEACHERS) -> list:
    return [c for c in result.changes if isinstance(c, kind) and _tab(c) == tab]


def _tab(change: Any) -> str:
    return ChangeSet((change,)).tabs()[0]


def read_back(before: Tab | Snapshot, result: RunResult) -> Snapshot:
    """The workbook as a backend reads it after applying ``result``'s changes, as changes.py
    defines them: cell values, fills (a style's or a tint), notes, the toolkit's record, its
    marks and layout digest, frozen rows and filter."""
    snapshot = before if isinstance(before, Snapshot) else workbook(before)
    tabs = dict(snapshot.tabs)
    for change in result.changes:
        if isinstance(change, AddTab):
            tabs[change.title] = Tab(change.title, ())
    return Snapshot(snapshot.source, {title: _applied(tab, result) for title, tab in tabs.items()})


def after_first_run(tab: Tab) -> Tab:
    """The teachers tab as read back after a run over it."""
    return teachers(read_back(tab, planned(tab)))


def teachers(snapshot: Snapshot) -> Tab:
    return snapshot.tab(TEACHERS)


def with_teachers(snapshot: Snapshot, tab: Tab) -> Snapshot:
    return Snapshot(snapshot.source, {**snapshot.tabs, TEACHERS: tab})


def _applied(tab: Tab, result: RunResult) -> Tab:
    rows = [list(cells) for cells in tab.rows]
    fills, notes, owned = dict(tab.fills), dict(tab.notes), dict(tab.owned)
    marks, mark, layout = dict(tab.column_marks), tab.mark, tab.layout
    frozen, school_filter = tab.frozen_rows, tab.filter
    for change in result.changes:
        if _tab(change) != tab.title:
            continue
        if isinstance(change, SetCell):
            while len(rows) < change.ref.row:
                rows.append([])
            cells = rows[change.ref.row - 1]
            cells.extend([None] * (change.ref.column - len(cells)))
            cells[change.ref.column - 1] = change.value
        elif isinstance(change, SetStyle):
            span = change.span
            for row in range(span.first_row, span.last_row + 1):
                for column in range(span.first_column, span.last_column + 1):
                    fills.pop((row, column), None)
                    if change.style.fill:
                        fills[(row, column)] = change.style.fill
        elif isinstance(change, SetFill):
            fills.pop((change.ref.row, change.ref.column), None)
            if change.color:
                fills[(change.ref.row, change.ref.column)] = change.color
        elif isinstance(change, SetNote):
            notes.pop((change.ref.row, change.ref.column), None)
            if change.text:
                notes[(change.ref.row, change.ref.column)] = change.text
        elif isinstance(change, RecordOwned):
            owned = dict(change.cells)
        elif isinstance(change, MarkLayout):
            layout = change.digest
        elif isinstance(change, FreezeRows):
            frozen = change.rows
        elif isinstance(change, SetFilter):
            school_filter = change.span
        elif isinstance(change, MarkColumn):
            marks[change.key] = change.column
        elif isinstance(change, MarkTab):
            mark = change.key
    return replace(
        tab,
        rows=trimmed_rows(rows),
        fills=fills,
        notes=notes,
        owned=owned,
        column_marks=marks,
        mark=mark,
        layout=layout,
        frozen_rows=frozen,
        filter=school_filter,
    )


def fill_at(result: RunResult, row: int, column: int) -> str | None:
    """The fill the plan gives one cell (the last change that touches it)."""
    fill = "untouched"
    for change in result.changes:
        if (
            isinstance(change, SetStyle)
            and change.tab == TEACHERS
            and change.span.covers(row, column)
        ):
            fill = change.style.fill
        elif isinstance(change, SetFill) and (change.ref.row, change.ref.column) == (row, column):
            fill = change.color
    return fill


# --- status cells, headers, columns ---------------------------------------------------------


def test_status_cells_are_coloured_by_their_rows_worst_severity():
    result = planned(teachers_tab())
    assert fill_at(result, 2, STATUS) == "C6EFCE"  # ✔
    assert fill_at(result, 3, STATUS) == "FFC7CE"  # ✖ a date that is not a date
    assert fill_at(result, 4, STATUS) == "FFC7CE"  # ✖ overdue
    styles = of_kind(result, SetStyle, "Квалификация")
    # Every course row is fine: one green style covers the three rows at once.
    assert styles[0].span == Span(2, 10, 4, 10) and styles[0].style.fill == "C6EFCE"


def test_a_warning_row_is_amber():
    rows = [TEACHER_HEADERS, teacher("Бакиев Нурлан")]  # his course ends a PD cycle in 10 days
    tabs = Tab("Квалификация", [COURSE_HEADERS, course("Бакиев Нурлан", end=date(2021, 12, 1))])
    snapshot = Snapshot("school.xlsx", {TEACHERS: teachers_tab(rows), tabs.title: tabs})
    result = plan(FEEDBACK_JOB, snapshot, as_of=AS_OF)
    assert fill_at(result, 2, STATUS) == "FFEB9C"


def test_a_status_cell_already_in_its_colour_gets_no_style_and_a_changed_one_does():
    first = after_first_run(teachers_tab())
    fixed = [list(cells) for cells in first.rows]
    fixed[2][HIRED - 1] = date(2010, 9, 1)  # the hiring date is now a date
    fixed[3] = teacher("Осмонов Азамат")  # same row, still overdue
    second = planned(replace(first, rows=fixed))
    styles = [c for c in of_kind(second, SetStyle) if c.span.first_column == STATUS]
    assert [(s.span.first_row, s.span.last_row) for s in styles] == [(3, 3)]


def test_status_headers_look_like_a_header_and_messages_wrap_at_the_top():
    result = planned(teachers_tab())
    styles = of_kind(result, SetStyle)
    header = next(s for s in styles if s.span.first_row == 1)
    assert header.span == Span(1, STATUS, 1, NOTES)
    assert header.style.bold and header.style.fill == "D9E1F2" and header.style.border
    notes = next(s for s in styles if s.span.first_column == NOTES)
    assert notes.span == Span(2, NOTES, 4, NOTES)
    assert notes.style.wrap and notes.style.top
    assert header.style == HEADER_STYLE and notes.style == NOTES_STYLE


def test_the_worst_message_comes_first_in_the_notes_cell():
    result = planned(teachers_tab())
    cell = next(c for c in result.changes.cells() if (c.ref.row, c.ref.column) == (3, NOTES))
    lines = cell.value.split("\n")
    assert len(lines) == 2 and lines[0].startswith("✖ ") and lines[1].startswith("⚠ ")


# --- freeze, filter, protection -------------------------------------------------------------


def test_the_header_row_is_frozen_unless_the_school_froze_more():
    assert of_kind(planned(teachers_tab()), FreezeRows) == [FreezeRows(TEACHERS, 1)]
    assert of_kind(planned(teachers_tab(frozen_rows=3)), FreezeRows) == []


def test_the_schools_autofilter_is_stretched_over_the_status_columns():
    school_filter = Span(1, 1, 4, 8)
    result = planned(teachers_tab(filter=school_filter))
    assert of_kind(result, SetFilter) == [SetFilter(TEACHERS, Span(1, 1, 4, NOTES))]


def test_a_tab_without_an_autofilter_gets_none():
    assert of_kind(planned(teachers_tab()), SetFilter) == []


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_status_columns_are_protected_with_a_warning_in_the_runs_language(language):
    (protection,) = of_kind(planned(teachers_tab(), language=language), ProtectRange)
    assert protection.key == "status" and protection.warning_only
    assert protection.span == Span(1, STATUS, 4, NOTES)
    assert protection.description == Catalog.load(language).ui("status-protection")


# --- the layout digest ----------------------------------------------------------------------


def test_furniture_is_sent_with_a_digest_and_not_again_while_it_is_unchanged():
    tab = teachers_tab(filter=Span(1, 1, 4, 8))
    first = planned(tab)
    (mark,) = of_kind(first, MarkLayout)
    assert len(mark.digest) == 32 and mark.digest == mark.digest.lower()
    second = planned(teachers(read_back(tab, first)))
    for kind in (MarkLayout, FreezeRows, SetFilter, ProtectRange):
        assert of_kind(second, kind) == []


def test_furniture_is_sent_again_when_the_tab_grows_or_the_language_changes():
    tab = teachers_tab()
    after = after_first_run(tab)
    grown = replace(after, rows=[*after.rows, teacher("Жаңы Мугалим")])
    (protection,) = of_kind(planned(grown), ProtectRange)
    assert protection.span.last_row == 5
    (protection,) = of_kind(planned(after, language="ru"), ProtectRange)
    assert protection.description == Catalog.load("ru").ui("status-protection")
    assert of_kind(planned(after, language="ru"), MarkLayout)


def test_a_row_left_empty_does_not_change_the_digest_after_its_statuses_are_cleared():
    tab = teachers_tab()
    after = read_back(tab, planned(tab))
    rows = [list(cells) for cells in teachers(after).rows]
    rows[3][:8] = [None] * 8  # staff cleared the last teacher
    emptied = with_teachers(after, replace(teachers(after), rows=rows))
    cleared = read_back(emptied, planned(emptied))
    assert not planned(cleared).changes


def test_a_rerun_on_an_unchanged_workbook_plans_nothing():
    tab = teachers_tab(filter=Span(1, 1, 4, 8), notes={(2, 2): "ата-энеси менен сүйлөшүү"})
    after = read_back(tab, planned(tab))
    assert not planned(after).changes


# --- notes and tints on the wrong cell ------------------------------------------------------


def test_the_wrong_cell_gets_a_note_with_its_message_and_a_tint():
    result = planned(teachers_tab())
    (note,) = of_kind(result, SetNote)
    assert (note.ref.row, note.ref.column) == (3, HIRED)
    assert note.text.startswith(BAD_DATE_MESSAGE)
    assert of_kind(result, SetFill) == [SetFill(note.ref, "FFC7CE")]
    (record,) = of_kind(result, RecordOwned)
    assert record.cells == {(3, HIRED): Owned(note.text, "FFC7CE")}


def test_the_note_is_in_the_runs_language():
    (note,) = of_kind(planned(teachers_tab(), language="en"), SetNote)
    assert note.text.startswith("✖ «Ишке кабыл алынган күн»: «эртең» is not a date")


def test_every_finding_of_a_cell_is_in_its_note_worst_first_and_tints_by_the_worst():
    table, _ = read_table(teachers_tab(), JOB.register_map["teachers"])
    found = [
        Finding("teachers", "late", Severity.WARNING, row=2, field="hired_on"),
        Finding("teachers", "wrong", Severity.ERROR, row=2, field="hired_on"),
        Finding("teachers", "fyi", Severity.INFO, row=2, field="hired_on"),
        Finding("teachers", "fyi", Severity.INFO, row=3, field="hired_on"),
        Finding("teachers", "soon", Severity.WARNING, row=4, field="education"),
    ]
    wanted = wanted_decorations(table, found, lambda finding: finding.code)
    education = TEACHER_HEADERS.index("Билими") + 1
    assert wanted == {
        (2, HIRED): Owned("✖ wrong\n⚠ late\nℹ fyi", "FFC7CE"),
        (4, education): Owned("⚠ soon", "FFEB9C"),
    }


def test_the_note_and_tint_go_when_the_cell_is_fixed():
    tab = teachers_tab()
    after = after_first_run(tab)
    rows = [list(cells) for cells in after.rows]
    rows[2][HIRED - 1] = date(2010, 9, 1)
    fixed = planned(replace(after, rows=rows))
    cell = (3, HIRED)
    assert [(n.ref.row, n.ref.column, n.text) for n in of_kind(fixed, SetNote)] == [(*cell, None)]
    assert [(f.ref.row, f.ref.column, f.color) for f in of_kind(fixed, SetFill)] == [(*cell, None)]
    assert of_kind(fixed, RecordOwned) == [RecordOwned(TEACHERS, {})]


def test_a_cell_with_a_persons_note_gets_neither_note_nor_tint():
    tab = teachers_tab(notes={(3, HIRED): "күнүн директордон сураш керек"})
    result = planned(tab)
    assert of_kind(result, SetNote) == [] and of_kind(result, SetFill) == []
    assert of_kind(result, RecordOwned) == []
    notes = next(c for c in result.changes.cells() if (c.ref.row, c.ref.column) == (3, NOTES))
    assert BAD_DATE_MESSAGE in notes.value  # the message is still in «Эскертүү»


def test_a_cell_with_a_persons_fill_gets_neither_note_nor_tint():
    result = planned(teachers_tab(fills={(3, HIRED): "FFFF00"}))
    assert of_kind(result, SetNote) == [] and of_kind(result, SetFill) == []


def test_a_persons_note_that_reads_exactly_like_ours_stays_theirs():
    ours = of_kind(planned(teachers_tab()), SetNote)[0].text
    tab = teachers_tab(notes={(3, HIRED): ours})
    assert of_kind(planned(tab), SetNote) == [] and of_kind(planned(tab), SetFill) == []
    rows = [list(cells) for cells in tab.rows]
    rows[2][HIRED - 1] = date(2010, 9, 1)
    fixed = planned(replace(tab, rows=rows))
    assert of_kind(fixed, SetNote) == [] and of_kind(fixed, RecordOwned) == []


def test_a_note_a_person_edited_becomes_theirs_and_is_never_removed():
    tab = teachers_tab()
    after = after_first_run(tab)
    cell = (3, HIRED)
    edited = replace(after, notes={cell: after.notes[cell] + "\nТекшерилди. — Айгүл"})
    result = planned(edited)
    assert of_kind(result, SetNote) == []
    assert of_kind(result, SetFill) == []  # the tint is still ours and still right
    (record,) = of_kind(result, RecordOwned)
    assert record.cells == {cell: Owned(None, "FFC7CE")}
    rows = [list(cells) for cells in edited.rows]
    rows[2][HIRED - 1] = date(2010, 9, 1)
    fixed = planned(replace(teachers(read_back(edited, result)), rows=rows))
    assert of_kind(fixed, SetNote) == []
    assert [f.color for f in of_kind(fixed, SetFill)] == [None]


def test_a_tint_a_person_recoloured_becomes_theirs_and_is_never_removed():
    tab = teachers_tab()
    after = after_first_run(tab)
    cell = (3, HIRED)
    recoloured = replace(after, fills={**after.fills, cell: "00B050"})
    rows = [list(cells) for cells in recoloured.rows]
    rows[2][HIRED - 1] = date(2010, 9, 1)
    fixed = planned(replace(recoloured, rows=rows))
    assert of_kind(fixed, SetFill) == []
    assert [(n.ref.row, n.ref.column, n.text) for n in of_kind(fixed, SetNote)] == [(*cell, None)]


def test_a_tint_that_is_not_what_the_record_says_is_a_persons_and_left_alone():
    after = after_first_run(teachers_tab())
    cell = (3, HIRED)
    # The record says amber while the cell shows red: someone else's colour now.
    disowned = replace(after, owned={cell: Owned(after.notes[cell], "FFEB9C")})
    assert of_kind(planned(disowned), SetFill) == []


def test_the_toolkits_own_tint_and_note_follow_the_cells_worst_severity():
    cell = (3, HIRED)
    ours = Owned("✖ wrong", "FFC7CE")
    tab = teachers_tab(notes={cell: ours.note}, fills={cell: ours.fill}, owned={cell: ours})
    milder = Owned("⚠ late", "FFEB9C")
    ref = CellRef(TEACHERS, *cell)
    assert decorate(tab, {cell: milder}) == [
        SetNote(ref, "⚠ late"),
        SetFill(ref, "FFEB9C"),
        RecordOwned(TEACHERS, {cell: milder}),
    ]


def test_values_only_when_the_job_sends_no_feedback():
    result = planned(
        teachers_tab(filter=Span(1, 1, 4, 8)), job=replace(FEEDBACK_JOB, feedback=frozenset())
    )
    kinds = {type(change).__name__ for change in result.changes}
    assert kinds == {"SetCell", "SetColumnWidth", "MarkColumn", "AddTab", "MarkTab"}


# --- the furniture of one tab, on its own ----------------------------------------------------

COLUMNS = StatusColumns(STATUS, DUE, NOTES)
DATES = Validation("date")


def fixtures(**options: Any) -> Fixtures:
    return Fixtures(
        **{"header_row": 1, "columns": COLUMNS, "bottom": 4, "protection": "…", **options}
    )


def test_a_filter_that_does_not_start_on_the_header_row_is_left_alone():
    tab = teachers_tab(filter=Span(2, 1, 4, 8))
    assert not [c for c in furniture(tab, fixtures()) if isinstance(c, SetFilter)]


def test_a_filter_already_over_the_status_columns_is_not_sent_again():
    tab = teachers_tab(filter=Span(1, 1, 9, 14))
    changes = furniture(tab, fixtures())
    assert not [c for c in changes if isinstance(c, SetFilter)] and changes[-1].digest


def test_validation_goes_only_on_columns_without_one_and_keeps_the_digest_once_placed():
    rules = (
        SetValidation(TEACHERS, Span(2, 5, 1000, 5), DATES),
        SetValidation(TEACHERS, Span(2, 6, 1000, 6), DATES),
    )
    school_validated = teachers_tab(validated_columns=frozenset({5}))
    first = furniture(school_validated, fixtures(validations=rules))
    assert [c for c in first if isinstance(c, SetValidation)] == [rules[1]]
    (mark,) = [c for c in first if isinstance(c, MarkLayout)]
    placed = teachers_tab(validated_columns=frozenset({5, 6}), layout=mark.digest, frozen_rows=1)
    assert furniture(placed, fixtures(validations=rules)) == []


def test_families_left_out_are_not_sent_and_change_the_digest():
    everything = furniture(teachers_tab(), fixtures())
    styles_only = furniture(teachers_tab(), fixtures(families=frozenset({"styles"})))
    assert {type(c) for c in styles_only} == {SetStyle, MarkLayout}
    assert everything[-1].digest != styles_only[-1].digest
    assert furniture(teachers_tab(), fixtures(families=frozenset())) == []


def test_a_row_of_nothing_but_old_statuses_is_not_the_schools_data():
    rows = [TEACHER_HEADERS, teacher("Асанова Гүлзат"), [None] * 8 + ["✔", None, None]]
    assert data_bottom(teachers_tab(rows), 1, COLUMNS) == 2


# --- entry rules in the furniture -------------------------------------------------------------


def test_the_registers_entry_rules_go_with_the_furniture_on_columns_without_validation():
    validations = {c.span.first_column: c for c in of_kind(planned(teachers_tab()), SetValidation)}
    assert validations[HIRED].validation.kind == "date"
    mentor = TEACHER_HEADERS.index("Насаатчы") + 1
    assert validations[mentor].validation.kind == "range"
    assert validations[mentor].validation.source.column == TEACHER_HEADERS.index("Аты-жөнү") + 1
    assert all(not v.validation.strict for v in validations.values())
    kept = planned(teachers_tab(validated_columns=frozenset({HIRED})))
    assert HIRED not in {c.span.first_column for c in of_kind(kept, SetValidation)}


def test_validation_the_run_placed_is_not_sent_again():
    after = after_first_run(teachers_tab())
    validated = {c.span.first_column for c in of_kind(planned(teachers_tab()), SetValidation)}
    rerun = planned(replace(after, validated_columns=frozenset(validated)))
    assert of_kind(rerun, SetValidation) == [] and of_kind(rerun, MarkLayout) == []


# --- through Google: gspread against the emulator on a socket --------------------------------


def test_on_google_every_feedback_family_goes_in_one_write_and_a_rerun_costs_one_call():
    rows = [
        TEACHER_HEADERS,
        teacher("Асанова Гүлзат", education="бийчи"),
        teacher("Бакиев Нурлан", hired_on="эртең"),
        teacher("Осмонов Азамат", position="бийчи"),
    ]
    courses = courses_tab().rows
    yellow = {"red": 1, "green": 1, "blue": 0}
    with Emulator() as emu:
        sid = emu.create_spreadsheet("Мектеп", tabs={TEACHERS: rows, "Квалификация": courses})

        def person_decorates(book: Spreadsheet) -> None:
            book.sheet(TEACHERS).edit(3, 2)["note"] = "Директор менен сүйлөшүү"  # C4, wrong
            book.sheet(TEACHERS).edit(1, 1)["note"] = "Айгүлдүн эскертүүсү"  # B2, fine
            book.sheet(TEACHERS).edit(1, 3)["userEnteredFormat"] = {  # D2, wrong
                "backgroundColor": yellow,
                "backgroundColorStyle": {"rgbColor": yellow},
            }

        emu.mutate(sid, person_decorates)
        clock = FakeTime()

        def backend() -> GoogleSheetsBackend:
            return GoogleSheetsBackend(
                sid, credentials="none", endpoint=emu.url, sleep=clock.sleep, clock=clock.clock
            )

        first = run(FEEDBACK_JOB, backend(), as_of=AS_OF)
        kinds = {type(change).__name__ for change in first.changes}
        assert {"SetStyle", "SetNote", "SetFill", "RecordOwned", "FreezeRows"} <= kinds
        assert {"ProtectRange", "SetValidation", "MarkLayout"} <= kinds
        writes = [r for r in emu.requests if r.method == "POST" and "batchUpdate" in r.path]
        assert len(writes) == 1

        tab = backend().read().tab(TEACHERS)
        assert tab.notes[(3, HIRED)].startswith(BAD_DATE_MESSAGE)
        assert tab.fills[(3, HIRED)] == "FFC7CE" and tab.fills[(4, STATUS)] == "FFC7CE"
        assert tab.notes[(4, 3)] == "Директор менен сүйлөшүү" and (4, 3) not in tab.fills
        assert tab.notes[(2, 2)] == "Айгүлдүн эскертүүсү"
        assert tab.fills[(2, 4)] == "FFFF00" and (2, 4) not in tab.notes
        assert set(tab.owned) == {(3, HIRED)} and tab.frozen_rows == 1 and tab.layout

        before = len([r for r in emu.requests if r.path.startswith("/v4/")])
        second = run(FEEDBACK_JOB, backend(), as_of=AS_OF)
        calls = [r for r in emu.requests if r.path.startswith("/v4/")][before:]
        assert not second.changes and len(calls) == 1


def test_a_note_a_person_deleted_comes_back_while_the_cell_is_still_wrong():
    after = after_first_run(teachers_tab())
    cell = (3, HIRED)
    deleted = replace(after, notes={})
    result = planned(deleted)
    assert [(n.ref.row, n.ref.column) for n in of_kind(result, SetNote)] == [cell]
    assert of_kind(result, SetFill) == []  # the tint is still ours and still right
    assert of_kind(result, RecordOwned) == []  # the record already says so
