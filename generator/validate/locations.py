"""Where in a form a shared definition is used (every place a `uscc` or an `attachment` can stand),
read once from the schema, and the values at those places in a dossier. Checks visit just those
places instead of walking the whole document."""

from __future__ import annotations

import functools
from collections.abc import Iterator
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


def values(data: Any, pattern: Pattern) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """(path, value) for each place in `data` matching `pattern`."""
    stack: list[tuple[Any, int, tuple[str | int, ...]]] = [(data, 0, ())]
    while stack:
        node, depth, path = stack.pop()
        if depth == len(pattern):
            yield path, node
            continue
        part = pattern[depth]
        if part == "*":
            if isinstance(node, list):
                for i in range(len(node) - 1, -1, -1):
                    stack.append((node[i], depth + 1, (*path, i)))
        elif isinstance(node, dict) and part in node:
            stack.append((node[part], depth + 1, (*path, part)))


def find(form_id: str, data: Any, name: str) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    for pattern in patterns(form_id, name):
        yield from values(data, pattern)
