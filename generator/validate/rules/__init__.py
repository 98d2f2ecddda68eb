"""The checks beyond the schema, each keyed by its catalogue code. A rule receives a dossier that
already passed its schema (so required fields are there and well typed) and yields Issues.
`RULES` maps code → (forms or None for all, function); the meta-test holds it to the catalogue."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.validate import calendar
from generator.validate.catalogue import Issue


@dataclass(frozen=True, slots=True)
class Context:
    form: str
    today: dt.date


RuleFn = Callable[[dict[str, Any], Context], Iterator[Issue]]
RULES: dict[str, tuple[frozenset[str] | None, RuleFn]] = {}


def rule(code: str, forms: list[str] | None = None) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        RULES[code] = (frozenset(forms) if forms else None, fn)
        return fn

    return register


def date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def unknown_calendar(deadline: calendar.Deadline, pointer: str) -> Issue:
    """The finding for a date that only the missing holiday schedule could judge."""
    return Issue(
        "calendar-unknown",
        pointer,
        {
            "year": deadline.missing_year,
            "covered": calendar.covered_years(),
            "earliest": deadline.earliest.isoformat(),
            "latest": deadline.latest.isoformat(),
        },
    )


def run(form: str, data: dict[str, Any], context: Context) -> Iterator[Issue]:
    for fn in _for_form(form):
        yield from fn(data, context)


@functools.cache
def _for_form(form: str) -> tuple[RuleFn, ...]:
    """The rules that apply to a form, in registration order (asked once all are loaded)."""
    load_all()
    return tuple(fn for forms, fn in RULES.values() if forms is None or form in forms)


def load_all() -> None:
    """Import the rule modules so that they register (once; a cheap check after that)."""
    global _LOADED
    if _LOADED:
        return
    from generator.validate.rules import (  # noqa: F401
        acceptance,
        approval,
        classified,
        common,
        declaration,
        estimate,
        funds,
        scope,
    )

    _LOADED = True


_LOADED = False
