"""Fonts that cannot silently fail: before rendering, find the CJK fonts the stylesheet names and
check that together they cover every character to be printed. A missing font or an uncovered
character stops the render with a message naming the package to install, so a PDF with empty
boxes cannot be produced."""

from __future__ import annotations

import functools
import shutil
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


@functools.cache
def coverage() -> frozenset[int]:
    """Code points the stylesheet's fonts can draw; FontProblem if a font is missing."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for family in FAMILIES:
        found = _match(family)
        if found is None:
            raise FontProblem(
                f"找不到中文字体“{family}”，无法打印。请安装 Debian 软件包 {PACKAGE}："
                f"sudo apt-get install {PACKAGE}（安装后重新运行）。"
            )
        path, index = found
        font = TTFont(path, fontNumber=index, lazy=True)
        points.update(font.getBestCmap() or {})
        font.close()
    return frozenset(points)


def uncovered(text: str) -> list[str]:
    """Characters of `text` no font can draw (white space and control characters aside)."""
    covered = coverage()
    missing = {
        ch
        for ch in text
        if ord(ch) not in covered
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
