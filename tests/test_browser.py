"""The portal in a real browser: Playwright drives Debian's chromium (headless) over the built
site served on localhost: no page logs a console error or asks for a file that is not there.
(The search is tests/test_search.py's.)"""

from __future__ import annotations

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
