"""The look of the summary tabs as the engine plans it: styled header rows, number formats
that fit, frozen and printed top rows, the PD chart, the «act now» block with who acts and a
link to each row, the «Today» line of the deadlines, and no furniture sent again while the
layout is unchanged. Every figure is checked against the findings of the same plan."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from jobs.methodical_work import JOB
from schemas.samples import DEMO_AS_OF, SAMPLE_WORKBOOK
from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.changes import (
    AddChart,
    AddTab,
    CellRef,
    FreezeRows,
    Link,
    MarkLayout,
    MarkTab,
    SetCell,
    SetColumnWidth,
    SetPrint,
    SetStyle,
    Style,
)
from sheets_sync.job import plan
from sheets_sync.snapshot import Snapshot, Tab, trimmed_rows

FURNISHED = dataclasses.replace(JOB, summary_furniture=True)
OVERVIEW, DEADLINES = "Жыйынтык", "Мөөнөттөр"


@pytest.fixture(scope="module")
def snapshot():
    return XlsxBackend(SAMPLE_WORKBOOK).read()


@pytest.fixture(scope="module")
def planned(snapshot):
    return plan(FURNISHED, snapshot, as_of=DEMO_AS_OF)


def cells(result, tab):
    return {
        (c.ref.row, c.ref.column): c.value
        for c in result.changes
        if isinstance(c, SetCell) and c.ref.tab == tab
    }


def tab_of(change):
    if isinstance(change, SetCell):
        return change.ref.tab
    return getattr(change, "tab", None) or getattr(change, "title", None)


def text(value):
    return value.text if isinstance(value, Link) else value


def styles(result, tab):
    return [c for c in result.changes if isinstance(c, SetStyle) and c.tab == tab]


def style_at(result, tab, row, column) -> Style | None:
    """The style a cell ends with: the last SetStyle over it wins."""
    found = [c.style for c in styles(result, tab) if c.span.covers(row, column)]
    return found[-1] if found else None


def row_where(grid, first_text):
    return next(row for (row, column), value in sorted(grid.items()) if text(value) == first_text)


def test_without_furniture_the_summaries_hold_only_cells_and_their_tabs(snapshot):
    plain = dataclasses.replace(JOB, summary_furniture=False)
    result = plan(plain, snapshot, as_of=DEMO_AS_OF)
    ours = [c for c in result.changes if tab_of(c) in (OVERVIEW, DEADLINES)]
    assert {type(change) for change in ours} == {SetCell, AddTab, MarkTab, SetColumnWidth}
    assert not any(isinstance(c.value, Link) for c in result.changes.cells())
    assert cells(result, OVERVIEW)  # the summary itself is still written


def test_every_header_row_is_bold_on_the_header_fill_with_a_bottom_border(planned):
    grid = cells(planned, OVERVIEW)
    headers = ["Ким аткарат", "Барак", "Усулдук бирикме", "Мүчөлөрү"]
    for header in headers:
        row = row_where(grid, header)
        width = max(column for (r, column) in grid if r == row)
        for column in range(1, width + 1):
            style = style_at(planned, OVERVIEW, row, column)
            assert style and style.bold and style.border and style.fill == "D9E1F2", (
                header,
                column,
            )
    deadline_header = row_where(cells(planned, DEADLINES), "Мөөнөт")
    assert style_at(planned, DEADLINES, deadline_header, 1).fill == "D9E1F2"


def test_the_top_rows_are_frozen_and_repeat_on_every_page_printed_one_page_wide(planned):
    changes = planned.changes.changes
    header = row_where(cells(planned, DEADLINES), "Мөөнөт")
    assert FreezeRows(OVERVIEW, 2) in changes and FreezeRows(DEADLINES, header) in changes
    assert SetPrint(OVERVIEW, landscape=True, fit_width=True, repeat_rows=2) in changes
    assert SetPrint(DEADLINES, landscape=True, fit_width=True, repeat_rows=header) in changes


def test_dates_have_a_date_format_in_columns_wide_enough_and_rates_are_percent(planned):
    for tab in (OVERVIEW, DEADLINES):
        widths = {
            c.column: c.width
            for c in planned.changes
            if isinstance(c, SetColumnWidth) and c.tab == tab
        }
        dated = [(r, c) for (r, c), v in cells(planned, tab).items() if isinstance(v, date)]
        assert dated
        for row, column in dated:
            assert style_at(planned, tab, row, column).number_format == "dd.mm.yyyy", (tab, row)
            assert widths[column] >= 12, (tab, column)
    rates = [(r, c) for (r, c), v in cells(planned, OVERVIEW).items() if isinstance(v, float)]
    assert rates
    assert all(style_at(planned, OVERVIEW, r, c).number_format == "0%" for r, c in rates)


def column_of(tab, title):
    """(header row, column) of the header cell reading ``title`` in the tab's top rows."""
    return next(
        (row, column)
        for row in range(1, 6)
        for column, value in enumerate(tab.row_values(row), start=1)
        if value == title
    )


def test_the_pd_chart_plots_each_associations_compliance_by_name(planned, snapshot):
    [chart] = [c for c in planned.changes if isinstance(c, AddChart)]
    assert chart.key == "pd_compliance" and chart.tab == OVERVIEW and chart.title
    grid = cells(planned, OVERVIEW)
    span, values = chart.categories, chart.values
    assert span.first_column == span.last_column and values.first_column == values.last_column
    assert (span.first_row, span.last_row) == (values.first_row, values.last_row)
    names = [grid[(row, span.first_column)] for row in range(span.first_row, span.last_row + 1)]
    associations = snapshot.tab("Усулдук бирикмелер")
    listed = [associations.value(row, 2) for row in range(2, associations.height + 1)]
    assert names[: len(listed)] == [n for n in listed if n]
    teachers = planned.registers[0]
    by_row = {f.row: f.code for f in teachers.findings if f.code in ("pd-overdue", "pd-no-record")}
    tab = snapshot.tab("Мугалимдер")
    header, association_column = column_of(tab, "Усулдук бирикме")
    for offset, name in enumerate(names):
        rows = [
            r for r in range(header + 1, tab.height + 1) if tab.value(r, association_column) == name
        ]
        failing = sum(1 for r in rows if r in by_row)
        rate = grid[(span.first_row + offset, values.first_column)]
        assert rate == pytest.approx((len(rows) - failing) / len(rows)), name
    assert chart.anchor.row > max(row for row, _ in grid)  # below the tables, never over them


def test_act_now_lists_every_overdue_item_with_who_acts_days_late_and_a_link(planned):
    overdue = sorted(
        (
            (f.due, f.register, f.row)
            for f in planned.findings()
            if f.due and f.due < DEMO_AS_OF and f.severity != "info"
        ),
    )
    grid = cells(planned, OVERVIEW)
    header = row_where(grid, "Ким аткарат")
    assert grid[(header - 1, 1)].endswith(f": {len(overdue)}")
    tabs = {r.register.id: r.tab for r in planned.registers}
    listed = []
    for row in range(header + 1, header + 1 + len(overdue)):
        link = grid[(row, 5)]
        assert isinstance(link, Link) and grid[(row, 1)] and grid[(row, 2)]
        assert grid[(row, 3)] == (DEMO_AS_OF - grid[(row, 4)]).days > 0
        listed.append((grid[(row, 4)], link.target))
    expected = [(due, CellRef(tabs[register], row or 1, 1)) for due, register, row in overdue]
    assert sorted(listed) == sorted(expected)
    # the teacher of a PD row is the one who must act on it
    pd = next(f for f in planned.findings() if f.code == "pd-overdue")
    teachers = XlsxBackend(SAMPLE_WORKBOOK).read().tab(tabs["teachers"])
    _, name_column = column_of(teachers, "Аты-жөнү")
    at = CellRef(tabs["teachers"], pd.row, 1)
    [row] = [r for r in range(header + 1, header + 1 + len(overdue)) if grid[(r, 5)].target == at]
    surname, name, *rest = teachers.value(pd.row, name_column).split()
    assert grid[(row, 1)] == f"{surname} {name[0]}." + "".join(f"{word[0]}." for word in rest)


def test_the_deadlines_have_a_today_line_between_past_and_future(planned):
    grid = cells(planned, DEADLINES)
    today = row_where(grid, "Бүгүн 21.11.2026")
    dues = {
        row: value
        for (row, column), value in grid.items()
        if column == 1 and isinstance(value, date)
    }
    assert dues and all(day < DEMO_AS_OF for row, day in dues.items() if row < today)
    assert all(day >= DEMO_AS_OF for row, day in dues.items() if row > today)
    assert any(row < today for row in dues) and any(row > today for row in dues)
    line = style_at(planned, DEADLINES, today, 7)
    assert line.fill == "FFEB9C" and line.bold
    for row, day in dues.items():
        late, left = grid.get((row, 2)), grid.get((row, 3))
        assert (
            (late, left) == ((DEMO_AS_OF - day).days, None)
            if day < DEMO_AS_OF
            else (None, (day - DEMO_AS_OF).days)
        )
        assert isinstance(grid[(row, 6)], Link)


def as_written(snapshot: Snapshot, result) -> Snapshot:
    """The summary tabs as a backend leaves them after ``result``: values and the marks."""
    tabs = dict(snapshot.tabs)
    for title in (OVERVIEW, DEADLINES):
        grid = cells(result, title)
        height = max(row for row, _ in grid)
        width = max(column for _, column in grid)
        rows = [[text(grid.get((r, c))) for c in range(1, width + 1)] for r in range(1, height + 1)]
        [mark] = [c.key for c in result.changes if isinstance(c, MarkTab) and c.tab == title]
        [digest] = [
            c.digest for c in result.changes if isinstance(c, MarkLayout) and c.tab == title
        ]
        tabs[title] = Tab(title, trimmed_rows(rows), mark=mark, layout=digest)
    return Snapshot(snapshot.source, tabs, snapshot.revision)


FURNITURE = (SetStyle, FreezeRows, SetPrint, AddChart, SetColumnWidth, MarkLayout)


def test_an_unchanged_summary_plans_no_cell_and_no_furniture(planned, snapshot):
    again = plan(FURNISHED, as_written(snapshot, planned), as_of=DEMO_AS_OF)
    summary = [c for c in again.changes if getattr(c, "tab", None) in (OVERVIEW, DEADLINES)]
    summary += [c for c in again.changes.cells() if c.ref.tab in (OVERVIEW, DEADLINES)]
    assert summary == []


def test_a_changed_layout_resets_the_old_extent_before_styling_anew(planned, snapshot):
    written = as_written(snapshot, planned)
    old = written.tab(OVERVIEW)
    taller = Tab(OVERVIEW, [*old.rows, *[["old"]] * 30], mark=old.mark, layout="0" * 32)
    tabs = {**written.tabs, OVERVIEW: taller}
    again = plan(FURNISHED, Snapshot(written.source, tabs), as_of=DEMO_AS_OF)
    sent = [c for c in again.changes if isinstance(c, FURNITURE) and c.tab == OVERVIEW]
    assert isinstance(sent[0], SetStyle) and sent[0].style == Style()
    assert sent[0].span.last_row == taller.height and sent[0].span.first_row == 1
    assert isinstance(sent[-1], MarkLayout) and sent[-1].digest != "0" * 32
    assert not [c for c in again.changes if isinstance(c, FURNITURE) and c.tab == DEADLINES]


@pytest.mark.parametrize(
    ("language", "titles", "acts", "today"),
    [
        ("ru", ("Итоги", "Сроки"), "Кто исполняет", "Сегодня 21.11.2026"),
        ("en", ("Summary", "Deadlines"), "Who must act", "Today 2026-11-21"),
    ],
)
def test_the_summary_speaks_the_runs_language(snapshot, language, titles, acts, today):
    result = plan(FURNISHED, snapshot, as_of=DEMO_AS_OF, language=language)
    overview = cells(result, titles[0])
    deadlines = cells(result, titles[1])
    assert row_where(overview, acts) and row_where(deadlines, today)
    fmt = "yyyy-mm-dd" if language == "en" else "dd.mm.yyyy"
    day = next((r, c) for (r, c), v in deadlines.items() if isinstance(v, date))
    assert style_at(result, titles[1], *day).number_format == fmt


def test_who_must_act_is_the_leader_for_association_papers_and_the_deputy_for_the_council(
    planned, snapshot
):
    grid = cells(planned, OVERVIEW)
    header = row_where(grid, "Ким аткарат")
    acts = {}
    row = header + 1
    while isinstance(grid.get((row, 5)), Link):
        acts.setdefault(grid[(row, 5)].target, []).append(grid[(row, 1)])
        row += 1
    tabs = {r.register.id: r.tab for r in planned.registers}
    council = next(f for f in planned.findings() if f.code == "council-plan-missing")
    assert acts[CellRef(tabs[council.register], 1, 1)] == ["Директордун орун басары"]
    report = next(
        f for f in planned.findings() if f.code == "report-missing" and f.register == "associations"
    )
    associations = snapshot.tab(tabs["associations"])
    _, leader_column = column_of(associations, "Жетекчиси")
    surname, name, *rest = associations.value(report.row, leader_column).split()
    short = f"{surname} {name[0]}." + "".join(f"{word[0]}." for word in rest)
    assert acts[CellRef(tabs["associations"], report.row, 1)] == [f"{short} (УБ жетекчиси)"]


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_short_labels_fit_their_columns_in_every_language(language):
    from schemas.summaries import OVERVIEW_WIDTHS

    catalog = JOB.catalog(language)
    what = OVERVIEW_WIDTHS[1]  # the act-now «what» column
    assert all(len(text) <= what for text in catalog.sections["what"].values())
    marks = min(OVERVIEW_WIDTHS[3:7])  # requirements, council, plan, report: "✖ " + reason
    assert all(len(text) + 2 <= marks for text in catalog.sections["reasons-short"].values())
