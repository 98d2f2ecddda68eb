"""Schema validation with jsonschema-rs, and the turning of its errors into Chinese findings by
keyword: the field's title, never the engine's English message as the main text. For anyOf/oneOf
the most useful branch error (the deepest, then the first) stands for the whole."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import jsonschema_rs

from generator import spec
from generator.blank import resolve
from generator.validate import fields
from generator.validate.catalogue import Issue, words

_TYPES = {
    "string": words("字符串", "a string"),
    "integer": words("整数", "an integer"),
    "number": words("数字", "a number"),
    "boolean": words("true 或 false", "true or false"),
    "object": words("对象", "an object"),
    "array": words("数组", "an array"),
    "null": words("null", "null"),
}


@functools.cache
def _registry() -> Any:
    return jsonschema_rs.Registry(list(spec.all_schemas().items()))


@functools.cache
def validator(form_id: str) -> Any:
    return jsonschema_rs.validator_for(
        spec.schema(form_id), registry=_registry(), validate_formats=True
    )


def pointer(path: list[str | int] | tuple[str | int, ...]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def check(form_id: str, data: dict[str, Any]) -> Iterator[Issue]:
    v = validator(form_id)
    if v.is_valid(data):
        return
    # One finding per place: an empty date breaks both its pattern and its format.
    seen: set[str] = set()
    for error in v.iter_errors(data):
        issue = _issue(form_id, _best(error))
        if issue.pointer not in seen:
            seen.add(issue.pointer)
            yield issue


def _best(error: Any) -> Any:
    """Descend anyOf/oneOf to the deepest branch error: the one that got furthest into the data."""
    context = getattr(error.kind, "context", None)
    while context:
        branch_errors = [e for branch in context for e in branch]
        if not branch_errors:
            break
        error = max(branch_errors, key=lambda e: len(e.instance_path))
        context = getattr(error.kind, "context", None)
    return error


def _describe(value: Any) -> str | dict[str, str]:
    if isinstance(value, str):
        return f"“{value[:40]}”" if value else words("空字符串", "an empty string")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return _TYPES["object"]
    if isinstance(value, list):
        return _TYPES["array"]
    return str(value)


def _either(options: list[dict[str, str]]) -> dict[str, str]:
    return words("或".join(o["zh"] for o in options), " or ".join(o["en"] for o in options))


def _issue(form_id: str, error: Any) -> Issue:
    path = list(error.instance_path)
    where = pointer(path)
    kind = error.kind
    name = type(kind).__name__
    value = error.instance
    if name == "Required":
        key = str(kind.property)
        return Issue(
            "schema-required",
            pointer([*path, key]),
            {"missing": fields.property_title(form_id, path, key), "key": key},
        )
    if name == "Type":
        expected = _either([_TYPES.get(str(t), words(str(t), str(t))) for t in kind.types])
        return Issue("schema-type", where, {"expected": expected, "found": _describe(value)})
    if name == "Enum":
        options = [f"“{o}”" for o in kind.options]  # joined the report language's way
        return Issue("schema-enum", where, {"found": _describe(value), "options": options})
    if name == "Constant":
        value_text = kind.expected_value
        return Issue(
            "schema-value",
            where,
            {"detail": words(f"必须为 {value_text}", f"it must be {value_text}")},
        )
    if name == "Pattern":
        return Issue(
            "schema-pattern", where, {"found": _describe(value), "hint": _hint(form_id, path)}
        )
    if name == "Format":
        return Issue("schema-format", where, {"found": _describe(value)})
    if name in ("AdditionalProperties", "UnevaluatedProperties"):
        unexpected = [str(u) for u in getattr(kind, "unexpected", [])]
        return Issue(
            "schema-additional", where, {"unexpected": unexpected, "key": "、".join(unexpected)}
        )
    if name in ("MinLength", "MaxLength"):
        limit = kind.limit
        bound = (
            words(f"至少 {limit} 个字", f"at least {limit} characters")
            if name == "MinLength"
            else words(f"不超过 {limit} 个字", f"at most {limit} characters")
        )
        return Issue("schema-length", where, {"bound": bound})
    if name in ("Minimum", "Maximum", "ExclusiveMinimum", "ExclusiveMaximum"):
        zh, en = {
            "Minimum": ("不小于", "at least"),
            "Maximum": ("不大于", "at most"),
            "ExclusiveMinimum": ("大于", "more than"),
            "ExclusiveMaximum": ("小于", "less than"),
        }[name]
        return Issue(
            "schema-range",
            where,
            {"found": _describe(value), "bound": words(f"{zh} {kind.limit}", f"{en} {kind.limit}")},
        )
    if name in ("MinItems", "MaxItems", "UniqueItems"):
        limit = getattr(kind, "limit", "")
        problem = {
            "MinItems": words(f"至少需要 {limit} 项", f"needs at least {limit} entries"),
            "MaxItems": words(f"最多 {limit} 项", f"takes at most {limit} entries"),
            "UniqueItems": words("中有重复的条目", "has the same entry twice"),
        }[name]
        return Issue("schema-items", where, {"problem": problem})
    return Issue("schema-value", where, {"detail": error.message})


def _hint(form_id: str, path: list[Any]) -> str:
    """The field's own description explains its format better than the regular expression."""
    node: Any = spec.schema(form_id)
    for part in path:
        node = fields._step(node, str(part))
        if node is None:
            return ""
    target = resolve({"$ref": node["$ref"]}) if "$ref" in node else node
    return str(target.get("description", ""))
