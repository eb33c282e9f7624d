"""Checks requests against Google's own discovery document for Sheets v4.

The document ships with google-api-python-client, so the emulator knows every field and enum
of the real API without copying it::

    body = check_body("BatchUpdateSpreadsheetRequest", payload)        # or raises ApiError 400
    body = check_body("ValueRange", payload, prefix="data")            # values.update's body
    query = check_query("sheets.spreadsheets.values.update", {"valueInputOption": ["RAW"]})
    check_mask("Spreadsheet", fieldmask.parse("sheets.properties.title"))

``check_body`` returns the body normalised as Google reads it: ``null`` fields dropped and
snake_case names (``sheet_id``), which protobuf JSON also accepts, turned into camelCase.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from importlib import resources
from typing import Any

from . import fieldmask
from .errors import ApiError

_PROTO_PACKAGE = "type.googleapis.com/google.apps.sheets.v4."
_SCALAR_TYPES = {
    ("string", None): "TYPE_STRING",
    ("string", "int64"): "TYPE_INT64",
    ("string", "uint64"): "TYPE_UINT64",
    ("string", "byte"): "TYPE_BYTES",
    ("integer", "int32"): "TYPE_INT32",
    ("integer", "uint32"): "TYPE_UINT32",
    ("number", "double"): "TYPE_DOUBLE",
    ("number", "float"): "TYPE_FLOAT",
    ("boolean", None): "TYPE_BOOL",
}
# Parameters every Google API method accepts besides its own.
_GLOBAL_PARAMETERS_EXTRA = {"$.xgafv", "alt", "callback", "fields", "key", "access_token"}


@cache
def document() -> dict[str, Any]:
    """The installed discovery document (googleapiclient/discovery_cache/documents/)."""
    path = resources.files("googleapiclient").joinpath(
        "discovery_cache", "documents", "sheets.v4.json"
    )
    return json.loads(path.read_text(encoding="utf-8"))


def schema(name: str) -> dict[str, Any]:
    return document()["schemas"][name]


@cache
def methods() -> dict[str, dict[str, Any]]:
    """Every method by its id, e.g. ``sheets.spreadsheets.values.update``."""
    found: dict[str, dict[str, Any]] = {}

    def walk(resource: dict[str, Any]) -> None:
        for method in resource.get("methods", {}).values():
            found[method["id"]] = method
        for child in resource.get("resources", {}).values():
            walk(child)

    walk(document())
    return found


def snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 200 else text[:197] + "..."


class _Checker:
    def __init__(self) -> None:
        self.unknown: list[tuple[str, str]] = []  # (name, at path)
        self.invalid: list[tuple[str, str]] = []  # (path, message)

    def bad_value(self, path: str, type_name: str, value: Any) -> None:
        self.invalid.append((path, f"Invalid value at '{path}' ({type_name}), {_show(value)}"))

    def check(self, value: Any, spec: dict[str, Any], path: str) -> Any:
        if value is None:
            return None
        if "$ref" in spec:
            return self.message(value, spec["$ref"], path)
        kind = spec.get("type")
        if kind == "array":
            return self.array(value, spec, path)
        if kind == "object":
            return self.mapping(value, spec, path)
        if kind == "any":
            return value
        return self.scalar(value, spec, path)

    def message(self, value: Any, name: str, path: str) -> Any:
        if not isinstance(value, dict):
            self.bad_value(path, _PROTO_PACKAGE + name, value)
            return None
        properties = schema(name).get("properties", {})
        normalised: dict[str, Any] = {}
        for key, item in value.items():
            field = key if key in properties else camel(key)
            if field not in properties:
                self.unknown.append((key, path))
                continue
            checked = self.check(item, properties[field], _join(path, snake(field)))
            if checked is not None:
                normalised[field] = checked
        return normalised

    def mapping(self, value: Any, spec: dict[str, Any], path: str) -> Any:
        if not isinstance(value, dict):
            self.bad_value(path, "type.googleapis.com/google.protobuf.Struct", value)
            return None
        inner = spec.get("additionalProperties")
        if inner is None:
            return value
        return {key: self.check(item, inner, f"{path}[{key!r}]") for key, item in value.items()}

    def array(self, value: Any, spec: dict[str, Any], path: str) -> Any:
        items = spec.get("items", {})
        if not isinstance(value, list):
            self.bad_value(path, _type_name(items), value)
            return None
        result = []
        for index, item in enumerate(value):
            checked = self.check(item, items, f"{path}[{index}]")
            if items.get("type") == "any" and isinstance(item, dict | list):
                self.invalid.append((path, f"Invalid {path}[{index}]: {_show(item)}"))
            result.append(checked)
        return result

    def scalar(self, value: Any, spec: dict[str, Any], path: str) -> Any:
        kind, fmt = spec.get("type"), spec.get("format")
        type_name = "TYPE_ENUM" if "enum" in spec else _type_name(spec)
        if "enum" in spec:
            if value not in spec["enum"]:
                self.bad_value(path, type_name, value)
                return None
            return value
        if kind == "boolean":
            if not isinstance(value, bool):
                self.bad_value(path, type_name, value)
                return None
            return value
        if kind == "integer" or fmt in ("int64", "uint64"):
            number = _as_integer(value)
            if number is None:
                self.bad_value(path, type_name, value)
                return None
            return str(number) if kind == "string" else number
        if kind == "number":
            number = _as_number(value)
            if number is None:
                self.bad_value(path, type_name, value)
                return None
            return number
        if not isinstance(value, str):
            self.bad_value(path, type_name, value)
            return None
        return value


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _type_name(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return _PROTO_PACKAGE + spec["$ref"]
    if spec.get("type") in ("array", "any"):
        return "type.googleapis.com/google.protobuf.ListValue"
    return _SCALAR_TYPES.get((spec.get("type"), spec.get("format")), "TYPE_STRING")


def _as_integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return None


def _as_number(value: Any) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if not math.isnan(number) or value == "NaN" else None
    return None


def check_body(schema_name: str, body: Any, prefix: str = "") -> dict[str, Any]:
    """Validate a request body against a discovery schema; return it normalised.

    ``prefix`` is the name Google gives the body inside its request message (``data`` for
    values.update), which appears in its error paths.
    """
    checker = _Checker()
    if not isinstance(body, dict):
        raise ApiError.invalid(
            f"Invalid JSON payload received. Expected an object for '{prefix or 'body'}'."
        )
    normalised = checker.message(body, schema_name, prefix)
    if checker.unknown:
        lines = []
        violations = []
        for name, path in checker.unknown:
            at = f" at '{path}'" if path else ""
            text = f'Invalid JSON payload received. Unknown name "{name}"{at}: Cannot find field.'
            lines.append(text)
            violations.append((path, text))
        raise ApiError.invalid("\n".join(lines), violations)
    if checker.invalid:
        raise ApiError.invalid(
            "\n".join(message for _, message in checker.invalid), checker.invalid
        )
    return normalised


def check_query(method_id: str, query: dict[str, list[str]]) -> dict[str, Any]:
    """Validate query parameters against the method; return {name: value} with types applied.

    Repeated parameters (``ranges``) stay lists; booleans accept any letter case, as Google
    does (gspread sends ``False``).
    """
    method = methods()[method_id]
    declared = {
        name: spec
        for name, spec in method.get("parameters", {}).items()
        if spec.get("location") == "query"
    }
    global_parameters = document().get("parameters", {})
    result: dict[str, Any] = {}
    for name, values in query.items():
        spec = declared.get(name) or global_parameters.get(name)
        if spec is None and name not in _GLOBAL_PARAMETERS_EXTRA:
            raise ApiError.invalid(
                f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query '
                f"parameter. Field '{name}' could not be found in request message."
            )
        spec = spec or {"type": "string"}
        parsed = [_query_value(name, value, spec) for value in values]
        result[name] = parsed if spec.get("repeated") else parsed[-1]
    return result


def _query_value(name: str, value: str, spec: dict[str, Any]) -> Any:
    path = snake(name)
    if "enum" in spec and value not in spec["enum"]:
        raise ApiError.invalid(f"Invalid value at '{path}' (TYPE_ENUM), {_show(value)}")
    if spec.get("type") == "boolean":
        lowered = value.lower()
        if lowered not in ("true", "false", "1", "0"):
            raise ApiError.invalid(f"Invalid value at '{path}' (TYPE_BOOL), {_show(value)}")
        return lowered in ("true", "1")
    if spec.get("type") == "integer":
        number = _as_integer(value)
        if number is None:
            raise ApiError.invalid(f"Invalid value at '{path}' (TYPE_INT32), {_show(value)}")
        return number
    return value


def check_mask(schema_name: str, tree: fieldmask.Tree) -> str | None:
    """The first path of ``tree`` that names no field of the schema, or None if all do."""
    properties = schema(schema_name).get("properties", {})
    for name, sub in tree.items():
        if name == "*":
            continue
        spec = properties.get(name)
        if spec is None:
            return name
        while spec.get("type") == "array":
            spec = spec.get("items", {})
        if sub and "$ref" in spec:
            bad = check_mask(spec["$ref"], sub)
            if bad:
                return f"{name}.{bad}"
    return None
