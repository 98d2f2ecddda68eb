"""An inbox for the reviewer's reports: the example dossiers, the crash corpus (files that cannot
be read), a report of ours (skipped), and dossiers whose every value a report shows is hostile
— markup, script, formulas, control and direction characters — in the unit, the project, its
code, a field's value (quoted by the finding), a member name (the pointer) and the file name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from conftest import FORMS, ROOT

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
HOSTILE = f"{SCRIPT}{IMG}\"'&amp;\x1b[31m\u202egnp.exe\x07"
# Values a spreadsheet would take for a formula, each at the start of a cell.
FORMULAS = ['=HYPERLINK("http://127.0.0.1/x","click")', "+1+1", "-2+3", "@SUM(1)"]
TODAY = "2026-11-28"


def _dossier(form: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FORMS / form / "example.json").read_text(encoding="utf-8"))
    return data


def _with_attachments(folder: Path, form: str) -> None:
    source = FORMS / form / "attachments"
    if source.is_dir() and not (folder / "attachments").exists():
        shutil.copytree(source, folder / "attachments")


def hostile_inbox(root: Path) -> list[Path]:
    """The inbox's paths to check (folders and files), written under `root`."""
    examples = root / "examples"
    shutil.copytree(FORMS, examples, ignore=shutil.ignore_patterns("template.json"))
    corpus = root / "corpus"
    shutil.copytree(ROOT / "tests" / "fuzz-corpus", corpus)
    hostile = root / "hostile"
    hostile.mkdir()
    _with_attachments(hostile, "approval")
    for i, start in enumerate(FORMULAS):
        data = _dossier("approval")
        data["unit"]["name"] = start + HOSTILE
        data["unit"]["uscc"] = FORMULAS[(i + 1) % 4] + HOSTILE  # quoted by the finding
        data["project"]["name"] = FORMULAS[(i + 2) % 4] + HOSTILE + str(i)
        data["project"]["code"] = FORMULAS[(i + 3) % 4] + HOSTILE + str(i)
        data["submitted_on"] = HOSTILE  # not a date: the message quotes it
        data["approving_authority"] = HOSTILE
        data[f"{IMG}{i}"] = HOSTILE  # an unknown member: its name is the pointer
        name = f"{i}{IMG.replace('/', '')}\u202e\x1b.json"
        (hostile / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (hostile / f"{SCRIPT.replace('/', '')}.json").write_text("{" + HOSTILE, encoding="utf-8")
    # A JSON report of ours among the dossiers: skipped, and said so.
    (hostile / "old-report.json").write_text(
        json.dumps({"format": "szqz-validation-report", "files": []}), encoding="utf-8"
    )
    return [examples, corpus, hostile]
