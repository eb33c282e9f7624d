"""Notes, the toolkit's record of its notes and tints, and links, written into real workbooks.

Every workbook is a file on disk written through ``XlsxBackend``, read back by the backend and
independently by openpyxl, and compared part by part with the file before the write.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.comments import Comment

from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.backends.xlsx_owned import MAX_FORMULA, UNMATCHED
from sheets_sync.backends.xlsx_parts import WORKSHEET_ORDER
from sheets_sync.changes import CellRef, ChangeSet, Link, RecordOwned, SetCell, SetNote
from sheets_sync.snapshot import Owned

FIXTURES = Path(__file__).parent / "fixtures" / "xlsx"
TEACHERS = "Мугалимдер"
SCHOOL_NOTE = "мектептин эскертүүсү"
NOTE = "✖ категориясы жок"


def register(path: Path, *, school_note: bool = True) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = TEACHERS
    sheet.append(["Аты-жөнү", "Категория", "Стажы", "Статус"])
    for number in range(2, 8):
        sheet.append([f"Мугалим {number}", "жогорку", number, "✔"])
    if school_note:
        sheet["A2"].comment = Comment(SCHOOL_NOTE, "Директор")
    workbook.create_sheet("Тизмелер")["A1"] = "тизме"
    workbook.save(path)
    return path


def apply(path: Path, *changes: object) -> None:
    backend = XlsxBackend(path)
    backend.apply(backend.read(), ChangeSet(tuple(changes)))  # type: ignore[arg-type]


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def canonical(data: bytes) -> bytes:
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(data, parser), method="c14n")


def sheet_rels(path: Path) -> str:
    return parts(path).get("xl/worksheets/_rels/sheet1.xml.rels", b"").decode()


def note_shapes(vml: bytes) -> list[bytes]:
    return re.findall(rb"<(?:\w+:)?shape[\s>].*?</(?:\w+:)?shape>", vml, re.DOTALL)


def assert_schema_order(sheet_xml: bytes) -> None:
    root = etree.fromstring(sheet_xml)
    names = [etree.QName(child).localname for child in root if isinstance(child.tag, str)]
    ranks = [WORKSHEET_ORDER.index(name) for name in names]
    assert ranks == sorted(ranks), names


# -- notes --------------------------------------------------------------------------------------


def test_a_note_written_is_read_back_by_the_backend_and_by_openpyxl(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")

    apply(path, SetNote(CellRef(TEACHERS, 3, 4), NOTE))

    tab = XlsxBackend(path).read().tab(TEACHERS)
    assert tab.notes == {(2, 1): SCHOOL_NOTE, (3, 4): NOTE}
    sheet = openpyxl.load_workbook(path)[TEACHERS]
    assert sheet["D3"].comment.text == NOTE
    assert sheet["A2"].comment.text == SCHOOL_NOTE
    assert sheet["A2"].comment.author == "Директор"
    assert_schema_order(parts(path)["xl/worksheets/sheet1.xml"])


def test_a_first_note_on_a_sheet_brings_comments_vml_rels_and_content_types(
    tmp_path: Path,
) -> None:
    path = register(tmp_path / "register.xlsx", school_note=False)
    before = parts(path)

    apply(path, SetNote(CellRef(TEACHERS, 5, 4), NOTE))

    after = parts(path)
    added = sorted(set(after) - set(before))
    assert added == [
        "xl/comments1.xml",
        "xl/drawings/vmlDrawing1.vml",
        "xl/worksheets/_rels/sheet1.xml.rels",
    ]
    rels = after["xl/worksheets/_rels/sheet1.xml.rels"].decode()
    assert "relationships/comments" in rels and "relationships/vmlDrawing" in rels
    vml_id = re.search(r'Id="(\w+)"[^>]*vmlDrawing|vmlDrawing[^>]*Id="(\w+)"', rels)
    assert vml_id is not None
    sheet_xml = after["xl/worksheets/sheet1.xml"].decode()
    assert re.search(r"<legacyDrawing [^>]*r:id=\"" + (vml_id[1] or vml_id[2]), sheet_xml)
    types = after["[Content_Types].xml"].decode()
    assert 'PartName="/xl/comments1.xml"' in types and 'Extension="vml"' in types
    (shape,) = note_shapes(after["xl/drawings/vmlDrawing1.vml"])
    assert b'ObjectType="Note"' in shape
    assert b"<x:Row>4</x:Row>" in shape and b"<x:Column>3</x:Column>" in shape
    for name in before:  # untouched parts keep their bytes
        if name not in ("xl/worksheets/sheet1.xml", "[Content_Types].xml"):
            assert after[name] == before[name], name


def test_a_schools_note_and_its_shape_survive_adding_and_removing_ours(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")
    before = parts(path)
    comments, vml = "xl/comments/comment1.xml", "xl/drawings/commentsDrawing1.vml"
    (school_shape,) = note_shapes(before[vml])
    school_comment = canonical(before[comments]).split(b"<commentList>")[1]

    apply(path, SetNote(CellRef(TEACHERS, 4, 2), NOTE), SetNote(CellRef(TEACHERS, 6, 2), "⚠"))
    middle = parts(path)
    assert school_shape in middle[vml]
    assert len(note_shapes(middle[vml])) == 3
    assert school_comment.split(b"</comment>")[0] in canonical(middle[comments])
    assert XlsxBackend(path).read().tab(TEACHERS).notes == {
        (2, 1): SCHOOL_NOTE,
        (4, 2): NOTE,
        (6, 2): "⚠",
    }

    apply(path, SetNote(CellRef(TEACHERS, 4, 2), None), SetNote(CellRef(TEACHERS, 6, 2), None))

    after = parts(path)
    assert XlsxBackend(path).read().tab(TEACHERS).notes == {(2, 1): SCHOOL_NOTE}
    assert note_shapes(after[vml]) == [school_shape]
    assert after[vml] == before[vml]  # their VML keeps its bytes: shapes are cut as text
    assert canonical(after[comments]) == canonical(before[comments])
    assert sorted(after) == sorted(before)


def test_replacing_a_note_changes_only_that_cells_comment(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")
    apply(path, SetNote(CellRef(TEACHERS, 4, 2), NOTE))

    apply(path, SetNote(CellRef(TEACHERS, 4, 2), "✔ бүттү"))

    assert XlsxBackend(path).read().tab(TEACHERS).notes == {(2, 1): SCHOOL_NOTE, (4, 2): "✔ бүттү"}
    vml = parts(path)["xl/drawings/commentsDrawing1.vml"]
    assert len(note_shapes(vml)) == 2


def test_removing_the_last_note_removes_what_only_the_toolkit_added(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx", school_note=False)
    before = parts(path)
    apply(path, SetNote(CellRef(TEACHERS, 5, 4), NOTE))

    apply(path, SetNote(CellRef(TEACHERS, 5, 4), None))

    after = parts(path)
    assert sorted(after) == sorted(before)
    for name in before:
        if name in ("xl/worksheets/sheet1.xml", "[Content_Types].xml"):
            assert canonical(after[name]) == canonical(before[name]), name
        else:
            assert after[name] == before[name], name
    assert XlsxBackend(path).read().tab(TEACHERS).notes == {}


def test_a_note_on_a_libreoffice_saved_sheet_keeps_its_notes(tmp_path: Path) -> None:
    path = tmp_path / "edited.xlsx"
    path.write_bytes((FIXTURES / "notes-rows-inserted.xlsx").read_bytes())

    apply(path, SetNote(CellRef(TEACHERS, 7, 2), None), SetNote(CellRef(TEACHERS, 8, 4), "⚠"))

    assert XlsxBackend(path).read().tab(TEACHERS).notes == {
        (4, 1): SCHOOL_NOTE,
        (5, 2): NOTE,
        (8, 4): "⚠",
    }
    sheet = openpyxl.load_workbook(path)[TEACHERS]
    assert sheet["D8"].comment.text == "⚠" and sheet["A4"].comment.text == SCHOOL_NOTE


def test_rich_text_runs_of_a_note_are_read_joined(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")
    data = parts(path)
    comments = data["xl/comments/comment1.xml"].decode()
    rich = '<text><r><rPr><b/></rPr><t>Директор:</t></r><r><t xml:space="preserve"> текшер</t></r>'
    data["xl/comments/comment1.xml"] = (
        comments.replace("<text>", rich).replace(f"<t>{SCHOOL_NOTE}</t>", "").encode()
    )
    with zipfile.ZipFile(path, "w") as package:
        for name, content in data.items():
            package.writestr(name, content)

    assert XlsxBackend(path).read().tab(TEACHERS).notes == {(2, 1): "Директор: текшер"}


def test_a_note_with_control_characters_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    path = register(tmp_path / "register.xlsx")
    before = path.read_bytes()

    with pytest.raises(ValueError, match="control characters"):
        apply(
            path, SetCell(CellRef(TEACHERS, 2, 5), "✔"), SetNote(CellRef(TEACHERS, 3, 2), "a\x01")
        )

    assert path.read_bytes() == before


# -- the toolkit's record -------------------------------------------------------------------


def test_the_record_is_read_back_with_the_note_it_fingerprints(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")
    red = Owned(note=NOTE, fill="FFC7CE")
    cells = {(3, 2): red, (4, 2): red, (6, 2): red, (5, 3): Owned(fill="FFEB9C")}

    apply(
        path,
        SetNote(CellRef(TEACHERS, 3, 2), NOTE),
        SetNote(CellRef(TEACHERS, 4, 2), NOTE),
        SetNote(CellRef(TEACHERS, 6, 2), NOTE),
        RecordOwned(TEACHERS, cells),
    )

    tab = XlsxBackend(path).read().tab(TEACHERS)
    assert tab.owned == cells
    names = re.findall(
        r"<definedName [^>]*>[^<]*</definedName>", parts(path)["xl/workbook.xml"].decode()
    )
    assert len(names) == 2  # one name per distinct Owned value
    assert all('hidden="1"' in name and 'localSheetId="0"' in name for name in names)
    assert any(f"'{TEACHERS}'!$B$3:$B$4,'{TEACHERS}'!$B$6<" in name for name in names)
    assert not any(NOTE in name for name in names)  # only a fingerprint, never the wording


def test_a_note_a_person_edited_no_longer_matches_the_record(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")
    apply(
        path,
        SetNote(CellRef(TEACHERS, 3, 2), NOTE),
        RecordOwned(TEACHERS, {(3, 2): Owned(note=NOTE)}),
    )
    data = parts(path)
    for name in data:
        if name.startswith("xl/comments"):
            data[name] = data[name].replace(NOTE.encode(), "мен оңдодум".encode())
    with zipfile.ZipFile(path, "w") as package:
        for name, content in data.items():
            package.writestr(name, content)

    tab = XlsxBackend(path).read().tab(TEACHERS)
    assert tab.notes[(3, 2)] == "мен оңдодум"
    recorded = tab.owned[(3, 2)].note
    assert recorded is not None and recorded.startswith(UNMATCHED)
    assert recorded != tab.notes[(3, 2)] and recorded != NOTE


def test_a_record_read_back_unmatched_and_passed_on_stays_as_it_was(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")
    apply(path, RecordOwned(TEACHERS, {(3, 2): Owned(note=NOTE, fill="FFC7CE")}))
    unmatched = XlsxBackend(path).read().tab(TEACHERS).owned  # the note was never written
    assert unmatched[(3, 2)].note is not None and unmatched[(3, 2)].note.startswith(UNMATCHED)
    first = parts(path)

    apply(path, RecordOwned(TEACHERS, unmatched))

    assert parts(path) == first
    apply(path, SetNote(CellRef(TEACHERS, 3, 2), NOTE))
    assert XlsxBackend(path).read().tab(TEACHERS).owned == {(3, 2): Owned(NOTE, "FFC7CE")}


def test_the_record_moves_with_rows_a_person_inserts_in_libreoffice() -> None:
    # make_fixtures.py: notes on B3 and B5 recorded with a red tint, an amber tint on C4,
    # then two rows inserted above row 2 in LibreOffice and saved by Calc.
    tab = XlsxBackend(FIXTURES / "notes-rows-inserted.xlsx").read().tab(TEACHERS)

    red = Owned(note=NOTE, fill="FFC7CE")
    assert tab.owned == {(5, 2): red, (7, 2): red, (6, 3): Owned(fill="FFEB9C")}
    assert tab.notes == {(4, 1): SCHOOL_NOTE, (5, 2): NOTE, (7, 2): NOTE}
    assert tab.value(5, 1) == "Мугалим 3"


def test_the_record_of_deleted_cells_goes_and_the_rest_moves_with_libreoffice_deletes() -> None:
    # The same workbook; then row 3 (the note on B3) and column A (the school's note on A2)
    # deleted in LibreOffice: Calc saves the record as "#REF!,'Мугалимдер'!$A$4".
    tab = XlsxBackend(FIXTURES / "notes-row-and-column-deleted.xlsx").read().tab(TEACHERS)

    assert tab.owned == {(4, 1): Owned(note=NOTE, fill="FFC7CE"), (3, 2): Owned(fill="FFEB9C")}
    assert tab.notes == {(4, 1): NOTE}
    assert tab.value(4, 1) == "жогорку"


def test_a_record_of_many_cells_is_split_below_excels_formula_limit(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")
    cells = {(row, 5): Owned(fill="FFEB9C") for row in range(2, 3000, 2)}

    apply(path, RecordOwned(TEACHERS, cells))

    texts = re.findall(
        r"<definedName [^>]*>([^<]*)</definedName>", parts(path)["xl/workbook.xml"].decode()
    )
    assert len(texts) > 1
    assert all(len(text) <= MAX_FORMULA < 8192 for text in texts)
    assert XlsxBackend(path).read().tab(TEACHERS).owned == cells


def test_a_new_record_replaces_the_old_one_and_an_empty_one_clears_it(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")
    apply(path, RecordOwned(TEACHERS, {(2, 4): Owned(fill="C6EFCE"), (3, 4): Owned(fill="FFC7CE")}))

    apply(path, RecordOwned(TEACHERS, {(3, 4): Owned(fill="C6EFCE")}))
    assert XlsxBackend(path).read().tab(TEACHERS).owned == {(3, 4): Owned(fill="C6EFCE")}

    apply(path, RecordOwned(TEACHERS, {}))
    assert XlsxBackend(path).read().tab(TEACHERS).owned == {}
    assert "_sheets_sync_own_" not in parts(path)["xl/workbook.xml"].decode()


def test_a_rerun_with_equal_content_changes_no_part(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")
    changes = (
        SetNote(CellRef(TEACHERS, 3, 2), NOTE),
        RecordOwned(TEACHERS, {(3, 2): Owned(note=NOTE, fill="FFC7CE")}),
        SetCell(CellRef(TEACHERS, 3, 5), Link("Мугалим 3", CellRef(TEACHERS, 3, 1))),
    )
    apply(path, *changes)
    first = parts(path)

    apply(path, *changes)

    assert parts(path) == first


def test_a_look_alike_name_a_person_types_is_no_record(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")
    workbook = openpyxl.load_workbook(path)
    from openpyxl.workbook.defined_name import DefinedName

    workbook.defined_names["_sheets_sync_own_x_ffeb9c_1"] = DefinedName(
        "_sheets_sync_own_x_ffeb9c_1", attr_text=f"'{TEACHERS}'!$B$2"
    )  # workbook scope: not the toolkit's
    workbook[TEACHERS].defined_names["_sheets_sync_own_mine_ffeb9c_1"] = DefinedName(
        "_sheets_sync_own_mine_ffeb9c_1", attr_text=f"'{TEACHERS}'!$B$3"
    )  # not a fingerprint
    workbook.save(path)

    assert XlsxBackend(path).read().tab(TEACHERS).owned == {}


# -- links ------------------------------------------------------------------------------------


def test_a_link_cell_holds_its_text_and_jumps_inside_the_workbook(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")

    apply(path, SetCell(CellRef("Тизмелер", 2, 1), Link("Мугалим 5", CellRef(TEACHERS, 5, 1))))

    assert XlsxBackend(path).read().tab("Тизмелер").value(2, 1) == "Мугалим 5"
    cell = openpyxl.load_workbook(path)["Тизмелер"]["A2"]
    assert cell.value == "Мугалим 5"
    assert cell.hyperlink.location == f"'{TEACHERS}'!A5"
    assert cell.hyperlink.target is None  # internal: no relationship part
    sheet_xml = parts(path)["xl/worksheets/sheet2.xml"]
    assert_schema_order(sheet_xml)
    assert "xl/worksheets/_rels/sheet2.xml.rels" not in parts(path)


def test_a_plain_value_over_the_toolkits_link_takes_the_link_away(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")
    apply(path, SetCell(CellRef(TEACHERS, 3, 5), Link("→", CellRef(TEACHERS, 3, 1))))

    apply(path, SetCell(CellRef(TEACHERS, 3, 5), "✔"))

    cell = openpyxl.load_workbook(path)[TEACHERS]["E3"]
    assert cell.value == "✔" and cell.hyperlink is None


def test_links_go_after_validations_and_before_page_margins(tmp_path: Path) -> None:
    path = register(tmp_path / "register.xlsx")
    workbook = openpyxl.load_workbook(path)
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(type="list", formula1='"a,b"')
    validation.add("B2:B7")
    workbook[TEACHERS].add_data_validation(validation)
    workbook.save(path)

    apply(
        path,
        SetCell(CellRef(TEACHERS, 2, 5), Link("→", CellRef("Тизмелер", 1, 1))),
        SetNote(CellRef(TEACHERS, 2, 5), NOTE),
    )

    sheet_xml = parts(path)["xl/worksheets/sheet1.xml"]
    assert_schema_order(sheet_xml)
    names = [etree.QName(c).localname for c in etree.fromstring(sheet_xml)]
    assert names.index("dataValidations") < names.index("hyperlinks") < names.index("pageMargins")


EXCEL_VML = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml"\n'
    ' xmlns:o="urn:schemas-microsoft-com:office:office"\n'
    ' xmlns:x="urn:schemas-microsoft-com:office:excel">\n <o:shapelayout v:ext="edit">\n'
    '  <o:idmap v:ext="edit" data="1"/>\n </o:shapelayout><v:shapetype id="_x0000_t201"\n'
    '  coordsize="21600,21600" o:spt="201" path="m,l,21600r21600,l21600,xe">\n'
    '  <v:stroke joinstyle="miter"/>\n </v:shapetype>'
    '<v:shape id="_x0000_s1025" type="#_x0000_t201"\n'
    "  style='position:absolute;margin-left:200pt;margin-top:15pt;width:60pt;height:20pt;"
    "z-index:1'>\n"
    "  <v:textbox style='mso-direction-alt:auto' o:singleclick=\"f\">\n"
    '   <div style=\'text-align:center\'><font face="Calibri" size="220" color="#000000">'
    "Текшер<br>мугалим</font></div>\n  </v:textbox>\n"
    '  <x:ClientData ObjectType="Button">\n   <x:Anchor>\n    5, 0, 1, 0, 6, 0, 2, 0</x:Anchor>\n'
    "   <x:PrintObject>False</x:PrintObject>\n   <x:AutoFill>False</x:AutoFill>\n"
    "   <x:FmlaMacro>[0]!Check</x:FmlaMacro>\n  </x:ClientData>\n </v:shape></xml>"
).encode()


def with_excel_button(path: Path) -> Path:
    """A sheet whose VML drawing already holds a form button, as Excel stores it (a <br> in its
    text: Excel's VML is not always well-formed XML)."""
    data = parts(path)
    sheet = data["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace(
        "</worksheet>",
        '<legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships" r:id="rId1"/></worksheet>',
    )
    data["xl/worksheets/sheet1.xml"] = sheet.encode()
    data["xl/worksheets/_rels/sheet1.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://'
        b'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        b'http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" '
        b'Target="../drawings/vmlDrawing1.vml"/></Relationships>'
    )
    data["xl/drawings/vmlDrawing1.vml"] = EXCEL_VML
    types = data["[Content_Types].xml"].decode()
    if 'Extension="vml"' not in types:
        types = types.replace(
            "<Default ",
            '<Default Extension="vml" '
            'ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/><Default ',
            1,
        )
    data["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in data.items():
            package.writestr(name, content)
    return path


def test_a_form_button_in_the_sheets_vml_keeps_its_bytes_and_stays(tmp_path: Path) -> None:
    path = with_excel_button(register(tmp_path / "register.xlsx", school_note=False))
    before = parts(path)

    apply(path, SetNote(CellRef(TEACHERS, 4, 2), NOTE))
    middle = parts(path)
    vml = middle["xl/drawings/vmlDrawing1.vml"]
    assert vml.startswith(EXCEL_VML[: EXCEL_VML.rindex(b"</xml>")])
    assert b"_x0000_s1026" in vml  # the next free shape id of the block
    assert XlsxBackend(path).read().tab(TEACHERS).notes == {(4, 2): NOTE}
    assert openpyxl.load_workbook(path)[TEACHERS]["B4"].comment.text == NOTE

    apply(path, SetNote(CellRef(TEACHERS, 4, 2), None))

    after = parts(path)
    assert after["xl/drawings/vmlDrawing1.vml"] == EXCEL_VML
    assert b"<legacyDrawing" in after["xl/worksheets/sheet1.xml"]
    assert sorted(after) == sorted(before)
    assert canonical(after["xl/worksheets/_rels/sheet1.xml.rels"]) == canonical(
        before["xl/worksheets/_rels/sheet1.xml.rels"]
    )


def test_a_new_comments_part_written_as_text_is_what_editing_an_empty_part_gives():
    from sheets_sync.backends import xlsx_comments
    from sheets_sync.backends.xlsx_package import MAIN, parse_xml
    from sheets_sync.backends.xlsx_parts import serialize

    notes = {(row, 7): "⚠ Күнү & <жок> \"'" for row in range(2, 6)}
    notes |= {(3, 2): " боштук", (4, 3): "биринчи\nэкинчи", (1, 1): "cr\r\nend ]]>"}
    empty = f'<comments xmlns="{MAIN}"><authors/><commentList/></comments>'.encode()
    tree = parse_xml(empty)
    xlsx_comments._edit_comments(tree, notes)
    assert xlsx_comments._new_comments(notes) == serialize(tree)
