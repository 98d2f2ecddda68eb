"""Output on any console and in any report format (issue 12, items 3, 4, 9, 10, 13 and the
expected options): a Chinese Windows console (GBK) or a plain ASCII one never breaks a report;
JSON, JUnit and SARIF are UTF-8 whatever the console; file names that are not UTF-8 are carried
losslessly and the reports stay valid; control characters never make XML invalid; argparse
speaks Chinese; colours, progress and --quiet behave as people expect; the light install says
which extra to install."""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import subprocess
import sys
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FORMS, ROOT

from generator import console
from generator.cli import main
from generator.validate import report
from generator.validate.engine import Options, validate_paths

TODAY = ["--today", "2026-11-28"]


def szqz(
    *args: str, encoding: str | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True,
        check=False,
    )  # fmt: skip


@pytest.mark.parametrize("encoding", ["cp936", "gb18030", "ascii", "latin-1"])
def test_text_report_survives_any_console_encoding(encoding: str) -> None:
    run = szqz("validate", str(FORMS / "approval" / "template.json"), *TODAY, encoding=encoding)
    assert run.returncode == 1 and run.stderr == b""
    text = run.stdout.decode(encoding)
    assert "[schema-format]" in text
    if encoding in ("cp936", "gb18030"):
        # Every character of a nested finding is in GBK: nothing was replaced.
        assert "项目建设单位 > 单位名称" in text and "?" not in text


@pytest.mark.parametrize("encoding", ["cp936", "ascii"])
@pytest.mark.parametrize("fmt", ["json", "junit", "sarif"])
def test_machine_formats_are_utf8_whatever_the_console(encoding: str, fmt: str) -> None:
    run = szqz("validate", str(FORMS / "approval"), "-f", fmt, *TODAY, encoding=encoding)
    assert run.returncode == 1 and run.stderr == b""
    text = run.stdout.decode("utf-8")
    if fmt == "junit":
        ET.fromstring(run.stdout)
    else:
        json.loads(text)
    assert "报送日期" in text


def _gbk_named(tmp_path: Path) -> Path:
    """A dossier whose name is GBK bytes (测试.json), as unzipping a Windows zip leaves it."""
    shutil.copytree(FORMS / "approval", tmp_path / "a")
    raw = os.fsencode(str(tmp_path / "a")) + b"/\xb2\xe2\xca\xd4.json"
    os.rename(tmp_path / "a" / "template.json", raw)
    return Path(os.fsdecode(raw))


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names are always Unicode")
def test_names_that_are_not_utf8_are_carried_losslessly(tmp_path: Path) -> None:
    named = _gbk_named(tmp_path)
    folder = str(tmp_path / "a")
    run = szqz("validate", folder, "-f", "json", *TODAY)
    assert run.returncode == 1, run.stderr
    files = json.loads(run.stdout.decode("utf-8"))["files"]
    entry = next(f for f in files if "file_bytes_base64" in f)
    assert base64.b64decode(entry["file_bytes_base64"]) == os.fsencode(named)
    assert entry["file"].endswith("\\xb2\\xe2\\xca\\xd4.json")
    assert all(f["file"] == entry["file"] for f in entry["findings"])
    junit = szqz("validate", folder, "-f", "junit", *TODAY)
    names = [c.get("name") for c in ET.fromstring(junit.stdout).iter("testcase")]
    assert entry["file"] in names
    sarif = json.loads(szqz("validate", folder, "-f", "sarif", *TODAY).stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]}  # fmt: skip
    assert os.fsencode(named) in {urllib.parse.unquote_to_bytes(u) for u in uris}
    text = szqz("validate", folder, *TODAY)
    assert text.returncode == 1 and text.stderr == b""
    assert "\\xb2\\xe2\\xca\\xd4.json" in text.stdout.decode("utf-8")


def test_junit_stays_valid_xml_with_control_characters(tmp_path: Path) -> None:
    data = json.loads((FORMS / "approval" / "example.json").read_text(encoding="utf-8"))
    data["approving_authority"] = "市\x01大数据\x1b[31m发展局\x0c"
    dossier = tmp_path / "ctl\x07.json"
    dossier.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "r.xml"
    assert main(["validate", str(dossier), "-f", "junit", "-o", str(out), *TODAY]) == 1
    root = ET.parse(out).getroot()
    failure = next(root.iter("failure"))
    assert "\\u0001" in (failure.text or "") and "\\u001b" in (failure.text or "")


def test_sarif_report_has_rules_results_and_regions(tmp_path: Path) -> None:
    out = tmp_path / "r.sarif"
    assert main(["validate", str(FORMS / "approval"), "-f", "sarif", "-o", str(out), *TODAY]) == 1
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning")
    located = [r for r in run["results"] if "region" in r["locations"][0]["physicalLocation"]]
    assert located and all(
        r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in located
    )


def test_chinese_argparse_messages() -> None:
    bad = szqz("validate", "x.json", "-f", "pdf")
    err = bad.stderr.decode("utf-8")
    assert bad.returncode == 2 and "用法：" in err and "无效的选项" in err and "invalid" not in err
    missing = szqz("validate").stderr.decode("utf-8")
    assert "缺少以下参数" in missing
    helped = szqz("validate", "--help")
    assert helped.returncode == 0 and "选项" in helped.stdout.decode("utf-8")
    assert "show this help" not in helped.stdout.decode("utf-8")


def test_color_only_when_wanted(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert console.wants_color(Tty()) and not console.wants_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not console.wants_color(Tty())
    result = validate_paths([str(FORMS / "approval" / "template.json")], Options(jobs=1))
    painted, plain = io.StringIO(), io.StringIO()
    report.write_text(result.files, "zh", painted, report.Style(color=True))
    report.write_text(result.files, "zh", plain, report.Style())
    assert "\033[31m错误\033[0m" in painted.getvalue() and "\033" not in plain.getvalue()


def test_progress_goes_to_stderr_and_is_wiped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = iter(x * 0.3 for x in range(100))
    monkeypatch.setattr(console.time, "monotonic", lambda: next(clock))
    assert list(console.progress(iter(range(5)), enabled=True)) == list(range(5))
    err = capsys.readouterr().err
    assert "\r已检查 1 个文件" in err and "\r已检查 5 个文件" in err and err.endswith("\r\033[K")
    assert list(console.progress(iter(range(5)), enabled=False)) == list(range(5))
    assert capsys.readouterr().err == ""


def test_quiet_prints_nothing_when_all_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FORMS / "approval" / "example.json"), "-q", *TODAY]) == 0
    assert capsys.readouterr().out == ""
    assert main(["validate", str(FORMS / "approval" / "template.json"), "-q", *TODAY]) == 1
    assert "[schema-format]" in capsys.readouterr().out


def test_light_install_names_the_extra_for_pdfs(tmp_path: Path) -> None:
    """Without the pdf extra (jinja2 and WeasyPrint missing), render and blank say what to
    install, exit 2, no traceback."""
    code = (
        "import sys; sys.modules['jinja2'] = None; sys.modules['weasyprint'] = None\n"
        "from generator.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    for args in (["blank", "approval", "-o", str(tmp_path / "x.pdf")],
                 ["render", str(FORMS / "approval" / "example.json"), "-o", str(tmp_path / "y.pdf")]):  # fmt: skip
        run = subprocess.run(
            [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        assert run.returncode == 2, run.stderr
        assert 'pip install "szqz[pdf]"' in run.stderr and "Traceback" not in run.stderr
        assert not list(tmp_path.iterdir())


def test_json_reports_follow_their_published_schema(tmp_path: Path) -> None:
    """spec/report.schema.json describes every JSON report, including skipped files, names that
    are not UTF-8 and internal errors' summary."""
    import jsonschema

    schema = json.loads((ROOT / "spec" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    shutil.copytree(FORMS / "approval", tmp_path / "in")
    main(["validate", str(FORMS / "declaration"), "-f", "json", "-o", str(tmp_path / "in" / "r.json"), *TODAY])  # fmt: skip
    if sys.platform != "win32":
        _gbk_named(tmp_path / "gbk")
    for paths in ([str(tmp_path / "in")], [str(tmp_path)], [str(tmp_path / "nothing")]):
        out = tmp_path / "report.json"
        main(["validate", *paths, "-f", "json", "-o", str(out), *TODAY])
        report = json.loads(out.read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(report)]
        assert not errors, errors
    assert report["valid"] is False and report["files"][0]["findings"][0]["line"] is None
