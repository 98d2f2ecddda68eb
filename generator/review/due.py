"""What the regulation asks of a project next, and by when, read from the dossiers received (the
ledger's project rows) on a given day:

- 申请验收 (第二十二条第二款): within half a year of completion — the same deadline the
  acceptance checks apply; a unit that cannot apply in time asks for an extension before then.
  Before completion, the planned end date gives an estimate, marked as one.
- 验收备案 (第二十三条): after the acceptance; the regulation sets no time.
- 资金使用情况季报 (第二十七条): every quarter while the project is under way (approved, funded,
  adjusted or reporting) and not yet filed as accepted. The regulation sets no due day: the spec's
  setting `quarterly_report_due_day` (days after the quarter ends) has no default, and while it
  is unset the report says so instead of inventing one.
- 年度预算执行情况 (第二十七条): at the end of each year the project is under way, that is by
  31 December (a point in the year, not a period that a holiday extends).
- 年度申报 (第七条): next year's projects by 9月30日 — for every unit, shown once.

Deadlines come from the working-day calendar (generator.validate.calendar), so a year whose
holiday schedule is missing gives bounds, not a guess."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.review.ledger import Project
from generator.validate import calendar, catalogue
from generator.validate.catalogue import words
from generator.validate.rules import acceptance, declaration

SOON_DAYS = 30  # "due soon": within a month of the day the report is for
# The order a reader wants them in: late first, then what only the calendar could tell, …
STATUSES = ("overdue", "unknown", "soon", "later", "open")
STATUS_WORDS = {
    "overdue": words("已逾期", "overdue"),
    "unknown": words("取决于节假日安排", "depends on the holiday schedule"),
    "soon": words(f"{SOON_DAYS} 天内到期", f"due within {SOON_DAYS} days"),
    "later": words("未到期", "not yet due"),
    "open": words("未规定日期", "no date set"),
}
# Each obligation: what is due, the article that imposes it and the words that do.
OBLIGATIONS = {
    "acceptance": (
        words(
            "申请验收（不能按期的，期限届满前申请延期验收）",
            "apply for acceptance (or an extension before the deadline)",
        ),
        "art22-p2",
        "项目建设完成后半年内，项目建设单位应当按照有关规定向市大数据发展局申请组织验收",
    ),
    "acceptance-extended": (
        words("申请验收（已申请延期）", "apply for acceptance (extension asked for)"),
        "art22-p2",
        "项目建设单位不能按期申请验收的，应当向市大数据发展局提出延期验收申请",
    ),
    "filing": (
        words("报送验收报告备案", "file the acceptance report"),
        "art23",
        "项目验收完成后，建设单位应当将验收报告等材料报市大数据发展局备案",
    ),
    "quarterly": (
        words("报送资金使用情况季报", "report the use of funds for the quarter"),
        "art27",
        "项目建设单位按季度向市大数据发展局、市财政局报送建设资金使用情况",
    ),
    "year-end": (
        words("报送年度预算执行情况", "report the year's budget execution"),
        "art27",
        "年底向市财政局报送预算执行情况",
    ),
    "declaration": (
        words(
            "报送下一年度拟建项目（年度申报）", "declare next year's projects (annual declaration)"
        ),
        "art7",
        "须在每年9月30日前，将下一年度拟建的“数字钦州”建设项目报送市大数据发展局",
    ),
}


@dataclass(frozen=True)
class Due:
    kind: str  # a key of OBLIGATIONS
    deadline: calendar.Deadline | None
    status: str  # one of STATUSES
    note: dict[str, str]  # which period, what it rests on, in both languages
    estimated: bool = False  # from a planned date, not a recorded one

    @property
    def what(self) -> dict[str, str]:
        return OBLIGATIONS[self.kind][0]

    @property
    def article(self) -> str:
        return OBLIGATIONS[self.kind][1]

    @property
    def day(self) -> dt.date | None:
        """The day to show and sort by: the last day where known, else the plain one."""
        if self.deadline is None:
            return None
        return self.deadline.exact or self.deadline.plain

    def shown(self, lang: str) -> str:
        if self.deadline is None:
            return "—"
        text = self.deadline.shown()[lang]
        if self.estimated:
            text += "（预计）" if lang == "zh" else " (estimate)"
        return text

    def sort_key(self) -> tuple[int, dt.date]:
        return (STATUSES.index(self.status), self.day or dt.date.max)


def status(deadline: calendar.Deadline | None, on: dt.date) -> str:
    if deadline is None:
        return "open"
    verdict = calendar.judge(deadline, on)
    if verdict is False:
        return "overdue"
    if verdict is None:
        return "unknown"
    last = deadline.exact or deadline.plain
    return "soon" if (last - on).days <= SOON_DAYS else "later"


def _due(
    kind: str,
    deadline: calendar.Deadline | None,
    on: dt.date,
    note: dict[str, str],
    estimated: bool = False,
) -> Due:
    return Due(kind, deadline, status(deadline, on), note, estimated)


def on_day(day: dt.date) -> calendar.Deadline:
    """A deadline that is a named day and stays one (no rest-day shift)."""
    return calendar.Deadline(day, day, day, day, None)


def quarterly_due_day() -> int | None:
    """Days after a quarter's end by which its report is due: the spec's setting, which the
    regulation leaves open and so has no default."""
    value = catalogue.settings()["quarterly_report_due_day"].get("default")
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _quarter_end(index: int) -> dt.date:
    year, quarter = divmod(index, 4)
    return calendar.add_months(dt.date(year, 1, 1), (quarter + 1) * 3) - calendar.DAY


def _iso(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def for_project(p: Project, on: dt.date) -> list[Due]:
    items: list[Due] = []
    applied = "acceptance-application" in p.forms
    accepted = "acceptance-filing" in p.forms
    active = p.first_active is not None or applied or accepted
    completed = p.dates.get("completed_on")
    if not applied and not accepted:
        if completed:
            items.append(_acceptance(p, completed, on))
        elif active and p.dates.get("planned_end"):
            planned = p.dates["planned_end"]
            items.append(
                _due(
                    "acceptance",
                    acceptance.deadline(planned),
                    on,
                    words(f"按计划完成日期 {planned} 推算", f"from the planned end, {planned}"),
                    estimated=True,
                )
            )
    if applied and not accepted:
        items.append(
            _due(
                "filing",
                None,
                on,
                words("验收完成后报送；本办法未规定期限", "after the acceptance; no time is set"),
            )
        )
    if active and not accepted and p.first_active:
        items.append(_quarterly(p, p.first_active, on))
    if active and p.first_active:
        year = max((p.last_budget_year or 0) + 1, _iso(p.first_active).year)
        accepted_on = p.dates.get("accepted_on")
        if not (accepted and accepted_on and year > _iso(accepted_on).year):
            items.append(
                _due(
                    "year-end",
                    on_day(dt.date(year, 12, 31)),
                    on,
                    words(f"{year} 年度，年底报送", f"for {year}, at the year's end"),
                )
            )
    return sorted(items, key=Due.sort_key)


def _acceptance(p: Project, completed: str, on: dt.date) -> Due:
    due = acceptance.deadline(completed)
    later = max(p.dates.get("extension_granted", ""), p.dates.get("extension_requested", ""))
    if later and _iso(later) > due.plain:
        granted = p.dates.get("extension_granted") == later
        return _due(
            "acceptance-extended",
            on_day(_iso(later)),
            on,
            words(
                f"{completed} 建设完成，原期限 {due.shown()['zh']}；"
                + (
                    f"已同意延期至 {later}"
                    if granted
                    else f"已申请延期至 {later}，以同意延期的日期为准"
                ),
                f"completed {completed}, deadline {due.shown()['en']}; "
                + (
                    f"extended to {later}"
                    if granted
                    else f"extension to {later} asked for, subject to approval"
                ),
            ),
        )
    return _due(
        "acceptance",
        due,
        on,
        words(f"{completed} 建设完成，半年内申请", f"completed {completed}; within half a year"),
    )


def _quarterly(p: Project, first_active: str, on: dt.date) -> Due:
    start = _iso(first_active)
    index = start.year * 4 + (start.month - 1) // 3
    if p.last_quarter is not None:
        index = max(index, p.last_quarter + 1)
    year, quarter = divmod(index, 4)
    end = _quarter_end(index)
    days = quarterly_due_day()
    period = words(f"{year} 年第 {quarter + 1} 季度", f"Q{quarter + 1} {year}")
    if days is not None:
        note = words(
            f"{period['zh']}，季度结束后 {days} 日内",
            f"{period['en']}, {days} days after the quarter",
        )
        return _due("quarterly", calendar.fixed_day(calendar.plus(end, days)), on, note)
    ended = end < on
    return _due(
        "quarterly",
        None,
        on,
        words(
            f"{period['zh']}（{'已于 ' + end.isoformat() + ' 结束，尚未收到' if ended else end.isoformat() + ' 结束后报送'}）；"
            "本办法未规定报送日期（规范设置 quarterly_report_due_day 未设定）",
            f"{period['en']} ({'ended ' + end.isoformat() + ', not received' if ended else 'after ' + end.isoformat()}); "
            "the regulation sets no due day (setting quarterly_report_due_day is unset)",
        ),
    )


def general(on: dt.date) -> list[Due]:
    """What is due of every unit: the next annual declaration (第七条)."""
    budget_year = on.year + 1
    deadline = declaration.annual_deadline(budget_year)
    if calendar.judge(deadline, on) is False:
        budget_year += 1
        deadline = declaration.annual_deadline(budget_year)
    note = words(f"{budget_year} 年度拟建项目", f"projects for {budget_year}")
    return [_due("declaration", deadline, on, note)]


LAST = (len(STATUSES), dt.date.max)  # where a project with nothing due sorts


def schedule(projects: list[Project], on: dt.date) -> tuple[list[int], list[Due | None]]:
    """The order a deadlines table lists the projects in (the most pressing first) and each
    project's next deadline, in one pass that keeps no project's full list: a writer asks
    for_project again as it writes each one."""
    keys: list[tuple[tuple[int, dt.date], int]] = []
    nexts: list[Due | None] = []
    for i, p in enumerate(projects):
        items = for_project(p, on)
        keys.append((items[0].sort_key() if items else LAST, i))
        nexts.append(next_due(items))
    keys.sort()
    return [i for _, i in keys], nexts


def next_due(items: list[Due]) -> Due | None:
    """The item a projects table shows: the most pressing dated one, else the first."""
    dated = [i for i in items if i.deadline is not None]
    return min(dated, key=Due.sort_key) if dated else (items[0] if items else None)
