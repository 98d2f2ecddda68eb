"""Positions of many findings in one pass (issue 12, item 7): locate_all agrees with locate for
every pointer, whatever the text's layout, and a file with thousands of bad entries is reported
with a cap instead of thousands of lines."""

from __future__ import annotations

import json
import random
from pathlib import Path

from conftest import FORMS, load_json

from generator.validate import positions
from generator.validate.engine import Options, validate_file


def _pointers(node: object, path: str = "") -> list[str]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            part = key.replace("~", "~0").replace("/", "~1")
            found += _pointers(value, f"{path}/{part}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _pointers(value, f"{path}/{i}")
    return found


def test_one_pass_agrees_with_one_pointer_at_a_time() -> None:
    rng = random.Random(12)
    for example in sorted(FORMS.glob("*/example*.json")):
        data = load_json(example)
        wanted = [*_pointers(data), "/no/such/member", "/project/nothere", "/0", ""]
        for text in (
            example.read_text(encoding="utf-8"),
            json.dumps(data, ensure_ascii=False),
            "\ufeff" + json.dumps(data, ensure_ascii=False, indent="\t"),
        ):
            sample = rng.sample(wanted, min(40, len(wanted)))  # more than positions.FEW
            every = positions.locate_all(text, sample)
            for pointer in sample:
                assert every[pointer] == positions.locate(text, pointer), pointer


def test_thousands_of_bad_entries_are_capped(tmp_path: Path) -> None:
    data = load_json(FORMS / "budget-execution" / "example.json")
    entry = data["projects"][0]
    data["projects"] = [{**entry, "name": ""} for _ in range(3000)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    result = validate_file(path, Options(jobs=1, max_findings=200))
    codes = [f.code for f in result.findings]
    assert len(codes) == 201 and codes[-1] == "findings-capped"
    assert "另有 2800 处未列出" in result.findings[-1].message
    lines = [f.line for f in result.findings[:-1]]
    assert all(lines) and lines == sorted(lines)
