"""Property-based: the validator never crashes, whatever JSON (or bytes) it is given."""

from __future__ import annotations

import json
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import spec
from generator.validate import catalogue
from generator.validate.engine import Options, validate_file
from generator.validate.reader import parse_bytes

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=40,
)
FORM_IDS = ["declaration", "approval", "adjustment", "acceptance-application", "fund-application"]
SCHEMA = st.sampled_from([spec.schema_id(f) for f in FORM_IDS])
OPTIONS = Options(jobs=1)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=JSON, schema=SCHEMA, with_schema=st.booleans())
def test_any_json_gives_findings_not_exceptions(
    tmp_path: Path, value: object, schema: str, with_schema: bool
) -> None:
    if with_schema and isinstance(value, dict):
        value = {"$schema": schema, **value}
    path = tmp_path / "x.json"
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    result = validate_file(path, OPTIONS)
    text = path.read_text(encoding="utf-8")
    for finding in result.findings:
        assert finding.code in catalogue.entries()
        template = catalogue.entry(finding.code)["message"]["zh"]
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        # Every placeholder was filled, unless the dossier itself contains that text.
        assert all("{" + n + "}" not in finding.message or "{" + n + "}" in text for n in names)


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=200))
def test_any_bytes_parse_or_give_an_input_issue(raw: bytes) -> None:
    parsed = parse_bytes(raw, 10_000)
    assert (parsed.data is None) == (parsed.issue is not None)
    if parsed.issue:
        assert catalogue.entry(parsed.issue.code)["kind"] == "input"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_examples_never_crash(tmp_path: Path, data: st.DataObject) -> None:
    """Replace one value anywhere in a real example with arbitrary JSON."""
    from conftest import FORMS

    example = data.draw(st.sampled_from(sorted(FORMS.glob("*/example*.json"))))
    doc = json.loads(example.read_text(encoding="utf-8"))
    paths: list[list[object]] = []

    def walk(node: object, path: list[object]) -> None:
        paths.append(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, [*path, k])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, [*path, i])

    walk(doc, [])
    target = data.draw(st.sampled_from([p for p in paths if p and p != ["$schema"]]))
    node: object = doc
    for part in target[:-1]:
        node = node[part]  # type: ignore[index]
    node[target[-1]] = data.draw(JSON)  # type: ignore[index]
    path = tmp_path / example.name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = validate_file(path, OPTIONS)
    assert all(f.code in catalogue.entries() for f in result.findings)
