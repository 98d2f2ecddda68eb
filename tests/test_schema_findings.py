"""Schema errors become Chinese findings, and the two schema engines (jsonschema-rs and the
pure-Python python-jsonschema used in the browser and where jsonschema-rs has no build) give the
same findings for every case and example."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from caselib import all_cases, materialise
from conftest import SPEC, example_files

from generator.validate import schema_check, schema_engine
from generator.validate.engine import known_forms
from generator.validate.reader import parse_bytes


def test_required_names_the_missing_field_in_chinese() -> None:
    issues = list(schema_check.check("acceptance-filing", {"$schema": "x"}))
    by_pointer = {i.pointer: i for i in issues}
    assert by_pointer["/accepted_on"].params["missing"] == "验收日期"
    assert by_pointer["/$schema"].code == "schema-value"


def test_schemas_use_no_branching_keywords() -> None:
    """A failed anyOf/oneOf has no single place or reason to report, so the spec does without
    them (conditions are if/then, which fail at the field concerned)."""
    for path in sorted((SPEC / "schemas").glob("*.json")):
        text = path.read_text(encoding="utf-8")
        for keyword in ('"anyOf"', '"oneOf"', '"not"'):
            assert keyword not in text, f"{path.name} uses {keyword}"


def _issues(form: str, data: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {
        (i.code, i.pointer, json.dumps(i.params, sort_keys=True, ensure_ascii=False, default=str))
        for i in schema_check.check(form, data)
    }


def _dossiers(tmp: Path) -> list[tuple[str, dict[str, Any]]]:
    import yaml

    found: list[tuple[str, dict[str, Any]]] = []
    paths = list(example_files())
    for case_file in all_cases():
        case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
        folder = tmp / case_file.parent.parent.name / case_file.parent.name / case_file.stem
        paths += materialise(case, folder)
    for path in paths:
        if not path.is_file():
            continue
        parsed = parse_bytes(path.read_bytes(), 10 * 1024 * 1024)
        if parsed.data is None:
            continue
        form = known_forms().get(parsed.data.get("$schema"))  # type: ignore[arg-type]
        if form is not None:
            found.append((form, parsed.data))
    return found


def test_both_engines_give_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("jsonschema_rs", reason="only one engine installed")
    dossiers = _dossiers(tmp_path)
    assert len(dossiers) > 100
    rust = [_issues(form, data) for form, data in dossiers]
    monkeypatch.setenv("SZQZ_SCHEMA_ENGINE", "python")
    schema_engine.engine.cache_clear()
    try:
        assert schema_engine.engine_name() == "python-jsonschema"
        python = [_issues(form, data) for form, data in dossiers]
    finally:
        monkeypatch.delenv("SZQZ_SCHEMA_ENGINE")
        schema_engine.engine.cache_clear()
    for (form, data), r, p in zip(dossiers, rust, python, strict=True):
        assert r == p, (form, data.get("project", {}).get("name"), r ^ p)
    assert any(rust), "no case breaks the schema"


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2026-02-28", True),
        ("2024-02-29", True),
        ("2025-02-29", False),
        ("0000-01-01", False),
        ("2026-1-01", False),
        ("2026-01-01\n", False),
        ("２０２６-01-01", False),
    ],
)
def test_one_date_check_for_both_engines(value: str, valid: bool) -> None:
    assert schema_engine.is_date(value) is valid


def test_pattern_anchors_mean_end_of_text() -> None:
    import re

    assert re.search(schema_engine.ecma_pattern("^[0-9]{2}$"), "12\n") is None
    assert re.search(schema_engine.ecma_pattern("^[$]{2}$"), "$$") is not None
    assert re.search(schema_engine.ecma_pattern(r"^a\$$"), "a$") is not None
