"""Working days and the deadlines that rest on them. The State Council schedule comes from the
chinesecalendar package, extended (or corrected) by years an administrator adds as data in
spec/calendar/national.yaml; Guangxi's 壮族三月三 comes from spec/calendar/guangxi.yaml. An
installed copy reads files of the same names from the folder that SZQZ_CALENDAR_DIR names, so a
year can be added without touching the installation. A deadline is decided without the schedule
wherever the schedule cannot change the answer (on or before the plain end date: in time; after
the latest end the schedule could give: late); only a date between the two needs a year the data
may lack, and then the answer is None and the missing year is named."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import spec

ENV_DIR = "SZQZ_CALENDAR_DIR"
DAY = dt.timedelta(days=1)


class CalendarUnknown(Exception):
    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


@dataclass(frozen=True)
class Year:
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]


@dataclass(frozen=True)
class Data:
    national: dict[int, Year]  # years added as data (over the package's)
    regional: dict[int, Year]
    regional_from: int  # from this year on, a year without a regional entry is not known
    longest_rest_run: int
    working_day_margins: dict[int, tuple[int, int]]  # count → (days earlier, days later)


def _years(doc: dict[str, Any] | None) -> dict[int, Year]:
    found: dict[int, Year] = {}
    for year, entry in ((doc or {}).get("years") or {}).items():
        found[int(year)] = Year(
            frozenset(dt.date.fromisoformat(str(d)) for d in entry.get("holidays") or []),
            frozenset(dt.date.fromisoformat(str(d)) for d in entry.get("workdays") or []),
        )
    return found


def _local(name: str) -> dict[str, Any] | None:
    """The administrator's file of this name in SZQZ_CALENDAR_DIR, if there is one."""
    folder = os.environ.get(ENV_DIR)
    if not folder:
        return None
    path = Path(folder) / name
    return spec.load_yaml(path) if path.is_file() else None


@functools.cache
def data() -> Data:
    national_doc, regional_doc = spec.calendar_national(), spec.calendar_overlay()
    national = {**_years(national_doc), **_years(_local("national.yaml"))}
    regional = {**_years(regional_doc), **_years(_local("guangxi.yaml"))}
    bounds = national_doc["bounds"]
    return Data(
        national=national,
        regional=regional,
        regional_from=int(regional_doc["required_from"]),
        longest_rest_run=int(bounds["longest_rest_run"]),
        working_day_margins={
            int(m["count"]): (int(m["earlier"]), int(m["later"]))
            for m in bounds["working_day_margins"]
        },
    )


@functools.cache
def package_years() -> range:
    import chinese_calendar

    years = {d.year for d in chinese_calendar.holidays}
    return range(min(years), max(years) + 1)


def national_years() -> list[int]:
    return sorted(set(package_years()) | set(data().national))


def known(year: int) -> bool:
    d = data()
    national = year in d.national or year in package_years()
    return national and (year in d.regional or year < d.regional_from)


def _spans(years: list[int]) -> str:
    spans: list[str] = []
    for y in years:
        if spans and spans[-1].endswith(f"–{y - 1}"):
            spans[-1] = spans[-1].rsplit("–", 1)[0] + f"–{y}"
        elif spans and spans[-1] == str(y - 1):
            spans[-1] = f"{y - 1}–{y}"
        else:
            spans.append(str(y))
    return "、".join(spans)


def covered_years() -> dict[str, str]:
    """The years the data covers, for messages: the national schedule and Guangxi's overlay."""
    national, regional = _spans(national_years()), _spans(sorted(data().regional))
    return {
        "zh": f"国务院节假日安排 {national} 年，广西“壮族三月三” {regional} 年",
        "en": f"State Council schedule {national}, Guangxi Sanyuesan {regional}".replace(
            "、", ", "
        ),
    }


@functools.lru_cache(maxsize=8192)
def is_workday(day: dt.date) -> bool:
    if not known(day.year):
        raise CalendarUnknown(day.year)
    d = data()
    regional = d.regional.get(day.year)
    if regional is not None:
        if day in regional.workdays:
            return True
        if day in regional.holidays:
            return False
    national = d.national.get(day.year)
    if national is not None:
        if day in national.workdays:
            return True
        if day in national.holidays:
            return False
        return day.weekday() < 5
    import chinese_calendar

    return bool(chinese_calendar.is_workday(day))


def plus(day: dt.date, days: int) -> dt.date:
    """`days` days after `day`, or 9999-12-31 when that is later: the calendar has no later day."""
    try:
        return day + DAY * days
    except OverflowError:
        return dt.date.max


def _advance(start: dt.date, count: int, counts: Callable[[dt.date], bool]) -> dt.date:
    day = start
    while count > 0 and day < dt.date.max:
        day += DAY
        if counts(day):
            count -= 1
    return day


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The day on which `count` working days after `start` have passed (start itself not counted)."""
    return _advance(start, count, is_workday)


def add_weekdays(start: dt.date, count: int) -> dt.date:
    """As add_working_days, counting Monday to Friday as working days and nothing else."""
    return _advance(start, count, lambda day: day.weekday() < 5)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same-numbered day `months` later, or that month's last day (民法典第二百零二条). A period
    that would end after 9999-12-31 ends on that day: the calendar has no later one."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass(frozen=True)
class Deadline:
    """The last day of a period: `exact` when the schedule is known, else only its bounds (the
    real last day lies between `earliest` and `latest`) and the year the data lacks."""

    plain: dt.date
    earliest: dt.date
    latest: dt.date
    exact: dt.date | None
    missing_year: int | None

    def shown(self) -> dict[str, str]:
        if self.exact is not None:
            return {"zh": self.exact.isoformat(), "en": self.exact.isoformat()}
        return {
            "zh": f"{self.plain.isoformat()}（遇休息日顺延，最迟 {self.latest.isoformat()}）",
            "en": f"{self.plain.isoformat()} (later if a rest day, {self.latest.isoformat()} "
            "at the latest)",
        }


def judge(deadline: Deadline, day: dt.date) -> bool | None:
    """True when `day` is in time, False when late, None when only the missing schedule can tell."""
    if deadline.exact is not None:
        return day <= deadline.exact
    if day <= deadline.earliest:
        return True
    if day > deadline.latest:
        return False
    return None


def _roll(day: dt.date) -> dt.date:
    while not is_workday(day) and day < dt.date.max:
        day += DAY
    return day


def fixed_day(day: dt.date) -> Deadline:
    """A last day the text names (9月30日, the end of half a year), moved to the next working day
    when it is a rest day or holiday (民法典第二百零三条)."""
    latest = plus(day, data().longest_rest_run)
    try:
        return Deadline(day, day, latest, _roll(day), None)
    except CalendarUnknown as exc:
        return Deadline(day, day, latest, None, exc.year)


def months_after(start: dt.date, months: int) -> Deadline:
    """The last day of a period of `months` from `start` (民法典第二百零一条至第二百零三条)."""
    return fixed_day(add_months(start, months))


def working_days_after(start: dt.date, count: int) -> Deadline:
    """The last day of `count` working days from `start`. Without the schedule, the bounds are
    the weekday count moved by the margins that spec/calendar/national.yaml records for `count`
    (a count it has no margins for is bounded only below, by `count` calendar days)."""
    plain = add_weekdays(start, count)
    margins = data().working_day_margins.get(count)
    earliest = plain - DAY * margins[0] if margins else plus(start, count)
    latest = plus(plain, margins[1]) if margins else dt.date.max
    try:
        return Deadline(plain, earliest, latest, add_working_days(start, count), None)
    except CalendarUnknown as exc:
        return Deadline(plain, earliest, latest, None, exc.year)
