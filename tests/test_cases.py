"""Every case folder: the findings of each case equal its expected [code, pointer] list exactly,
and the meta-test that holds the catalogue, the implementations and the cases to each other.
Requirement ids covered: REQUIREMENTS.md checks 1–18, issue #3 items 1, 3, 4, 5, 7, 8."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from caselib import all_cases, found_pairs, run
from conftest import CASES, SPEC

from generator import regulation, spec
from generator.validate import catalogue, rules

CASE_FILES = all_cases()


@pytest.mark.parametrize("case_file", CASE_FILES, ids=lambda p: str(p.relative_to(CASES)))
def test_case(case_file: Path, tmp_path: Path) -> None:
    case, result = run(case_file, tmp_path)
    expected = {tuple(x) for x in case.get("expected", [])}
    found = found_pairs(result, tmp_path)
    assert found == expected, (
        f"{case.get('description', '')}\nfound:    {sorted(found)}\nexpected: {sorted(expected)}"
    )
    side = case_file.parent.name
    code = case_file.parent.parent.name
    if side == "failing":
        assert any(pair[0] == code for pair in expected), "a failing case must expect its own code"
    else:
        assert all(pair[0] != code for pair in expected), "a passing case must not expect its code"


_CJK = re.compile(r"[\u4e00-\u9fff]+")
FAILING = [c for c in CASE_FILES if c.parent.name == "failing"]


@functools.cache
def _schema_text() -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(SPEC.glob("schemas/*.json")))


@pytest.mark.parametrize("case_file", FAILING, ids=lambda p: str(p.relative_to(CASES)))
def test_english_findings_carry_no_chinese_sentence_of_their_own(
    case_file: Path, tmp_path: Path
) -> None:
    """With --lang en, Chinese may appear only where it is the dossier's own text, a file's name
    or the spec's (field titles, allowed values): every run of Chinese characters in a message must be found
    in the dossiers or the schemas."""
    _, result = run(case_file, tmp_path, lang="en")
    texts = _schema_text() + "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in tmp_path.rglob("*.json")
    )
    texts += "".join(str(p) for p in tmp_path.rglob("*"))  # names of the case's files and folders
    for f in result.files:
        for x in f.findings:
            for part in (x.message, x.remedy, x.field):
                stray = [run for run in _CJK.findall(part) if run not in texts]
                assert not stray, f"{x.code}: {part}"


def test_every_catalogue_code_has_cases_and_an_existing_article() -> None:
    ids = regulation.anchor_ids(spec.regulation())
    problems = []
    for code, entry in catalogue.entries().items():
        # No dossier should make the tool fail: internal-error has its own test instead
        # (test_robustness.py), which makes a check fail on purpose.
        sides = () if entry["kind"] == "internal" else ("passing", "failing")
        for side in sides:
            if not list((CASES / code / side).glob("*.yaml")):
                problems.append(f"{code}: no {side} case")
        problems += [
            f"{code}: article {a} does not exist" for a in entry["articles"] if a not in ids
        ]
        for part in ("title", "message", "remedy"):
            # Exactly the two languages, each a non-empty string: an unquoted comma in a YAML
            # flow mapping would cut the English short and add a stray key.
            if set(entry[part]) != {"zh", "en"}:
                problems.append(f"{code}: {part} has keys {sorted(entry[part])}")
            for lang in ("zh", "en"):
                if not isinstance(entry[part].get(lang), str) or not entry[part][lang]:
                    problems.append(f"{code}: no {lang} {part}")
    assert not problems, "\n".join(problems)


def test_rules_and_catalogue_match() -> None:
    rules.load_all()
    rule_codes = {c for c, e in catalogue.entries().items() if e["kind"] == "rule"}
    assert set(rules.RULES) == rule_codes, (
        f"without implementation: {rule_codes - set(rules.RULES)}; "
        f"without catalogue entry: {set(rules.RULES) - rule_codes}"
    )
    for code, (forms, _) in rules.RULES.items():
        declared = catalogue.entry(code).get("forms")
        assert (set(declared) if declared else None) == (set(forms) if forms else None), code


def test_case_folders_name_catalogue_codes() -> None:
    folders = {p.name for p in CASES.iterdir() if p.is_dir()}
    assert folders <= set(catalogue.entries()), folders - set(catalogue.entries())


def test_every_non_rule_code_is_reported_somewhere_in_the_validator() -> None:
    from conftest import ROOT

    source = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "generator" / "validate").rglob("*.py")
    )
    missing = [
        c for c, e in catalogue.entries().items() if e["kind"] != "rule" and f'"{c}"' not in source
    ]
    assert not missing, missing


def test_retired_codes_are_gone_and_name_their_replacements() -> None:
    from conftest import ROOT

    source = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "generator" / "validate").rglob("*.py")
    )
    for code, meta in catalogue.retired().items():
        assert code not in catalogue.entries(), f"{code} is both retired and in use"
        assert not (CASES / code).exists(), f"{code} is retired but has case folders"
        assert f'"{code}"' not in source, f"{code} is retired but still reported"
        assert meta["replaced_by"], code
        assert set(meta["replaced_by"]) <= set(catalogue.entries()), code
        for lang in ("zh", "en"):
            assert meta["reason"][lang], (code, lang)
            assert code in catalogue.retired_note(code, lang)
