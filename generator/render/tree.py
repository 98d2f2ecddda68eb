"""The printed form as a tree built from a schema (and, for a filled form, a dossier): sections
named after the top-level fields with their articles, each a run of blocks — label/value rows
(a nested group kept together under its heading), narratives under their own label, and tables
with column widths, 合计 rows and capital amounts — then the attachments, the opinion boxes and,
on a blank form, the 填表说明 (generator/render/paper.py adds those). The HTML template only lays
this tree out; every value in it is plain text, escaped by Jinja2's autoescape. Pure Python, so
the browser can build the same tree under Pyodide."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator import money, regulation, spec
from generator.blank import resolve
from generator.render import columns, values
from generator.schemawalk import conditions

SKIP = {"$schema", "signature"}
BLANK_ROWS = 8
BLANK_ROWS_WIDE = 6
NONE = "无"
BLANK_DATE = "　年　月　日"


@dataclass
class Row:
    label: str
    value: str = ""
    kind: str = "text"  # values.kind(); "heading" for a group's title row
    capital: str = ""  # 人民币……元整 under an amount
    note: str = ""  # 选填 / 仅当……时填写 / 可多选
    options: list[str] = field(default_factory=list)  # blank forms: boxes to tick
    depth: int = 0


@dataclass
class Group:
    rows: list[Row]
    keep: bool = False  # a titled group: never split from its heading


@dataclass
class Fields:
    groups: list[Group] = field(default_factory=list)
    block: str = "fields"


@dataclass
class Text:
    label: str
    paragraphs: list[str]
    note: str = ""
    lines: int = 0  # blank forms: lines of writing space
    block: str = "text"


@dataclass
class Column:
    title: str
    kind: str
    width: float = 0.0  # percent of the table
    boxes: list[str] = field(default_factory=list)  # blank forms: a short choice's boxes

    @property
    def title_parts(self) -> list[str]:
        """The heading in pieces that do not break inside: 年度预算 | （万元）."""
        head, mark, rest = self.title.partition("（")
        return [head, mark + rest] if mark and head else [self.title]


@dataclass
class Table:
    label: str
    columns: list[Column]
    rows: list[list[str]]
    number_width: float = 0.0
    long_rows: list[bool] = field(default_factory=list)  # rows allowed to break across pages
    total: list[str] = field(default_factory=list)  # the 合计 row, one cell per column
    capitals: list[str] = field(default_factory=list)  # 金额合计 …，大写 人民币……
    legend: list[str] = field(default_factory=list)  # blank forms: the choices of columns
    note: str = ""
    wide: bool = False
    block: str = "table"


@dataclass
class Section:
    title: str
    articles: str
    note: str = ""
    blocks: list[Fields | Text | Table] = field(default_factory=list)
    wide: bool = False


@dataclass
class Attachment:
    title: str
    kind: str
    digest: str  # first and last 8 hex digits of its SHA-256, for a person to compare


@dataclass
class Opinion:
    label: str
    body: str = ""  # the body giving it, where the dossier names one
    note: str = ""
    unit: bool = False  # the submitting unit's box: 经办人 and 单位负责人 sign
    clerk: str = ""  # typed names, printed beside (never on) the place to sign
    leader: str = ""
    signed_on: str = ""


@dataclass
class Form:
    form_id: str
    title: str  # the official title, e.g. “数字钦州”建设项目审批表
    name: str  # the spec's short name, e.g. 审批材料
    document_number: str
    sections: list[Section]
    attachments: list[Attachment]
    attachment_articles: str = ""
    opinions: list[Opinion] = field(default_factory=list)
    cover: list[tuple[str, str]] = field(default_factory=list)  # (label, value); [] = no cover
    header: list[str] = field(default_factory=list)  # running header lines
    instructions: list[tuple[str, list[str]]] = field(default_factory=list)  # 填表说明
    general: list[str] = field(default_factory=list)  # 填表说明's general points
    findings: list[list[str]] = field(default_factory=list)  # a draft's findings: last page
    project: str = ""  # the project and unit the dossier names (running header, PDF title)
    unit: str = ""
    closing_wide: bool = False  # the attachments and opinions follow a landscape section
    blank: bool = True


def articles(ids: list[str]) -> str:
    """The articles in the regulation's order, each once."""
    reg = spec.regulation()
    unique = list(dict.fromkeys(ids))
    unique.sort(
        key=lambda a: [int(n) for n in "".join(c if c.isdigit() else " " for c in a).split()]
    )
    return "、".join(regulation.article_label(reg, a) for a in unique)


def _is_group(node: dict[str, Any]) -> bool:
    target = resolve(node)
    return (target.get("type") == "object" or "properties" in target) and values.ref_name(
        node
    ) != "attachment"


def _is_table(node: dict[str, Any]) -> bool:
    target = resolve(node)
    return target.get("type") == "array" and "properties" in resolve(target.get("items", {}))


def _nested(conditional: dict[str, str], key: str) -> dict[str, str]:
    return {k.split(".", 1)[1]: v for k, v in conditional.items() if k.startswith(f"{key}.")}


class _Builder:
    def __init__(self, form_id: str, data: dict[str, Any] | None) -> None:
        self.blank = data is None
        self.attachments: list[Attachment] = []
        self.paper = spec.paper()["forms"].get(form_id, {})
        self.data = data or {}

    def note(self, key: str, required: set[str], conditional: dict[str, str]) -> str:
        if not self.blank:
            return ""
        if key in conditional:
            return f"仅当{conditional[key]}时填写"
        return "" if key in required else "选填"

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
    ) -> None:
        """Rows for an object's properties; narratives and tables become blocks of `section`."""
        node = resolve(node)
        required = set(node.get("required", []))
        conditional = {**conditional, **conditions(node)}
        for key, prop in node.get("properties", {}).items():
            if key in SKIP:
                continue
            sub = value.get(key) if isinstance(value, dict) else None
            note = self.note(key, required, conditional)
            label = str(prop.get("title", key))
            kind = values.kind(prop)
            if _is_table(prop):
                section.blocks.append(self.table(key, label, prop, sub, note))
            elif kind == "narrative":
                section.blocks.append(self.text(label, sub, note))
            elif _is_group(prop) and (self.blank or sub is not None):
                rows = [Row(label=label, note=note, kind="heading", depth=depth)]
                inner = Group(rows, keep=True) if group is None else group
                if group is not None:
                    group.rows.extend(rows)
                self.collect(
                    prop, sub, depth + 1, _nested(conditional, key), section, fields, inner
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
            if kind == "attachment":
                note = "、".join(n for n in (note, "附件") if n)
            if kind == "multi":
                note = "、".join(n for n in (note, "可多选") if n)
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

    def table(self, key: str, label: str, prop: dict[str, Any], value: Any, note: str) -> Table:
        items = resolve(resolve(prop)["items"])
        props = list(items.get("properties", {}).items())
        cols = [Column(str(p.get("title", k)), values.kind(p)) for k, p in props]
        sign = self.paper.get("sign_columns", {}).get(key)
        rows: list[list[str]] = []
        for item in [] if self.blank else value or []:
            item = item if isinstance(item, dict) else {}
            rows.append([self.cell(p, item.get(k)) for k, p in props] + ([""] if sign else []))
        if sign:
            cols.append(Column(sign, "sign"))
        table = Table(label, cols, rows, note=note)
        table.long_rows = [any(len(c) > values.LONG_CELL for c in r) for r in rows]
        money_cols = [i for i, c in enumerate(cols) if c.kind == "money"]
        if self.blank:
            table.rows = [["" for _ in cols] for _ in range(BLANK_ROWS)]
            table.long_rows = [False] * BLANK_ROWS
            table.legend = [
                f"{c.title}：{'、'.join(values.options(p))}"
                for c, (_, p) in zip(cols, props, strict=False)
                if c.kind in ("choice", "multi") and resolve(p).get("type") != "boolean"
            ]
        if money_cols:
            table.total = ["" for _ in cols]
            table.total[0] = "合计"
            for i in money_cols:
                name = cols[i].title.replace("（万元）", "")
                if self.blank:
                    table.capitals.append(f"{name}合计（大写）：人民币")
                    continue
                total = sum(
                    (
                        money.parse(_raw(value, props[i][0], n)) or Decimal(0)
                        for n in range(len(rows))
                    ),
                    Decimal(0),
                )
                table.total[i] = money.figure(total)
                table.capitals.append(
                    f"{name}合计 {money.figure(total)} 万元，大写：{money.capital_yuan(total)}"
                )
        self.size(table, props)
        if self.blank and table.wide:  # a landscape page is shorter
            del table.rows[BLANK_ROWS_WIDE:], table.long_rows[BLANK_ROWS_WIDE:]
        return table

    def cell(self, prop: dict[str, Any], value: Any) -> str:
        if value is None:
            return NONE
        if values.kind(prop) == "attachment":
            return self.attachment(value)
        if isinstance(value, dict):  # a document within a row: its title, number and file
            text = str(value.get("title") or value.get("name") or "")
            if value.get("doc_number"):
                text += f"（{value['doc_number']}）"
            attachment = value.get("attachment")
            if isinstance(attachment, dict):
                self.attachment(attachment)
                text += f"（附件{len(self.attachments)}）"
            return text
        return values.text(prop, value)

    def size(self, table: Table, props: list[tuple[str, dict[str, Any]]]) -> None:
        needs = []
        for i, col in enumerate(table.columns):
            cells = [r[i] for r in table.rows] + ([table.total[i]] if table.total else [])
            blank_width = 0.0
            if self.blank and col.kind == "choice" and i < len(props):
                opts = values.options(props[i][1])
                if len(opts) <= 2:
                    col.boxes = opts
                    blank_width = values.width_em("□" + " □".join(opts))
            if self.blank and col.kind == "date":
                blank_width = values.width_em(BLANK_DATE)
            if col.kind == "sign":
                blank_width = 8.0
            needs.append(columns.need(col.title, col.kind, cells, blank_width))
        table.wide = columns.is_wide(needs)
        table.number_width, shares = columns.widths(needs, table.wide)
        for col, share in zip(table.columns, shares, strict=True):
            col.width = share


def _raw(value: Any, key: str, index: int) -> Any:
    item = value[index] if isinstance(value, list) and index < len(value) else None
    return item.get(key) if isinstance(item, dict) else None


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
        note = builder.note(key, required, root_conditions)
        if _is_group(prop) or _is_table(prop):
            section = Section(str(prop["title"]), articles(prop.get("x-article", [])), note)
            if _is_table(prop):
                section.blocks.append(builder.table(key, section.title, prop, value, ""))
            elif value is not None or data is None:
                fields = Fields()
                section.blocks.append(fields)
                builder.collect(prop, value, 0, _nested(root_conditions, key), section, fields)
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


def all_text(form: Form) -> str:
    """Every character that will be printed, for the font coverage check."""
    parts = [form.title, form.name, *form.header, *form.general, form.project, form.unit]
    parts += [c for row in form.findings for c in row]
    parts += [c for pair in form.cover for c in pair]
    for title, lines in form.instructions:
        parts += [title, *lines]
    for o in form.opinions:
        parts += [o.label, o.body, o.note, o.clerk, o.leader, o.signed_on]
    for s in form.sections:
        parts += [s.title, s.articles, s.note]
        for b in s.blocks:
            if isinstance(b, Fields):
                for g in b.groups:
                    for r in g.rows:
                        parts += [r.label, r.value, r.note, r.capital, *r.options]
            elif isinstance(b, Text):
                parts += [b.label, b.note, *b.paragraphs]
            else:
                parts += [b.label, b.note, *b.legend, *b.total, *b.capitals]
                parts += [c.title for c in b.columns] + [c for row in b.rows for c in row]
    for a in form.attachments:
        parts += [a.title, a.kind, a.digest]
    return "".join(parts)
