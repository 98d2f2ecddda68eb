"""Regenerating the committed derived files from the spec: `make templates`. After `base_uri` in
spec/spec.yaml changed (the bureau publishing the portal at its own address), the schemas' $id and
`$schema` const and the `$schema` of every example and check case follow it; then the blank JSON
templates are written from the schemas, and the approval example's Word attachments from the
outlines and its own content (cover, 投资概算 table, opinions), with their SHA-256 digests in the
example following them."""

from __future__ import annotations

import hashlib
import json
from typing import Any

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
        *sorted(SPEC.glob("*.schema.json")),  # the JSON report's schema
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


# (form, JSON pointer of the attachment in its example, outline kind, file in the form's folder)
EXAMPLE_DOCUMENTS = (
    ("approval", "/feasibility_study/attachment", "feasibility-study", "feasibility-study.docx"),
    ("approval", "/preliminary_design/attachment", "preliminary-design", "preliminary-design.docx"),
    ("approval", "/consulting_report/attachment", "consulting-report", "consulting-report.docx"),
)


def write_templates() -> list[str]:
    written = []
    for form in spec.forms():
        path = FORMS / form.id / "template.json"
        text = canonical_json(blank.template(form.id))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
            written.append(str(path))
    return written


def example_documents() -> dict[str, bytes]:
    """Each example Word attachment as it should be: path in the repository → bytes."""
    from generator.outline import docx

    out: dict[str, bytes] = {}
    for form, _, kind, name in EXAMPLE_DOCUMENTS:
        example = json.loads((FORMS / form / "example.json").read_text(encoding="utf-8"))
        out[f"{form}/attachments/{name}"] = docx.build(kind, example)
    return out


def _attachment(data: dict[str, Any], pointer: str) -> dict[str, Any]:
    node: Any = data
    for part in pointer.strip("/").split("/"):
        node = node[part]
    assert isinstance(node, dict)
    return node


def write_example_documents() -> list[str]:
    written = []
    documents = example_documents()
    for form, pointer, _, name in EXAMPLE_DOCUMENTS:
        content = documents[f"{form}/attachments/{name}"]
        path = FORMS / form / "attachments" / name
        if not path.exists() or path.read_bytes() != content:
            write_atomic(path, content)
            written.append(str(path))
        example_path = FORMS / form / "example.json"
        example = json.loads(example_path.read_text(encoding="utf-8"))
        att = _attachment(example, pointer)
        digest = hashlib.sha256(content).hexdigest()
        if att.get("file") != f"attachments/{name}" or att.get("sha256") != digest:
            att.update(file=f"attachments/{name}", type="docx", sha256=digest)
            write_atomic(example_path, canonical_json(example))
            written.append(str(example_path))
    return written


if __name__ == "__main__":
    for name in [*rebase_sources(), *write_templates(), *write_example_documents()]:
        print(f"已更新 {name}")
