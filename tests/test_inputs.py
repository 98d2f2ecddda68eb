"""What a run reads and what it says it did not (issue 12, items 5, 6, 8 and the expected
options): no silent pass over an unreadable, empty or report-only folder; `-o` replaces only a
report of ours and writes it with the usual permissions; our own reports found among the
dossiers are skipped; `-` reads standard input; --exclude leaves files out."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FORMS, ROOT

from generator.cli import main
from generator.validate import inputs

TODAY = ["--today", "2026-11-28"]


def _json_run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = main(["validate", *args, "-f", "json", *TODAY])
    return code, json.loads(capsys.readouterr().out)


def _refuse_listing(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """os.scandir fails on `folder` as it does on a chmod-000 folder for anyone but root."""
    real = os.scandir

    def scandir(path: str) -> object:
        if os.path.samefile(path, folder):
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(inputs.os, "scandir", scandir)


def test_unreadable_subfolder_is_reported_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(FORMS / "approval", tmp_path / "ok")
    (tmp_path / "locked").mkdir()
    _refuse_listing(monkeypatch, tmp_path / "locked")
    code, report = _json_run(capsys, str(tmp_path))
    files = {Path(str(f["file"])).name: f for f in report["files"]}  # type: ignore[attr-defined]
    locked = files["locked"]["findings"]
    assert [f["code"] for f in locked] == ["input-unreadable"]
    assert "没有权限" in locked[0]["message"] and "都没有检查" in locked[0]["message"]
    assert files["example.json"]["valid"]
    assert code == 2 and report["valid"] is False


def test_a_folder_that_cannot_be_listed_is_not_a_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _refuse_listing(monkeypatch, tmp_path)
    code, report = _json_run(capsys, str(tmp_path))
    assert code == 2 and report["valid"] is False
    assert report["summary"]["files_with_errors"] == 1  # type: ignore[index]


@pytest.mark.parametrize("content", [{}, {".草稿.json": "{}", "说明.txt": "稍后补交"}])
def test_a_folder_without_dossiers_is_not_a_pass(
    tmp_path: Path, content: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in content.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["validate", str(tmp_path), *TODAY]) == 2
    out = capsys.readouterr().out
    assert "[input-nothing-found]" in out and "没有检查任何文件" in out
    if content:
        assert "隐藏文件 1 个未检查" in out


def test_upper_case_extension_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(FORMS / "approval", tmp_path / "a")
    (tmp_path / "a" / "example.json").rename(tmp_path / "a" / "审批.JSON")
    (tmp_path / "a" / "template.json").unlink()
    assert main(["validate", str(tmp_path), *TODAY]) == 0
    assert "共检查 1 个文件" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_our_reports_in_the_checked_folder_are_skipped(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(FORMS / "approval", tmp_path / "a")
    report = tmp_path / "a" / "报告.json"
    main(["validate", str(tmp_path / "a"), "-f", fmt, "-o", str(report), *TODAY])
    code, again = _json_run(capsys, str(tmp_path / "a"))
    names = [Path(str(f["file"])).name for f in again["files"]]  # type: ignore[attr-defined]
    assert "报告.json" not in names and len(names) == 2
    assert [Path(s["file"]).name for s in again["skipped"]] == ["报告.json"]  # type: ignore[attr-defined]
    assert again["summary"]["skipped"] == 1  # type: ignore[index]
    assert code == 1  # the template's errors, nothing from the report


def test_only_reports_is_not_a_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", str(FORMS / "approval" / "example.json"), "-f", "json",
          "-o", str(tmp_path / "r.json"), *TODAY])  # fmt: skip
    capsys.readouterr()
    assert main(["validate", str(tmp_path), *TODAY]) == 2
    out = capsys.readouterr().out
    assert "跳过本工具生成的报告" in out and "没有检查任何材料" in out


# ------------------------------------------------------------------ -o


@pytest.mark.parametrize(
    ("name", "content"),
    [("附件.pdf", b"%PDF-1.7 ..."), ("notes.txt", "会议记录".encode()), ("x.xml", b"<a/>")],
)
def test_output_never_replaces_a_file_that_is_not_our_report(
    tmp_path: Path, name: str, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / name
    target.write_bytes(content)
    example = str(FORMS / "approval" / "example.json")
    assert main(["validate", example, "-o", str(target), *TODAY]) == 2
    assert "不是本工具以前写出的报告" in capsys.readouterr().err
    assert target.read_bytes() == content


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif"])
def test_output_replaces_an_earlier_report_of_ours(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "report"
    example = str(FORMS / "approval" / "example.json")
    assert main(["validate", str(FORMS / "approval"), "-f", fmt, "-o", str(target), *TODAY]) == 1
    assert main(["validate", example, "-f", fmt, "-o", str(target), *TODAY]) == 0


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_reports_are_written_with_the_usual_permissions(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "report.json"
    example = str(FORMS / "approval" / "example.json")
    code = f"import os, sys; os.umask({umask}); from generator.cli import main; sys.exit(main(sys.argv[1:]))"
    subprocess.run(
        [sys.executable, "-c", code, "validate", example, "-f", "json", "-o", str(target), *TODAY],
        cwd=ROOT, check=True,
    )  # fmt: skip
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


# ------------------------------------------------------------------ stdin and --exclude


def test_dash_reads_a_dossier_from_standard_input() -> None:
    example = FORMS / "approval" / "example.json"
    run = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "-", "-f", "json", *TODAY],
        input=example.read_bytes(), cwd=example.parent, capture_output=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert [f["file"] for f in report["files"]] == ["-"] and report["valid"]
    # Attachments are looked for in the current folder: elsewhere they are missing.
    elsewhere = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "-", *TODAY],
        input=example.read_bytes(), cwd=ROOT, capture_output=True, check=False,
    )  # fmt: skip
    assert elsewhere.returncode == 1 and b"[attachment-missing]" in elsewhere.stdout


def test_exclude_leaves_files_and_folders_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(FORMS / "approval", tmp_path / "a")
    shutil.copytree(FORMS / "declaration", tmp_path / "归档")
    code, report = _json_run(
        capsys, str(tmp_path), "--exclude", "template.json", "--exclude", "归档"
    )
    assert [Path(str(f["file"])).name for f in report["files"]] == ["example.json"]  # type: ignore[attr-defined]
    assert code == 0
