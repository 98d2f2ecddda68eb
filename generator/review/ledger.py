"""The reviewer's ledger: the streamed results summed into what the reports show at the top — the
run's counts (the same Summary the JSON report writes, so the figures agree), findings by check,
the files that could not be read, and one small row per unit and per project. Dossiers of one
project are tied by their project code, or by unit and project name (a declaration has no code
yet); a row holds counts, the forms seen and the latest dates, never a dossier, so a run of any
length needs memory for its projects only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from generator import spec
from generator.fileio import shown
from generator.review.record import Record
from generator.validate import catalogue
from generator.validate.report import Summary
from generator.validate.results import FileResult

UNREADABLE_LIMIT = 500  # listed at the top of a report; all of them are in its findings too
UNREADABLE_KINDS = frozenset({"input", "internal"})
# The dates that show a project is under way (approved, funded, reporting or completing), hence
# owes its fund-use reports from then on.
ACTIVE_DATES = (
    "approval_on",
    "fund_on",
    "adjustment_on",
    "progress_on",
    "quarterly_on",
    "budget_on",
    "extension_on",
    "applied_on",
    "filed_on",
)
# The dates a project row keeps (the latest of each): those its deadlines run from.
KEPT_DATES = frozenset(
    {"completed_on", "planned_end", "extension_granted", "extension_requested", "accepted_on"}
)


@dataclass(slots=True)
class Tally:
    """Dossiers and findings of a unit or a project."""

    files: int = 0
    errors: int = 0
    warnings: int = 0
    with_errors: int = 0
    with_warnings: int = 0  # warnings but no error
    first_error: str | None = None  # the check code of the first error met
    first_warning: str | None = None

    def add(
        self, errors: int, warnings: int, first_error: str | None, first_warning: str | None
    ) -> None:
        self.files += 1
        self.errors += errors
        self.warnings += warnings
        self.with_errors += 1 if errors else 0
        self.with_warnings += 1 if warnings and not errors else 0
        self.first_error = self.first_error or first_error
        self.first_warning = self.first_warning or first_warning

    def merge(self, other: Tally) -> None:
        self.files += other.files
        self.errors += other.errors
        self.warnings += other.warnings
        self.with_errors += other.with_errors
        self.with_warnings += other.with_warnings
        self.first_error = self.first_error or other.first_error
        self.first_warning = self.first_warning or other.first_warning

    @property
    def worst(self) -> str:
        return "error" if self.errors else "warning" if self.warnings else "clean"

    @property
    def worst_code(self) -> str | None:
        return self.first_error or self.first_warning


@dataclass(slots=True)
class Project:
    code: str | None
    name: str | None
    unit: str | None
    uscc: str | None
    tally: Tally = field(default_factory=Tally)
    forms: dict[str, int] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)  # the latest of each kind
    first_active: str | None = None
    last_quarter: int | None = None  # year * 4 + quarter - 1 of the latest quarterly report
    last_budget_year: int | None = None
    budget_year: int | None = None  # of the latest annual declaration
    percent: int | None = None
    total: tuple[int, str] | None = None

    def take(self, rec: Record) -> None:
        form = rec.form
        self.forms[form] = self.forms.get(form, 0) + 1
        self.unit = self.unit or rec.unit
        self.uscc = self.uscc or rec.uscc
        for key, value in rec.dates.items():
            if key in KEPT_DATES and value > self.dates.get(key, ""):
                self.dates[key] = value
            if key in ACTIVE_DATES and (self.first_active is None or value < self.first_active):
                self.first_active = value
        numbers = rec.numbers
        if (
            form == "fund-use-quarterly"
            and "year" in numbers
            and 1 <= numbers.get("quarter", 0) <= 4
        ):
            index = numbers["year"] * 4 + numbers["quarter"] - 1
            self.last_quarter = max(self.last_quarter or 0, index)
        if form == "budget-execution" and "year" in numbers:
            self.last_budget_year = _max(self.last_budget_year, numbers["year"])
        if form == "declaration" and "budget_year" in numbers:
            self.budget_year = max(self.budget_year or 0, numbers["budget_year"])
        if form == "progress-schedule" and "percent" in numbers:
            self.percent = numbers["percent"]
        if rec.total is not None and (self.total is None or rec.total[0] >= self.total[0]):
            self.total = rec.total

    def merge(self, other: Project) -> None:
        self.code = self.code or other.code
        self.name = self.name or other.name
        self.unit = self.unit or other.unit
        self.uscc = self.uscc or other.uscc
        self.tally.merge(other.tally)
        for form, count in other.forms.items():
            self.forms[form] = self.forms.get(form, 0) + count
        for key, value in other.dates.items():
            if value > self.dates.get(key, ""):
                self.dates[key] = value
        self.first_active = min(
            (d for d in (self.first_active, other.first_active) if d), default=None
        )
        self.last_quarter = _max(self.last_quarter, other.last_quarter)
        self.last_budget_year = _max(self.last_budget_year, other.last_budget_year)
        self.budget_year = _max(self.budget_year, other.budget_year)
        self.percent = self.percent if self.percent is not None else other.percent
        if other.total is not None and (self.total is None or other.total[0] >= self.total[0]):
            self.total = other.total


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


@dataclass(slots=True)
class Unit:
    name: str
    uscc: str | None
    tally: Tally = field(default_factory=Tally)
    projects: int = 0  # filled in when the run is done


class Ledger:
    def __init__(self) -> None:
        self.summary = Summary(spec.version())
        self.clean = 0
        self.by_code: Counter[str] = Counter()
        self.unreadable: list[tuple[str, str]] = []  # (file, first message), the first ones
        self.unreadable_count = 0
        self.units: dict[str, Unit] = {}
        self._projects: dict[int, Project] = {}
        self._keys: dict[tuple[str, ...], int] = {}
        self._parent: dict[int, int] = {}
        self._next = 0

    def add(self, result: FileResult) -> bool:
        """Count one result; False for a skipped file (as Summary.add)."""
        if not self.summary.add(result):
            return False
        findings = result.findings
        errors = warnings = 0
        first_error = first_warning = None
        unreadable: str | None = None  # the message that says why
        for x in findings:
            self.by_code[x.code] += 1
            if x.severity == "error":
                errors += 1
                first_error = first_error or x.code
            else:
                warnings += 1
                first_warning = first_warning or x.code
            if unreadable is None and catalogue.entry(x.code)["kind"] in UNREADABLE_KINDS:
                unreadable = x.message
        self.clean += 0 if findings else 1
        if unreadable is not None:
            self.unreadable_count += 1
            if len(self.unreadable) < UNREADABLE_LIMIT:
                self.unreadable.append((shown(result.file), unreadable))
        rec = result.record
        if rec is None:
            return True
        counts = (errors, warnings, first_error, first_warning)
        if rec.unit:
            unit = self.units.get(rec.unit)
            if unit is None:
                unit = self.units[rec.unit] = Unit(rec.unit, rec.uscc)
            unit.tally.add(*counts)
        # A budget-execution report lists the unit's projects: it counts for each of them.
        for code, name in rec.listed or ((rec.code, rec.name),):
            row = self._project(code, name, rec.unit)
            if row is not None:
                row.tally.add(*counts)
                row.take(rec)
        return True

    @property
    def with_errors(self) -> int:
        return self.summary.files_with_errors

    @property
    def with_warnings(self) -> int:
        return self.summary.files - self.summary.files_with_errors - self.clean

    def _find(self, pid: int) -> int:
        root = pid
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        while pid != root:  # path halving keeps the chains short
            pid, self._parent[pid] = self._parent.get(pid, pid), root
        return root

    def _project(self, code: str | None, name: str | None, unit: str | None) -> Project | None:
        keys: list[tuple[str, ...]] = []
        if code:
            keys.append(("code", code))
        if name:
            keys.append(("name", unit or "", name))
        if not keys:
            return None
        found = sorted({self._find(self._keys[k]) for k in keys if k in self._keys})
        if not found:
            self._next += 1
            self._projects[self._next] = Project(code, name, unit, None)
            found = [self._next]
        pid = found[0]
        for other in found[1:]:  # this dossier ties two projects seen apart so far
            self._projects[pid].merge(self._projects.pop(other))
            self._parent[other] = pid
        for k in keys:
            self._keys[k] = pid
        row = self._projects[pid]
        row.code = row.code or code  # a declaration has no code yet; its approval has
        row.name = row.name or name
        return row

    def projects(self) -> list[Project]:
        """Every project, by unit, then code or name; each unit learns its project count."""
        rows = sorted(
            self._projects.values(),
            key=lambda p: (p.unit or "", p.code or "", p.name or ""),
        )
        for unit in self.units.values():
            unit.projects = 0
        for row in rows:
            if row.unit in self.units:
                self.units[row.unit].projects += 1
        return rows

    def unit_rows(self) -> list[Unit]:
        return sorted(self.units.values(), key=lambda u: (-u.tally.with_errors, u.name))
