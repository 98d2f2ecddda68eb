"""The Chinese title of the field at an instance path, read from the form's schema (following
$ref, allOf and conditional branches), so findings name fields as the printed form does."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from generator import spec
from generator.blank import resolve

# Between the titles of nested fields. Plain ASCII: a report printed on a Chinese Windows console
# is encoded as GBK, which has no › (U+203A).
SEPARATOR = " > "


def _children(node: dict[str, Any]) -> list[dict[str, Any]]:
    node = resolve(node)
    found = [node]
    for key in ("allOf",):
        for sub in node.get(key, []):
            found.extend(_children(sub))
    for key in ("then", "else"):
        if isinstance(node.get(key), dict):
            found.extend(_children(node[key]))
    return found


def _step(node: dict[str, Any], part: str | int) -> dict[str, Any] | None:
    for candidate in _children(node):
        if isinstance(part, int) or part.isdigit():
            items = candidate.get("items")
            if isinstance(items, dict):
                return items
        else:
            prop = candidate.get("properties", {}).get(part)
            if isinstance(prop, dict) and "title" in prop:
                return prop
    return None


@functools.cache
def _title(form_id: str, path: tuple[str, ...]) -> str:
    node: dict[str, Any] | None = spec.schema(form_id)
    titles: list[str] = []
    for part in path:
        if node is None:
            break
        node = _step(node, part)
        if node is not None:
            title = node.get("title") or resolve(node).get("title")
            if part.isdigit():
                titles.append(f"第 {int(part) + 1} 项")
            elif title:
                titles.append(str(title))
    return SEPARATOR.join(titles) if titles else str(spec.schema(form_id)["title"])


@functools.cache
def _articles(form_id: str, path: tuple[str, ...]) -> tuple[str, ...]:
    node: dict[str, Any] | None = spec.schema(form_id)
    found: tuple[str, ...] = ()  # not the form's own articles: those are a heading, not a rule
    for part in path:
        if node is None:
            break
        # Inside a shared definition marked x-cite: holder (a document, a report, an
        # attachment...), a field that names no article rests on the field holding it.
        inherit = resolve(node).get("x-cite") == "holder"
        node = _step(node, part)
        if node is None:
            continue
        named = node.get("x-article")
        if named:
            found = tuple(named)
        elif named == [] and not inherit:
            found = ()
    return found


def articles(form_id: str, path: Sequence[str]) -> tuple[str, ...]:
    """The articles a finding about the field at `path` cites: the field's own; none when it
    names none (a contact, a signature); the holding field's for the parts of a shared
    definition marked x-cite: holder (a document's date cites what the document is for)."""
    return _articles(form_id, tuple(path))


def title(form_id: str | None, path: Sequence[str | int]) -> str:
    if form_id is None:
        return "整个文件"
    return _title(form_id, tuple(str(p) for p in path))


def property_title(form_id: str, path: Sequence[str | int], name: str) -> str:
    """Title of the member `name` of the object at `path` (for a missing required field)."""
    full = title(form_id, [*path, name])
    return full.rsplit(SEPARATOR, 1)[-1]
