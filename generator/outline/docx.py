"""An outline as a .docx: a cover (project, unit and date from a dossier when one is given), a
table of contents field, and each chapter as a Word heading (built-in 标题 1/标题 2 styles with
their outline levels, so Word's and WPS's navigation pane list them) followed by whether it is
mandatory (article and words) or usual (its public source), what to write, and a place to write
it; the 初步设计方案 carries the 投资概算 table. python-docx (the `docs` extra) is imported here
only. The bytes are reproducible: fixed document dates and zip timestamps."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from generator import money, regulation, spec
from generator.outline.data import (
    GUIDANCE,
    HINT_NOTE,
    MANDATORY_NOTE,
    USUAL_NOTE,
    Chapter,
    Outline,
    outlines,
    sources,
)

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.styles.style import ParagraphStyle

CHAPTER_NUMBERS = "一二三四五六七八九十"
_EPOCH = (2024, 12, 6, 0, 0, 0)  # the regulation's issue date, for reproducible files
BODY_FONT, HEADING_FONT = "宋体", "黑体"
REGULATION = "《“数字钦州”建设项目和资金管理暂行办法》（钦政办规〔2024〕1号）"


class MissingExtra(Exception):
    """python-docx is not installed; the message says how to install it."""


def _chapter_label(index: int) -> str:
    if index <= 10:
        return f"第{CHAPTER_NUMBERS[index - 1]}章"
    tens, unit = divmod(index, 10)
    prefix = "" if tens == 1 else CHAPTER_NUMBERS[tens - 1]
    return f"第{prefix}十{CHAPTER_NUMBERS[unit - 1] if unit else ''}章"


def amount_text(value: Any) -> str:
    """万元 with at least two decimals and never fewer than the amount has."""
    amount = money.parse(value)
    if amount is None:
        return str(value or "")
    exponent = amount.as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) else 2)
    return f"{amount:,.{places}f}"


def _articles(ids: tuple[str, ...]) -> str:
    reg = spec.regulation()
    return "、".join(regulation.article_label(reg, a) for a in ids)


def _fonts(style: ParagraphStyle, east_asia: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = style.font
    font.name = "Times New Roman"
    font.size = Pt(size)
    font.bold = bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _outline_level(style: ParagraphStyle, level: int) -> None:
    """Say the outline level in the style itself, as Word's own heading styles do: it is what
    the navigation pane (and LibreOffice's navigator) lists."""
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    lvl = ppr.makeelement(qn("w:outlineLvl"), {qn("w:val"): str(level - 1)})
    ppr.append(lvl)


def _styles(doc: DocumentObject) -> None:
    _fonts(doc.styles["Normal"], BODY_FONT, 12)
    for level, size in ((1, 16), (2, 14), (3, 12)):
        style = doc.styles[f"Heading {level}"]
        _fonts(style, HEADING_FONT, size, bold=True)
        _outline_level(style, level)
    _fonts(doc.styles["Title"], HEADING_FONT, 22, bold=True)


def _toc(doc: DocumentObject) -> None:
    """A table-of-contents field that Word and WPS fill in on opening (updateFields)."""
    from docx.oxml.ns import qn

    doc.add_paragraph("目  录", style="Title")
    run = doc.add_paragraph().add_run()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None)):
        if kind:
            el = run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        else:
            el = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            el.text = text
        run._r.append(el)
    hint = run._r.makeelement(qn("w:t"), {})
    hint.text = "（打开文件时选择更新域，或右键此处“更新域”，即生成目录）"
    run._r.append(hint)
    run._r.append(run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): "end"}))
    settings = doc.settings.element
    settings.append(settings.makeelement(qn("w:updateFields"), {qn("w:val"): "true"}))


def _cover(doc: DocumentObject, outline: Outline, dossier: dict[str, Any] | None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    project = (dossier or {}).get("project") or {}
    unit = (dossier or {}).get("unit") or {}
    name = project.get("name") if isinstance(project, dict) else None
    unit_name = unit.get("name") if isinstance(unit, dict) else None
    when = (dossier or {}).get("submitted_on")
    for _ in range(4):
        doc.add_paragraph()
    title = doc.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(str(name) if name else "（项目名称）")
    title.add_run().add_break()
    title.add_run(outline.title)
    for _ in range(6):
        doc.add_paragraph()
    date = _date_text(when)
    for label, value in (
        ("项目建设单位", str(unit_name) if unit_name else "（单位名称）"),
        ("编制日期", date or "    年  月  日"),
    ):
        line = doc.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.add_run(f"{label}：{value}")
    note = doc.add_paragraph()
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    note.add_run(f"依据{REGULATION}编制").font.size = _pt(10.5)
    note.add_run().add_break(WD_BREAK.PAGE)


def _date_text(value: Any) -> str:
    try:
        d = dt.date.fromisoformat(str(value))
    except ValueError:
        return ""
    return f"{d.year}年{d.month}月{d.day}日"


def _pt(size: float) -> Any:
    from docx.shared import Pt

    return Pt(size)


def _legend(doc: DocumentObject, outline: Outline) -> None:
    doc.add_heading(GUIDANCE, level=1)
    doc.add_paragraph(outline.description)
    doc.add_paragraph(
        "标有【必备章节】的，是本办法规定的内容，注明条款，不得删除，标题保留原文（校验工具按标题"
        "查找这些章节）；标有【常见章节】的，是参照公开的编写提纲列出的常见内容，注明出处，可按项目"
        "实际增删调整。章节标题使用 Word 的“标题 1”“标题 2”样式，导航窗格和目录据此生成。"
        "编写完成后删除本说明和各章的提示文字。"
    )


def _marker(doc: DocumentObject, chapter: Chapter) -> None:
    from docx.shared import RGBColor

    para = doc.add_paragraph()
    if chapter.mandatory:
        run = para.add_run(
            f"{MANDATORY_NOTE}本办法{_articles(chapter.articles)}：“{chapter.quote}”。"
        )
        run.font.color.rgb = RGBColor(0xC0, 0, 0)
        run.bold = True
    else:
        run = para.add_run(f"{USUAL_NOTE}参照{sources()[chapter.source].cite()}。")
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    if chapter.related:
        para.add_run(f"相关条款：本办法{_articles(chapter.related)}。")


def _hint(doc: DocumentObject, text: str) -> None:
    from docx.shared import RGBColor

    run = doc.add_paragraph().add_run(f"{HINT_NOTE}：{text}")
    run.italic = True
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def _estimate_table(doc: DocumentObject, dossier: dict[str, Any] | None) -> None:
    estimate = (dossier or {}).get("investment_estimate") or {}
    sections = estimate.get("sections") or [
        {"category": c, "subtotal": "", "items": [{}]}
        for c in ("工程费用", "工程建设其他费用", "预备费")
    ]
    headers = ("序号", "名称", "类别", "数量", "单位", "单价（万元）", "金额（万元）")
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for s, section in enumerate(sections, start=1):
        row = table.add_row().cells
        row[0].text = CHAPTER_NUMBERS[s - 1] if s <= 10 else str(s)
        row[1].text = f"{section.get('category', '')}（小计）"
        row[6].text = amount_text(section.get("subtotal"))
        for item in section.get("items") or []:
            cells = table.add_row().cells
            cells[0].text = str(item.get("code", ""))
            cells[1].text = str(item.get("name", ""))
            cells[2].text = str(item.get("kind", ""))
            cells[3].text = str(item.get("quantity", ""))
            cells[4].text = str(item.get("unit", ""))
            cells[5].text = amount_text(item.get("unit_price"))
            cells[6].text = amount_text(item.get("amount"))
    total = table.add_row().cells
    total[1].text = "合计（概算总投资）"
    total[6].text = amount_text(estimate.get("total"))
    _layout(table)
    amount = money.parse(estimate.get("total"))
    if amount is not None and amount >= Decimal(0):
        doc.add_paragraph(f"概算总投资（大写）：{money.capital_yuan(amount)}")


# Column widths (cm) of the estimate table: the name needs the room, the figures stay on a line.
WIDTHS = (1.3, 5.2, 2.2, 1.4, 1.2, 2.3, 2.4)


def _layout(table: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    table.autofit = False
    for column, width in zip(table.columns, WIDTHS, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for index, (cell, width) in enumerate(zip(row.cells, WIDTHS, strict=True)):
            cell.width = Cm(width)
            if index in (3, 5, 6):
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _opinion(dossier: dict[str, Any] | None, subject: str) -> str | None:
    report = (dossier or {}).get("consulting_report") or {}
    for item in report.get("opinions") or []:
        if isinstance(item, dict) and item.get("chapter") == subject:
            return str(item.get("opinion", ""))
    return None


def build(kind: str, dossier: dict[str, Any] | None = None, omit: tuple[str, ...] = ()) -> bytes:
    """The outline of `kind` as .docx bytes; `omit` leaves chapters out (for test files)."""
    try:
        from docx import Document
    except ImportError:
        raise MissingExtra(
            "生成 Word 提纲需要 python-docx：pip install 'szqz[docs]'（完整安装已包含）。"
        ) from None
    outline = outlines()[kind]
    doc = Document()
    _styles(doc)
    props = doc.core_properties
    props.title = outline.title
    props.author = props.last_modified_by = "szqz"
    props.created = props.modified = dt.datetime(*_EPOCH)
    props.revision = 1
    _cover(doc, outline, dossier)
    _toc(doc)
    _legend(doc, outline)
    number = 0
    for chapter in outline.chapters:
        if chapter.title in omit:
            continue
        number += 1
        doc.add_heading(f"{_chapter_label(number)} {chapter.title}", level=1)
        _marker(doc, chapter)
        _hint(doc, chapter.hint)
        for s, section in enumerate(chapter.sections, start=1):
            doc.add_heading(f"{number}.{s} {section}", level=2)
            doc.add_paragraph("（在此编写）")
        if chapter.estimate_table:
            _estimate_table(doc, dossier)
        opinion = _opinion(dossier, chapter.subject) if chapter.subject else None
        if not chapter.sections:
            doc.add_paragraph(opinion or "（在此编写）")
    buffer = io.BytesIO()
    doc.save(buffer)
    return _reproducible(buffer.getvalue())


def _reproducible(data: bytes) -> bytes:
    """The same zip with fixed timestamps, so the same outline gives the same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, _EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info))
    return out.getvalue()
