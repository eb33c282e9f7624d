"""The furnished summary tabs as written into the demo workbook and read back part by part:
styled headers, number formats, frozen and printed top rows, links that jump to the rows, the
PD chart over the rate column, and a rerun of the unchanged workbook that writes nothing."""

from __future__ import annotations

import zipfile
from datetime import datetime

import openpyxl
import pytest
from lxml import etree

from jobs.methodical_work import JOB
from schemas.samples import DEMO_AS_OF, SAMPLE_WORKBOOK
from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.job import run

OVERVIEW, DEADLINES = "Жыйынтык", "Мөөнөттөр"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("furnished") / "school.xlsx"
    path.write_bytes(SAMPLE_WORKBOOK.read_bytes())
    result = run(JOB, XlsxBackend(path), as_of=DEMO_AS_OF)
    return path, result


def first_row(sheet, text):
    return next(row for row in sheet.iter_rows() if row[0].value == text)


def test_header_rows_are_styled_and_dates_and_rates_are_formatted(demo):
    path, _ = demo
    workbook = openpyxl.load_workbook(path)
    overview = workbook[OVERVIEW]
    for header in ("Ким аткарат", "Барак", "Усулдук бирикме", "Мүчөлөрү"):
        for cell in first_row(overview, header):
            if cell.value is None:
                continue
            assert cell.font.b and cell.fill.fgColor.rgb.endswith("D9E1F2"), (header, cell)
            assert cell.border.bottom.style == "thin", (header, cell)
    for sheet in (overview, workbook[DEADLINES]):
        dated = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, datetime)]
        assert dated
        for cell in dated:
            assert cell.number_format.lower() == "dd.mm.yyyy", (sheet.title, cell)
            assert sheet.column_dimensions[cell.column_letter].width >= 12, cell
    rates = [c for row in overview.iter_rows() for c in row if isinstance(c.value, float)]
    assert rates and all(c.number_format == "0%" for c in rates)


def test_top_rows_are_frozen_and_repeat_on_pages_printed_landscape_one_page_wide(demo):
    path, _ = demo
    workbook = openpyxl.load_workbook(path)
    for title, rows in ((OVERVIEW, 2), (DEADLINES, 3)):
        sheet = workbook[title]
        assert sheet.freeze_panes == f"A{rows + 1}", title
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.print_title_rows.replace("$", "") == f"1:{rows}"


def test_the_act_now_links_jump_to_the_rows_of_the_overdue_findings(demo):
    path, result = demo
    sheet = openpyxl.load_workbook(path)[OVERVIEW]
    header = first_row(sheet, "Ким аткарат")[0].row
    tabs = {r.register.id: r.tab for r in result.registers}
    overdue = sorted(
        (tabs[f.register], f.row or 1)
        for f in result.findings()
        if f.due and f.due < DEMO_AS_OF and f.severity != "info"
    )
    jumps = []
    for row in sheet.iter_rows(min_row=header + 1, max_row=header + len(overdue)):
        link = row[4].hyperlink
        assert link is not None and link.location, row[4].coordinate
        tab, cell = link.location.rsplit("!", 1)
        jumps.append((tab.strip("'"), int(cell.lstrip("$A").replace("$", ""))))
    assert sorted(jumps) == overdue


def test_the_pd_chart_plots_the_rate_column_against_the_association_names(demo):
    path, _ = demo
    with zipfile.ZipFile(path) as package:
        charts = [name for name in package.namelist() if name.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart = etree.fromstring(package.read(charts[0]))
    refs = [f.text for f in chart.iter("{*}f")]
    sheet = openpyxl.load_workbook(path)[OVERVIEW]
    header = next(
        row for row in sheet.iter_rows() if row[0].value == "Усулдук бирикме" and row[3].value
    )
    first = header[0].row + 1
    assert any(ref.replace("$", "").endswith(f"!A{first}:A{first + 5}") for ref in refs), refs
    assert any(ref.replace("$", "").endswith(f"!D{first}:D{first + 5}") for ref in refs), refs


def test_a_rerun_of_the_unchanged_workbook_writes_nothing(demo):
    path, _ = demo
    again = run(JOB, XlsxBackend(path), as_of=DEMO_AS_OF)
    assert not again.changes, list(again.changes)[:5]
