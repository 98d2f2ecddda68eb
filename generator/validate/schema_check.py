"""Schema validation (schema_engine: jsonschema-rs or python-jsonschema), and the turning of its
errors into Chinese findings by keyword: the field's title, never the engine's English message as
the main text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator import spec
from generator.blank import resolve
from generator.validate import fields
from generator.validate.catalogue import Issue, words
from generator.validate.schema_engine import SchemaError, engine

_TYPES = {
    "string": words("字符串", "a string"),
    "integer": words("整数", "an integer"),
    "number": words("数字", "a number"),
    "boolean": words("true 或 false", "true or false"),
    "object": words("对象", "an object"),
    "array": words("数组", "an array"),
    "null": words("null", "null"),
}

# Where one place breaks several keywords, the finding names the most basic: a wrong type before
# a wrong value, a value outside the list before a malformed one, then format before pattern (an
# empty date breaks both). The order does not depend on the engine.
_PRIORITY = {
    k: i
    for i, k in enumerate(
        [
            "type",
            "const",
            "enum",
            "required",
            "format",
            "pattern",
            "minLength",
            "maxLength",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minItems",
            "maxItems",
            "uniqueItems",
            "additionalProperties",
            "unevaluatedProperties",
        ]
    )
}


def validator(form_id: str) -> Any:
    """The compiled engine for a form (built once)."""
    return engine(form_id)


def pointer(path: list[str | int] | tuple[str | int, ...]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def check(form_id: str, data: dict[str, Any]) -> Iterator[Issue]:
    v = engine(form_id)
    if v.is_valid(data):
        return
    # One finding per place, the most basic of the place's problems, in the order places are
    # first met.
    best: dict[str, tuple[int, Issue]] = {}
    for error in v.errors(data):
        issue = _issue(form_id, error)
        rank = _PRIORITY.get(error.keyword, len(_PRIORITY))
        held = best.get(issue.pointer)
        if held is None or rank < held[0]:
            best[issue.pointer] = (rank, issue)
    for _, issue in best.values():
        yield issue


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


def _issue(form_id: str, error: SchemaError) -> Issue:
    path = list(error.path)
    where = pointer(path)
    keyword = error.keyword
    value = error.instance
    detail = error.detail
    if keyword == "required":
        key = str(detail)
        return Issue(
            "schema-required",
            pointer([*path, key]),
            {"missing": fields.property_title(form_id, path, key), "key": key},
        )
    if keyword == "type":
        expected = _either([_TYPES.get(str(t), words(str(t), str(t))) for t in detail])
        return Issue("schema-type", where, {"expected": expected, "found": _describe(value)})
    if keyword == "enum":
        options = [f"“{o}”" for o in detail]  # joined the report language's way
        return Issue("schema-enum", where, {"found": _describe(value), "options": options})
    if keyword == "const":
        return Issue(
            "schema-value",
            where,
            {"detail": words(f"必须为 {detail}", f"it must be {detail}")},
        )
    if keyword == "pattern":
        return Issue(
            "schema-pattern", where, {"found": _describe(value), "hint": _hint(form_id, path)}
        )
    if keyword == "format":
        return Issue("schema-format", where, {"found": _describe(value)})
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        unexpected = [str(u) for u in detail or ()]
        return Issue(
            "schema-additional", where, {"unexpected": unexpected, "key": "、".join(unexpected)}
        )
    if keyword in ("minLength", "maxLength"):
        bound = (
            words(f"至少 {detail} 个字", f"at least {detail} characters")
            if keyword == "minLength"
            else words(f"不超过 {detail} 个字", f"at most {detail} characters")
        )
        return Issue("schema-length", where, {"bound": bound})
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        zh, en = {
            "minimum": ("不小于", "at least"),
            "maximum": ("不大于", "at most"),
            "exclusiveMinimum": ("大于", "more than"),
            "exclusiveMaximum": ("小于", "less than"),
        }[keyword]
        return Issue(
            "schema-range",
            where,
            {"found": _describe(value), "bound": words(f"{zh} {detail}", f"{en} {detail}")},
        )
    if keyword in ("minItems", "maxItems", "uniqueItems"):
        problem = {
            "minItems": words(f"至少需要 {detail} 项", f"needs at least {detail} entries"),
            "maxItems": words(f"最多 {detail} 项", f"takes at most {detail} entries"),
            "uniqueItems": words("中有重复的条目", "has the same entry twice"),
        }[keyword]
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
