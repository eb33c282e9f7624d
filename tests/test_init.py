"""sheets-sync init: what it plans for an empty, a half-filled and a ready workbook, and the
command around it."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from conftest import write_workbook
from lxml import etree
from openpyxl.worksheet.datavalidation import DataValidation

import schemas
from jobs.methodical_work import JOB
from schemas import REGISTERS, TEACHERS
from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.changes import (
    AddTab,
    CellRef,
    FreezeRows,
    SetCell,
    SetColumnWidth,
    SetStyle,
    SetValidation,
)
from sheets_sync.cli import main
from sheets_sync.emulator import Emulator
from sheets_sync.init import (
    HEADER_STYLE,
    WorkbookNotCreated,
    create_workbook,
    plan,
    unrecognised_tabs,
)
from sheets_sync.snapshot import Snapshot, Span, Tab

SAMPLE = Path(schemas.__file__).parent / "samples" / "school.xlsx"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
KINDS = {AddTab, SetCell, SetStyle, FreezeRows, SetColumnWidth, SetValidation}


def by_kind(changes, kind, tab=None):
    return [
        change
        for change in changes
        if isinstance(change, kind)
        and (tab is None or (change.ref.tab if kind is SetCell else change.tab) == tab)
    ]


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_an_empty_workbook_gets_every_register_tab_with_headers_in_the_runs_language(language):
    changes = plan(JOB, Snapshot("new.xlsx", {}), language=language)
    assert {type(change) for change in changes} == KINDS
    assert [c.title for c in by_kind(changes, AddTab)] == [r.title(language) for r in REGISTERS]
    assert changes.changes[: len(REGISTERS)] == tuple(by_kind(changes, AddTab))  # tabs first
    for register in REGISTERS:
        title = register.title(language)
        cells = by_kind(changes, SetCell, title)
        assert [(c.ref.row, c.ref.column) for c in cells] == [
            (1, n) for n in range(1, len(register.columns) + 1)
        ]
        assert [c.value for c in cells] == [
            column.title(language) for column in register.columns.values()
        ]
        (style,) = by_kind(changes, SetStyle, title)
        assert style.span == Span(1, 1, 1, len(register.columns)) and style.style == HEADER_STYLE
        assert by_kind(changes, FreezeRows, title) == [FreezeRows(title, 1)]
        assert len(by_kind(changes, SetColumnWidth, title)) == len(register.columns)


def test_a_fresh_workbooks_drop_downs_list_the_new_teachers_and_associations_tabs():
    changes = plan(JOB, Snapshot("new.xlsx", {}), language="ky")
    rules = {(c.tab, c.span.first_column): c.validation for c in by_kind(changes, SetValidation)}
    mentor = rules[("Мугалимдер", 11)]  # Насаатчы
    assert (mentor.kind, mentor.source, mentor.source_end) == (
        "range",
        CellRef("Мугалимдер", 2, 2),  # Аты-жөнү, from under its header
        CellRef("Мугалимдер", 1000, 2),
    )
    assert rules[("Квалификация", 1)].source == CellRef("Мугалимдер", 2, 2)
    assert rules[("Мугалимдер", 5)].source == CellRef("Усулдук бирикмелер", 2, 1)
    assert rules[("Мугалимдер", 3)].kind == "list"  # Кызматы
    assert rules[("Буйруктар", 2)].kind == "date"  # Күнү
    assert all(
        c.span.first_row == 2 and c.validation.strict is False
        for c in by_kind(changes, SetValidation)
    )


def half_filled(tmp_path: Path) -> Path:
    return write_workbook(
        tmp_path / "school.xlsx",
        {
            "Педагоги": [
                ["Список педагогов 2026"],
                ["ФИО", "Должность", "Примечание школы", None, "Образование"],
                ["Асанова Гүлзат", "учитель", "классный руководитель", None, "высшее"],
                ["Бакиев Нурлан", "завуч", None, None, None, "=1+1"],
            ],
            "Өз барагыбыз": [["Биздин эсеп"], [1, 2, 3]],
        },
    )


def test_an_existing_tab_gets_only_its_missing_columns_right_of_everything_it_holds(tmp_path):
    snapshot = XlsxBackend(half_filled(tmp_path)).read()
    changes = plan(JOB, snapshot, language="ky")
    cells = by_kind(changes, SetCell, "Педагоги")
    # the header is on row 2 under a title line; the formula in F4 counts as held
    assert {c.ref.row for c in cells} == {2}
    assert [c.ref.column for c in cells] == list(range(7, 7 + len(TEACHERS.columns) - 3))
    assert [c.value for c in cells][:3] == ["ID", "Предмет", "Усулдук бирикме"]
    assert "Билими" not in [c.value for c in cells]  # «Образование» is the same column
    tab = snapshot.tab("Педагоги")
    for cell in changes.cells():
        assert cell.ref.tab not in snapshot.tabs or tab.value(cell.ref.row, cell.ref.column) is None
    # a school's tab keeps its look and its frozen rows; the other tab is not touched
    assert not by_kind(changes, SetStyle, "Педагоги") and not by_kind(
        changes, FreezeRows, "Педагоги"
    )
    assert "Өз барагыбыз" not in changes.tabs()
    assert "Педагоги" not in [c.title for c in by_kind(changes, AddTab)]
    rules = {c.span.first_column: c for c in by_kind(changes, SetValidation, "Педагоги")}
    assert rules[2].validation.kind == "list" and rules[2].span.first_row == 3  # Должность
    assert 3 not in rules and 4 not in rules  # the school's own column and the gap


def test_a_column_with_the_schools_own_validation_gets_none_added():
    tab = Tab("Мугалимдер", [["Аты-жөнү", "Кызматы"]], validated_columns=frozenset({2}))
    changes = plan(JOB, Snapshot("s", {"Мугалимдер": tab}), language="ky")
    columns = {c.span.first_column for c in by_kind(changes, SetValidation, "Мугалимдер")}
    assert 2 not in columns and 1 not in columns and 5 in columns  # 5: the new MA column


def test_a_header_cell_under_a_merge_is_skipped_for_the_next_free_column():
    tab = Tab("Буйруктар", [["Буйрук №", "Күнү"]], merged=(Span(1, 3, 1, 4),), used_width=4)
    changes = plan(JOB, Snapshot("s", {"Буйруктар": tab}), language="ky")
    assert [(c.ref.column, c.value) for c in by_kind(changes, SetCell, "Буйруктар")] == [
        (5, "Мазмуну")
    ]


def test_a_workbook_with_every_column_and_rule_in_place_gets_nothing():
    tabs = {}
    for register in REGISTERS:
        headers = [column.ky for column in register.columns.values()]
        everything = frozenset(range(1, len(headers) + 1))
        tabs[register.title("ky")] = Tab(
            register.title("ky"), [headers], validated_columns=everything
        )
    assert not plan(JOB, Snapshot("ready.xlsx", tabs), language="ru")


def test_a_created_workbook_is_a_valid_xlsx_with_one_empty_tab(tmp_path):
    path = tmp_path / "new.xlsx"
    previous = os.umask(0o027)
    try:
        create_workbook(path, "Мугалимдер")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # a new file's mode, as the umask says
    assert openpyxl.load_workbook(path).sheetnames == ["Мугалимдер"]
    snapshot = XlsxBackend(path).read()
    assert list(snapshot.tabs) == ["Мугалимдер"] and snapshot.tab("Мугалимдер").height == 0
    assert [p.name for p in tmp_path.iterdir()] == ["new.xlsx"]  # no temporary file left


def test_creating_never_replaces_a_file_and_names_what_is_wrong(tmp_path):
    existing = tmp_path / "school.xlsx"
    existing.write_bytes(b"the school's own bytes")
    cases = [
        (existing, "a file of that name appeared meanwhile"),
        (tmp_path / "missing" / "new.xlsx", "its folder does not exist"),
        (tmp_path / "new.xls", "only an .xlsx workbook can be created"),
    ]
    for path, reason in cases:
        with pytest.raises(WorkbookNotCreated) as caught:
            create_workbook(path, "Мугалимдер")
        assert caught.value.params == {"path": str(path), "reason": reason}
        assert caught.value.exit_code == 2
    assert existing.read_bytes() == b"the school's own bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["school.xlsx"]


def test_init_dry_run_on_a_missing_workbook_lists_every_tab_and_creates_nothing(tmp_path):
    path = tmp_path / "new.xlsx"
    result = CliRunner().invoke(
        main, ["init", "--xlsx", str(path), "--dry-run", "--language", "en"]
    )
    assert result.exit_code == 0, result.output
    for register in REGISTERS:
        assert f"«{register.title('en')}»: new tab" in result.output
    assert "entry rules on 8 columns" in result.output  # teachers
    assert "Dry run (--dry-run): nothing was written." in result.output
    assert not path.exists()


def test_init_dry_run_on_a_half_filled_workbook_names_the_columns_it_would_add(tmp_path):
    path = half_filled(tmp_path)
    before = path.read_bytes()
    result = CliRunner().invoke(
        main, ["init", "--xlsx", str(path), "--dry-run", "--language", "ru"]
    )
    assert result.exit_code == 0, result.output
    assert "«Педагоги»: добавлены столбцы: Табель №, Предмет, Методобъединение" in result.output
    assert "«Повышение квалификации»: новый лист, 10 столбцов" in result.output
    assert path.read_bytes() == before


def test_init_into_a_folder_that_does_not_exist_is_one_line_in_the_runs_language(tmp_path):
    path = tmp_path / "missing" / "new.xlsx"
    result = CliRunner().invoke(main, ["init", "--xlsx", str(path), "--language", "ru"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"✖ {path}: «{path}» не создан: его папки не существует. "
        "Укажите путь к новому файлу .xlsx в существующей папке."
    )


def test_init_without_a_workbook_is_a_usage_error():
    result = CliRunner().invoke(main, ["init", "--language", "en"])
    assert result.exit_code == 2 and "--xlsx PATH or --spreadsheet" in result.output


def test_a_register_tab_without_any_of_its_headers_on_top_is_left_alone_and_named(tmp_path):
    notes = [["Бул жерде мугалимдердин тизмеси болот"], *([None] for _ in range(11))]
    path = write_workbook(
        tmp_path / "school.xlsx",
        {"Мугалимдер": [*notes, ["Аты-жөнү", "Кызматы"], ["Асанова Гүлзат", "мугалим"]]},
    )
    snapshot = XlsxBackend(path).read()
    changes = plan(JOB, snapshot, language="ky")
    assert "Мугалимдер" not in changes.tabs()
    assert unrecognised_tabs(JOB, snapshot) == ["Мугалимдер"]
    # the others still refer to it by nothing: no drop-down points into a table not found
    assert not [
        c
        for c in by_kind(changes, SetValidation)
        if c.validation.kind == "range" and c.validation.source.tab == "Мугалимдер"
    ]
    result = CliRunner().invoke(
        main, ["init", "--xlsx", str(path), "--dry-run", "--language", "en"]
    )
    assert result.exit_code == 0
    assert "⚠ «Мугалимдер»: none of its register's headers were found in its top 10 rows" in (
        result.output
    )


# -- end to end: what the backends make of what init plans -----------------------------------


def init_cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["init", *args])


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


def api_calls(emu: Emulator) -> list[str]:
    return [
        entry.path.rsplit(":", 1)[-1] if ":" in entry.path.rsplit("/", 1)[-1] else "get"
        for entry in emu.requests
        if entry.path.startswith("/v4/")
    ]


def test_init_sets_up_an_empty_google_spreadsheet_in_one_read_and_one_write(emu):
    sid = emu.create_spreadsheet("Мектеп № 5", tabs={"Sheet1": []})
    google = ("--spreadsheet", sid, "--endpoint", emu.url, "--credentials", "none")
    result = init_cli(*google, "--language", "ru")
    assert result.exit_code == 0, result.output
    assert api_calls(emu) == ["get", "batchUpdate"]
    assert emu.sheet_titles(sid) == ["Sheet1", *(register.title("ru") for register in REGISTERS)]
    assert emu.values(sid, "Педагоги") == [[c.ru for c in TEACHERS.columns.values()]]
    position = emu.cell_data(sid, "Педагоги", "C1000")["dataValidation"]
    assert position["condition"]["type"] == "ONE_OF_LIST" and position["strict"] is False
    mentor = emu.cell_data(sid, "Педагоги", "K2")["dataValidation"]["condition"]
    source = [{"userEnteredValue": "='Педагоги'!$B$2:$B$1000"}]
    assert mentor == {"type": "ONE_OF_RANGE", "values": source}
    assert emu.cell_data(sid, "Педагоги", "A1")["userEnteredFormat"]["textFormat"]["bold"]
    emu.clear_log()
    again = init_cli(*google, "--language", "ru")
    assert "Настраивать нечего" in again.output and api_calls(emu) == ["get"]
    run = CliRunner().invoke(main, ["run", *google, "--as-of", "2026-11-21"])
    assert run.exit_code == 0, run.output


def test_init_on_a_long_google_tab_covers_rows_past_its_grid(emu):
    rows = [["ФИО", "Должность"], *([f"Учитель {n}", "учитель"] for n in range(1, 800))]
    sid = emu.create_spreadsheet("Мектеп", tabs={"Педагоги": rows})
    google = ("--spreadsheet", sid, "--endpoint", emu.url, "--credentials", "none")
    result = init_cli(*google)
    assert result.exit_code == 0, result.output
    position = emu.cell_data(sid, "Педагоги", "B1300")["dataValidation"]
    assert position["condition"]["type"] == "ONE_OF_LIST"
    assert emu.values(sid, "Педагоги")[1:] == rows[1:]  # the rows as they were


def test_init_on_a_half_filled_google_spreadsheet_keeps_every_cell_in_three_calls(emu):
    tabs = {
        "Педагоги": [
            ["Список педагогов 2026"],
            ["ФИО", "Должность", "Примечание школы", None, "Образование"],
            ["Асанова Гүлзат", "учитель", "классный руководитель", None, "высшее"],
        ],
        "Өз барагыбыз": [["Биздин эсеп"], [1, 2, 3]],
    }
    sid = emu.create_spreadsheet("Мектеп", tabs=tabs)
    before = {title: emu.values(sid, title) for title in tabs}
    google = ("--spreadsheet", sid, "--endpoint", emu.url, "--credentials", "none")
    result = init_cli(*google, "--language", "ru")
    assert result.exit_code == 0, result.output
    assert api_calls(emu) == ["get", "batchGet", "batchUpdate"]  # read, guard, write
    assert emu.values(sid, "Өз барагыбыз") == before["Өз барагыбыз"]
    after = emu.values(sid, "Педагоги")
    for r, row in enumerate(before["Педагоги"]):
        assert after[r][: len(row)] == row
    assert after[1][5:] == [
        "Табель №",
        "Предмет",
        "Методобъединение",
        "Дата начала педстажа",
        "Педстаж (лет)",
        "Дата приёма",
        "Ознакомлен с инструкцией",
        "Наставник",
        "Член методсовета",
    ]
    assert emu.cell_data(sid, "Педагоги", "B3")["dataValidation"]["condition"]["type"] == (
        "ONE_OF_LIST"
    )
    emu.clear_log()
    assert "Настраивать нечего" in init_cli(*google, "--language", "ru").output
    assert api_calls(emu) == ["get"]


def cells_of(path: Path) -> dict[tuple[str, str], object]:
    """Every cell that holds anything, formulas as written, by (tab, A1)."""
    workbook = openpyxl.load_workbook(path)
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def validations_of(path: Path, tab: str) -> dict[str, tuple[str, str | None, str | None]]:
    sheet = openpyxl.load_workbook(path)[tab]
    return {
        str(rule.sqref): (rule.type, rule.errorStyle, rule.formula1)
        for rule in sheet.data_validations.dataValidation
    }


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def sheet_part(parts: dict[str, bytes], title: str) -> str:
    """The name of the worksheet part of the tab called ``title``."""
    book = etree.fromstring(parts["xl/workbook.xml"])
    relation = next(
        sheet.get(f"{{{RELATIONSHIPS}}}id")
        for sheet in book.iter(f"{{{MAIN}}}sheet")
        if sheet.get("name") == title
    )
    links = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    target = next(link.get("Target") for link in links if link.get("Id") == relation)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def test_init_makes_a_new_workbook_ready_and_a_second_init_writes_nothing(tmp_path):
    path = tmp_path / "new.xlsx"
    result = init_cli("--xlsx", str(path))
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [register.title("ky") for register in REGISTERS]
    sheet = workbook["Мугалимдер"]
    assert [cell.value for cell in sheet[1]] == [c.ky for c in TEACHERS.columns.values()]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b and sheet["L1"].fill.fgColor.rgb == "FFD9E1F2"
    rules = validations_of(path, "Мугалимдер")
    kind, style, formula = rules["C2:C1000"]  # Кызматы
    assert (kind, style) == ("list", "warning") and "мугалим" in formula and "учитель" in formula
    assert rules["K2:K1000"] == ("list", "warning", "'Мугалимдер'!$B$2:$B$1000")  # Насаатчы
    assert rules["G2:G1000"][:2] == ("date", "warning")
    assert validations_of(path, "Квалификация")["A2:A1000"][2] == "'Мугалимдер'!$B$2:$B$1000"
    before, stamp = path.read_bytes(), path.stat().st_mtime_ns
    again = init_cli("--xlsx", str(path), "--language", "en")
    assert again.exit_code == 0, again.output
    assert "Nothing to set up" in again.output
    assert path.read_bytes() == before and path.stat().st_mtime_ns == stamp


def half_filled_with_own_validation(tmp_path: Path) -> Path:
    path = half_filled(tmp_path)
    workbook = openpyxl.load_workbook(path)
    own = DataValidation(type="list", formula1='"учитель,завуч"', allow_blank=True)
    own.add("B3:B50")
    workbook["Педагоги"].add_data_validation(own)
    workbook.save(path)
    return path


def test_init_on_a_half_filled_workbook_changes_no_cell_and_keeps_the_schools_own(tmp_path):
    path = half_filled_with_own_validation(tmp_path)
    cells, parts = cells_of(path), parts_of(path)
    result = init_cli("--xlsx", str(path), "--language", "ru")
    assert result.exit_code == 0, result.output
    after = cells_of(path)
    assert {ref: after.get(ref) for ref in cells} == cells  # every cell as it was
    added = sorted(ref for ref in after.keys() - cells.keys() if ref[0] == "Педагоги")
    assert [after[ref] for ref in added] == [
        "Табель №", "Предмет", "Методобъединение", "Дата начала педстажа", "Педстаж (лет)",
        "Дата приёма", "Ознакомлен с инструкцией", "Наставник", "Член методсовета",
    ]  # fmt: skip
    assert {coordinate[-1] for _, coordinate in added} == {"2"}
    rules = validations_of(path, "Педагоги")
    assert rules["B3:B50"] == ("list", None, '"учитель,завуч"')  # the school's, untouched
    assert not any(sqref.startswith("B") for sqref in rules if sqref != "B3:B50")
    assert rules["E3:E1000"][0] == "list"  # Образование
    assert openpyxl.load_workbook(path)["Педагоги"].freeze_panes is None
    # the school's own tab is the very same part, byte for byte
    own = sheet_part(parts, "Өз барагыбыз")
    assert parts_of(path)[own] == parts[own]
    before = path.read_bytes()
    assert "Настраивать нечего" in init_cli("--xlsx", str(path), "--language", "ru").output
    assert path.read_bytes() == before


def test_run_checks_an_initialised_workbook_and_keeps_its_entry_rules(tmp_path):
    path = tmp_path / "new.xlsx"
    assert init_cli("--xlsx", str(path)).exit_code == 0
    titles = [register.title("ky") for register in REGISTERS]
    rules = {title: validations_of(path, title) for title in titles}
    report = tmp_path / "report.json"
    result = CliRunner().invoke(
        main, ["run", "--xlsx", str(path), "--as-of", "2026-11-21", "--report-json", str(report)]
    )
    assert result.exit_code == 0, result.output
    found = json.loads(report.read_text("utf-8"))["spreadsheets"][0]
    codes = {f["code"] for register in found["registers"] for f in register["findings"]}
    assert not codes & {"missing-column", "tab-not-found", "duplicate-column"}
    assert len(found["registers"]) == len(REGISTERS)
    for title, before in rules.items():
        # The run adds only the input help that stands in for its status columns' protection.
        after = validations_of(path, title)
        assert after.items() >= before.items(), title
        assert {after[span] for span in after.keys() - before.keys()} <= {(None, None, None)}
    assert "Nothing to set up" in init_cli("--xlsx", str(path), "--language", "en").output


def test_init_then_run_on_the_sample_school(tmp_path):
    path = tmp_path / "school.xlsx"
    path.write_bytes(SAMPLE.read_bytes())
    cells = cells_of(path)
    assert init_cli("--xlsx", str(path)).exit_code == 0
    assert cells_of(path) == cells  # every column was there: only entry rules were added
    result = CliRunner().invoke(main, ["run", "--xlsx", str(path), "--as-of", "2026-11-21"])
    assert result.exit_code == 0, result.output
    assert "Nothing to set up" in init_cli("--xlsx", str(path), "--language", "en").output


def test_init_on_a_workbook_open_in_libreoffice_writes_nothing_and_says_so(tmp_path):
    path = half_filled(tmp_path)
    (tmp_path / ".~lock.school.xlsx#").write_text("a colleague", "utf-8")
    before = path.read_bytes()
    result = init_cli("--xlsx", str(path), "--language", "en")
    assert result.exit_code == 4
    assert result.output.count("\n") == 1 and "is open in LibreOffice" in result.output
    assert path.read_bytes() == before


def test_a_new_workbook_whose_set_up_fails_is_removed_again(tmp_path):
    path = tmp_path / "new.xlsx"
    (tmp_path / ".~lock.new.xlsx#").write_text("a colleague", "utf-8")
    result = init_cli("--xlsx", str(path))
    assert result.exit_code == 4, result.output
    assert not path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".~lock.new.xlsx#"]
