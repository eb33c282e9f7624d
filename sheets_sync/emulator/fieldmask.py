"""Field masks: the ``fields`` query parameter and the ``fields`` of update requests.

Google's syntax: comma-separated paths, ``.`` or ``/`` between names, parentheses for
sub-selections, ``*`` for everything::

    tree = parse("spreadsheetId,sheets.properties(sheetId,title)")
    select({"spreadsheetId": "x", "sheets": [{"properties": {...}, "data": [...]}]}, tree)
    paths(parse("gridProperties/rowCount,title"))   # [("gridProperties", "rowCount"), ("title",)]
    assign(target, source, ("gridProperties", "rowCount"))   # copy one path, or clear it
"""

from __future__ import annotations

import copy
from typing import Any

Tree = dict[str, "Tree"]
"""A parsed mask: each name maps to its sub-selection; an empty dict selects everything."""


class MaskError(ValueError):
    """The mask text does not parse."""


def parse(text: str) -> Tree:
    text = text.replace(" ", "")
    found: list[tuple[str, ...]] = []
    position = _parse_list(text, 0, (), found)
    if position != len(text) or not found:
        raise MaskError(text)
    return _tree(found)


def _parse_list(text: str, position: int, prefix: tuple[str, ...], found: list) -> int:
    while True:
        position = _parse_item(text, position, prefix, found)
        if position < len(text) and text[position] == ",":
            position += 1
            continue
        return position


def _parse_item(text: str, position: int, prefix: tuple[str, ...], found: list) -> int:
    start = position
    while position < len(text) and text[position] not in ",()":
        position += 1
    names = tuple(text[start:position].replace("/", ".").split("."))
    if any(not name for name in names):
        raise MaskError(text)
    if position < len(text) and text[position] == "(":
        position = _parse_list(text, position + 1, (*prefix, *names), found)
        if position >= len(text) or text[position] != ")":
            raise MaskError(text)
        return position + 1
    found.append((*prefix, *names))
    return position


def _tree(found: list[tuple[str, ...]]) -> Tree:
    """Paths -> tree; a shorter path selecting a whole object wins over longer ones below it."""
    tree: Tree = {}
    for path in sorted(found, key=len):
        node = tree
        for depth, name in enumerate(path):
            last = depth == len(path) - 1
            if name in node and not node[name]:
                break  # already selected whole
            node = node.setdefault(name, {})
            if last:
                node.clear()
    return tree


def select(value: Any, tree: Tree) -> Any:
    """The part of a JSON value the mask selects; lists apply the mask to every item."""
    if not tree or "*" in tree:
        return value
    if isinstance(value, list):
        return [select(item, tree) for item in value]
    if not isinstance(value, dict):
        return value
    return {key: select(value[key], sub) for key, sub in tree.items() if key in value}


def paths(tree: Tree, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every leaf path of a mask, in mask order."""
    found: list[tuple[str, ...]] = []
    for name, sub in tree.items():
        if sub:
            found.extend(paths(sub, (*prefix, name)))
        else:
            found.append((*prefix, name))
    return found


def assign(target: dict[str, Any], source: dict[str, Any], path: tuple[str, ...]) -> None:
    """Set ``path`` in ``target`` to its value in ``source``, or remove it if ``source`` lacks it.

    This is how update requests apply their ``fields``: a masked field absent from the request
    is cleared.
    """
    *parents, leaf = path
    src: Any = source
    for name in parents:
        src = src.get(name) if isinstance(src, dict) else None
    dst = target
    for name in parents:
        child = dst.get(name)
        if not isinstance(child, dict):
            if not isinstance(src, dict):
                return  # nothing to set and nothing to clear below here
            child = dst[name] = {}
        dst = child
    if isinstance(src, dict) and src.get(leaf) is not None:
        dst[leaf] = copy.deepcopy(src[leaf])
    else:
        dst.pop(leaf, None)


def _is_color_field(key: str) -> bool:
    return key == "color" or key.endswith("Color")


def prune(value: Any) -> Any:
    """Drop keys whose value is None or an empty object, as Google never returns them; an
    empty colour stays (``{}`` is black, and Google returns it)."""
    if isinstance(value, dict):
        cleaned = {}
        for key, item in value.items():
            item = prune(item)
            if item is None or (item == {} and not _is_color_field(key)):
                continue
            cleaned[key] = item
        return cleaned
    if isinstance(value, list):
        return [prune(item) for item in value]
    return value
