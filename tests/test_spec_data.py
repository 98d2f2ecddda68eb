"""Lints over the spec's data tables: the city's bodies and the documents each must issue
(spec/authorities.yaml) hold together with the regulation's words, the forms and the checks."""

from __future__ import annotations

import json
from typing import Any

from generator import regulation, spec
from generator.validate import authorities, catalogue


def _field_exists(form: str, path: tuple[str, ...]) -> bool:
    from generator.blank import resolve

    node: Any = spec.schema(form)
    for part in path:
        node = resolve(node)
        node = node.get("items") if part == "*" else node.get("properties", {}).get(part)
        if not isinstance(node, dict):
            return False
    return True


def test_every_issuer_row_names_a_body_a_field_a_check_and_the_regulations_words() -> None:
    reg = spec.regulation()
    problems = []
    forms = {f.id for f in spec.forms()}
    for row in spec.authorities()["documents"]:
        where = f"{row['form']} {row['at']}"
        if row["form"] not in forms:
            problems.append(f"{where}: no such form")
            continue
        if not _field_exists(row["form"], tuple(row["at"].strip("/").split("/"))):
            problems.append(f"{where}: no such field")
        if row["body"] not in {*authorities.bodies(), authorities.APPROVING}:
            problems.append(f"{where}: unknown body {row['body']}")
        if row["check"] not in catalogue.entries():
            problems.append(f"{where}: unknown check {row['check']}")
        elif row["form"] not in catalogue.entry(row["check"]).get("forms", [row["form"]]):
            problems.append(f"{where}: {row['check']} does not run on this form")
        if row["words"] not in regulation.text_of(reg, row["article"]):
            problems.append(f"{where}: {row['article']} does not say “{row['words']}”")
        title = authorities.bodies().get(row["body"])
        if title and title.title not in row["words"]:
            problems.append(f"{where}: the words do not name {title.title}")
    assert not problems, "\n".join(problems)


def test_bodies_are_the_citys_and_closed() -> None:
    for key, body in authorities.bodies().items():
        assert body.names and all(n.startswith(("钦州市", "中共钦州市委")) for n in body.names), key
        assert body.title.startswith(("市", "市委")), key
    names = [n for b in authorities.bodies().values() for n in b.names]
    assert len(names) == len(set(names)), "a name belongs to one body only"
    assert not authorities.is_body("灵山县人民政府", "city-government")
    assert not authorities.is_body("广西壮族自治区国家保密局", "secrecy")
    assert authorities.is_body(" 钦州市国家保密局 ", "secrecy")


def _lint(name: str) -> Any:
    import jsonschema

    from generator.paths import SPEC

    data = spec.load_yaml(SPEC / f"{name}.yaml")
    schema = json.loads((SPEC / "meta" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in jsonschema.Draft202012Validator(schema).iter_errors(data)
    ]
    assert not errors, "\n".join(errors)
    return data


def _article_ids() -> set[str]:
    return {a["id"] for a in regulation.articles(spec.regulation())}


def test_glossary_is_well_formed_and_names_real_articles_and_forms() -> None:
    data = _lint("glossary")
    forms = {f.id for f in spec.forms()}
    seen: set[str] = set()
    for entry in data["terms"]:
        words = [entry["term"], *entry["short"]]
        assert not seen & set(words), f"{entry['term']}: a word belongs to one term only"
        seen |= set(words)
        assert set(entry["articles"]) <= _article_ids(), entry["term"]
        assert set(entry["forms"]) <= forms, entry["term"]


def test_guide_covers_every_form_once_and_cites_real_articles() -> None:
    data = _lint("guide")
    ids = _article_ids()
    placed = [f for stage in data["stages"] for f in stage["forms"]]
    assert sorted(placed) == sorted(f.id for f in spec.forms()), "each form in one stage"
    for stage in data["stages"]:
        for part in ("steps", "limits", "faq"):
            for item in stage[part]:
                assert set(item["articles"]) <= ids, f"{stage['id']} {part}: {item['articles']}"


def test_portal_settings_have_no_invented_defaults() -> None:
    data = _lint("portal")
    # Only the bureau knows these: the spec as shipped leaves every one unset.
    assert all(s["value"] is None for s in data["settings"].values())
