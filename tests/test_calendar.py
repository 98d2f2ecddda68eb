"""The working-day calendar: the bounds used when a year is missing hold over every known year; a
year an administrator adds as data (in spec/calendar/ or in SZQZ_CALENDAR_DIR) is used; the
regional overlay is sound; the advice never sends anyone into the installation."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FORMS

from generator import spec
from generator.validate import calendar, catalogue
from generator.validate.engine import Options, validate_parsed
from generator.validate.reader import parse_bytes

DAY = dt.timedelta(days=1)


def _reset() -> None:
    calendar.data.cache_clear()
    calendar.is_workday.cache_clear()


@pytest.fixture
def fresh() -> Iterator[None]:
    _reset()
    yield
    _reset()


def _known_days() -> Iterator[dt.date]:
    years = [y for y in calendar.national_years() if calendar.known(y)]
    day, end = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    while day <= end:
        yield day
        day += DAY


def test_longest_rest_run_bounds_every_known_year() -> None:
    run = longest = 0
    for day in _known_days():
        run = 0 if calendar.is_workday(day) else run + 1
        longest = max(longest, run)
    assert longest <= calendar.data().longest_rest_run
    assert longest >= 9, "the bound should be the data's own longest run, not a loose guess"


@pytest.mark.parametrize("count", sorted(calendar.data().working_day_margins))
def test_working_day_margins_bound_every_known_window(count: int) -> None:
    earlier, later = calendar.data().working_day_margins[count]
    low = high = 0
    days = list(_known_days())
    for start in days[: -count * 3]:
        try:
            offset = (
                calendar.add_working_days(start, count) - calendar.add_weekdays(start, count)
            ).days
        except calendar.CalendarUnknown:
            continue
        low, high = min(low, offset), max(high, offset)
    assert -earlier <= low and high <= later, (low, high)


def test_judge_decides_outside_the_gap_only() -> None:
    start = dt.date(2026, 8, 20)  # six months end on 2027-02-20, a Saturday in a missing year
    deadline = calendar.months_after(start, 6)
    assert deadline.exact is None and deadline.missing_year == 2027
    assert calendar.judge(deadline, dt.date(2027, 2, 20)) is True
    assert calendar.judge(deadline, dt.date(2027, 2, 22)) is None
    assert calendar.judge(deadline, deadline.latest) is None
    assert calendar.judge(deadline, deadline.latest + DAY) is False


def _schedule_2027() -> dict[str, Any]:
    """A made-up 2027 for the test only: New Year on Friday 1 January, a week off in February."""
    feb = [f"2027-02-{d:02d}" for d in range(6, 14)]
    return {
        "years": {
            2027: {
                "confirmed": False,
                "holidays": ["2027-01-01", *feb, "2027-02-22"],
                "workdays": ["2027-02-20"],
            }
        }
    }


def _dossier(base: str, changes: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(json.loads((FORMS / base).read_text(encoding="utf-8")))
    for pointer, value in changes.items():
        node = data
        *parents, last = pointer.strip("/").split("/")
        for part in parents:
            node = node[part]
        node[last] = value
    return data


def _codes(data: dict[str, Any], today: str) -> set[str]:
    raw = json.dumps(data, ensure_ascii=False).encode()
    options = Options(today=dt.date.fromisoformat(today), jobs=1)
    result = validate_parsed("x.json", parse_bytes(raw, 1 << 20), options, on_disk=False)
    return {f.code for f in result.findings}


LATE_IN_THE_GAP = {"/project/completed_on": "2026-08-20", "/submitted_on": "2027-02-23"}


def test_without_2027_a_date_in_the_gap_is_not_judged(fresh: None) -> None:
    data = _dossier("acceptance-application/example.json", LATE_IN_THE_GAP)
    assert _codes(data, "2027-03-01") == {"calendar-unknown"}


def test_a_year_added_in_the_spec_is_used(fresh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """An administrator adds 2027 to spec/calendar/national.yaml and guangxi.yaml: the deadline
    that fell in the gap is decided (2027-02-20 is a make-up working day there, so the last day
    is the Saturday itself and 23 February is late)."""
    national = copy.deepcopy(spec.calendar_national())
    national["years"] = {**(national.get("years") or {}), **_schedule_2027()["years"]}
    regional = copy.deepcopy(spec.calendar_overlay())
    regional["years"][2027] = {"holidays": ["2027-04-09", "2027-04-10"], "workdays": []}
    monkeypatch.setattr(spec, "calendar_national", lambda: national)
    monkeypatch.setattr(spec, "calendar_overlay", lambda: regional)
    assert calendar.known(2027)
    assert calendar.months_after(dt.date(2026, 8, 20), 6).exact == dt.date(2027, 2, 20)
    data = _dossier("acceptance-application/example.json", LATE_IN_THE_GAP)
    assert _codes(data, "2027-03-01") == {"acceptance-deadline"}
    assert "2027" in calendar.covered_years()["zh"]


def test_a_year_added_in_the_local_folder_is_used(
    fresh: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed copy: the same files in the folder SZQZ_CALENDAR_DIR names."""
    (tmp_path / "national.yaml").write_text(
        yaml.safe_dump(_schedule_2027(), allow_unicode=True), encoding="utf-8"
    )
    monkeypatch.setenv(calendar.ENV_DIR, str(tmp_path))
    assert not calendar.known(2027), "without Guangxi's 三月三 the year is still incomplete"
    (tmp_path / "guangxi.yaml").write_text(
        yaml.safe_dump({"years": {2027: {"holidays": ["2027-04-09"], "workdays": []}}}),
        encoding="utf-8",
    )
    _reset()
    assert calendar.known(2027)
    assert not calendar.is_workday(dt.date(2027, 2, 22))
    assert calendar.is_workday(dt.date(2027, 2, 20))
    assert not calendar.is_workday(dt.date(2027, 4, 9))


def test_september_30_on_a_rest_day_moves_to_the_next_working_day(
    fresh: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """第七条 with 民法典第二百零三条: in a year where 30 September is inside the National Day
    holiday, the annual declaration is in time on the first working day after it."""
    national = {
        "years": {
            2029: {
                "holidays": [f"2029-10-0{d}" for d in range(1, 8)] + ["2029-09-30"],
                "workdays": ["2029-10-13"],
            }
        }
    }
    (tmp_path / "national.yaml").write_text(yaml.safe_dump(national), encoding="utf-8")
    (tmp_path / "guangxi.yaml").write_text(
        yaml.safe_dump({"years": {y: {"holidays": []} for y in range(2027, 2031)}}),
        encoding="utf-8",
    )
    monkeypatch.setenv(calendar.ENV_DIR, str(tmp_path))
    base = {
        "/budget_year": 2030,
        "/signature/signed_on": "2029-09-28",
        "/regional_opinion/document/date": "2029-08-12",
    }
    project = {"planned_start": "2030-03-01", "planned_end": "2030-12-31"}
    for submitted, codes in (("2029-10-08", set()), ("2029-10-09", {"annual-deadline"})):
        data = _dossier("declaration/example.json", {**base, "/submitted_on": submitted})
        data["project"].update(project)
        assert _codes(data, "2029-12-01") == codes, submitted


def test_the_advice_never_sends_anyone_into_the_installation() -> None:
    for lang in ("zh", "en"):
        remedy = catalogue.entry("calendar-unknown")["remedy"][lang]
        assert "site-packages" not in remedy and "安装目录中" not in remedy
        assert "spec/calendar/national.yaml" in remedy and calendar.ENV_DIR in remedy


def test_regional_overlay_is_sound() -> None:
    overlay = spec.calendar_overlay()
    for year, entry in overlay["years"].items():
        days = [*entry["holidays"], *entry["workdays"]]
        assert all(dt.date.fromisoformat(str(d)).year == year for d in days), year
        assert isinstance(entry["confirmed"], bool) and entry["evidence"], year
    assert "2023-04-21" in overlay["years"][2023]["holidays"], (
        "2023 三月三 began on Friday 21 April"
    )
    assert not calendar.is_workday(dt.date(2023, 4, 23)), "a regional holiday over a make-up day"
    assert not calendar.is_workday(dt.date(2026, 4, 17))
