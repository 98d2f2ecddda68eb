"""What the schema asks of a dossier as it stands: the fields required now, evaluating each
conditional part (`if`/`then`) against the data with the schema engine, so the page marks a field
required exactly when the validator would report it missing."""

from __future__ import annotations

from typing import Any

from generator import spec
from generator.blank import resolve
from generator.validate.schema_check import pointer
from generator.validate.schema_engine import accepts


def required_now(form_id: str, data: Any) -> list[str]:
    """JSON pointers of every field that the schema requires of this data."""
    found: list[str] = []
    _object(spec.schema(form_id), data, (), set(), found)
    return found


def _object(
    node: dict[str, Any],
    value: Any,
    path: tuple[str | int, ...],
    extra: set[str],
    found: list[str],
) -> None:
    node = resolve(node)
    if not isinstance(value, dict):
        return
    required = set(node.get("required", [])) | extra
    nested: dict[str, set[str]] = {}
    for branch in node.get("allOf", []):
        if "if" in branch and accepts(branch["if"], value):
            then = branch.get("then", {})
            required.update(then.get("required", []))
            for key, sub in then.get("properties", {}).items():
                nested.setdefault(key, set()).update(sub.get("required", []))
    for key, prop in node.get("properties", {}).items():
        here = (*path, key)
        if key in required:
            found.append(pointer(here))
        target = resolve(prop)
        child = value.get(key)
        if target.get("type") == "object" or "properties" in target:
            _object(target, child, here, nested.get(key, set()), found)
        elif target.get("type") == "array" and isinstance(child, list):
            items = resolve(target.get("items", {}))
            if "properties" in items:
                for i, item in enumerate(child):
                    _object(items, item, (*here, i), set(), found)
