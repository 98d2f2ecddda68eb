"""The citations lint: every article a form field or a check names is backed by words of that
article which impose it (spec/citations.yaml), and findings about reading and format cite none."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
from collections.abc import Iterator
from typing import Any

from conftest import FORMS

from generator import regulation, spec
from generator.validate import catalogue
from generator.validate.engine import Options, validate_parsed
from generator.validate.reader import parse_bytes

ROWS: list[dict[str, Any]] = spec.citations()["citations"]


def _fields() -> Iterator[tuple[str, list[str]]]:
    """(field id, its x-article) for every property of every schema, form:/path or defs:path."""

    def walk(node: Any, form: str, path: str) -> Iterator[tuple[str, list[str]]]:
        if not isinstance(node, dict):
            return
        for name, prop in node.get("properties", {}).items():
            here = f"{path}/{name}"
            yield (
                (f"{form}:{here}" if form != "defs" else f"defs:{here.lstrip('/')}"),
                prop.get("x-article", []),
            )
            yield from walk(prop, form, here)
        items = node.get("items")
        if isinstance(items, dict):
            if "title" in items:
                here = f"{path}/*"
                fid = f"{form}:{here}" if form != "defs" else f"defs:{here.lstrip('/')}"
                yield fid, items.get("x-article", [])
            yield from walk(items, form, f"{path}/*")

    for form in [f.id for f in spec.forms()]:
        yield from walk(spec.schema(form), form, "")
    for name, node in spec.defs_schema()["$defs"].items():
        yield f"defs:{name}", node.get("x-article", [])
        yield from walk(node, "defs", name)


FIELDS = list(_fields())


def _supports(row: dict[str, Any], field: str) -> bool:
    return any(fnmatch.fnmatchcase(field, pattern) for pattern in row.get("fields", []))


def test_every_citation_quotes_its_article() -> None:
    reg = spec.regulation()
    wrong = [
        f"{row['article']}: “{row['words']}”"
        for row in ROWS
        if row["words"] not in regulation.text_of(reg, row["article"])
    ]
    assert not wrong, "these words are not the article's:\n" + "\n".join(wrong)


def test_every_article_a_field_names_is_backed_by_its_words() -> None:
    missing = [
        f"{field} → {art}"
        for field, arts in FIELDS
        for art in arts
        if not any(row["article"] == art and _supports(row, field) for row in ROWS)
    ]
    assert not missing, (
        "fields citing an article with no words in spec/citations.yaml that impose them "
        "(cite the right article, none, or add the words):\n" + "\n".join(missing)
    )


def test_every_article_a_check_names_is_backed_by_its_words() -> None:
    missing = [
        f"{code} → {art}"
        for code, entry in catalogue.entries().items()
        for art in entry["articles"]
        if not any(row["article"] == art and code in row.get("checks", []) for row in ROWS)
    ]
    assert not missing, "\n".join(missing)


def test_no_citation_is_stale() -> None:
    """Each listed field pattern matches a field that cites the row's article, and each listed
    check cites it: the table says nothing the spec does not."""
    stale = []
    for row in ROWS:
        for pattern in row.get("fields", []):
            if not any(
                fnmatch.fnmatchcase(f, pattern) and row["article"] in arts for f, arts in FIELDS
            ):
                stale.append(f"{row['article']}: field {pattern}")
        for code in row.get("checks", []):
            entry = catalogue.entries().get(code)
            if entry is None or row["article"] not in entry["articles"]:
                stale.append(f"{row['article']}: check {code}")
    assert not stale, "\n".join(stale)


def test_reading_and_format_problems_cite_no_article() -> None:
    for code, entry in catalogue.entries().items():
        if entry["kind"] in ("input", "attachment", "calendar") or (
            entry["kind"] == "schema" and not entry.get("cites_field")
        ):
            assert entry["articles"] == [], code


def _findings(form: str, change: Any, raw: bytes | None = None) -> list[Any]:
    data = json.loads((FORMS / form / "example.json").read_text(encoding="utf-8"))
    change(data)
    text = raw if raw is not None else json.dumps(data, ensure_ascii=False).encode()
    options = Options(today=dt.date(2026, 11, 28), jobs=1)
    result = validate_parsed("x.json", parse_bytes(text, 1 << 20), options, on_disk=False)
    return result.findings


def test_findings_cite_what_imposes_them() -> None:
    """The cases of the issue: a duplicate key, a contact's phone and a document's date inside
    the 大数据局 opinion."""
    dup = _findings("declaration", lambda d: None, b'{"a": 1, "a": 2}')
    assert [(f.code, f.articles) for f in dup] == [("input-duplicate-key", ())]
    phone = _findings("declaration", lambda d: d["unit"]["contact"].update(phone="12"))
    assert [(f.code, f.articles) for f in phone] == [("schema-pattern", ())]
    no_phone = _findings("declaration", lambda d: d["unit"]["contact"].pop("phone"))
    assert [(f.code, f.articles) for f in no_phone] == [("schema-required", ())]

    def undated(d: dict[str, Any]) -> None:
        d["special"]["bigdata_opinion"].pop("date")

    special = json.loads((FORMS / "declaration" / "example-special.json").read_text("utf-8"))
    special["special"]["bigdata_opinion"].pop("date")
    options = Options(today=dt.date(2026, 11, 28), jobs=1)
    raw = json.dumps(special, ensure_ascii=False).encode()
    found = validate_parsed("x.json", parse_bytes(raw, 1 << 20), options, on_disk=False).findings
    assert [(f.code, f.articles) for f in found] == [("schema-required", ("art8",))]
