"""Lints over the spec's data tables: the city's bodies and the documents each must issue
(spec/authorities.yaml) hold together with the regulation's words, the forms and the checks."""

from __future__ import annotations

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
