"""Bar charts the xlsx backend puts on a tab, beside the school's own drawings.

Workbooks are written through ``XlsxBackend`` on disk, read back with openpyxl and compared
part by part with the file before the write.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.backends.xlsx_parts import WORKSHEET_ORDER
from sheets_sync.changes import AddChart, AddTab, CellRef, ChangeSet, SetCell
from sheets_sync.snapshot import Span

FIXTURES = Path(__file__).parent / "fixtures" / "xlsx"
TEACHERS = "Мугалимдер"
SUMMARY = "Жыйынтык"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"


def apply(path: Path, *changes: object) -> None:
    backend = XlsxBackend(path)
    backend.apply(backend.read(), ChangeSet(tuple(changes)))  # type: ignore[arg-type]


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def summary_changes(title: str = "Статустар", *, horizontal: bool = True) -> list[object]:
    rows = [("✔ бүттү", 12), ("⚠ мөөнөтү жакын", 3), ("✖ жок", 5)]
    changes: list[object] = [AddTab(SUMMARY)]
    for row, (label, count) in enumerate(rows, start=2):
        changes.append(SetCell(CellRef(SUMMARY, row, 1), label))
        changes.append(SetCell(CellRef(SUMMARY, row, 2), count))
    changes.append(chart(title, horizontal=horizontal))
    return changes


def chart(title: str, *, horizontal: bool = True, tab: str = SUMMARY) -> AddChart:
    return AddChart(
        tab,
        "overview",
        title,
        categories=Span(2, 1, 4, 1),
        values=Span(2, 2, 4, 2),
        anchor=CellRef(tab, 2, 4),
        horizontal=horizontal,
    )


def school(tmp_path: Path) -> Path:
    path = tmp_path / "school.xlsx"
    shutil.copyfile(FIXTURES / "school-libreoffice.xlsx", path)
    return path


def chart_parts(path: Path) -> dict[str, etree._Element]:
    return {
        name: etree.fromstring(data)
        for name, data in parts(path).items()
        if re.fullmatch(r"xl/charts/chart\d+\.xml", name)
    }


def test_a_chart_on_a_new_summary_tab_has_its_series_and_cached_values(tmp_path: Path) -> None:
    path = school(tmp_path)

    apply(path, *summary_changes())

    summary = openpyxl.load_workbook(path)[SUMMARY]
    (bars,) = summary._charts
    assert bars.type == "bar" and bars.barDir == "bar"
    (series,) = bars.series
    assert series.cat.strRef.f == f"'{SUMMARY}'!$A$2:$A$4"
    assert series.val.numRef.f == f"'{SUMMARY}'!$B$2:$B$4"
    assert [point.v for point in series.val.numRef.numCache.pt] == [12, 3, 5]
    assert [point.v for point in series.cat.strRef.strCache.pt] == [
        "✔ бүттү",
        "⚠ мөөнөтү жакын",
        "✖ жок",
    ]
    anchor = bars.anchor._from
    assert (anchor.row, anchor.col) == (1, 3)  # D2, 0-based
    sheet_xml = etree.fromstring(parts(path)["xl/worksheets/sheet3.xml"])
    names = [etree.QName(child).localname for child in sheet_xml]
    assert [WORKSHEET_ORDER.index(n) for n in names] == sorted(
        WORKSHEET_ORDER.index(n) for n in names
    )
    types = parts(path)["[Content_Types].xml"].decode()
    assert "drawingml.chart+xml" in types and "drawing+xml" in types


def test_a_vertical_chart_has_columns(tmp_path: Path) -> None:
    path = school(tmp_path)

    apply(path, *summary_changes(horizontal=False))

    (bars,) = openpyxl.load_workbook(path)[SUMMARY]._charts
    assert bars.barDir == "col"


def test_the_same_key_replaces_the_toolkits_chart_and_keeps_the_schools(tmp_path: Path) -> None:
    path = school(tmp_path)
    before = parts(path)
    school_chart = before["xl/charts/chart1.xml"]

    apply(path, chart("Биринчи", tab=TEACHERS))
    first = parts(path)
    apply(path, chart("Экинчи", tab=TEACHERS))
    after = parts(path)

    assert after["xl/charts/chart1.xml"] == school_chart
    drawing = etree.fromstring(after["xl/drawings/drawing1.xml"])
    anchors = drawing.findall(f"{XDR}twoCellAnchor")
    assert len(anchors) == 2
    old_anchor = etree.fromstring(before["xl/drawings/drawing1.xml"]).find(f"{XDR}twoCellAnchor")
    assert etree.tostring(anchors[0], method="c14n") == etree.tostring(old_anchor, method="c14n")
    ours = sorted(set(after) - set(before))
    assert ours == ["xl/charts/chart2.xml"]
    assert set(first) == set(after)
    title = "".join(chart_parts(path)["xl/charts/chart2.xml"].itertext())
    assert "Экинчи" in title and "Биринчи" not in title
    sheet = openpyxl.load_workbook(path)[TEACHERS]
    assert len(sheet._charts) == 2
    for name in before:  # what the chart does not need keeps its bytes
        if name not in (
            "xl/drawings/drawing1.xml",
            "xl/drawings/_rels/drawing1.xml.rels",
            "[Content_Types].xml",
            "xl/workbook.xml",  # the chart's defined name
        ):
            assert after[name] == before[name], name
    assert "_sheets_sync_chart_overview" in after["xl/workbook.xml"].decode()


def test_a_rerun_with_the_same_chart_changes_no_part(tmp_path: Path) -> None:
    path = school(tmp_path)
    apply(path, *summary_changes())
    first = parts(path)

    apply(path, chart("Статустар"))

    assert parts(path) == first


def test_a_chart_whose_data_is_not_one_column_is_refused(tmp_path: Path) -> None:
    path = school(tmp_path)
    before = path.read_bytes()
    wide = AddChart(
        TEACHERS, "overview", "x", Span(2, 1, 4, 2), Span(2, 3, 4, 3), CellRef(TEACHERS, 2, 5)
    )

    with pytest.raises(ValueError, match="one column"):
        apply(path, SetCell(CellRef(TEACHERS, 2, 20), "✔"), wide)

    assert path.read_bytes() == before


def moved_chart(tab: str = SUMMARY) -> AddChart:
    # make_fixtures.py: the toolkit's chart over A2:B4, then a row inserted at the top in Calc.
    return AddChart(tab, "overview", "Жаңы", Span(3, 1, 5, 1), Span(3, 2, 5, 2), CellRef(tab, 3, 4))


def test_the_toolkits_chart_is_known_again_after_libreoffice_renumbered_it(tmp_path: Path) -> None:
    path = tmp_path / "saved.xlsx"
    shutil.copyfile(FIXTURES / "chart-row-inserted.xlsx", path)
    assert "sheets-sync-chart" not in parts(path)["xl/drawings/_rels/drawing1.xml.rels"].decode()

    apply(path, moved_chart())

    (bars,) = openpyxl.load_workbook(path)[SUMMARY]._charts
    assert bars.series[0].val.numRef.f == f"'{SUMMARY}'!$B$3:$B$5"
    # Calc saved no theme: the bars need a colour of their own to be seen at all.
    assert "xl/theme/theme1.xml" not in parts(path)
    assert bars.series[0].graphicalProperties.solidFill.srgbClr == "4472C4"
    assert list(chart_parts(path)) == ["xl/charts/chart1.xml"]
    assert "Жаңы" in "".join(chart_parts(path)["xl/charts/chart1.xml"].itertext())
    rels = parts(path)["xl/drawings/_rels/drawing1.xml.rels"].decode()
    assert 'Id="sheets-sync-chart-overview"' in rels


def test_a_chart_without_the_toolkits_name_is_the_schools_and_stays(tmp_path: Path) -> None:
    path = tmp_path / "saved.xlsx"
    data = parts(FIXTURES / "chart-row-inserted.xlsx")
    book = data["xl/workbook.xml"].decode()
    data["xl/workbook.xml"] = re.sub(r"<definedNames>.*</definedNames>", "", book).encode()
    with zipfile.ZipFile(path, "w") as package:
        for name, content in data.items():
            package.writestr(name, content)
    school_chart = data["xl/charts/chart1.xml"]

    apply(path, moved_chart())

    assert len(openpyxl.load_workbook(path)[SUMMARY]._charts) == 2
    assert parts(path)["xl/charts/chart1.xml"] == school_chart
