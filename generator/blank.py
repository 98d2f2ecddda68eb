"""Blank JSON templates: every field of a form laid out with an empty value, for a unit to fill.

Strings start as "", every other value as null, arrays with one blank element; the `$schema` line
is filled in so an editor offers completion at once. Templates live in forms/<form>/template.json
and a test fails, naming `make templates`, when one drifts from its schema.
"""

from __future__ import annotations

from typing import Any

from generator import spec


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local or defs.schema.json $ref (the only kinds the spec uses)."""
    ref = node.get("$ref")
    if ref is None:
        return node
    # "defs.schema.json#/$defs/x" from a form and "#/$defs/x" inside defs both land in defs.
    _, _, pointer = ref.partition("#")
    target: Any = spec.defs_schema()
    for part in pointer.strip("/").split("/"):
        target = target[part]
    merged = {**resolve(target), **{k: v for k, v in node.items() if k != "$ref"}}
    return merged


def blank_value(node: dict[str, Any]) -> Any:
    node = resolve(node)
    if "const" in node:
        return node["const"]
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return {key: blank_value(sub) for key, sub in node.get("properties", {}).items()}
    if kind == "array":
        items = node.get("items", {})
        return (
            [blank_value(items)] if isinstance(items, dict) and "enum" not in resolve(items) else []
        )
    if kind == "string":
        return ""
    return None


def template(form_id: str) -> dict[str, Any]:
    value = blank_value(spec.schema(form_id))
    assert isinstance(value, dict)
    return value
