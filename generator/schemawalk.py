"""Reading the form schemas for people: the fields of a form as a tree (titles, help, kinds, closed
lists with their names), and the conditions under which a field is required, in words. Shared by
the portal's field tables, the printed forms and the fill pages."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.blank import resolve


def conditions(schema: dict[str, Any]) -> dict[str, str]:
    """Property key (or parent.child) → the condition, in words, under which it is required. A
    field required under several conditions reads all of them (“调整方式”为“调整申请”或
    “报市人民政府同意后重新报批”)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for branch in schema.get("allOf", []):
        cond, then = branch.get("if", {}), branch.get("then", {})
        condition = _condition(schema, cond)
        keys = list(then.get("required", []))
        for key, sub in then.get("properties", {}).items():
            keys += [f"{key}.{inner}" for inner in sub.get("required", [])]
        for key in keys:
            if condition not in found.setdefault(key, []):
                found[key].append(condition)
    return {key: _either(conds) for key, conds in found.items()}


def _either(conds: list[tuple[str, str]]) -> str:
    """(title, value) conditions joined by 或, each field named once."""
    by_title: dict[str, list[str]] = {}
    for title, value in conds:
        by_title.setdefault(title, []).append(value)
    return "或".join(
        f"“{title}”为" + "或".join(f"“{v}”" for v in values) if title else values[0]
        for title, values in by_title.items()
    )


def _condition(schema: dict[str, Any], cond: dict[str, Any]) -> tuple[str, str]:
    """(field title, value as people read it) of an `if`, or ("", "满足条件") when it is not a
    field's value."""
    for key, sub in cond.get("properties", {}).items():
        node = resolve(schema.get("properties", {}).get(key, {}))
        if "const" in sub:
            return str(node.get("title", key)), option_label(node, sub["const"])
        for inner_key, inner_sub in sub.get("properties", {}).items():
            inner = resolve(node.get("properties", {}).get(inner_key, {}))
            return str(inner.get("title", inner_key)), option_label(inner, inner_sub.get("const"))
    return "", "满足条件"


def obligation(required: bool, condition: str = "", checked: bool = False) -> str:
    """How a field's obligation reads beside it on paper, on the portal and on the fill page:
    nothing for a field always required, “…时必填” for one the schema requires under a condition
    (it may be filled otherwise), 视情况 for one the schema leaves optional but a check of the
    regulation may require (`checked`: the 400 万元 threshold, documents already prepared by the
    region …), 选填 for the rest."""
    if required:
        return ""
    if condition:
        return f"{condition}时必填"
    return "视情况" if checked else "选填"


def field_note(
    form_id: str, key: str, path: str, required: set[str], conditional: dict[str, str]
) -> str:
    """The obligation of member `key` of an object whose required members and conditions are
    given; `path`: the field's keys joined by dots ([] after an array), for `field_checks`."""
    needed, condition = key in required, conditional.get(key, "")
    checked = not needed and not condition and bool(field_checks(form_id, path))
    return obligation(needed, condition, checked)


def field_checks(form_id: str, path: str) -> list[str]:
    """The rule checks that judge a field, as spec/citations.yaml names them (form:/pointer,
    * standing for any part). `path`: the field's keys joined by dots, [] after an array."""
    from generator import spec
    from generator.validate import catalogue

    pointer = f"{form_id}:/" + path.replace("[]", "").replace(".", "/")
    codes: list[str] = []
    for citation in spec.citations()["citations"]:
        if any(fnmatch.fnmatchcase(pointer, pattern) for pattern in citation.get("fields", [])):
            codes += [c for c in citation.get("checks", []) if c not in codes]
    entries = catalogue.entries()
    return [c for c in codes if c in entries and entries[c]["kind"] == "rule"]


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
    numeric: bool = False  # a closed list of integers (季度 1–4, shown 第一季度 …)
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
    numeric = False
    if kind in ("enum", "multi"):
        source = target if kind == "enum" else resolve(target["items"])
        options = tuple((str(v), option_label(source, v)) for v in source["enum"])
        numeric = all(isinstance(v, int) and not isinstance(v, bool) for v in source["enum"])
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
        numeric=numeric,
    )
    if kind in ("object", "attachment"):
        node.children = members(target)
    elif kind == "array":
        items = target.get("items", {})
        node.item = _field("", items, True, "")
    return node


def every_field(fields: list[Field]) -> Iterator[Field]:
    """Every field of a tree, depth first: members, an array's item and the item's members."""
    for f in fields:
        yield f
        yield from every_field(f.children)
        if f.item is not None:
            yield from every_field([f.item])


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
