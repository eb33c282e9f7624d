"""Colours as Google returns them: every colour field with its ``*Style`` twin.

The Sheets API keeps two spellings of one colour: the old ``Color`` field (``backgroundColor``,
``foregroundColor``, ``tabColor``, a border's ``color``, ...) and its ``ColorStyle`` twin
(``backgroundColorStyle``, ...), which may name a theme colour instead of an RGB one. Whatever
a request set, Google answers with both; the style wins when a request set both::

    with_style_twins({"backgroundColor": {"red": 1}})
    # {"backgroundColor": {"red": 1}, "backgroundColorStyle": {"rgbColor": {"red": 1}}}
    with_style_twins({"backgroundColorStyle": {"themeColor": "ACCENT1"}}, theme)
    # {"backgroundColor": {...ACCENT1's rgb...}, "backgroundColorStyle": {"themeColor": "ACCENT1"}}

It works on any JSON shape (a ``CellFormat``, ``TextFormat``, ``SheetProperties``, a
conditional format rule, a border, ...) and returns a new value; the argument is not changed.
"""

from __future__ import annotations

from typing import Any

_CHANNELS = frozenset(("red", "green", "blue", "alpha"))


def _is_color(value: Any) -> bool:
    """A ``Color`` (``{}`` is black), as opposed to a ``ColorStyle`` or anything else."""
    return isinstance(value, dict) and set(value) <= _CHANNELS


def _is_style(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= {"rgbColor", "themeColor"}


def _is_plain(key: str) -> bool:
    """A colour field's name (``rgbColor`` is the inside of a style, not a field with a twin)."""
    return key == "color" or (key.endswith("Color") and key != "rgbColor")


def theme_colors(theme: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """``{"ACCENT1": Color, ...}`` from a ``SpreadsheetTheme``."""
    found: dict[str, dict[str, Any]] = {}
    for pair in (theme or {}).get("themeColors", []):
        rgb = (pair.get("color") or {}).get("rgbColor")
        if "colorType" in pair and rgb is not None:
            found[pair["colorType"]] = rgb
    return found


def with_style_twins(value: Any, theme: dict[str, Any] | None = None) -> Any:
    """``value`` with each colour field beside its ``*Style`` twin (see the module docstring);
    ``theme`` (a ``SpreadsheetTheme``) gives theme colours their RGB value."""
    return _twin(value, theme_colors(theme) if theme else {})


def _twin(value: Any, themes: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, list):
        return [_twin(item, themes) for item in value]
    if not isinstance(value, dict):
        return value
    result: dict[str, Any] = {}
    resolved: dict[str, dict[str, Any]] = {}  # plain colours a style gives; applied last
    for key, item in value.items():
        if not isinstance(item, dict | list):
            result[key] = item
        elif _is_color(item) and _is_plain(key):
            result[key] = dict(item)
            if f"{key}Style" not in value:
                result[f"{key}Style"] = {"rgbColor": dict(item)}
        elif key.endswith("Style") and _is_style(item) and _is_plain(key[: -len("Style")]):
            result[key] = _twin(item, themes)
            rgb = item.get("rgbColor")
            if rgb is None:
                rgb = themes.get(item.get("themeColor", ""))
            if rgb is not None:
                resolved[key[: -len("Style")]] = dict(rgb)
        else:
            result[key] = _twin(item, themes)
    # The style wins: the old field always shows what the style resolves to.
    result.update(resolved)
    return result


def paired_paths(paths: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Field-mask paths with each colour's twin added: Google keeps one colour under two
    names, so writing either spelling (``tabColor``, ``backgroundColorStyle.rgbColor``)
    replaces both. Assign them from a source that went through ``with_style_twins``."""
    result: list[tuple[str, ...]] = []
    for path in paths:
        if path not in result:
            result.append(path)
        for index, name in enumerate(path):
            if _is_plain(name):
                twin = f"{name}Style"
            elif name.endswith("Style") and _is_plain(name[: -len("Style")]):
                twin = name[: -len("Style")]
            else:
                continue
            # The whole colour on both sides: a part of one spelling is not a part of the other.
            for whole in (path[: index + 1], (*path[:index], twin)):
                if whole not in result:
                    result.append(whole)
            break
    return result
