"""`szqz due`: what the regulation asks next of each project, and by when. The cases are data
(tests/due/*.yaml: dossiers, the day, and per project the [kind, deadline, status] expected, in
the order listed); the other tests hold the obligations to the regulation's words, the quarterly
setting to its absence, and the command to its exit codes and refusals."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from caselib import materialise
from conftest import FORMS, ROOT

from generator import regulation, spec
from generator.cli import main
from generator.review import due
from generator.review.ledger import Ledger, Project

DUE_CASES = sorted((ROOT / "tests" / "due").glob("*.yaml"))


def run_due(paths: list[Path], on: str, tmp_path: Path, *extra: str) -> tuple[int, dict]:
    out = tmp_path / "due.json"
    code = main(
        ["due", *map(str, paths), "--on", on, "-f", "json", "-o", str(out), "-q", "-j", "1", *extra]
    )
    return code, json.loads(out.read_text(encoding="utf-8"))


def _items(items: list[dict]) -> list[list[object]]:
    return [
        [i["kind"], i["deadline"], i["status"], *(["estimated"] if i["estimated"] else [])]
        for i in items
    ]


@pytest.mark.parametrize("case_file", DUE_CASES, ids=lambda p: p.stem)
def test_due_case(case_file: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    folder = tmp_path / "收件"
    paths = materialise(case, folder)
    code, report = run_due(paths, case["day"], tmp_path)
    assert code == 0, report
    expected = case["expected"]
    assert _items(report["general"]) == expected["general"]
    found = {p["code"] or p["name"]: _items(p["due"]) for p in report["projects"]}
    assert found == expected["projects"], case["description"]


def test_the_obligations_quote_their_articles() -> None:
    """Each obligation's words are the regulation's own, in the article it cites."""
    reg = spec.regulation()
    for kind, (_, article, quoted) in due.OBLIGATIONS.items():
        assert quoted in regulation.text_of(reg, article), kind


def test_the_quarterly_report_has_no_due_day_until_one_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.validate import catalogue

    assert catalogue.settings()["quarterly_report_due_day"]["default"] is None
    assert due.quarterly_due_day() is None
    row = Project("c", "n", "u", None, first_active="2025-08-01", last_quarter=2025 * 4 + 1)
    (item,) = [i for i in due.for_project(row, dt.date(2025, 11, 1)) if i.kind == "quarterly"]
    assert item.deadline is None and item.status == "open"
    assert "2025 年第 3 季度" in item.note["zh"] and "quarterly_report_due_day" in item.note["zh"]
    # Once the bureau sets a day (days after the quarter), the deadline follows the calendar:
    # 15 days after 30 September 2025 is 15 October, a working day.
    setting = {"quarterly_report_due_day": {"default": 15}, "max_file_bytes": {"default": 1}}
    monkeypatch.setattr(catalogue, "settings", lambda: setting)
    (item,) = [i for i in due.for_project(row, dt.date(2025, 11, 1)) if i.kind == "quarterly"]
    assert item.day == dt.date(2025, 10, 15) and item.status == "overdue"
    # 15 days after 31 March 2024 is 15 April 2024, a Monday: on time on the day itself.
    row = Project("c", "n", "u", None, first_active="2024-02-01")
    (item,) = [i for i in due.for_project(row, dt.date(2024, 4, 15)) if i.kind == "quarterly"]
    assert item.day == dt.date(2024, 4, 15) and item.status == "soon"


def test_a_late_day_and_the_day_itself() -> None:
    """The acceptance deadline is the acceptance check's own: on the last day in time, a day
    after it overdue (both sides of the boundary)."""
    row = Project(
        "c", "n", "u", None, first_active="2026-01-05", dates={"completed_on": "2026-03-31"}
    )
    deadline = [i for i in due.for_project(row, dt.date(2026, 9, 30)) if i.kind == "acceptance"]
    assert deadline[0].day == dt.date(2026, 9, 30) and deadline[0].status == "soon"
    late = [i for i in due.for_project(row, dt.date(2026, 10, 1)) if i.kind == "acceptance"]
    assert late[0].status == "overdue"


def test_projects_tie_by_code_or_by_unit_and_name(tmp_path: Path) -> None:
    """Two units with projects of one name stay apart; a dossier that carries both the code of
    one record and the name of another joins them."""
    from generator.review.record import Record
    from generator.validate.results import FileResult

    ledger = Ledger()

    def add(code: str | None, name: str | None, unit: str) -> None:
        rec = Record("approval", code, name, unit, None, dates={"approval_on": "2026-01-01"})
        ledger.add(FileResult(f"{unit}-{code}-{name}.json", "approval", [], record=rec))

    add(None, "平台", "甲局")
    add(None, "平台", "乙局")
    add("C1", None, "甲局")
    assert len(ledger.projects()) == 3
    add("C1", "平台", "甲局")  # ties the first and the third
    rows = ledger.projects()
    assert len(rows) == 2
    tied = next(r for r in rows if r.code == "C1")
    assert tied.name == "平台" and tied.unit == "甲局" and tied.tally.files == 3
    assert len(ledger.units) == 2


def test_exit_codes_and_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "收件"
    folder.mkdir()
    (folder / "ok.json").write_bytes((FORMS / "approval" / "example.json").read_bytes())
    assert main(["due", str(folder), "--on", "2026-11-28", "-q", "-j", "1"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("期限一览（截至 2026-11-28") and "第二十七条" in text
    (folder / "broken.json").write_text("{", encoding="utf-8")
    code, report = run_due([folder], "2026-11-28", tmp_path)
    assert code == 2 and report["unreadable_count"] == 1 and report["projects"]
    assert main(["due", str(folder), "--on", "2026-13-01"]) == 2
    assert "--on" in capsys.readouterr().err
    precious = tmp_path / "notes.txt"
    precious.write_text("not a list of ours", encoding="utf-8")
    assert main(["due", str(folder), "-o", str(precious), "-q"]) == 2
    assert precious.read_text(encoding="utf-8") == "not a list of ours"
    assert main(["due", str(tmp_path / "nothing-here"), "-q"]) == 2


def test_hostile_names_cannot_reach_the_terminal_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((FORMS / "approval" / "example.json").read_text(encoding="utf-8"))
    data["project"]["name"] = "平台\x1b[2J\x1b]0;pwned\x07\u202eevil"
    folder = tmp_path / "收件"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    main(["due", str(folder), "--on", "2026-11-28", "-q", "-j", "1"])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\u001b[2J" in out and "\\u202e" in out
