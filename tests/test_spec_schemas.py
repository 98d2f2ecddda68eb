"""The schemas: valid 2020-12, versioned ids, a lint over every property, and every example valid
under this project's engine, python-jsonschema and the check-jsonschema CLI."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
from conftest import FORMS, ROOT, SPEC, example_files, form_of, in_schema_order, load_json

from generator import blank, regulation, spec

SCHEMAS = sorted((SPEC / "schemas").glob("*.schema.json"))
FORM_IDS = [f.id for f in spec.forms()]


def _registry() -> referencing.Registry[Any]:
    resources = [
        (uri, referencing.Resource.from_contents(doc)) for uri, doc in spec.all_schemas().items()
    ]
    return referencing.Registry().with_resources(resources)


def _python_validator(form_id: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        spec.schema(form_id),
        registry=_registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def test_every_form_in_the_index_has_a_schema_and_folder() -> None:
    assert len(FORM_IDS) == 10
    names = {p.name for p in SCHEMAS}
    assert names == {f"{f}.schema.json" for f in FORM_IDS} | {"defs.schema.json"}
    for form_id in FORM_IDS:
        assert (FORMS / form_id / "template.json").is_file()
        assert list((FORMS / form_id).glob("example*.json")), f"{form_id} has no example"


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_2020_12(path: Path) -> None:
    schema = load_json(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_id_carries_the_version_and_dossiers_name_it(form_id: str) -> None:
    schema = spec.schema(form_id)
    assert schema["$id"] == spec.schema_id(form_id)
    assert f"/{spec.version()}/" in schema["$id"]
    assert schema["properties"]["$schema"]["const"] == schema["$id"]
    assert "$schema" in schema["required"]


def _walk(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema with its location."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{where}/{i}")


def _properties(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for loc, sub in _walk(node, where):
        props = sub.get("properties")
        if isinstance(props, dict) and not loc.endswith("/properties"):
            for name, prop in props.items():
                yield f"{loc}/properties/{name}", prop


def _is_condition(location: str) -> bool:
    # The "if" branches of conditionals restate a property only to test it.
    return "/if/" in location or "/then/" in location


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_lint_every_property_documented_and_tied_to_an_article(path: Path) -> None:
    schema = load_json(path)
    ids = regulation.anchor_ids(spec.regulation())
    problems = []
    for loc, prop in _properties(schema, path.name):
        if _is_condition(loc):
            continue
        for key in ("title", "description"):
            if not prop.get(key):
                problems.append(f"{loc}: no {key}")
        # An empty list is an answer too: no article imposes the field (tests/test_citations.py
        # holds the others to the regulation's words).
        if not isinstance(prop.get("x-article"), list):
            problems.append(f"{loc}: no x-article list")
        arts = prop.get("x-article", [])
        problems += [f"{loc}: x-article {a} does not exist" for a in arts if a not in ids]
        if prop.get("title") and not any("\u4e00" <= ch <= "\u9fff" for ch in prop["title"]):
            problems.append(f"{loc}: title is not Chinese")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_lint_objects_closed_and_enums_sound(path: Path) -> None:
    schema = load_json(path)
    problems = []
    for loc, node in _walk(schema, path.name):
        if _is_condition(loc):
            continue
        if node.get("type") == "object" and node.get("additionalProperties") is not False:
            problems.append(f"{loc}: object without additionalProperties: false")
        if "enum" in node:
            values = node["enum"]
            if not values or len(set(values)) != len(values):
                problems.append(f"{loc}: enum empty or repeated")
        titles = node.get("x-enum-titles")
        if titles is not None and (
            set(titles) != {str(v) for v in node.get("enum", [])}
            or not all(isinstance(t, str) and t for t in titles.values())
        ):
            problems.append(f"{loc}: x-enum-titles must name every enum value, and only those")
    assert not problems, "\n".join(problems)


def test_form_level_articles_exist() -> None:
    ids = regulation.anchor_ids(spec.regulation())
    for form in spec.forms():
        assert set(form.articles) <= ids, form.id
        assert set(spec.schema(form.id)["x-article"]) <= ids, form.id


def _json_files() -> list[Path]:
    files = [*SPEC.rglob("*.json"), *FORMS.rglob("*.json"), *(ROOT / "tests").rglob("*.json")]
    # The crash corpus holds exactly the bytes that once broke the validator, on purpose.
    corpus = ROOT / "tests" / "fuzz-corpus"
    return sorted(f for f in files if corpus not in f.parents)


@pytest.mark.parametrize("path", _json_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_json_is_canonically_formatted(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        pytest.fail(f"{path} is not JSON")
    expected = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if "bad-input" in path.parts:
        return  # the bad-input cases are malformed on purpose
    assert text == expected, f"{path} is not canonical: rewrite with json.dumps(indent=2)"


@pytest.mark.parametrize("path", example_files(), ids=lambda p: str(p.relative_to(FORMS)))
def test_example_members_in_schema_order(path: Path) -> None:
    """The published examples are laid out as the fill pages save a dossier: every object's
    members in the order of its schema."""
    dossier = load_json(path)
    ordered = in_schema_order(spec.schema(form_of(dossier)), dossier)
    assert json.dumps(dossier, ensure_ascii=False) == json.dumps(ordered, ensure_ascii=False)


@pytest.mark.parametrize("path", example_files(), ids=lambda p: str(p.relative_to(FORMS)))
def test_example_is_valid(path: Path) -> None:
    dossier = load_json(path)
    errors = list(_python_validator(form_of(dossier)).iter_errors(dossier))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


@pytest.mark.parametrize(
    ("example", "mutate", "expected_path"),
    [
        ("declaration/example.json", lambda d: d.pop("budget_year"), []),
        ("declaration/example.json", lambda d: d.update(declaration_type="专项申报"), []),
        ("declaration/example.json", lambda d: d.pop("resource_catalogue"), []),
        (
            "declaration/example.json",
            lambda d: d["unit"].update(uscc="9111000060003734IL"),
            ["unit", "uscc"],
        ),
        (
            "declaration/example.json",
            lambda d: d["investment"].update(total=580),
            ["investment", "total"],
        ),
        ("approval/example.json", lambda d: d["project"].pop("code"), ["project"]),
        (
            "approval/example.json",
            lambda d: d["products"][0].update(compliant=False),
            ["products", 0],
        ),
        ("approval/example.json", lambda d: d.update(submitted_on="2026-02-30"), ["submitted_on"]),
        ("fund-application/example.json", lambda d: d.update(kind="项目运维"), []),
        ("adjustment/example.json", lambda d: d.update(route="调整申请"), []),
        (
            "fund-use-quarterly/example.json",
            lambda d: d.update(recipients=["市财政局"]),
            ["recipients"],
        ),
        ("acceptance-filing/example.json", lambda d: d.update(extra="x"), []),
    ],
)
def test_schema_rejects_what_it_should(example: str, mutate: Any, expected_path: list[Any]) -> None:
    dossier = copy.deepcopy(load_json(FORMS / example))
    mutate(dossier)
    errors = list(_python_validator(form_of(dossier)).iter_errors(dossier))
    assert errors, "the mutated dossier still validates"
    assert any(list(e.absolute_path) == expected_path for e in errors), [
        (list(e.absolute_path), e.message) for e in errors
    ]


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_template_matches_its_schema(form_id: str) -> None:
    """Drift test: regenerate with `make templates`."""
    assert load_json(FORMS / form_id / "template.json") == blank.template(form_id)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_check_jsonschema_cli_accepts_the_examples(form_id: str) -> None:
    """An independent validator, run as a user would, accepts every example against its schema."""
    schema = SPEC / "schemas" / f"{form_id}.schema.json"
    examples = sorted((FORMS / form_id).glob("example*.json"))
    cli = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(cli), "--schemafile", str(schema), "--base-uri", schema.as_uri(), *map(str, examples)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    bad = copy.deepcopy(load_json(examples[0]))
    bad.pop("unit")
    result = subprocess.run(
        [str(cli), "--schemafile", str(schema), "--base-uri", schema.as_uri(), "-"],
        input=json.dumps(bad),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, "check-jsonschema accepted a dossier without its unit"
