"""A small formula evaluator, so ``=4/2`` reads back as 2 the way Sheets computes it.

It knows numbers, strings, TRUE/FALSE, cell references and ranges (``A1``, ``$B$2``,
``'Other tab'!A1:B3``, ``A:A``), the operators ``+ - * / ^ & % = <> < > <= >=`` and the
functions in ``FUNCTIONS``. Anything else raises ``Unsupported`` and the emulator then shows the
formula text instead of a value (it never invents a result)::

    evaluate("=SUM(A1:A3)*2", lookup)   # lookup(sheet_or_None, row, col) -> cell value
    evaluate("=1/0", lookup)            # FormulaError("#DIV/0!")

Cell values are float, str, bool or None (empty); errors raise ``FormulaError``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from .a1 import column_index

Lookup = Callable[[str | None, int, int], Any]
Extent = Callable[[str | None], tuple[int, int]]


class Unsupported(Exception):
    """The formula uses something this evaluator does not know."""


class FormulaError(Exception):
    """A Sheets error value such as ``#DIV/0!``."""

    TYPES: ClassVar[dict[str, str]] = {
        "#DIV/0!": "DIVIDE_BY_ZERO",
        "#VALUE!": "VALUE",
        "#REF!": "REF",
        "#NAME?": "NAME",
        "#NUM!": "NUM",
        "#N/A": "N_A",
        "#ERROR!": "ERROR",
    }

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.message = message or code

    @property
    def error_type(self) -> str:
        return self.TYPES.get(self.code, "ERROR")


@dataclass(frozen=True)
class Ref:
    sheet: str | None
    start_row: int | None
    start_col: int | None
    end_row: int | None  # inclusive
    end_col: int | None


_TOKEN = re.compile(
    r"""\s*(?:
      (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    | (?P<string>"(?:[^"]|"")*")
    | (?P<ref>(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?
              (?:\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}))
              (?![\w(])
    | (?P<name>[A-Za-z_][\w.]*)
    | (?P<op><=|>=|<>|[-+*/^&%=<>(),;])
    )""",
    re.VERBOSE,
)


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise Unsupported(text[position:])
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def _parse_ref(text: str) -> Ref:
    sheet = None
    if "!" in text:
        sheet, _, text = text.rpartition("!")
        if sheet.startswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
    parts = [part.replace("$", "") for part in text.split(":")]
    cells = []
    for part in parts:
        match = re.fullmatch(r"([A-Za-z]{1,3})(\d*)", part)
        if not match:
            raise Unsupported(text)
        column = column_index(match.group(1))
        row = int(match.group(2)) - 1 if match.group(2) else None
        cells.append((row, column))
    (r1, c1), (r2, c2) = cells[0], cells[-1]
    if r1 is not None and r2 is not None:
        r1, r2 = sorted((r1, r2))
    c1, c2 = sorted((c1, c2))
    return Ref(sheet, r1, c1, r2, c2)


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.position = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.position] if self.position < len(self.tokens) else ("end", "")

    def take(self) -> tuple[str, str]:
        token = self.peek()
        self.position += 1
        return token

    def expect(self, op: str) -> None:
        if self.take() != ("op", op):
            raise Unsupported(f"expected {op}")

    def parse(self) -> Any:
        node = self.comparison()
        if self.peek()[0] != "end":
            raise Unsupported("trailing tokens")
        return node

    def comparison(self) -> Any:
        node = self.concat()
        while self.peek()[1] in ("=", "<>", "<", ">", "<=", ">=") and self.peek()[0] == "op":
            op = self.take()[1]
            node = ("bin", op, node, self.concat())
        return node

    def concat(self) -> Any:
        node = self.additive()
        while self.peek() == ("op", "&"):
            self.take()
            node = ("bin", "&", node, self.additive())
        return node

    def additive(self) -> Any:
        node = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            node = ("bin", self.take()[1], node, self.term())
        return node

    def term(self) -> Any:
        node = self.power()
        while self.peek() in (("op", "*"), ("op", "/")):
            node = ("bin", self.take()[1], node, self.power())
        return node

    def power(self) -> Any:
        node = self.unary()
        while self.peek() == ("op", "^"):
            self.take()
            node = ("bin", "^", node, self.unary())
        return node

    def unary(self) -> Any:
        if self.peek() in (("op", "-"), ("op", "+")):
            op = self.take()[1]
            return ("neg", self.unary()) if op == "-" else self.unary()
        node = self.primary()
        while self.peek() == ("op", "%"):
            self.take()
            node = ("pct", node)
        return node

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "number":
            return ("const", float(text))
        if kind == "string":
            return ("const", text[1:-1].replace('""', '"'))
        if kind == "ref":
            return ("ref", _parse_ref(text))
        if kind == "name":
            upper = text.upper()
            if self.peek() == ("op", "("):
                self.take()
                args = []
                if self.peek() != ("op", ")"):
                    args.append(self.comparison())
                    while self.peek() in (("op", ","), ("op", ";")):
                        self.take()
                        args.append(self.comparison())
                self.expect(")")
                return ("call", upper, args)
            if upper in ("TRUE", "FALSE"):
                return ("const", upper == "TRUE")
            raise Unsupported(text)  # a named range or an unknown name
        if (kind, text) == ("op", "("):
            node = self.comparison()
            self.expect(")")
            return node
        raise Unsupported(text)


class _Evaluator:
    def __init__(self, lookup: Lookup, extent: Extent) -> None:
        self.lookup = lookup
        self.extent = extent

    def value(self, node: Any) -> Any:
        """A single value; a range used as a value takes its first cell."""
        result = self.eval(node)
        if isinstance(result, list):
            return result[0] if result else None
        return result

    def eval(self, node: Any) -> Any:
        kind = node[0]
        if kind == "const":
            return node[1]
        if kind == "ref":
            return self.cells(node[1])
        if kind == "neg":
            return -_number(self.value(node[1]))
        if kind == "pct":
            return _number(self.value(node[1])) / 100
        if kind == "bin":
            return self.binary(node[1], self.value(node[2]), self.value(node[3]))
        if kind == "call":
            function = FUNCTIONS.get(node[1])
            if function is None:
                raise Unsupported(node[1])
            return function(self, node[2])
        raise Unsupported(str(kind))

    def cells(self, ref: Ref) -> Any:
        if ref.start_row is not None and (ref.start_row, ref.start_col) == (
            ref.end_row,
            ref.end_col,
        ):
            return self.lookup(ref.sheet, ref.start_row, ref.start_col)
        rows, columns = self.extent(ref.sheet)
        start_row = ref.start_row or 0
        end_row = ref.end_row if ref.end_row is not None else rows - 1
        end_col = min(ref.end_col if ref.end_col is not None else columns - 1, columns - 1)
        return [
            self.lookup(ref.sheet, r, c)
            for r in range(start_row, min(end_row, rows - 1) + 1)
            for c in range(ref.start_col or 0, end_col + 1)
        ]

    def binary(self, op: str, left: Any, right: Any) -> Any:
        if op == "&":
            return _text(left) + _text(right)
        if op in ("=", "<>", "<", ">", "<=", ">="):
            return _compare(op, left, right)
        a, b = _number(left), _number(right)
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            if b == 0:
                raise FormulaError("#DIV/0!", "Function DIVIDE parameter 2 cannot be zero.")
            return a / b
        try:
            return math.pow(a, b)
        except (OverflowError, ValueError):
            raise FormulaError("#NUM!") from None


def _number(value: Any) -> float:
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        raise FormulaError(
            "#VALUE!", f"Function expects number values. But '{value}' is a text."
        ) from None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        from .numfmt import general

        return general(value)
    return str(value)


def _compare(op: str, left: Any, right: Any) -> bool:
    def rank(value: Any) -> tuple[int, Any]:
        if value is None:
            return (0, 0.0)
        if isinstance(value, bool):
            return (2, value)
        if isinstance(value, int | float):
            return (0, float(value))
        return (1, str(value).lower())

    a, b = rank(left), rank(right)
    if left is None and isinstance(right, str):
        a = (1, "")
    if right is None and isinstance(left, str):
        b = (1, "")
    return {
        "=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b,
    }[op]  # fmt: skip


def _flat(evaluator: _Evaluator, args: list[Any]) -> list[tuple[Any, bool]]:
    """Every argument value with whether it came from a range (ranges skip text and booleans)."""
    found = []
    for arg in args:
        value = evaluator.eval(arg)
        if isinstance(value, list):
            found.extend((item, True) for item in value)
        else:
            found.append((value, False))
    return found


def _numbers(evaluator: _Evaluator, args: list[Any]) -> list[float]:
    numbers = []
    for value, from_range in _flat(evaluator, args):
        if from_range and (value is None or isinstance(value, str | bool)):
            continue
        numbers.append(_number(value))
    return numbers


def _average(ev: _Evaluator, args: list[Any]) -> float:
    numbers = _numbers(ev, args)
    if not numbers:
        raise FormulaError(
            "#DIV/0!", "Evaluation of function AVERAGE caused a divide by zero error."
        )
    return sum(numbers) / len(numbers)


def _if(ev: _Evaluator, args: list[Any]) -> Any:
    if not 2 <= len(args) <= 3:
        raise FormulaError("#N/A", "Wrong number of arguments to IF.")
    if _truth(ev.value(args[0])):
        return ev.value(args[1])
    return ev.value(args[2]) if len(args) == 3 else False


def _truth(value: Any) -> bool:
    if isinstance(value, str):
        if value.upper() in ("TRUE", "FALSE"):
            return value.upper() == "TRUE"
        raise FormulaError("#VALUE!")
    return bool(_number(value))


def _iferror(ev: _Evaluator, args: list[Any]) -> Any:
    try:
        return ev.value(args[0])
    except FormulaError:
        return ev.value(args[1]) if len(args) > 1 else ""


def _round(ev: _Evaluator, args: list[Any]) -> float:
    number = _number(ev.value(args[0]))
    places = int(_number(ev.value(args[1]))) if len(args) > 1 else 0
    factor = 10**places
    return math.floor(abs(number) * factor + 0.5) / factor * (1 if number >= 0 else -1)


def _date(ev: _Evaluator, args: list[Any]) -> float:
    year, month, day = (int(_number(ev.value(arg))) for arg in args[:3])
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return float((date(year, month, 1) - date(1899, 12, 30)).days + day - 1)


FUNCTIONS: dict[str, Callable[[_Evaluator, list[Any]], Any]] = {
    "SUM": lambda ev, a: sum(_numbers(ev, a)),
    "AVERAGE": _average,
    "MIN": lambda ev, a: min(_numbers(ev, a), default=0.0),
    "MAX": lambda ev, a: max(_numbers(ev, a), default=0.0),
    "COUNT": lambda ev, a: float(
        sum(1 for v, _ in _flat(ev, a) if isinstance(v, int | float) and not isinstance(v, bool))
    ),
    "COUNTA": lambda ev, a: float(sum(1 for v, _ in _flat(ev, a) if v not in (None, ""))),
    "IF": _if,
    "IFERROR": _iferror,
    "AND": lambda ev, a: all(_truth(v) for v, r in _flat(ev, a) if not (r and v is None)),
    "OR": lambda ev, a: any(_truth(v) for v, r in _flat(ev, a) if not (r and v is None)),
    "NOT": lambda ev, a: not _truth(ev.value(a[0])),
    "ABS": lambda ev, a: abs(_number(ev.value(a[0]))),
    "ROUND": _round,
    "CONCATENATE": lambda ev, a: "".join(_text(v) for v, _ in _flat(ev, a)),
    "LEN": lambda ev, a: float(len(_text(ev.value(a[0])))),
    "UPPER": lambda ev, a: _text(ev.value(a[0])).upper(),
    "LOWER": lambda ev, a: _text(ev.value(a[0])).lower(),
    "TRIM": lambda ev, a: " ".join(_text(ev.value(a[0])).split()),
    "DATE": _date,
}


def evaluate(formula: str, lookup: Lookup, extent: Extent | None = None) -> Any:
    """The value of ``=...``: float, str or bool; raises FormulaError or Unsupported."""
    text = formula[1:] if formula.startswith("=") else formula
    tree = _Parser(_tokens(text)).parse()
    evaluator = _Evaluator(lookup, extent or (lambda sheet: (0, 0)))
    result = evaluator.value(tree)
    if result is None:
        return 0.0  # a formula pointing at an empty cell shows 0
    if isinstance(result, float) and (math.isnan(result) or math.isinf(result)):
        raise FormulaError("#NUM!")
    return result
