"""The printed form as a tree built from a schema (and, for a filled form, a dossier): sections
named after the top-level fields with their articles, label/value rows, tables for lists of
objects, and the attachments. The HTML template only lays this tree out; every value in it is
plain text, escaped by Jinja2's autoescape."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator import money, regulation, spec
from generator.blank import resolve
from generator.schemawalk import conditions

CAPITAL_KEYS = {"total", "total_investment", "applied_amount", "adjusted_total", "budget_total"}
SKIP = {"$schema", "signature"}


@dataclass
class Row:
    label: str
    value: str = ""
    note: str = ""  # 选填 / 仅当……时填写
    options: list[str] = field(default_factory=list)  # blank forms: boxes to tick
    capital: str = ""  # 人民币……元整 under a total
    digest: str = ""  # an attachment's sha256
    depth: int = 0
    heading: bool = False


@dataclass
class Table:
    label: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""
    legend: list[str] = field(default_factory=list)  # blank forms: the choices of option columns


@dataclass
class Section:
    title: str
    articles: str
    rows: list[Row] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    note: str = ""


@dataclass
class Attachment:
    title: str
    file: str
    kind: str
    sha256: str


@dataclass
class Form:
    form_id: str
    title: str
    version: str
    document_number: str
    sections: list[Section]
    attachments: list[Attachment]
    signer: str = ""
    signed_on: str = ""
    blank: bool = True


def chinese_date(value: str) -> str:
    try:
        d = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{d.year}年{d.month}月{d.day}日"


def _articles(ids: list[str]) -> str:
    reg = spec.regulation()
    return "、".join(regulation.article_label(reg, a) for a in ids)


def _is_money(node: dict[str, Any]) -> bool:
    return str(node.get("$ref", "")).endswith("/money")


def _is_attachment(node: dict[str, Any]) -> bool:
    return str(node.get("$ref", "")).endswith("/attachment")


def _scalar_text(node: dict[str, Any], value: Any, key: str) -> tuple[str, str]:
    """(text, capital form) for a filled scalar value."""
    target = resolve(node)
    if value is None:
        return "", ""
    if _is_money(node):
        amount = money.parse(value)
        if amount is None:
            return str(value), ""
        return f"{money.wan(amount)} 万元", money.capital_yuan(
            amount
        ) if key in CAPITAL_KEYS else ""
    if target.get("format") == "date":
        return chinese_date(value), ""
    if isinstance(value, bool):
        return ("是" if value else "否"), ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value), ""
    return str(value), ""


def _options(node: dict[str, Any]) -> list[str]:
    target = resolve(node)
    if "enum" in target:
        return [str(v) for v in target["enum"]]
    if target.get("type") == "boolean":
        return ["是", "否"]
    if target.get("type") == "array" and "enum" in resolve(target.get("items", {})):
        return [str(v) for v in resolve(target["items"])["enum"]]
    return []


class _Builder:
    def __init__(self, data: dict[str, Any] | None) -> None:
        self.blank = data is None
        self.attachments: list[Attachment] = []

    def rows(
        self,
        node: dict[str, Any],
        value: Any,
        depth: int,
        inherited: dict[str, str],
        section: Section,
    ) -> None:
        node = resolve(node)
        required = set(node.get("required", []))
        conditional = {**inherited, **conditions(node)}
        for key, prop in node.get("properties", {}).items():
            if key in SKIP:
                continue
            sub = value.get(key) if isinstance(value, dict) else None
            if not self.blank and sub is None:
                continue
            note = ""
            if self.blank and key in conditional:
                note = f"仅当{conditional[key]}时填写"
            elif self.blank and key not in required:
                note = "选填"
            nested = {
                k.split(".", 1)[1]: v for k, v in conditional.items() if k.startswith(f"{key}.")
            }
            self.field(key, prop, sub, depth, note, nested, section)

    def field(
        self,
        key: str,
        prop: dict[str, Any],
        value: Any,
        depth: int,
        note: str,
        nested: dict[str, str],
        section: Section,
    ) -> None:
        target = resolve(prop)
        label = str(prop.get("title", key))
        if _is_attachment(prop):
            section.rows.append(self.attachment_row(label, value, depth, note))
        elif target.get("type") == "object" or "properties" in target:
            section.rows.append(Row(label=label, note=note, depth=depth, heading=True))
            self.rows(target, value, depth + 1, nested, section)
        elif target.get("type") == "array" and "properties" in resolve(target.get("items", {})):
            section.tables.append(self.table(label, resolve(target["items"]), value, note))
        elif self.blank:
            section.rows.append(Row(label=label, note=note, options=_options(prop), depth=depth))
        else:
            text, capital = _scalar_text(prop, value, key)
            section.rows.append(Row(label=label, value=text, capital=capital, depth=depth))

    def attachment_row(self, label: str, value: Any, depth: int, note: str) -> Row:
        if not isinstance(value, dict):
            return Row(label=label, note=note or "附件", depth=depth)
        self.attachments.append(
            Attachment(
                str(value.get("title", "")),
                str(value.get("file", "")),
                str(value.get("type", "")),
                str(value.get("sha256", "")),
            )
        )
        return Row(
            label=label,
            value=f"{value.get('title', '')}（{value.get('file', '')}）",
            digest=str(value.get("sha256", "")),
            depth=depth,
        )

    def table(self, label: str, items: dict[str, Any], value: Any, note: str) -> Table:
        columns = [(k, p) for k, p in items.get("properties", {}).items()]
        headers = [str(p.get("title", k)) for k, p in columns]
        rows: list[list[str]] = []
        legend: list[str] = []
        if self.blank:
            rows = [["" for _ in columns] for _ in range(3)]
            legend = [
                f"{p.get('title', k)}：{'、'.join(_options(p))}" for k, p in columns if _options(p)
            ]
        else:
            for item in value or []:
                cells = []
                for k, p in columns:
                    cell = item.get(k) if isinstance(item, dict) else None
                    if isinstance(cell, dict):
                        if _is_attachment(p) or "file" in cell:
                            self.attachment_row(str(p.get("title", k)), cell, 0, "")
                            cells.append(str(cell.get("title", "")))
                        else:
                            title = cell.get("title") or cell.get("name") or ""
                            att = cell.get("attachment") or cell.get("document", {}).get(
                                "attachment"
                            )
                            if isinstance(att, dict):
                                self.attachment_row("", att, 0, "")
                            cells.append(str(title))
                    else:
                        cells.append(_scalar_text(p, cell, k)[0])
                rows.append(cells)
        return Table(label=label, columns=headers, rows=rows, note=note, legend=legend)


def build(form_id: str, data: dict[str, Any] | None = None) -> Form:
    schema = spec.schema(form_id)
    builder = _Builder(data)
    root_conditions = conditions(schema)
    required = set(schema.get("required", []))
    basics = Section(title="基本信息", articles=_articles(list(schema["x-article"])))
    sections = [basics]
    for key, prop in schema["properties"].items():
        if key in SKIP:
            continue
        value = data.get(key) if data else None
        if data is not None and value is None:
            continue
        note = ""
        if data is None and key in root_conditions:
            note = f"仅当{root_conditions[key]}时填写"
        elif data is None and key not in required:
            note = "选填"
        target = resolve(prop)
        is_group = (
            target.get("type") == "object" or "properties" in target
        ) and not _is_attachment(prop)
        is_table = target.get("type") == "array" and "properties" in resolve(
            target.get("items", {})
        )
        if is_group or is_table:
            section = Section(
                title=str(prop["title"]), articles=_articles(prop.get("x-article", [])), note=note
            )
            nested = {
                k.split(".", 1)[1]: v for k, v in root_conditions.items() if k.startswith(f"{key}.")
            }
            if is_group:
                builder.rows(target, value, 0, nested, section)
            else:
                section.tables.append(
                    builder.table(str(prop["title"]), resolve(target["items"]), value, "")
                )
            sections.append(section)
        else:
            builder.field(key, prop, value, 0, note, {}, basics)
    signature = (data or {}).get("signature") or {}
    return Form(
        form_id=form_id,
        title=str(schema["title"]),
        version=spec.version(),
        document_number=str(spec.regulation()["document_number"]),
        sections=[s for s in sections if s.rows or s.tables],
        attachments=builder.attachments,
        signer=str(signature.get("leader", "")),
        signed_on=chinese_date(signature["signed_on"]) if signature.get("signed_on") else "",
        blank=data is None,
    )


def all_text(form: Form) -> str:
    """Every character that will be printed, for the font coverage check."""
    parts = [form.title, form.version, form.document_number, form.signer, form.signed_on]
    for s in form.sections:
        parts += [s.title, s.articles, s.note]
        for r in s.rows:
            parts += [r.label, r.value, r.note, r.capital, r.digest, *r.options]
        for t in s.tables:
            parts += [t.label, t.note, *t.columns, *t.legend, *(c for row in t.rows for c in row)]
    for a in form.attachments:
        parts += [a.title, a.file, a.kind, a.sha256]
    return "".join(parts)
