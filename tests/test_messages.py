"""Messages that say what is really wrong (issue 12, item 13): an unreadable attachment is not
"missing"; a name that differs only in case, Unicode normalisation or trailing spaces is named;
`explain` never shows a raw {placeholder}."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import FORMS

from generator.cli import main
from generator.validate import catalogue
from generator.validate.engine import Options, validate_file

TODAY = ["--today", "2026-11-28"]


def _with_attachment_named(tmp_path: Path, real: str, written: str) -> str:
    """The approval example whose proposal file is stored as `real` and written as `written`;
    the message of the finding at that attachment."""
    shutil.copytree(FORMS / "approval", tmp_path / "a")
    folder = tmp_path / "a"
    (folder / "attachments" / "proposal.pdf").rename(folder / "attachments" / real)
    data = json.loads((folder / "example.json").read_text(encoding="utf-8"))
    data["proposal"]["attachment"]["file"] = f"attachments/{written}"
    (folder / "example.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = validate_file(folder / "example.json", Options(jobs=1))
    found = [f for f in result.findings if f.pointer == "/proposal/attachment/file"]
    assert [f.code for f in found] == ["attachment-missing"], result.findings
    return found[0].message


@pytest.mark.parametrize(
    ("real", "written", "said"),
    [
        ("Proposal.PDF", "proposal.pdf", "只差字母大小写"),
        (unicodedata.normalize("NFD", "建议书é.pdf"), "建议书é.pdf", "NFC 与 NFD"),
        ("proposal.pdf  ", "proposal.pdf", "只差末尾的空格"),
    ],
    ids=["case", "nfd", "trailing-space"],
)
def test_near_misses_are_named(tmp_path: Path, real: str, written: str, said: str) -> None:
    message = _with_attachment_named(tmp_path, real, written)
    assert "不存在" in message and said in message and "请把 file 改为实际的文件名" in message


def test_a_plain_missing_attachment_names_nothing_else(tmp_path: Path) -> None:
    message = _with_attachment_named(tmp_path, "other.pdf", "proposal.pdf")
    assert message.endswith("不存在。")


def test_an_unreadable_attachment_is_not_called_missing(tmp_path: Path) -> None:
    shutil.copytree(FORMS / "approval", tmp_path / "a")
    target = tmp_path / "a" / "attachments" / "proposal.pdf"
    target.unlink()
    target.mkdir()
    result = validate_file(tmp_path / "a" / "example.json", Options(jobs=1))
    found = {f.code: f.message for f in result.findings}
    assert "attachment-missing" not in found
    assert "存在，但无法读取" in found["attachment-unreadable"]
    assert "文件夹" in found["attachment-unreadable"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_never_shows_a_raw_placeholder(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for code in catalogue.entries():
        assert main(["explain", code, "--lang", lang]) == 0
        out = capsys.readouterr().out
        assert not re.search(r"\{\w+\}", out), (code, out)


def test_huge_number_is_named_not_null(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = (FORMS / "approval" / "example.json").read_text(encoding="utf-8")
    dossier = tmp_path / "x.json"
    dossier.write_text(text.replace('"$schema"', '"n": 1e400, "$schema"', 1), encoding="utf-8")
    assert main(["validate", str(dossier), *TODAY]) == 2
    out = capsys.readouterr().out
    assert "[input-number-range]" in out and "1e400" in out and "null" not in out
