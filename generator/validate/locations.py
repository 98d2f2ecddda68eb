"""Where in a form a shared definition is used (every place a `uscc` or an `attachment` can stand),
read once from the schema, and the values at those places in a dossier. Checks visit just those
places instead of walking the whole document."""

from __future__ import annotations

import functools
from typing import Any

from generator import spec
from generator.blank import resolve

Pattern = tuple[str, ...]  # "*" stands for every element of a list


def _collect(node: dict[str, Any], name: str, path: Pattern, found: list[Pattern]) -> None:
    if str(node.get("$ref", "")).endswith(f"/{name}"):
        found.append(path)
        return
    target = resolve(node)
    for key, prop in target.get("properties", {}).items():
        _collect(prop, name, (*path, key), found)
    items = target.get("items")
    if isinstance(items, dict):
        _collect(items, name, (*path, "*"), found)


@functools.cache
def patterns(form_id: str, name: str) -> tuple[Pattern, ...]:
    """Every path at which the form uses `$defs/<name>`."""
    found: list[Pattern] = []
    _collect(spec.schema(form_id), name, (), found)
    return tuple(found)


def values(data: Any, pattern: Pattern) -> list[tuple[tuple[str | int, ...], Any]]:
    """(path, value) for each place in `data` matching `pattern`, in document order."""
    found: list[tuple[tuple[str | int, ...], Any]] = []
    _values(data, pattern, 0, (), found)
    return found


def _values(
    node: Any,
    pattern: Pattern,
    depth: int,
    path: tuple[str | int, ...],
    found: list[tuple[tuple[str | int, ...], Any]],
) -> None:
    # A plain loop down the named keys; only a "*" branches (patterns are a few parts long).
    end = len(pattern)
    while depth < end:
        part = pattern[depth]
        if part == "*":
            if type(node) is list:
                for i, item in enumerate(node):
                    _values(item, pattern, depth + 1, (*path, i), found)
            return
        if type(node) is not dict or part not in node:
            return
        node = node[part]
        path = (*path, part)
        depth += 1
    found.append((path, node))


def find(form_id: str, data: Any, name: str) -> list[tuple[tuple[str | int, ...], Any]]:
    """(path, value) for every place the form uses `$defs/<name>`."""
    found: list[tuple[tuple[str | int, ...], Any]] = []
    for pattern in patterns(form_id, name):
        _values(data, pattern, 0, (), found)
    return found
