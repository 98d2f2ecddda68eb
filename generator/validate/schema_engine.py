"""The schema engine behind schema_check: jsonschema-rs where it has a build (fast), otherwise
python-jsonschema, which is pure Python and so also runs in the browser (Pyodide) and on machines
without a jsonschema-rs wheel (loongarch64, say). Both engines are reduced to the same plain
SchemaError records, and both use this module's date format check and ECMA-262 pattern anchors,
so a dossier gets the same findings whichever engine ran. SZQZ_SCHEMA_ENGINE=python chooses the
pure-Python engine where both are installed (the parity tests do)."""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from generator import spec

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_date(value: object) -> bool:
    """A real calendar date written YYYY-MM-DD (RFC 3339 full-date), year 0001 or later."""
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


FORMATS: dict[str, Callable[[Any], bool]] = {"date": is_date}


@dataclass(frozen=True, slots=True)
class SchemaError:
    """One failed keyword: where (instance path), what value, and the keyword's own detail —
    the missing property (required), the allowed types (type), the options (enum), the expected
    value (const), the limit (min/max…), the unexpected properties (additionalProperties)."""

    keyword: str
    path: tuple[str | int, ...]
    instance: Any
    detail: Any
    message: str


class Engine:
    name = ""

    def is_valid(self, data: Any) -> bool:
        raise NotImplementedError

    def errors(self, data: Any) -> Iterator[SchemaError]:
        raise NotImplementedError


_RS_KEYWORDS = {
    "Required": "required",
    "Type": "type",
    "Enum": "enum",
    "Constant": "const",
    "Pattern": "pattern",
    "Format": "format",
    "AdditionalProperties": "additionalProperties",
    "UnevaluatedProperties": "unevaluatedProperties",
    "MinLength": "minLength",
    "MaxLength": "maxLength",
    "Minimum": "minimum",
    "Maximum": "maximum",
    "ExclusiveMinimum": "exclusiveMinimum",
    "ExclusiveMaximum": "exclusiveMaximum",
    "MinItems": "minItems",
    "MaxItems": "maxItems",
    "UniqueItems": "uniqueItems",
}


class _Rust(Engine):
    name = "jsonschema-rs"

    def __init__(self, form_id: str) -> None:
        import jsonschema_rs

        registry = _rs_registry()
        self._validator = jsonschema_rs.validator_for(
            spec.schema(form_id), registry=registry, validate_formats=True, formats=FORMATS
        )

    def is_valid(self, data: Any) -> bool:
        return bool(self._validator.is_valid(data))

    def errors(self, data: Any) -> Iterator[SchemaError]:
        for error in self._validator.iter_errors(data):
            kind: Any = error.kind
            keyword = _RS_KEYWORDS.get(type(kind).__name__, type(kind).__name__)
            detail: Any = None
            if keyword == "required":
                detail = str(kind.property)
            elif keyword == "type":
                detail = tuple(str(t) for t in kind.types)
            elif keyword == "enum":
                detail = tuple(kind.options)
            elif keyword == "const":
                detail = kind.expected_value
            elif keyword in ("additionalProperties", "unevaluatedProperties"):
                detail = tuple(str(u) for u in getattr(kind, "unexpected", []))
            elif hasattr(kind, "limit"):
                detail = kind.limit
            yield SchemaError(
                keyword, tuple(error.instance_path), error.instance, detail, str(error.message)
            )


@functools.cache
def _rs_registry() -> Any:
    import jsonschema_rs

    return jsonschema_rs.Registry(list(spec.all_schemas().items()))


def ecma_pattern(pattern: str) -> str:
    """The pattern with ECMA-262's meaning of `$` (end of text) for Python's re, where a bare `$`
    also matches before a final newline."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "$" and not in_class:
            ch = r"\Z"
        out.append(ch)
        i += 1
    return "".join(out)


class _Python(Engine):
    name = "python-jsonschema"

    def __init__(self, form_id: str) -> None:
        import jsonschema

        checker = jsonschema.FormatChecker(formats=())
        for name, fn in FORMATS.items():
            checker.checks(name)(fn)
        base = jsonschema.Draft202012Validator
        validators = dict(base.VALIDATORS)
        validators["pattern"] = _pattern
        cls = jsonschema.validators.extend(base, validators)
        schema = spec.schema(form_id)
        options: dict[str, Any] = {"format_checker": checker}
        if "registry" in inspect.signature(base).parameters:  # python-jsonschema 4.18 and later
            from referencing import Registry, Resource

            options["registry"] = Registry().with_resources(
                (uri, Resource.from_contents(doc)) for uri, doc in spec.all_schemas().items()
            )
        else:  # before 4.18 (the browser's): a RefResolver
            options["resolver"] = jsonschema.RefResolver.from_schema(
                schema, store=spec.all_schemas()
            )
        self._validator = cls(schema, **options)

    def is_valid(self, data: Any) -> bool:
        return bool(self._validator.is_valid(data))

    def errors(self, data: Any) -> Iterator[SchemaError]:
        for error in self._validator.iter_errors(data):
            yield from _py_errors(error)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(ecma_pattern(pattern))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    import jsonschema

    if isinstance(instance, str) and not _compiled(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def _py_errors(error: Any) -> Iterator[SchemaError]:
    keyword = str(error.validator)
    path = tuple(error.absolute_path)
    instance = error.instance
    value = error.validator_value
    detail: Any = None
    if keyword == "required":
        # One error per missing property, each with the whole list: name them all, in order;
        # schema_check keeps one finding per place.
        for name in value:
            if isinstance(instance, dict) and name not in instance:
                yield SchemaError(keyword, path, instance, str(name), str(error.message))
        return
    if keyword == "type":
        detail = (value,) if isinstance(value, str) else tuple(value)
    elif keyword == "enum":
        detail = tuple(value)
    elif keyword == "const":
        detail = value
    elif keyword == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        patterns = [re.compile(p) for p in error.schema.get("patternProperties", {})]
        detail = tuple(
            k for k in instance if k not in known and not any(p.search(k) for p in patterns)
        )
    elif keyword in (
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minItems",
        "maxItems",
    ):
        detail = value
    yield SchemaError(keyword, path, instance, detail, str(error.message))


def _choice() -> str:
    wanted = os.environ.get("SZQZ_SCHEMA_ENGINE", "")
    if wanted == "python":
        return "python"
    try:
        import jsonschema_rs  # noqa: F401
    except ImportError:
        return "python"
    return "rust"


@functools.cache
def engine(form_id: str) -> Engine:
    return _Python(form_id) if _choice() == "python" else _Rust(form_id)


def engine_name() -> str:
    """Which engine checks schemas here, for `szqz --version`."""
    return _Python.name if _choice() == "python" else _Rust.name


@functools.cache
def _condition(text: str) -> Any:
    import json

    schema = json.loads(text)
    if _choice() == "python":
        import jsonschema

        return jsonschema.Draft202012Validator(schema)
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema)


def accepts(subschema: dict[str, Any], instance: Any) -> bool:
    """Whether a self-contained subschema (an `if` condition) accepts the instance."""
    import json

    return bool(_condition(json.dumps(subschema, sort_keys=True)).is_valid(instance))
