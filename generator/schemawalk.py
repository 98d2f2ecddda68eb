"""Reading the form schemas for people: the conditions under which a field is required, in words.
Shared by the portal's field tables and the printed forms."""

from __future__ import annotations

from typing import Any

from generator.blank import resolve


def conditions(schema: dict[str, Any]) -> dict[str, str]:
    """Property key (or parent.child) → the condition, in words, under which it is required."""
    words: dict[str, str] = {}
    for branch in schema.get("allOf", []):
        cond, then = branch.get("if", {}), branch.get("then", {})
        condition = condition_words(schema, cond)
        for key in then.get("required", []):
            words[key] = condition
        for key, sub in then.get("properties", {}).items():
            for inner in sub.get("required", []):
                words[f"{key}.{inner}"] = condition
    return words


def condition_words(schema: dict[str, Any], cond: dict[str, Any]) -> str:
    for key, sub in cond.get("properties", {}).items():
        if "const" in sub:
            title = resolve(schema.get("properties", {}).get(key, {})).get("title", key)
            value = {True: "是", False: "否"}.get(sub["const"], sub["const"])
            return f"“{title}”为“{value}”"
        inner = sub.get("properties", {})
        for inner_key, inner_sub in inner.items():
            parent = resolve(schema.get("properties", {}).get(key, {}))
            title = resolve(parent.get("properties", {}).get(inner_key, {})).get("title", inner_key)
            value = {True: "是", False: "否"}.get(inner_sub.get("const"), inner_sub.get("const"))
            return f"“{title}”为“{value}”"
    return "满足条件"


def option_label(node: dict[str, Any], value: Any) -> str:
    """How a closed-list value reads for people: its name from the schema's x-enum-titles
    (行政区划 450702 → 钦南区), 是/否 for booleans, else the value itself."""
    titles = resolve(node).get("x-enum-titles") or {}
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(titles.get(str(value), value))
