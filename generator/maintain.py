"""Regenerating the committed derived files from the spec: `make templates`. After `base_uri` in
spec/spec.yaml changed (the bureau publishing the portal at its own address), the schemas' $id and
`$schema` const and the `$schema` of every example and check case follow it; then the blank JSON
templates are written from the schemas."""

from __future__ import annotations

from generator import blank, spec
from generator.fileio import canonical_json, write_atomic
from generator.paths import CASES, FORMS, SPEC


def written_base() -> str:
    """The schema address the spec's files are written with (the part before <version>/)."""
    first = spec.forms()[0].id
    schema_id = str(spec.schema(first)["$id"])
    return schema_id.removesuffix(f"{spec.version()}/{first}.schema.json")


def rebase_sources() -> list[str]:
    old, new = written_base(), str(spec.index()["base_uri"])
    if old == new:
        return []
    written = []
    paths = [
        *sorted((SPEC / "schemas").glob("*.schema.json")),
        *sorted(FORMS.glob("*/*.json")),
        *sorted(CASES.rglob("*.yaml")),
    ]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if old in text:
            write_atomic(path, text.replace(old, new))
            written.append(str(path))
    spec.schema.cache_clear()
    spec.defs_schema.cache_clear()
    return written


def write_templates() -> list[str]:
    written = []
    for form in spec.forms():
        path = FORMS / form.id / "template.json"
        text = canonical_json(blank.template(form.id))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
            written.append(str(path))
    return written


if __name__ == "__main__":
    for name in [*rebase_sources(), *write_templates()]:
        print(f"已更新 {name}")
