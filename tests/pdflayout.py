"""Reading a printed PDF back as pages of positioned words (poppler's `pdftotext -bbox`), for
tests about layout: which lines a page starts and ends with, what lies inside its margins, and an
independent reading of capital amounts (人民币……元整 → Decimal yuan) to hold figures to."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from generator.render import tree

MM = 72 / 25.4
HEADER = 25 * MM  # the top margin holds the running header
FOOTER = 18 * MM  # the bottom margin holds 第 N 页 共 M 页
SIDE = 18 * MM
NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word]
    source: Path | None = None

    @property
    def body(self) -> list[Word]:
        """Words between the header and the footer, in reading order (by their middle: the
        boxes poppler gives a browser's text are taller than the glyphs)."""
        inside = [w for w in self.words if HEADER < (w.y0 + w.y1) / 2 < self.height - FOOTER]
        return sorted(inside, key=lambda w: (round(w.y0), w.x0))

    def lines(self) -> list[list[Word]]:
        """Body words grouped into lines (a float's baseline may sit a little higher)."""
        out: list[list[Word]] = []
        for w in sorted(self.body, key=lambda w: (w.y0, w.x0)):
            if out and abs(out[-1][0].y0 - w.y0) < 3:
                out[-1].append(w)
            else:
                out.append([w])
        return [sorted(line, key=lambda w: w.x0) for line in out]

    def text(self) -> str:
        return "\n".join(" ".join(w.text for w in line) for line in self.lines())

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def read(path: Path) -> list[Page]:
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ET.fromstring(xml)
    pages = []
    for number, page in enumerate(root.iter(f"{NS}page"), start=1):
        words = [
            Word(
                w.text or "",
                float(w.get("xMin", 0)),
                float(w.get("yMin", 0)),
                float(w.get("xMax", 0)),
                float(w.get("yMax", 0)),
            )
            for w in page.iter(f"{NS}word")
        ]
        size = float(page.get("width", 0)), float(page.get("height", 0))
        pages.append(Page(number, *size, words, source=path))
    return pages


def title(path: Path) -> str:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    for line in info.stdout.splitlines():
        if line.startswith("Title:"):
            return line.partition(":")[2].strip()
    return ""


# Capital amounts, read independently of generator/money.py.
_DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_UNIT = {"拾": 10, "佰": 100, "仟": 1000}
CAPITAL = re.compile(r"人民币(负)?([零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分]+整?)")
FIGURE = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2,6}")


def capital_value(text: str) -> Decimal:
    """人民币伍佰捌拾万零陆佰贰拾伍元整 → Decimal('5800625')."""
    m = CAPITAL.fullmatch(text)
    if not m:
        raise ValueError(text)
    body = m.group(2).removesuffix("整")
    yuan_part, _, small = body.partition("元")
    if "元" not in body:
        yuan_part, small = "", body
    high, _, low = yuan_part.rpartition("亿")
    total = _below_yi(high) * 100_000_000 + _below_yi(low)
    cents = Decimal(0)
    jiao = re.search(r"([壹贰叁肆伍陆柒捌玖])角", small)
    fen = re.search(r"([壹贰叁肆伍陆柒捌玖])分", small)
    if jiao:
        cents += Decimal(_DIGIT[jiao.group(1)]) / 10
    if fen:
        cents += Decimal(_DIGIT[fen.group(1)]) / 100
    value = Decimal(total) + cents
    return -value if m.group(1) else value


def _below_yi(text: str) -> int:
    """贰仟叁佰肆拾伍万陆仟 → 23456000 (a 万 group, then the rest)."""
    high, _, low = text.rpartition("万")
    return _below_wan(high) * 10_000 + _below_wan(low)


def _below_wan(text: str) -> int:
    total = number = 0
    for ch in text:
        if ch in _DIGIT:
            number = _DIGIT[ch]
        elif ch in _UNIT:
            total += number * _UNIT[ch]
            number = 0
    return total + number


def headings(form: tree.Form) -> set[str]:
    """Every heading the form prints: section titles, table and narrative labels, group rows."""
    found = {"附件清单"}
    for s in form.sections:
        found.add(s.title)
        for b in s.blocks:
            if isinstance(b, tree.Fields):
                found.update(r.label for g in b.groups for r in g.rows if r.kind == "heading")
            elif isinstance(b, tree.Text | tree.Table):
                found.add(b.label)
    return found


def is_heading_line(line: str, titles: set[str]) -> bool:
    first = line.split(" ")[0].removesuffix("（续）")
    return first in titles or first == "序号"


def page_problems(form: tree.Form, pages: list[Page]) -> list[str]:
    """Pages that start with the signature block, end with a heading or hold only headings."""
    titles = headings(form)
    problems = []
    for page in pages:
        lines = [" ".join(w.text for w in line) for line in page.lines()]
        if not lines:
            problems.append(f"p{page.number} is empty")
        elif "意见：" in lines[0] and "附件清单" not in lines[0]:
            problems.append(f"p{page.number} starts with the signature block: {lines[:2]}")
        elif is_heading_line(lines[-1], titles):
            problems.append(f"p{page.number} ends with a heading: {lines[-1]}")
        elif all(is_heading_line(t, titles) for t in lines):
            problems.append(f"p{page.number} holds only headings")
    return problems


def capital_problems(pages: list[Page]) -> tuple[list[str], int]:
    """Capital amounts that differ from the figure printed just before them, and how many
    capital amounts there are."""
    problems, seen = [], 0
    for page in pages:
        figure: str | None = None
        for word in page.body:
            for token in FIGURE.findall(word.text):
                figure = token
            m = CAPITAL.search(word.text)
            if not m or not any(ch in m.group(0) for ch in "壹贰叁肆伍陆柒捌玖零"):
                continue
            seen += 1
            if figure is None:
                problems.append(f"p{page.number}: {m.group(0)} has no figure before it")
            elif capital_value(m.group(0)) != Decimal(figure.replace(",", "")) * 10_000:
                problems.append(f"p{page.number}: {figure} 万元 vs {m.group(0)}")
    return problems, seen
