"""Reading the form schemas for people: the fields of a form as a tree (titles, help, kinds, closed
lists with their names), and the conditions under which a field is required, in words. Shared by
the portal's field tables, the printed forms and the fill pages."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class Field:
    """One field of a form as people meet it: its title, help text and articles, what kind of
    value it takes, whether it is always required or under which condition (in words), and its
    members (an object's fields, an array's item)."""

    key: str
    title: str
    description: str
    articles: tuple[str, ...]
    kind: str  # object, array, attachment, text, textarea, money, date, enum, multi, boolean,
    # integer, number, const
    required: bool = False
    condition: str = ""
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for enum and multi
    const: Any = None
    max_length: int | None = None
    children: list[Field] = field(default_factory=list)
    item: Field | None = None


LONG_TEXT = 500  # strings that may be longer than this are written in a text area


def _kind(prop: dict[str, Any]) -> str:
    ref = str(prop.get("$ref", ""))
    target = resolve(prop)
    if ref.endswith("/attachment"):
        return "attachment"
    if ref.endswith("/money"):
        return "money"
    if "const" in target:
        return "const"
    if "enum" in target:
        return "enum"
    kind = target.get("type")
    if kind == "object" or "properties" in target:
        return "object"
    if kind == "array":
        return "multi" if "enum" in resolve(target.get("items", {})) else "array"
    if kind == "string":
        if target.get("format") == "date":
            return "date"
        return "textarea" if int(target.get("maxLength") or 0) > LONG_TEXT else "text"
    return str(kind or "text")


def _field(key: str, prop: dict[str, Any], required: bool, condition: str) -> Field:
    target = resolve(prop)
    kind = _kind(prop)
    options: tuple[tuple[str, str], ...] = ()
    if kind in ("enum", "multi"):
        source = target if kind == "enum" else resolve(target["items"])
        options = tuple((str(v), option_label(source, v)) for v in source["enum"])
    node = Field(
        key=key,
        title=str(prop.get("title") or target.get("title") or key),
        description=str(prop.get("description") or target.get("description") or ""),
        articles=tuple(prop.get("x-article") or target.get("x-article") or ()),
        kind=kind,
        required=required,
        condition=condition,
        options=options,
        const=target.get("const"),
        max_length=target.get("maxLength"),
    )
    if kind in ("object", "attachment"):
        node.children = members(target)
    elif kind == "array":
        items = target.get("items", {})
        node.item = _field("", items, True, "")
    return node


def members(node: dict[str, Any], inherited: dict[str, str] | None = None) -> list[Field]:
    """The fields of an object schema, in the schema's order, each with when it is required."""
    node = resolve(node)
    required = set(node.get("required", []))
    conditional = {**(inherited or {}), **conditions(node)}
    found: list[Field] = []
    for key, prop in node.get("properties", {}).items():
        child = _field(key, prop, key in required, conditional.get(key, ""))
        nested = {k.split(".", 1)[1]: v for k, v in conditional.items() if k.startswith(f"{key}.")}
        if nested and child.children:
            for member in child.children:
                if member.key in nested and not member.required:
                    member.condition = nested[member.key]
        found.append(child)
    return found


def form_fields(form_id: str) -> list[Field]:
    """Every field of a form, nested as the form is."""
    from generator import spec

    return members(spec.schema(form_id))
