"""The regulation as data: parse the plain text of 钦政办规〔2024〕1号 into chapters → articles →
paragraphs → items with stable ids, plus the document's own metadata.

Every node keeps its source line and the exact raw text of that line, so `reassemble()` gives the
source back byte for byte; the tests hold the parser to that. Run as
`szqz spec regulation SOURCE -o spec/regulation/regulation.json` when the source changes.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

CHAPTER_RE = re.compile(r"^第([一二三四五六七八九十]+)章\s+(.+?)\s*$")
ARTICLE_RE = re.compile(r"^第([一二三四五六七八九十百]+)条(\s+)(.*)$")
ITEM_RE = re.compile(r"^（([一二三四五六七八九十]+)）(.*)$")
DOCNUM_RE = re.compile(r"^[\u4e00-\u9fff]+〔\d{4}〕[1-9]\d*号$")
DATE_RE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日")
CITE_RE = re.compile(r"《([^》]+)》（([^（）]*〔\d{4}〕[1-9]\d*号)）")
REPEAL_RE = re.compile(r"《([^》]+)》（([^（）]*〔\d{4}〕[1-9]\d*号)）同时废止")
HEADING_RE = re.compile(r"^([\u4e00-\u9fff]{2,6})。")


def cn_number(text: str) -> int:
    """Chinese numeral up to 999 (一, 十二, 二十, 三十七, 一百零五) as an int."""
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch in _DIGITS:
            current = _DIGITS[ch]
        else:
            raise ValueError(f"不是中文数字：{text}")
    return total + current


class RegulationFormatError(ValueError):
    """The source text does not have the shape of a regulation (line number and reason)."""


def _node(line_no: int, raw: str, **fields: Any) -> dict[str, Any]:
    return {**fields, "line": line_no, "raw": raw}


def parse(text: str, source_name: str = "regulation.txt") -> dict[str, Any]:
    """Parse the whole document. Raises RegulationFormatError naming the line at fault."""
    lines = text.split("\n")
    preamble: list[dict[str, Any]] = []
    chapters: list[dict[str, Any]] = []
    article: dict[str, Any] | None = None
    paragraph: dict[str, Any] | None = None
    body_title: dict[str, Any] | None = None
    # Lines of only white space carry no text but must survive the round trip.
    whitespace: list[dict[str, Any]] = []

    for index, raw in enumerate(lines):
        line_no = index + 1
        stripped = raw.strip()
        if not stripped:
            if raw:
                whitespace.append({"line": line_no, "raw": raw})
            continue
        chapter_m = CHAPTER_RE.match(stripped)
        article_m = ARTICLE_RE.match(stripped)
        if chapter_m:
            number = cn_number(chapter_m.group(1))
            if number != len(chapters) + 1:
                raise RegulationFormatError(
                    f"第 {line_no} 行：章的编号不连续（应为第 {len(chapters) + 1} 章）"
                )
            chapters.append(
                _node(
                    line_no,
                    raw,
                    id=f"ch{number}",
                    number=number,
                    label=f"第{chapter_m.group(1)}章",
                    title=re.sub(r"\s+", "", chapter_m.group(2)),
                    articles=[],
                )
            )
            article = paragraph = None
        elif article_m:
            if not chapters:
                raise RegulationFormatError(f"第 {line_no} 行：条文出现在第一章之前")
            number = cn_number(article_m.group(1))
            expected = 1 + sum(len(c["articles"]) for c in chapters)
            if number != expected:
                raise RegulationFormatError(
                    f"第 {line_no} 行：条的编号不连续（应为第 {expected} 条）"
                )
            body = article_m.group(3)
            heading_m = HEADING_RE.match(body)
            article = _node(
                line_no,
                raw,
                id=f"art{number}",
                number=number,
                label=f"第{article_m.group(1)}条",
                heading=heading_m.group(1) if heading_m else None,
                paragraphs=[],
            )
            chapters[-1]["articles"].append(article)
            paragraph = _node(
                line_no, raw, id=f"art{number}-p1", number=1, text=body.strip(), items=[]
            )
            article["paragraphs"].append(paragraph)
        elif article is not None and paragraph is not None:
            item_m = ITEM_RE.match(stripped)
            if item_m:
                number = cn_number(item_m.group(1))
                if number != len(paragraph["items"]) + 1:
                    raise RegulationFormatError(f"第 {line_no} 行：项的编号不连续")
                paragraph["items"].append(
                    _node(
                        line_no,
                        raw,
                        id=f"{paragraph['id']}-i{number}",
                        number=number,
                        label=f"（{item_m.group(1)}）",
                        text=item_m.group(2).strip(),
                    )
                )
            else:
                number = len(article["paragraphs"]) + 1
                paragraph = _node(
                    line_no,
                    raw,
                    id=f"{article['id']}-p{number}",
                    number=number,
                    text=stripped,
                    items=[],
                )
                article["paragraphs"].append(paragraph)
        elif chapters:
            raise RegulationFormatError(f"第 {line_no} 行：章标题之后、第一条之前出现了正文")
        else:
            node = _node(line_no, raw, id=f"pre{len(preamble) + 1}", text=stripped)
            preamble.append(node)
            if body_title is None and stripped.startswith("“") and stripped.endswith("办法"):
                body_title = node

    if not chapters:
        raise RegulationFormatError("没有找到任何“第…章”：这不是一份规范性文件的正文")
    return {
        **_metadata(preamble, chapters, body_title),
        "source": {
            "file": source_name,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "line_count": len(lines),
            "whitespace_lines": whitespace,
        },
        "preamble": preamble,
        "chapters": chapters,
    }


def _metadata(
    preamble: list[dict[str, Any]],
    chapters: list[dict[str, Any]],
    body_title: dict[str, Any] | None,
) -> dict[str, Any]:
    texts = [p["text"] for p in preamble]
    number = next((t for t in texts if DOCNUM_RE.match(t)), None)
    date_m = next((m for m in (DATE_RE.match(t) for t in texts) if m), None)
    if number is None or date_m is None or body_title is None:
        raise RegulationFormatError("文头缺少文号、成文日期或正文标题")
    issued = f"{int(date_m.group(1)):04d}-{int(date_m.group(2)):02d}-{int(date_m.group(3)):02d}"
    notice = "".join(texts)
    first_article = chapters[0]["articles"][0]["paragraphs"][0]["text"]
    last_article = chapters[-1]["articles"][-1]["paragraphs"][0]["text"]
    return {
        "id": "qzbg-2024-1",
        "title": body_title["text"],
        "notice_title": texts[0],
        "issuer": texts[0].split("关于")[0],
        "document_number": number,
        "issued_on": issued,
        # 第三十七条: 自发布之日起施行.
        "effective_on": issued if "自发布之日起施行" in last_article else None,
        "repeals": [{"title": t, "document_number": n} for t, n in REPEAL_RE.findall(notice)],
        "cites": [{"title": t, "document_number": n} for t, n in CITE_RE.findall(first_article)],
    }


def iter_nodes(regulation: dict[str, Any]) -> list[dict[str, Any]]:
    """Every node with a line: preamble, chapters, articles, paragraphs, items."""
    nodes: list[dict[str, Any]] = list(regulation["preamble"])
    for chapter in regulation["chapters"]:
        nodes.append(chapter)
        for art in chapter["articles"]:
            nodes.append(art)
            for para in art["paragraphs"]:
                if para["line"] != art["line"]:
                    nodes.append(para)
                nodes.extend(para["items"])
    return nodes


def reassemble(regulation: dict[str, Any]) -> str:
    """The source text, rebuilt from the nodes' raw lines."""
    lines = [""] * regulation["source"]["line_count"]
    for node in [*iter_nodes(regulation), *regulation["source"]["whitespace_lines"]]:
        lines[node["line"] - 1] = node["raw"]
    return "\n".join(lines)


def articles(regulation: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for c in regulation["chapters"] for a in c["articles"]]


def anchor_ids(regulation: dict[str, Any]) -> set[str]:
    """Every id a schema, a check or a page may point at."""
    ids: set[str] = set()
    for chapter in regulation["chapters"]:
        ids.add(chapter["id"])
        for art in chapter["articles"]:
            ids.add(art["id"])
            for para in art["paragraphs"]:
                ids.add(para["id"])
                ids.update(item["id"] for item in para["items"])
    return ids


def article_label(regulation: dict[str, Any], node_id: str, lang: str = "zh") -> str:
    """第二十二条第二款第（一）项 for art22-p2-i1; in English, Art. 22(2)(1)."""
    m = re.fullmatch(r"art(\d+)(?:-p(\d+))?(?:-i(\d+))?", node_id)
    if not m:
        raise KeyError(node_id)
    art = next(a for a in articles(regulation) if a["number"] == int(m.group(1)))
    if lang != "zh":
        return f"Art. {art['number']}" + "".join(f"({g})" for g in m.groups()[1:] if g)
    label = art["label"]
    if m.group(2):
        label += f"第{_cn(int(m.group(2)))}款"
    if m.group(3):
        label += f"第（{_cn(int(m.group(3)))}）项"
    return str(label)


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")


def text_of(regulation: dict[str, Any], node_id: str) -> str:
    """The words of an article, a paragraph or an item (an article's or a paragraph's text
    includes its paragraphs and items)."""
    for art in articles(regulation):
        for para in art["paragraphs"]:
            for item in para["items"]:
                if item["id"] == node_id:
                    return str(item["text"])
            if para["id"] == node_id:
                return str(para["text"]) + "".join(str(i["text"]) for i in para["items"])
        if art["id"] == node_id:
            return "".join(
                str(p["text"]) + "".join(str(i["text"]) for i in p["items"])
                for p in art["paragraphs"]
            )
    raise KeyError(node_id)
