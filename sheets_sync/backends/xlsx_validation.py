"""Excel's extended data validation, kept by writing it in the standard form.

Excel 2010 and later store a drop-down list that takes its items from another sheet
(``=Тизмелер!$A$1:$A$6``) in an ``x14`` extension of the worksheet, which openpyxl drops on
save. The same rule fits the standard ``dataValidation`` element, which Excel 2010+, LibreOffice
and Google Sheets all read, so the xlsx backend adds it back in that form instead of refusing
to write the workbook::

    for title, rules in extended_validations(data).items():
        for rule in rules:
            workbook[title].add_data_validation(rule)
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from xml.etree import ElementTree

from openpyxl.worksheet.datavalidation import DataValidation

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
X14 = "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/main}"
XM = "{http://schemas.microsoft.com/office/excel/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_FLAGS = {
    "allowBlank": "allow_blank",
    "showDropDown": "showDropDown",
    "showInputMessage": "showInputMessage",
    "showErrorMessage": "showErrorMessage",
}
_TEXTS = (
    "type",
    "operator",
    "errorStyle",
    "imeMode",
    "errorTitle",
    "error",
    "promptTitle",
    "prompt",
)


def extended_validations(data: bytes) -> dict[str, list[DataValidation]]:
    """Sheet title -> its extended data validations as standard ones (sheets without: absent)."""
    found: dict[str, list[DataValidation]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for title, part in _sheet_parts(package).items():
            if part not in package.namelist():
                continue
            rules = [
                _standard(rule)
                for rule in ElementTree.fromstring(package.read(part)).iter(f"{X14}dataValidation")
            ]
            if rules:
                found[title] = rules
    return found


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in relations.iter(f"{PACKAGE_RELS}Relationship")
    }
    parts = {}
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(RELATIONSHIP), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts[sheet.get("name", "")] = posixpath.normpath(part)
    return parts


def _standard(rule: ElementTree.Element) -> DataValidation:
    formulas = [rule.findtext(f"{X14}formula{n}/{XM}f") for n in (1, 2)]
    return DataValidation(
        formula1=formulas[0],
        formula2=formulas[1],
        sqref=rule.findtext(f"{XM}sqref") or "",
        **{name: rule.get(name) for name in _TEXTS if rule.get(name) is not None},
        **{key: rule.get(name) in ("1", "true") for name, key in _FLAGS.items()},
    )
