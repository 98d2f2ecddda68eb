"""The portal in a real browser: Playwright drives Debian's chromium (headless) over the built
site served on localhost, types Chinese terms into the search box and checks the results link to
the right pages, and that no page logs a console error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, Request, Response


def watch_requests(page: Page, errors: list[str]) -> None:
    """Record requests that really failed: an error status, or a network failure other than the
    browser abandoning a request because the page navigated on (net::ERR_ABORTED), which says
    nothing about the site."""

    def failed(request: Request) -> None:
        reason = request.failure or ""
        if "ERR_ABORTED" not in reason:
            errors.append(f"failed {request.url}: {reason}")

    def answered(response: Response) -> None:
        if response.status >= 400:
            errors.append(f"HTTP {response.status} {response.url}")

    page.on("requestfailed", failed)
    page.on("response", answered)


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("信用代码", "forms/"),
        ("可行性研究报告", "forms/approval.html"),
        ("验收", "forms/acceptance-application.html"),
        ("密码应用", "forms/approval.html"),
    ],
)
def test_chinese_search_finds_the_right_pages(
    site: str, browser: Browser, term: str, expected: str
) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{site}/index.html")
    page.click(".md-search__input", timeout=10000)
    # fill() inserts the text as an input method would; the theme searches on the key-up that
    # follows, so press a key as a person finishing the word does.
    page.fill("input.md-search__input", term)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item a", timeout=15000)
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert links, f"{term}: no results"
    assert any(expected in link for link in links), f"{term}: {links[:10]}"
    assert not errors, errors
    page.close()


def test_pages_load_without_console_errors(site: str, browser: Browser) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None
    )
    watch_requests(page, errors)
    for path in [
        "index.html",
        "regulation.html",
        "forms/approval.html",
        "checks.html",
        "deadlines.html",
    ]:
        page.goto(f"{site}/{path}", wait_until="load")
        # Everything the page asked for has answered before the next navigation, so a request
        # still in flight cannot be cut off and mistaken for a failure.
        page.wait_for_load_state("networkidle")
    assert not errors, errors
    # The lifecycle diagram is drawn by our local copy of mermaid.js (the theme puts the SVG in a
    # closed shadow root, so measure the box it fills rather than look for the SVG).
    page.goto(f"{site}/index.html")
    page.wait_for_function("() => typeof mermaid !== 'undefined'", timeout=15000)
    page.wait_for_function(
        "() => { const m = document.querySelector('.mermaid'); return m && m.getBoundingClientRect().height > 150; }",
        timeout=15000,
    )
    page.close()
