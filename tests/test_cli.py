"""The command line as a user runs it: exit codes, report formats, languages, bad input without a
traceback, inputs never modified, and a light import path for `validate`."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FORMS, ROOT

from generator.cli import main

TODAY = ["--today", "2026-11-28"]


def szqz(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def _copy_example(tmp_path: Path, form: str = "declaration") -> Path:
    shutil.copytree(FORMS / form, tmp_path / form)
    return tmp_path / form / "example.json"


def test_valid_dossier_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FORMS / "approval" / "example.json"), *TODAY]) == 0
    out = capsys.readouterr().out
    assert "共检查 1 个文件" in out and "1 个通过" in out


def test_errors_exit_1_with_chinese_message_and_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dossier = _copy_example(tmp_path)
    data = json.loads(dossier.read_text(encoding="utf-8"))
    data["submitted_on"] = "2025-10-01"
    dossier.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    assert main(["validate", str(dossier), *TODAY]) == 1
    out = capsys.readouterr().out
    assert "[annual-deadline]" in out and "2025-09-30" in out and "第七条" in out
    line = next(
        i
        for i, t in enumerate(dossier.read_text(encoding="utf-8").splitlines(), 1)
        if "submitted_on" in t
    )
    assert f"  {line}:" in out


def test_warning_fails_only_with_fail_on_warning(tmp_path: Path) -> None:
    dossier = _copy_example(tmp_path)
    assert main(["validate", str(dossier), "--today", "2025-09-20"]) == 0
    assert main(["validate", str(dossier), "--today", "2025-09-20", "--fail-on", "warning"]) == 1


def test_json_report_is_versioned_and_names_the_spec(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    code = main(["validate", str(FORMS), "-f", "json", "-o", str(out), *TODAY])
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["format"] == "szqz-validation-report" and report["format_version"] == 1
    assert report["spec_version"] == "1.0.0"
    templates = [f for f in report["files"] if f["file"].endswith("template.json")]
    examples = [f for f in report["files"] if "example" in f["file"]]
    assert templates and all(not f["valid"] for f in templates)
    assert examples and all(f["valid"] for f in examples)
    assert code == 1
    first = templates[0]["findings"][0]
    assert set(first) == {
        "code",
        "severity",
        "file",
        "pointer",
        "line",
        "column",
        "field",
        "message",
        "remedy",
        "articles",
    }


def test_junit_report_parses(tmp_path: Path) -> None:
    out = tmp_path / "report.xml"
    main(["validate", str(FORMS / "approval"), "-f", "junit", "-o", str(out), *TODAY])
    root = ET.parse(out).getroot()
    cases = root.findall(".//testcase")
    assert len(cases) == 2
    assert [c.find("failure") is not None for c in cases] == [False, True]  # example, template


def test_english_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dossier = _copy_example(tmp_path)
    data = json.loads(dossier.read_text(encoding="utf-8"))
    data["region_built_centrally"] = True
    dossier.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    missing = tmp_path / "nothere.json"
    main(["validate", str(dossier), str(missing), "--lang", "en", *TODAY])
    out = capsys.readouterr().out
    assert "warning [regional-duplicate]" in out
    assert f"{dossier} (declaration)" in out
    assert "basis: Art. " in out and "; fix: " in out
    # Every part of an input finding is English too, the missing path included.
    missing_part = out[out.index(str(missing)) :]
    assert "The file cannot be read: no such file or folder" in missing_part
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in missing_part), missing_part
    assert "Checked 2 files (spec " in out and "1 error, 1 warning." in out


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "design-threshold"]) == 0
    out = capsys.readouterr().out
    assert "第九条第三款" in out and "通过的示例" in out and "不通过的示例" in out
    assert main(["explain", "no-such-check"]) == 2


def test_usage_errors_exit_2() -> None:
    assert szqz("validate").returncode == 2
    assert szqz("validate", "x.json", "--today", "tomorrow").returncode == 2
    result = szqz("validate", "/nonexistent/dossier.json")
    assert result.returncode == 2 and "不存在" in result.stdout


@pytest.mark.parametrize("command", ["validate", "render", "blank"])
def test_unwritable_output_is_a_message_not_a_traceback(tmp_path: Path, command: str) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    output = blocker / "report"  # below a file: no folder can be made there
    example = str(FORMS / "approval" / "example.json")
    args = {"validate": [example], "render": [example, *TODAY], "blank": ["approval"]}[command]
    result = szqz(command, *args, "-o", str(output))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "无法写入" in result.stderr and str(blocker) in result.stderr
    assert blocker.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe{}",
        b"",
        b"{",
        b"[]",
        b'{"a": NaN}',
        b'{"a":1,"a":2}',
        b"[" * 100000 + b"]" * 100000,
    ],
    ids=["utf16", "empty", "truncated", "array", "nan", "duplicate", "deep"],
)
def test_bad_input_never_tracebacks_and_is_never_modified(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = hashlib.sha256(bad.read_bytes()).hexdigest(), bad.stat().st_mtime_ns
    result = szqz("validate", str(bad), *TODAY)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stderr == ""
    assert "错误" in result.stdout
    assert (hashlib.sha256(bad.read_bytes()).hexdigest(), bad.stat().st_mtime_ns) == before


def test_report_file_is_written_atomically_and_input_untouched(tmp_path: Path) -> None:
    dossier = _copy_example(tmp_path)
    before = {p: p.read_bytes() for p in (tmp_path / "declaration").rglob("*") if p.is_file()}
    out = tmp_path / "out.json"
    main(["validate", str(FORMS / "approval"), "-f", "json", "-o", str(out), *TODAY])
    # An earlier report of ours is replaced.
    main(["validate", str(dossier.parent), "-f", "json", "-o", str(out), *TODAY])
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["files"] == 3
    assert not list(tmp_path.glob(".out.json.*.tmp"))
    assert {p: p.read_bytes() for p in before} == before


def test_report_never_overwrites_a_dossier(tmp_path: Path) -> None:
    dossier = _copy_example(tmp_path)
    before = dossier.read_bytes()
    other = tmp_path / "other.json"
    shutil.copy(dossier, other)
    assert main(["validate", str(dossier), "-o", str(dossier), *TODAY]) == 2
    assert main(["validate", str(dossier), "-o", str(other), "-f", "json", *TODAY]) == 2
    assert dossier.read_bytes() == before and other.read_bytes() == before


def test_output_cut_short_is_quiet(tmp_path: Path) -> None:
    result = subprocess.run(
        f"{sys.executable} -m generator validate {FORMS} --today 2026-11-28 | head -1",
        shell=True, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_named_pipes_are_reported_not_waited_on(tmp_path: Path) -> None:
    """A pipe named like a dossier or an attachment would block a plain open() for ever."""
    dossier = _copy_example(tmp_path, "approval")
    attachment = dossier.parent / "attachments" / "proposal.pdf"
    attachment.unlink()
    os.mkfifo(attachment)
    os.mkfifo(dossier.parent / "pipe.json")
    # A hang fails the test by timing out instead of stalling the suite.
    run = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(dossier.parent), "-f", "json", *TODAY],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert run.returncode == 2, run.stderr
    files = {Path(f["file"]).name: f for f in json.loads(run.stdout)["files"]}
    pipe = files["pipe.json"]["findings"]
    assert [f["code"] for f in pipe] == ["input-unreadable"]
    assert "不是普通文件" in pipe[0]["message"]
    codes = [(f["code"], f["pointer"]) for f in files["example.json"]["findings"]]
    assert ("attachment-unreadable", "/proposal/attachment/file") in codes


def test_glob_and_parallel_workers_agree(tmp_path: Path) -> None:
    for i in range(70):
        (tmp_path / f"d{i:03}").mkdir()
        shutil.copytree(FORMS / "adjustment" / "attachments", tmp_path / f"d{i:03}" / "attachments")
        data = json.loads((FORMS / "adjustment" / "example.json").read_text(encoding="utf-8"))
        if i % 10 == 0:
            data["adjustment_amount"] = "70"
        (tmp_path / f"d{i:03}" / "adjustment.json").write_text(
            json.dumps(data, ensure_ascii=False), encoding="utf-8"
        )
    pattern = str(tmp_path / "*" / "adjustment.json")
    reports = []
    for jobs in ("1", "2"):
        out = tmp_path / f"r{jobs}.json"
        assert main(["validate", pattern, "-j", jobs, "-f", "json", "-o", str(out), *TODAY]) == 1
        reports.append(json.loads(out.read_text(encoding="utf-8")))
    assert reports[0]["files"] == reports[1]["files"]
    assert reports[0]["summary"]["files_with_errors"] == 7


def test_validate_does_not_import_pdf_or_portal_stacks() -> None:
    code = (
        "import sys; from generator.cli import main; "
        f"main(['validate', {str(FORMS / 'approval' / 'example.json')!r}, '--today', '2026-11-28']); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'mkdocs', 'jinja2', 'jsonschema')]; "
        "print('HEAVY', bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ}
    )
    assert "HEAVY []" in result.stdout, result.stdout


def test_base_install_needs_no_extras() -> None:
    """pyproject: the validator's own dependencies exclude WeasyPrint and mkdocs."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = " ".join(project["dependencies"]).lower()
    assert "weasyprint" not in base and "mkdocs" not in base and "jinja2" not in base
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "entry: szqz validate" in hooks
