"""Working days: the State Council schedule (chinesecalendar) with Guangxi's overlay from
spec/calendar/guangxi.yaml (壮族三月三). A year that neither covers raises CalendarUnknown, which
the checks turn into a clear finding instead of a guess."""

from __future__ import annotations

import datetime as dt
import functools

from generator import spec


class CalendarUnknown(Exception):
    def __init__(self, year: int, covered: str) -> None:
        super().__init__(year)
        self.year = year
        self.covered = covered


@functools.cache
def _overlay() -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    for entry in spec.calendar_overlay()["years"].values():
        holidays.update(dt.date.fromisoformat(str(d)) for d in entry.get("holidays", []))
        workdays.update(dt.date.fromisoformat(str(d)) for d in entry.get("workdays", []))
    return frozenset(holidays), frozenset(workdays)


def covered_years() -> str:
    import chinese_calendar

    years = sorted({d.year for d in chinese_calendar.holidays})
    return f"{years[0]}–{years[-1]} 年"


@functools.lru_cache(maxsize=8192)
def is_workday(day: dt.date) -> bool:
    import chinese_calendar

    holidays, workdays = _overlay()
    if day in workdays:
        return True
    if day in holidays:
        return False
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise CalendarUnknown(day.year, covered_years()) from None


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The day on which `count` working days after `start` have passed (start itself not counted)."""
    day = start
    while count > 0:
        if day == dt.date.max:
            raise CalendarUnknown(dt.MAXYEAR + 1, covered_years())
        day += dt.timedelta(days=1)
        if is_workday(day):
            count -= 1
    return day


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


def period_end(start: dt.date, months: int) -> dt.date:
    """Last day of a period of `months` from `start`; moved to the next working day when it falls
    on a rest day or holiday (民法典第二百零三条)."""
    end = add_months(start, months)
    while not is_workday(end) and end < dt.date.max:
        end += dt.timedelta(days=1)
    return end
