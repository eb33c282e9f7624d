"""Reading cells back: effective values, the three value render options, grid data.

One ``Renderer`` serves one request (it caches formula results for that request only)::

    renderer = Renderer(spreadsheet)
    renderer.value(sheet, 0, 0, "FORMATTED_VALUE")          # "2,000,000.01" or None if empty
    renderer.value(sheet, 0, 0, "UNFORMATTED_VALUE")        # 2000000.01
    renderer.value(sheet, 0, 0, "FORMULA")                  # "=A2*2" for a formula cell
    renderer.grid(sheet, 0, 3, 0, 2, row_metadata=True)     # a GridData dict

Formulas are evaluated by ``formulas.evaluate``; one it cannot evaluate renders as its own text
in FORMATTED_VALUE and UNFORMATTED_VALUE (and has no ``effectiveValue`` in grid data).
"""

from __future__ import annotations

import copy
from typing import Any

from . import furniture, metadata, numfmt
from .formulas import FormulaError, Unsupported, evaluate
from .model import Sheet, Spreadsheet
from .styles import with_style_twins

_UNSUPPORTED = object()


def json_number(number: float) -> float | int:
    """Google writes whole doubles without a fraction (43831, not 43831.0)."""
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


class Renderer:
    def __init__(self, spreadsheet: Spreadsheet) -> None:
        self.spreadsheet = spreadsheet
        self._cache: dict[tuple[int, int, int], Any] = {}
        self._active: set[tuple[int, int, int]] = set()
        self._theme = spreadsheet.properties.get("spreadsheetTheme")
        self._default_format: dict[str, Any] | None = None

    def default_format(self) -> dict[str, Any]:
        """The spreadsheet's default format with its colour twins (built once a request)."""
        if self._default_format is None:
            self._default_format = with_style_twins(
                self.spreadsheet.properties.get("defaultFormat", {}), self._theme
            )
        return self._default_format

    # -- effective values -------------------------------------------------------------------
    def effective(self, sheet: Sheet, row: int, col: int) -> Any:
        """float, str, bool, None (empty), a FormulaError, or _UNSUPPORTED."""
        data = sheet.cell(row, col) or {}
        entered = data.get("userEnteredValue")
        if not entered:
            return None
        if "formulaValue" not in entered:
            if "numberValue" in entered:
                return float(entered["numberValue"])
            if "boolValue" in entered:
                return entered["boolValue"]
            if "errorValue" in entered:
                return FormulaError("#ERROR!")
            return entered.get("stringValue")
        key = (sheet.sheet_id, row, col)
        if key in self._cache:
            return self._cache[key]
        if key in self._active:
            raise FormulaError("#REF!", "Circular dependency detected.")
        self._active.add(key)
        try:
            result: Any = evaluate(
                entered["formulaValue"], self._lookup(sheet), self._extent(sheet)
            )
        except FormulaError as error:
            result = error
        except (Unsupported, RecursionError, ValueError, OverflowError):
            result = _UNSUPPORTED
        finally:
            self._active.discard(key)
        self._cache[key] = result
        return result

    def _target(self, sheet: Sheet, title: str | None) -> Sheet:
        if title is None:
            return sheet
        found = self.spreadsheet.find_title(title)
        if found is None:
            raise FormulaError("#REF!", f"Unresolved sheet name '{title}'.")
        return found

    def _lookup(self, sheet: Sheet):
        def lookup(title: str | None, row: int, col: int) -> Any:
            target = self._target(sheet, title)
            value = self.effective(target, row, col)
            if isinstance(value, FormulaError):
                raise value
            if value is _UNSUPPORTED:
                raise Unsupported("depends on an unsupported formula")
            return value

        return lookup

    def _extent(self, sheet: Sheet):
        def extent(title: str | None) -> tuple[int, int]:
            target = self._target(sheet, title)
            return target.row_count, target.column_count

        return extent

    # -- rendering --------------------------------------------------------------------------
    def number_format(self, sheet: Sheet, row: int, col: int) -> dict[str, Any] | None:
        data = sheet.cell(row, col) or {}
        return (data.get("userEnteredFormat") or {}).get("numberFormat")

    def formatted(self, sheet: Sheet, row: int, col: int) -> str | None:
        value = self.effective(sheet, row, col)
        if value is None:
            return None
        if value is _UNSUPPORTED:
            return sheet.cell(row, col)["userEnteredValue"]["formulaValue"]
        if isinstance(value, FormulaError):
            return value.code
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float):
            return numfmt.format_number(value, self.number_format(sheet, row, col))
        return value

    def value(
        self,
        sheet: Sheet,
        row: int,
        col: int,
        render: str = "FORMATTED_VALUE",
        date_time: str = "SERIAL_NUMBER",
    ) -> Any:
        """The cell as values.get returns it; None for an empty cell."""
        if render == "FORMATTED_VALUE":
            return self.formatted(sheet, row, col)
        entered = (sheet.cell(row, col) or {}).get("userEnteredValue") or {}
        if render == "FORMULA" and "formulaValue" in entered:
            return entered["formulaValue"]
        value = self.effective(sheet, row, col)
        if value is None:
            return None
        if value is _UNSUPPORTED:
            return entered["formulaValue"]
        if isinstance(value, FormulaError):
            return value.code
        if isinstance(value, float):
            number_format = self.number_format(sheet, row, col)
            if date_time == "FORMATTED_STRING" and numfmt.is_datetime(number_format):
                return numfmt.format_number(value, number_format)
            return json_number(value)
        return value

    def values(
        self,
        sheet: Sheet,
        rows: range,
        cols: range,
        render: str = "FORMATTED_VALUE",
        date_time: str = "SERIAL_NUMBER",
        by_columns: bool = False,
    ) -> list[list[Any]]:
        """A block of values with Google's trimming: no trailing empty cells or lines."""
        wanted = self._filled(sheet, rows, cols)
        if not wanted:
            return []
        # Only the box up to the last filled cell can survive trimming.
        rows = range(rows.start, max(r for r, _ in wanted) + 1)
        cols = range(cols.start, max(c for _, c in wanted) + 1)
        outer, inner = (cols, rows) if by_columns else (rows, cols)
        lines: list[list[Any]] = []
        for major in outer:
            line: list[Any] = []
            for minor in inner:
                r, c = (minor, major) if by_columns else (major, minor)
                value = self.value(sheet, r, c, render, date_time) if (r, c) in wanted else None
                line.append("" if value is None else value)
            while line and line[-1] == "":
                line.pop()
            lines.append(line)
        while lines and not lines[-1]:
            lines.pop()
        return lines

    def _filled(self, sheet: Sheet, rows: range, cols: range) -> set[tuple[int, int]]:
        """Cells of the block that hold a value (sparse: avoids walking empty grids)."""
        return {
            key
            for key, data in sheet.cells.items()
            if key[0] in rows and key[1] in cols and data.get("userEnteredValue")
        }

    # -- grid data --------------------------------------------------------------------------
    def cell_data(
        self, sheet: Sheet, row: int, col: int, wanted: frozenset[str] | None = None
    ) -> dict[str, Any]:
        """A cell's CellData; ``wanted`` (top-level names a field mask asks for) skips work on
        the others, as a 10,000-row read asks only for values."""
        stored = sheet.cell(row, col) or {}

        def want(key: str) -> bool:
            return wanted is None or key in wanted

        if wanted is None:
            # The format is rebuilt below with its colour twins, a copy already.
            data = {
                key: copy.deepcopy(value)
                for key, value in stored.items()
                if key != "userEnteredFormat"
            }
        else:
            # Shared, not copied: an answer is only serialised, and stored spreadsheets are
            # never changed in place (every write works on a copy).
            data = {key: value for key, value in stored.items() if key in wanted}
        if want("effectiveValue"):
            value = self.effective(sheet, row, col)
            if value is not None and value is not _UNSUPPORTED:
                data["effectiveValue"] = _extended(value)
        if want("formattedValue"):
            formatted = self.formatted(sheet, row, col)
            if formatted is not None:
                data["formattedValue"] = formatted
        entered_format = None
        if stored.get("userEnteredFormat") and (
            want("userEnteredFormat") or want("effectiveFormat")
        ):
            entered_format = with_style_twins(stored["userEnteredFormat"], self._theme)
            if want("userEnteredFormat"):
                data["userEnteredFormat"] = entered_format
        if "textFormatRuns" in data:
            data["textFormatRuns"] = with_style_twins(data["textFormatRuns"], self._theme)
        if want("effectiveFormat") and (
            stored.get("userEnteredValue") or stored.get("userEnteredFormat")
        ):
            # Both sides carry both spellings of each colour, so the merge keeps them agreeing.
            data["effectiveFormat"] = _merged(self.default_format(), entered_format or {})
        if want("hyperlink") and (link := furniture.hyperlink(stored)) is not None:
            data["hyperlink"] = link
        ordered = {}
        for key in (
            "userEnteredValue", "effectiveValue", "formattedValue", "userEnteredFormat",
            "effectiveFormat", "hyperlink", "note", "textFormatRuns", "dataValidation",
        ):  # fmt: skip
            if key in data:
                ordered[key] = data.pop(key)
        ordered.update(data)
        return ordered

    def grid(
        self,
        sheet: Sheet,
        start_row: int,
        end_row: int,
        start_col: int,
        end_col: int,
        mask: dict[str, Any] | None = None,
    ) -> dict:
        """GridData for a bounded block: rowData trimmed like Google, plus dimension metadata.

        ``mask`` is the field mask's tree below ``data`` (None or empty: everything); parts it
        does not name are not built at all.
        """

        def want(tree: dict[str, Any] | None, key: str) -> bool:
            return not tree or "*" in tree or key in tree

        grid: dict[str, Any] = {}
        if start_row:
            grid["startRow"] = start_row
        if start_col:
            grid["startColumn"] = start_col
        if want(mask, "rowData"):
            values_tree = (mask or {}).get("rowData", {}).get("values")
            wanted = None
            if values_tree and "*" not in values_tree:
                wanted = frozenset(values_tree)
            by_row: dict[int, list[int]] = {}
            for r, c in sheet.cells:
                if start_row <= r < end_row and start_col <= c < end_col:
                    by_row.setdefault(r, []).append(c)
            if by_row:
                row_data = []
                for r in range(start_row, max(by_row) + 1):
                    cols = by_row.get(r)
                    if not cols:
                        row_data.append({})
                        continue
                    cells = [
                        self.cell_data(sheet, r, c, wanted) for c in range(start_col, max(cols) + 1)
                    ]
                    row_data.append({"values": cells})
                grid["rowData"] = row_data
        if want(mask, "rowMetadata"):
            grid["rowMetadata"] = [
                self._line(sheet, True, i, 21) for i in range(start_row, end_row)
            ]
        if want(mask, "columnMetadata"):
            grid["columnMetadata"] = [
                self._line(sheet, False, i, 100) for i in range(start_col, end_col)
            ]
        return grid

    def _line(self, sheet: Sheet, rows: bool, index: int, pixels: int) -> dict[str, Any]:
        """A row's or column's DimensionProperties, its developer metadata included."""
        stored = (sheet.row_metadata if rows else sheet.column_metadata).get(index, {})
        line = {"pixelSize": pixels, **stored}
        if sheet.developer_metadata:
            found = metadata.on_line(sheet, rows, index)
            if found:
                line["developerMetadata"] = found
        return line


def _extended(value: Any) -> dict[str, Any]:
    if isinstance(value, FormulaError):
        return {"errorValue": {"type": value.error_type, "message": value.message}}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, float):
        return {"numberValue": json_number(value)}
    return {"stringValue": value}


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` laid on ``base`` object by object; parts it does not touch stay shared (an
    answer is only serialised)."""
    result = dict(base)
    for key, value in over.items():
        below = base.get(key)
        if isinstance(value, dict) and isinstance(below, dict) and value and _not_color(key):
            result[key] = _merged(below, value)
        else:
            result[key] = value
    return result


def _not_color(key: str) -> bool:
    # A colour is replaced whole: red over white is red, not red with white's green and blue
    # (zero channels are left out), and a theme colour is not an RGB one with a theme added.
    return not (key in ("color", "colorStyle") or key.endswith(("Color", "ColorStyle")))
