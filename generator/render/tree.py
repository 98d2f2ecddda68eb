"""The printed form as a tree built from a schema (and, for a filled form, a dossier): sections
named after the top-level fields with their articles, each a run of blocks — label/value rows
(a nested group kept together under its heading), narratives under their own label, and tables
with column widths, 合计 rows and capital amounts — then the attachments, the opinion boxes and,
on a blank form, the 填表说明 (generator/render/paper.py adds those). The HTML template only lays
this tree out; every value in it is plain text, escaped by Jinja2's autoescape. Pure Python, so
the browser can build the same tree under Pyodide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator import money, regulation, spec
from generator.blank import resolve
from generator.render import tables, values
from generator.render.model import (
    Attachment,
    Column,
    Fields,
    Form,
    Group,
    Opinion,
    Row,
    Section,
    Table,
    Text,
    all_text,
)
from generator.render.tables import BLANK_DATE, NONE
from generator.schemawalk import conditions, field_note

__all__ = [
    "BLANK_DATE",
    "Attachment",
    "Column",
    "Fields",
    "Form",
    "Group",
    "Opinion",
    "Row",
    "Section",
    "Table",
    "Text",
    "all_text",
    "build",
]

SKIP = {"$schema", "signature"}


def articles(ids: list[str]) -> str:
    """The articles in the regulation's order, each once."""
    reg = spec.regulation()
    unique = list(dict.fromkeys(ids))
    unique.sort(
        key=lambda a: [int(n) for n in "".join(c if c.isdigit() else " " for c in a).split()]
    )
    return "、".join(regulation.article_label(reg, a) for a in unique)


def is_group(node: dict[str, Any]) -> bool:
    target = resolve(node)
    return (target.get("type") == "object" or "properties" in target) and values.ref_name(
        node
    ) != "attachment"


def is_table(node: dict[str, Any]) -> bool:
    target = resolve(node)
    return target.get("type") == "array" and "properties" in resolve(target.get("items", {}))


def nested(conditional: dict[str, str], key: str) -> dict[str, str]:
    return {k.split(".", 1)[1]: v for k, v in conditional.items() if k.startswith(f"{key}.")}


class _Builder:
    def __init__(self, form_id: str, data: dict[str, Any] | None) -> None:
        self.form_id = form_id
        self.blank = data is None
        self.attachments: list[Attachment] = []
        self.paper = spec.paper()["forms"].get(form_id, {})
        self.data = data or {}

    def note(self, key: str, required: set[str], conditional: dict[str, str], path: str) -> str:
        """The blank form's words on whether the field at `path` (keys joined by dots) is needed."""
        if not self.blank:
            return ""
        return field_note(self.form_id, key, path, required, conditional)

    def attachment(self, value: Any) -> str:
        """Record an attachment for the list; the text that refers to it."""
        if not isinstance(value, dict):
            return ""
        digest = str(value.get("sha256", ""))
        self.attachments.append(
            Attachment(
                title=str(value.get("title", "")),
                kind=str(value.get("type", "")).upper(),
                digest=f"{digest[:8]}…{digest[-8:]}" if len(digest) == 64 else "",
            )
        )
        return f"{value.get('title', '')}（附件{len(self.attachments)}）"

    def collect(
        self,
        node: dict[str, Any],
        value: Any,
        depth: int,
        conditional: dict[str, str],
        section: Section,
        fields: Fields,
        group: Group | None = None,
        path: str = "",
    ) -> None:
        """Rows for an object's properties; narratives and tables become blocks of `section`."""
        node = resolve(node)
        required = set(node.get("required", []))
        conditional = {**conditional, **conditions(node)}
        for key, prop in node.get("properties", {}).items():
            if key in SKIP:
                continue
            sub = value.get(key) if isinstance(value, dict) else None
            here = f"{path}.{key}" if path else key
            note = self.note(key, required, conditional, here)
            label = str(prop.get("title", key))
            kind = values.kind(prop)
            if is_table(prop):
                section.blocks.extend(tables.tables(self, key, label, prop, sub, note))
            elif kind == "narrative":
                section.blocks.append(self.text(label, sub, note))
            elif is_group(prop) and (self.blank or sub is not None):
                rows = [Row(label=label, note=note, kind="heading", depth=depth)]
                inner = Group(rows, keep=True) if group is None else group
                if group is not None:
                    group.rows.extend(rows)
                self.collect(
                    prop, sub, depth + 1, nested(conditional, key), section, fields, inner, here
                )
                if group is None:
                    fields.groups.append(inner)
            else:
                row = self.row(label, prop, sub, note, depth)
                if group is not None:
                    group.rows.append(row)
                elif fields.groups and not fields.groups[-1].keep:
                    fields.groups[-1].rows.append(row)
                else:
                    fields.groups.append(Group([row]))
                for extra in self.derived(key, depth):
                    (group or fields.groups[-1]).rows.append(extra)

    def row(self, label: str, prop: dict[str, Any], value: Any, note: str, depth: int) -> Row:
        kind = values.kind(prop)
        if self.blank:
            # What kind of entry first (附件 unless the label says so already), then when it
            # is needed: （附件；“调整方式”为“调整申请”时必填）.
            marker = {"attachment": "附件", "multi": "可多选"}.get(kind, "")
            if marker and marker not in label:
                note = "；".join(n for n in (marker, note) if n)
            return Row(label, kind=kind, note=note, options=values.options(prop), depth=depth)
        if kind == "attachment":
            return Row(label, value=self.attachment(value) or NONE, depth=depth)
        if value is None:
            return Row(label, value=NONE, depth=depth)
        unit = "" if kind != "money" or "万元" in label else " 万元"
        text = values.text(prop, value) + unit
        return Row(label, text, kind, values.capital(prop, value), depth=depth)

    def derived(self, key: str, depth: int) -> list[Row]:
        """Figures the form computes from the dossier, e.g. the adjustment's share of the
        approved estimate (第二十条), printed after the field named in paper.yaml."""
        rows = []
        for ratio in self.paper.get("ratios", []):
            if ratio["after"] != key:
                continue
            text = "　　　　%"
            if not self.blank:
                part = money.parse(_pointer(self.data, ratio["part"]))
                whole = money.parse(_pointer(self.data, ratio["whole"]))
                text = NONE
                if part is not None and whole:
                    # Rounded away from zero: a share just over the limit never prints as equal.
                    share = (part / whole * 100).quantize(Decimal("0.01"), rounding="ROUND_UP")
                    text = f"{share}%"
            rows.append(Row(ratio["label"], text, "number", note=ratio["note"], depth=depth))
        return rows

    def text(self, label: str, value: Any, note: str) -> Text:
        if self.blank:
            return Text(label, [], note, lines=8)
        paragraphs = [p.rstrip() for p in str(value or "").replace("\r\n", "\n").split("\n")]
        while paragraphs and not paragraphs[-1]:
            paragraphs.pop()
        return Text(label, paragraphs or [NONE])


def _pointer(data: Any, path: str) -> Any:
    for part in path.split("/"):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def build(form_id: str, data: dict[str, Any] | None = None) -> Form:
    from generator.render import paper

    schema = spec.schema(form_id)
    builder = _Builder(form_id, data)
    root_conditions = conditions(schema)
    required = set(schema.get("required", []))
    basics = Section(title="基本信息", articles=articles(list(schema["x-article"])))
    basics_fields = Fields()
    basics.blocks.append(basics_fields)
    sections = [basics]
    for key, prop in schema["properties"].items():
        if key in SKIP:
            continue
        value = data.get(key) if data else None
        note = builder.note(key, required, root_conditions, key)
        if is_group(prop) or is_table(prop):
            section = Section(str(prop["title"]), articles(prop.get("x-article", [])), note)
            if is_table(prop):
                section.blocks.extend(tables.tables(builder, key, section.title, prop, value, ""))
            elif value is not None or data is None:
                fields = Fields()
                section.blocks.append(fields)
                builder.collect(
                    prop, value, 0, nested(root_conditions, key), section, fields, path=key
                )
            sections.append(section)
        else:
            wrapper = {"properties": {key: prop}, "required": list(required & {key})}
            conditional = {key: root_conditions[key]} if key in root_conditions else {}
            builder.collect(wrapper, data, 0, conditional, basics, basics_fields)
    for section in sections:
        section.blocks = [b for b in section.blocks if not isinstance(b, Fields) or b.groups]
        section.wide = any(isinstance(b, Table) and b.wide for b in section.blocks)
    form = Form(
        form_id=form_id,
        title=str(schema["title"]),
        name=str(schema["title"]),
        document_number=str(spec.regulation()["document_number"]),
        sections=sections,
        attachments=builder.attachments,
        attachment_articles=articles(spec.defs_schema()["$defs"]["attachment"]["x-article"]),
        closing_wide=sections[-1].wide,
        blank=data is None,
    )
    paper.dress(form, data)
    return form
