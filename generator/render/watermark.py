"""The 草稿 watermark of a draft as outlines, not text: drawn from the glyphs of Noto Sans CJK SC
into generator/assets/draft.svg, so that the word marks every page but never mixes into text
copied from the PDF. The SVG is committed artwork; `python -m generator.render.watermark`
redraws it (only needed if the word or its look changes)."""

from __future__ import annotations

import subprocess

from generator.paths import ASSETS

WORD = "草稿"


def draw() -> str:
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont

    found = subprocess.run(
        ["fc-match", "-f", "%{file}\t%{index}", "Noto Sans CJK SC:style=Bold"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\t")
    font = TTFont(found[0], fontNumber=int(found[1] or 0))
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    em = font["head"].unitsPerEm
    ascent = font["hhea"].ascent
    paths = []
    for i, ch in enumerate(WORD):
        pen = SVGPathPen(glyphs)
        # Font units grow upwards; SVG's y grows downwards.
        glyphs[cmap[ord(ch)]].draw(TransformPen(pen, (1, 0, 0, -1, i * em, ascent)))
        paths.append(pen.getCommands())
    width, height = em * len(WORD), ascent - font["hhea"].descent
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">'
        f'<path fill="#c80000" fill-opacity="0.16" d="{" ".join(paths)}"/></svg>\n'
    )


if __name__ == "__main__":
    (ASSETS / "draft.svg").write_text(draw(), encoding="utf-8")
