"""The portal's search as a clerk meets it: Playwright types each term of tests/search_terms.yaml
into the search box of the built portal (served on localhost by the handler of `szqz serve`) in
Debian's chromium, and reads the first three result pages. Prints each miss and the hit rate (the
figure on the 性能 page) and writes build/bench/search.json. The browser test
(tests/test_search.py) uses the same functions and asserts every term.
Run with `python -m bench.search [--site DIR]`."""

from __future__ import annotations

import argparse
import http.server
import json
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import yaml

from bench import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
TERMS = ROOT / "tests" / "search_terms.yaml"
OUT = ROOT / "build" / "bench"
TOP = 3


def terms() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load(TERMS.read_text(encoding="utf-8"))
    return data


def _page_path(href: str, site: str) -> str:
    """A result's page as a path in the site: index.html for the site's root."""
    path = urlsplit(urldefrag(href)[0]).path
    base = urlsplit(site).path.rstrip("/")
    path = path[len(base) :] if base and path.startswith(base) else path
    path = path.lstrip("/")
    return path or "index.html"


def top_pages(page: Any, site: str, term: str) -> list[str]:
    """The pages of the first results for `term`, in order, as the search box lists them."""
    field = page.locator("input.md-search__input")
    if not field.is_visible():
        page.click("label.md-header__button[for=__search]", timeout=10000)
    field.fill("")
    page.keyboard.press("End")
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__item')", timeout=10000
    )
    field.fill(term)
    # The theme searches on the key-up that follows input, as a person finishing a word.
    page.keyboard.press("End")
    page.wait_for_function(
        """() => { const m = document.querySelector('.md-search-result__meta');
                   return m && /\\d|没有/.test(m.textContent); }""",
        timeout=15000,
    )
    hrefs: list[str] = page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item > a",
        "els => els.map(e => e.href)",
    )
    pages: list[str] = []
    for href in hrefs:
        path = _page_path(href, site)
        if path not in pages:
            pages.append(path)
    return pages[:TOP]


@contextmanager
def served(folder: Path) -> Iterator[str]:
    from generator.serve import handler

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler(folder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def measure(site: str, browser: Any) -> list[dict[str, Any]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}index.html")
    found = []
    for entry in terms():
        got = top_pages(page, site, entry["term"])
        hit = any(p in entry["pages"] for p in got)
        found.append({"term": entry["term"], "expected": entry["pages"], "top": got, "hit": hit})
    page.close()
    return found


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m bench.search")
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with served(args.site) as site, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        results = measure(site, browser)
        browser.close()
    hits = sum(r["hit"] for r in results)
    for r in results:
        if not r["hit"]:
            print(f"未命中 {r['term']}：前 {TOP} 个结果 {r['top']}，应为 {r['expected']}")
    print(f"前 {TOP} 个结果中命中 {hits}/{len(results)}（{hits / len(results):.0%}）")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "search.json").write_text(
        json.dumps({"hits": hits, "terms": len(results), "results": results}, ensure_ascii=False),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
