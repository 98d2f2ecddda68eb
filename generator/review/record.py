"""What the reviewer's reports keep of one dossier: the project it concerns (code, name, unit),
the dates the regulation's deadlines run from, a few numbers (budget year, quarter) and the total
investment — a few hundred bytes, made in the worker that checked the dossier, so that the main
process never holds a dossier. Every value is untrusted and may be of any type (a dossier that
failed its schema is recorded too): only well-formed dates, small integers and money survive, and
text is cut to a bounded length."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from generator import money

TEXT_LIMIT = 200  # characters kept of a name: enough to tell projects apart, bounded
LISTED_LIMIT = 200  # projects kept of one budget-execution report

# Where each form keeps the dates that deadlines run from: (record key, path in the dossier).
DATES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "declaration": (
        ("declared_on", ("submitted_on",)),
        ("planned_end", ("project", "planned_end")),
    ),
    "approval": (
        ("approval_on", ("submitted_on",)),
        ("planned_end", ("project", "planned_end")),
    ),
    "fund-application": (("fund_on", ("submitted_on",)),),
    "adjustment": (("adjustment_on", ("submitted_on",)),),
    "acceptance-application": (
        ("completed_on", ("project", "completed_on")),
        ("applied_on", ("submitted_on",)),
        ("extension_granted", ("extension", "approved_until")),
    ),
    "acceptance-extension": (
        ("completed_on", ("project", "completed_on")),
        ("extension_on", ("submitted_on",)),
        ("extension_requested", ("requested_until",)),
    ),
    "acceptance-filing": (
        ("accepted_on", ("accepted_on",)),
        ("filed_on", ("submitted_on",)),
    ),
    "fund-use-quarterly": (("quarterly_on", ("submitted_on",)),),
    "budget-execution": (("budget_on", ("submitted_on",)),),
    "progress-schedule": (
        ("planned_end", ("project", "planned_end")),
        ("progress_on", ("reporting_date",)),
    ),
}
YEARS, QUARTERS, PERCENT = range(1900, 3000), range(1, 5), range(101)
NUMBERS: dict[str, tuple[tuple[str, tuple[str, ...], range], ...]] = {
    "declaration": (("budget_year", ("budget_year",), YEARS),),
    "fund-application": (("fund_year", ("fund_year",), YEARS),),
    "fund-use-quarterly": (("year", ("year",), YEARS), ("quarter", ("quarter",), QUARTERS)),
    "budget-execution": (("year", ("year",), YEARS),),
    "progress-schedule": (("percent", ("percent_complete",), PERCENT),),
}
# The total investment each form states, in the order a later figure replaces an earlier one.
TOTALS: dict[str, tuple[int, tuple[str, ...]]] = {
    "declaration": (1, ("investment", "total")),
    "progress-schedule": (2, ("project", "total_investment")),
    "approval": (3, ("project", "total_investment")),
    "adjustment": (4, ("adjusted_total",)),
    "acceptance-application": (5, ("project", "total_investment")),
}
# The stage each form belongs to, in the order a project goes through them.
STAGES = (
    "declaration",
    "approval",
    "fund-application",
    "adjustment",
    "progress-schedule",
    "fund-use-quarterly",
    "budget-execution",
    "acceptance-extension",
    "acceptance-application",
    "acceptance-filing",
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(slots=True)
class Record:
    form: str
    code: str | None
    name: str | None
    unit: str | None
    uscc: str | None
    dates: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    total: tuple[int, str] | None = None  # (rank, money text): see TOTALS
    listed: tuple[tuple[str | None, str | None], ...] = ()  # budget-execution: (code, name)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Positional fields: records cross from the worker processes by pickle.
        return (
            Record,
            (
                self.form,
                self.code,
                self.name,
                self.unit,
                self.uscc,
                self.dates,
                self.numbers,
                self.total,
                self.listed,
            ),
        )


def text(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    return value if len(value) <= TEXT_LIMIT else value[: TEXT_LIMIT - 1] + "…"


def date(value: object) -> str | None:
    """An ISO date that names a real day, as its text; anything else is None."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value


def number(value: object, allowed: range) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        return None
    return value


def _at(data: Any, path: tuple[str, ...]) -> object:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def record(form: str, data: dict[str, Any]) -> Record:
    project = data.get("project")
    unit = data.get("unit")
    rec = Record(
        form=form,
        code=text(_at(project, ("code",))),
        name=text(_at(project, ("name",))),
        unit=text(_at(unit, ("name",))),
        uscc=text(_at(unit, ("uscc",))),
    )
    for key, path in DATES.get(form, ()):
        found = date(_at(data, path))
        if found is not None:
            rec.dates[key] = found
    for key, path, allowed in NUMBERS.get(form, ()):
        value = number(_at(data, path), allowed)
        if value is not None:
            rec.numbers[key] = value
    if form == "declaration" and data.get("declaration_type") != "年度申报":
        rec.numbers.pop("budget_year", None)  # a special declaration has no budget-year deadline
    if form in TOTALS:
        rank, path = TOTALS[form]
        amount = _at(data, path)
        if form == "approval":
            amount = _at(data, ("investment_estimate", "total")) or amount
        if money.parse(amount) is not None:
            rec.total = (rank, text(str(amount)) or "")
    if form == "budget-execution" and isinstance(data.get("projects"), list):
        rec.listed = tuple(
            (text(p.get("code")), text(p.get("name")))
            for p in data["projects"][:LISTED_LIMIT]
            if isinstance(p, dict)
        )
    return rec
