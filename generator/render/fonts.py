"""Fonts that cannot silently fail: before rendering, find the CJK fonts the stylesheet names and
check that together they cover every character to be printed. A missing font or an uncovered
character stops the render with a message naming the package to install, so a PDF with empty
boxes cannot be produced."""

from __future__ import annotations

import bisect
import functools
import shutil
import struct
import subprocess
import unicodedata

FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")
PACKAGE = "fonts-noto-cjk"


class FontProblem(Exception):
    """A font is missing or does not cover the text; the message says what to install."""


def _match(family: str) -> tuple[str, int] | None:
    if shutil.which("fc-match") is None:
        return None
    result = subprocess.run(
        ["fc-match", "-f", "%{family}\t%{file}\t%{index}", f"{family}:style=Regular"],
        capture_output=True,
        text=True,
        check=False,
    )
    parts = result.stdout.split("\t")
    if result.returncode != 0 or len(parts) != 3 or family not in parts[0]:
        return None
    return parts[1], int(parts[2] or 0)


def _ranges(path: str, index: int) -> list[tuple[int, int]]:
    """The code point ranges a font maps, read straight from its format 12 cmap subtable
    (thousands of ranges; decoding the whole cmap into a dict costs a fifth of a second per CJK
    font, more than the rest of a small render), else through fontTools."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index, lazy=True)
    try:
        raw = font.reader["cmap"]
        count = struct.unpack_from(">H", raw, 2)[0]
        for i in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", raw, 4 + 8 * i)
            if (platform, encoding) in ((3, 10), (0, 4), (0, 6)) and struct.unpack_from(
                ">H", raw, offset
            )[0] == 12:
                groups = struct.unpack_from(">I", raw, offset + 12)[0]
                return [
                    (start, end)
                    for start, end, _ in struct.iter_unpack(
                        ">III", raw[offset + 16 : offset + 16 + 12 * groups]
                    )
                ]
        return [(c, c) for c in sorted(font.getBestCmap() or {})]
    finally:
        font.close()


@functools.cache
def coverage() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Code point ranges the stylesheet's fonts can draw, as sorted starts and their ends;
    FontProblem if a font is missing."""
    ranges: list[tuple[int, int]] = []
    for family in FAMILIES:
        found = _match(family)
        if found is None:
            raise FontProblem(
                f"找不到中文字体“{family}”，无法打印。请安装 Debian 软件包 {PACKAGE}："
                f"sudo apt-get install {PACKAGE}（安装后重新运行）。"
            )
        ranges += _ranges(*found)
    merged: list[list[int]] = []
    for start, end in sorted(ranges):  # the fonts' ranges overlap: join them
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple(r[0] for r in merged), tuple(r[1] for r in merged)


def covers(point: int) -> bool:
    starts, ends = coverage()
    i = bisect.bisect_right(starts, point) - 1
    return i >= 0 and ends[i] >= point


def uncovered(text: str) -> list[str]:
    """Characters of `text` no font can draw (white space and control characters aside)."""
    missing = {
        ch
        for ch in set(text)
        if not covers(ord(ch))
        and not ch.isspace()
        and unicodedata.category(ch)[0] not in ("C", "Z")
    }
    return sorted(missing)


def check(text: str) -> None:
    missing = uncovered(text)
    if missing:
        shown = "、".join(f"“{c}”(U+{ord(c):04X})" for c in missing[:10])
        raise FontProblem(
            f"字体 {'、'.join(FAMILIES)} 不包含这些字符：{shown}。"
            f"请检查材料中是否有误输入的生僻字或符号；确需打印的，安装 fonts-noto-cjk-extra 等包含该字的字体。"
        )
