"""One file never aborts a run (issue 12, item 2): the stored corpus of every input that once
crashed the validator (tests/fuzz-corpus) and hypothesis mutations of the examples, checked in
bulk runs: zero tracebacks, zero aborted runs, zero internal errors, and every file that is not
valid gets findings. What goes wrong unforeseen inside one file is an internal-error finding for
that file while the others are checked as usual."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FORMS, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.validate import catalogue, engine, rules
from generator.validate.engine import Options, validate_parsed, validate_paths
from generator.validate.reader import parse_bytes

CORPUS = ROOT / "tests" / "fuzz-corpus"
TODAY = "2026-11-28"


def _corpus_copies(folder: Path, copies: int) -> int:
    """The corpus `copies` times over (enough files for worker processes), beside the
    attachments of the example it was made from."""
    for n in range(copies):
        target = folder / f"copy{n}"
        shutil.copytree(FORMS / "acceptance-application" / "attachments", target / "attachments")
        for path in CORPUS.glob("*.json"):
            shutil.copy(path, target / path.name)
    return copies * len(list(CORPUS.glob("*.json")))


@pytest.mark.parametrize("schema_engine", ["", "python"])
def test_crash_corpus_in_a_bulk_run(tmp_path: Path, schema_engine: str) -> None:
    count = _corpus_copies(tmp_path / "in", 4)
    assert count >= 64  # the bulk path, with worker processes
    env = {**os.environ, "SZQZ_SCHEMA_ENGINE": schema_engine}
    run = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(tmp_path / "in"), "-j", "2",
         "-f", "json", "--today", TODAY],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert run.stderr == "", run.stderr
    assert run.returncode == 2, run.returncode  # some files cannot be read as dossiers at all
    report = json.loads(run.stdout)
    assert report["summary"]["files"] == count
    assert report["summary"]["internal_errors"] == 0
    for entry in report["files"]:
        codes = [f["code"] for f in entry["findings"]]
        assert codes, f"{entry['file']} has no finding"
        assert "internal-error" not in codes, entry
        assert all(c in catalogue.entries() for c in codes)


def test_corpus_findings_name_the_trouble(tmp_path: Path) -> None:
    _corpus_copies(tmp_path, 1)
    result = validate_paths([str(tmp_path)], Options(jobs=1))
    codes = {Path(f.file).name: {x.code for x in f.findings} for f in result.files}
    assert "schema-format" in codes["year-0000.json"]
    assert "input-number-range" in codes["integer-5000-digits.json"]
    assert "input-number-range" in codes["number-1e400.json"]
    for depth in (256, 300, 999):
        assert codes[f"nesting-{depth}.json"] == {"input-too-deep"}
    assert "attachment-missing" in codes["nul-in-attachment-path.json"]
    for name in ("enum", "pattern", "date", "key", "attachment-path"):
        assert codes[f"surrogate-in-{name}.json"] == {"input-surrogate"}
    # A completion date at the end of the calendar: the application is judged (it comes before
    # the completion it reports, which is the trouble) instead of the deadline overflowing.
    assert "date-order" in codes["completed-9999-12-31.json"]
    assert "internal-error" not in codes["completed-9999-12-31.json"]


# ------------------------------------------------------------------ mutations

NASTY: list[Any] = [
    "0000-01-01", "9999-12-31", "0001-01-01", "2025-02-29", "", " ", "\x00", "a\x00b", "\ud800",
    "x\udfff", "\ud83d\ude00", 10**4000, 2**63, -(2**63), 1.5, 1e308, -0.0, True, None, [], {},
    "9" * 300, "../x.pdf", "/etc/passwd", "C:x", "CON", "x" * 300, "2026-13-01", "\u200b",
    "\ufeff", "１２３", "1e400", "NaN", "attachments/PROPOSAL.PDF", "attachments/proposal.pdf ",
]  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children),
    max_leaves=10,
)
EXAMPLES = sorted(FORMS.glob("*/example*.json"))


def _deep(n: int) -> Any:
    value: Any = []
    for _ in range(n):
        value = [value]
    return value


VALUES = st.sampled_from(NASTY) | JSON | st.integers(0, 400).map(_deep)


def _places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _places(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _places(value, (*path, i))


def _mutate(data: st.DataObject, doc: dict[str, Any]) -> dict[str, Any]:
    for _ in range(data.draw(st.integers(1, 3))):
        places = [p for p in _places(doc) if p and p != ("$schema",)]
        target = data.draw(st.sampled_from(places))
        node: Any = doc
        for part in target[:-1]:
            node = node[part]
        if isinstance(node, dict) and data.draw(st.booleans()):
            del node[target[-1]]
        else:
            node[target[-1]] = data.draw(VALUES)
    return doc


def _write(path: Path, doc: Any) -> None:
    text = json.dumps(doc, ensure_ascii=False)
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: written as \u escapes, as a JSON file holds them
        raw = json.dumps(doc).encode("ascii")
    path.write_bytes(raw)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_examples_in_bulk_give_findings_never_errors(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """Each example mutated in up to three places, a folder of them at a time (with the
    examples' attachments), through the bulk run."""
    folder = tmp_path_factory.mktemp("mutated")
    for example in EXAMPLES:
        project = folder / example.parent.name
        if not project.exists():
            shutil.copytree(example.parent, project, ignore=shutil.ignore_patterns("*.json"))
        doc = json.loads(example.read_text(encoding="utf-8"))
        _write(project / f"mutated-{example.name}", _mutate(data, doc))
    result = validate_paths([str(folder)], Options(jobs=1))
    assert len(result.files) == len(EXAMPLES)
    for f in result.files:
        assert all(x.code != "internal-error" for x in f.findings), f.findings
        assert all(x.code in catalogue.entries() for x in f.findings)


# ------------------------------------------------------------------ the guard itself


@pytest.fixture
def broken_rule(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A rule that fails on every declaration, as an unforeseen bug would."""
    rules.load_all()

    def explode(data: dict[str, Any], context: rules.Context) -> Iterator[Any]:
        raise ZeroDivisionError("division by zero")
        yield

    forms, _ = rules.RULES["annual-deadline"]
    monkeypatch.setitem(rules.RULES, "annual-deadline", (forms, explode))
    rules._for_form.cache_clear()
    yield
    rules._for_form.cache_clear()  # monkeypatch puts the real rule back after this


def test_an_unforeseen_failure_is_a_finding_and_the_run_goes_on(
    tmp_path: Path, broken_rule: None, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(FORMS / "declaration", tmp_path / "declaration")
    shutil.copytree(FORMS / "approval", tmp_path / "approval")
    code = main(["validate", str(tmp_path), "-f", "json", "--today", TODAY])
    report = json.loads(capsys.readouterr().out)
    by_name = {Path(f["file"]).parent.name + "/" + Path(f["file"]).name: f for f in report["files"]}
    broken = by_name["declaration/example.json"]["findings"]
    assert [f["code"] for f in broken] == ["internal-error"]
    assert "ZeroDivisionError" in broken[0]["message"] and ".py:" in broken[0]["message"]
    assert "市大数据发展局" in broken[0]["remedy"] and "报告问题" in broken[0]["remedy"]
    assert by_name["approval/example.json"]["valid"]  # the other files were checked as usual
    assert report["summary"]["internal_errors"] == 2  # both declarations
    assert code == 3


def test_the_browser_entry_point_is_guarded_too(broken_rule: None) -> None:
    raw = (FORMS / "declaration" / "example.json").read_bytes()
    result = validate_parsed("申报书.json", parse_bytes(raw, 10**7), Options(), on_disk=False)
    assert [f.code for f in result.findings] == ["internal-error"]
    assert result.form == "declaration"


def test_internal_error_is_in_the_catalogue_with_both_languages() -> None:
    entry = catalogue.entry("internal-error")
    assert entry["kind"] == "internal" and entry["severity"] == "error"
    assert "{version}" in entry["remedy"]["zh"] and "{version}" in entry["remedy"]["en"]
    assert engine.internal_error("x.json", None, ValueError("\ud800"), "en").findings[0].message


def test_the_browser_entry_point_needs_no_process_machinery() -> None:
    """Pyodide has no processes: checking a dossier in memory must not import them."""
    code = (
        "import sys\n"
        "from generator.validate.engine import Options, validate_parsed\n"
        "from generator.validate.reader import parse_bytes\n"
        f"raw = open({str(FORMS / 'approval' / 'example.json')!r}, 'rb').read()\n"
        "r = validate_parsed('x.json', parse_bytes(raw, 10**7), Options(), on_disk=False)\n"
        "assert r.form == 'approval', r\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('multiprocessing', 'concurrent', '_multiprocessing')))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]"
