"""`szqz hash` and `szqz attach`: the type and SHA-256 of attachments, shown, checked or filled
in, so that nobody computes digests by hand; the findings' remedies point to them."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import FORMS

from generator.cli import main
from generator.validate import catalogue

TODAY = ["--today", "2026-11-28"]


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    shutil.copytree(FORMS / "approval", tmp_path / "a")
    path = tmp_path / "a" / "example.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["proposal"]["attachment"]["sha256"]
    data["proposal"]["attachment"]["type"] = "docx"
    data["feasibility_study"]["attachment"]["sha256"] = "0" * 64
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def test_hash_prints_digest_and_type(capsys: pytest.CaptureFixture[str]) -> None:
    pdf = FORMS / "approval" / "attachments" / "proposal.pdf"
    assert main(["hash", str(pdf)]) == 0
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert capsys.readouterr().out == f"{digest}  pdf  {pdf}\n"
    assert main(["hash", str(pdf.parent / "nothere.pdf")]) == 2
    assert "不存在" in capsys.readouterr().err


def test_attach_check_reports_without_changing(
    dossier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dossier.read_bytes()
    assert main(["attach", str(dossier), "--check"]) == 1
    out = capsys.readouterr().out
    assert "/proposal/attachment/type：docx → pdf" in out
    assert "/proposal/attachment/sha256：（未填） →" in out
    assert "/feasibility_study/attachment/sha256：" + "0" * 64 in out
    assert dossier.read_bytes() == before


def test_attach_fills_in_and_the_dossier_then_passes(
    dossier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(dossier), *TODAY]) == 1
    assert main(["attach", str(dossier)]) == 0
    assert "已更新" in capsys.readouterr().out
    assert main(["validate", str(dossier), *TODAY]) == 0
    assert main(["attach", str(dossier), "--check"]) == 0
    # Only what changed changed: the dossier is back to the published example, byte for byte
    # in content.
    assert json.loads(dossier.read_text(encoding="utf-8")) == json.loads(
        (FORMS / "approval" / "example.json").read_text(encoding="utf-8")
    )


def test_attach_names_a_missing_file_and_leaves_it(
    dossier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (dossier.parent / "attachments" / "proposal.pdf").rename(
        dossier.parent / "attachments" / "Proposal.pdf"
    )
    assert main(["attach", str(dossier)]) == 1
    out = capsys.readouterr().out
    assert "/proposal/attachment/file" in out and "只差字母大小写" in out
    data = json.loads(dossier.read_text(encoding="utf-8"))
    assert "sha256" not in data["proposal"]["attachment"]  # nothing invented for it
    assert data["feasibility_study"]["attachment"]["sha256"] != "0" * 64  # the rest is filled


def test_attach_refuses_what_is_not_a_dossier(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "settings.json"
    other.write_text('{"editor.tabSize": 2}', encoding="utf-8")
    assert main(["attach", str(other)]) == 2
    assert "不是一份申报材料" in capsys.readouterr().err
    assert other.read_text(encoding="utf-8") == '{"editor.tabSize": 2}'


def test_remedies_point_to_the_commands() -> None:
    assert "szqz attach" in catalogue.entry("attachment-hash")["remedy"]["zh"]
    assert "szqz attach" in catalogue.entry("attachment-missing")["remedy"]["zh"]
    assert "sha256sum" not in catalogue.entry("attachment-hash")["remedy"]["zh"]
