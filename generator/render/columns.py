"""Column widths for the printed tables, decided before layout so that both WeasyPrint and the
browser lay tables out with `table-layout: fixed`: fast (no measuring of every cell, which made
a long text cost seconds) and the same on every page. Each column first gets what its widest
unbreakable piece needs (an amount, a date, a code, a choice's name, two characters of prose),
then the rest of the line is shared out by how much more each column would like; a table whose
needs do not fit a portrait page, or that has eight or more columns, is printed landscape."""

from __future__ import annotations

from dataclasses import dataclass

from generator.render.values import longest_word_em, width_em

# Text width of an A4 page less its 18 mm margins, in em of the 9 pt table text (3.175 mm).
PORTRAIT_EM = 174 / 3.175
LANDSCAPE_EM = 261 / 3.175
CELL_EM = 1.2  # padding and rule of one cell
NUMBER_EM = 2.2  # the 序号 column's text
WIDE_COLUMNS = 8  # with 序号
UNBROKEN = {"money", "date", "code", "number", "choice"}


@dataclass
class Need:
    need: float  # em below which the column's content would break where it must not
    want: float  # em at which its longest content would sit on one line (capped)


# Words a column heading often ends with: a long heading breaks before one, 信息资源 | 名称,
# rather than wherever the column's edge falls (信息资源名 | 称).
SUFFIXES = (
    "名称",
    "单位",
    "类型",
    "条件",
    "依据",
    "格式",
    "周期",
    "日期",
    "金额",
    "数量",
    "说明",
    "内容",
    "情况",
    "方式",
    "编号",
    "代码",
    "结果",
    "原因",
    "身份",
    "要求",
    "批准",
    "文件",
)
PIECE = 6.0  # em: a heading piece wider than this may break inside


def header_parts(title: str) -> list[str]:
    """A column heading in the pieces it breaks between: a unit in brackets on a line of its
    own (年度预算 | （万元）), else before a closing word (不予共享 | 依据)."""
    head, mark, rest = title.partition("（")
    if mark and head:
        return [head, mark + rest]
    for suffix in SUFFIXES:
        if len(title) > 4 and title.endswith(suffix):
            return [title[: -len(suffix)], suffix]
    return [title]


def _header(title: str) -> float:
    """The width a heading needs: its widest piece that does not break (up to PIECE), and four
    characters (a piece that may break then takes at most a few lines)."""
    parts = header_parts(title)
    widths = [width_em(p) for p in parts]
    unbroken = [w for w in widths if w <= PIECE or (len(parts) == 1 and w <= 4)]
    return max([*unbroken, min(max(widths), 4.0)])


def need(title: str, kind: str, cells: list[str], blank_width: float = 0.0) -> Need:
    header = _header(title)
    if kind in UNBROKEN:
        widest = max((width_em(c) for c in cells), default=0.0)
        least = max(header, widest, blank_width)
        return Need(least, max(least, min(width_em(title), 8.0)))
    if kind == "multi":
        least = max(header, max((longest_word_em(c) for c in cells), default=0.0), blank_width)
        return Need(least, max(least, min(max((width_em(c) for c in cells), default=0), 16)))
    least = max(header, 2.0, max((longest_word_em(c) for c in cells), default=0.0), blank_width)
    want = max(least, min(max((width_em(c) for c in cells), default=6.0), 24.0), 6.0)
    return Need(least, max(want, min(width_em(title), 12.0)))


def is_wide(needs: list[Need]) -> bool:
    used = NUMBER_EM + CELL_EM * (len(needs) + 1) + sum(n.need for n in needs)
    return len(needs) + 1 >= WIDE_COLUMNS or used > PORTRAIT_EM


def widths(needs: list[Need], wide: bool) -> tuple[float, list[float]]:
    """Percent of the table for 序号 and for each column."""
    total = LANDSCAPE_EM if wide else PORTRAIT_EM
    free = total - NUMBER_EM - CELL_EM * (len(needs) + 1)
    least = sum(n.need for n in needs)
    if least >= free:  # cannot fit: share by need (prose columns then wrap harder)
        shares = [n.need / least * free for n in needs]
    else:
        extra = free - least
        hunger = [n.want - n.need for n in needs]
        if sum(hunger) >= extra:
            shares = [n.need + h / sum(hunger) * extra for n, h in zip(needs, hunger, strict=True)]
        else:
            wants = sum(n.want for n in needs)
            spare = free - wants
            shares = [n.want + n.want / wants * spare for n in needs]
    scale = 100 / total
    number = (NUMBER_EM + CELL_EM) * scale
    return round(number, 2), [round((s + CELL_EM) * scale, 2) for s in shares]
