"""The printed form's tree: sections made of blocks (label/value rows in groups, narratives,
tables with their column widths and totals), the attachments, the opinion boxes, the cover and
the 填表说明. generator/render/tree.py builds it; the HTML template lays it out. Plain data, pure
Python (the browser builds the same tree under Pyodide)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.render import columns, values


@dataclass
class Row:
    label: str
    value: str = ""
    kind: str = "text"  # values.kind(); "heading" for a group's title row
    capital: str = ""  # 人民币……元整 under an amount
    note: str = ""  # 选填 / ……时必填 / 可多选
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
    def title_parts(self) -> list[tuple[str, bool]]:
        """The heading in pieces, each with whether it must not break inside."""
        parts = columns.header_parts(self.title)
        return [(p, len(parts) > 1 and values.width_em(p) <= columns.PIECE) for p in parts]


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
