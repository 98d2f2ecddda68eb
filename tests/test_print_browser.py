"""The same HTML and stylesheet printed by a browser, as the portal's fill page prints them:
Debian's chromium (headless, through Playwright) prints pdf.html() of a filled form, a blank form
with a landscape table and three 2,000-character narratives, and the PDFs are held to the layout
rules WeasyPrint's output is held to: no page holds only the signature block or a heading,
capital amounts equal their figures, wide tables are landscape, the cover has no page number,
the draft watermark is on every page."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from conftest import FORMS, load_json
from pdflayout import Page, capital_problems, page_problems, read
from playwright.sync_api import Browser
from test_layout import CASES
from test_render import _red_fraction

from generator.paths import ASSETS
from generator.render import pdf, tree

PRINTS = {
    "approval-example": ("approval", load_json(FORMS / "approval" / "example.json")),
    "declaration-blank": ("declaration", None),
    "long-text": CASES["long-text"],
    "budget-execution-example": CASES["budget-execution-example"],
}


@pytest.fixture(scope="module")
def printed(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[tree.Form, list[Page]]]:
    folder = tmp_path_factory.mktemp("browser-print")
    for asset in ASSETS.glob("*.*"):
        shutil.copy(asset, folder / asset.name)
    page = browser.new_page()
    out = {}
    for name, (form_id, data) in PRINTS.items():
        form = tree.build(form_id, copy.deepcopy(data))
        html = folder / f"{name}.html"
        html.write_text(pdf.html(form, draft=name == "budget-execution-example"), encoding="utf-8")
        page.goto(html.as_uri())
        target = folder / f"{name}.pdf"
        page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
        out[name] = (form, read(target))
    page.close()
    return out


@pytest.mark.parametrize("name", PRINTS)
def test_browser_print_keeps_the_layout_rules(
    name: str, printed: dict[str, tuple[tree.Form, list[Page]]]
) -> None:
    form, pages = printed[name]
    assert not page_problems(form, pages), page_problems(form, pages)
    problems, seen = capital_problems(pages)
    assert not problems, problems
    assert seen or form.blank or "人民币" not in tree.all_text(form)


def test_browser_print_has_landscape_pages_and_a_bare_cover(
    printed: dict[str, tuple[tree.Form, list[Page]]],
) -> None:
    _, pages = printed["declaration-blank"]
    assert any(p.landscape for p in pages) and not pages[1].landscape
    cover = "".join(w.text for w in pages[0].words)
    assert "受理编号" in cover and "第1页" not in cover
    assert "第2页共" in "".join(w.text for w in pages[1].words)
    _, long = printed["long-text"]
    assert sum("建设内容概述" in p.text() for p in long) >= 2  # the label repeats


def test_browser_print_of_a_draft_is_watermarked(
    printed: dict[str, tuple[tree.Form, list[Page]]],
) -> None:
    _, pages = printed["budget-execution-example"]
    path = Path(str(pages[0].source))
    assert all("草稿" not in p.text() for p in pages)
    assert all(_red_fraction(path, p.number) > 0.01 for p in pages)
