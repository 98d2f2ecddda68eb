"""The pre-commit hook (issue 12, item 12): JSON that is not a dossier of this spec passes
untouched, a changed attachment re-checks the dossiers that name it, and the documented `rev`
is a release tag that `make tag` makes."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import FORMS, ROOT

from generator.cli import main


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FORMS / "approval", tmp_path / "项目甲")
    (tmp_path / "项目甲" / "template.json").unlink()
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text('{"editor.tabSize": 2}', "utf-8")
    (tmp_path / "tsconfig.json").write_text("{\n  // JSON with comments\n}\n", "utf-8")
    (tmp_path / "README.md").write_text("# 申报材料\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def hook(*files: str) -> int:
    entry = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    args = entry["entry"].split()[1:]
    return main([*args, *files, "--today", "2026-11-28"])


def test_json_that_is_not_a_dossier_is_left_alone(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert hook(".vscode/settings.json", "tsconfig.json") == 0
    out = capsys.readouterr().out
    assert "[input-" not in out and "跳过不是本规范的申报材料" in out


def test_a_broken_dossier_is_still_reported(repo: Path) -> None:
    dossier = repo / "项目甲" / "example.json"
    dossier.write_text(dossier.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    assert hook(".vscode/settings.json", "项目甲/example.json") == 2


def test_a_changed_attachment_rechecks_its_dossier(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert hook("项目甲/attachments/proposal.pdf") == 0
    assert "共检查 1 个文件" in capsys.readouterr().out
    with (repo / "项目甲" / "attachments" / "proposal.pdf").open("ab") as handle:
        handle.write(b"% changed\n")
    assert hook("项目甲/attachments/proposal.pdf", "README.md") == 1
    out = capsys.readouterr().out
    assert "[attachment-hash]" in out and "example.json" in out


def test_the_hook_sees_every_file_and_the_documented_rev_is_the_release_tag() -> None:
    entry = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    assert entry["types"] == ["file"] and "--only-dossiers" in entry["entry"]
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    for doc in (ROOT / "site" / "validator.md", ROOT / ".pre-commit-hooks.yaml"):
        revs = re.findall(r"rev: (\S+)", doc.read_text(encoding="utf-8"))
        assert revs and all(r == f"v{version}" for r in revs), (doc, revs)
    assert re.search(r"^tag:", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
