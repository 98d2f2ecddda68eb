"""The reviewer's page in a real browser (Playwright over Debian's chromium), opened from disk as
a reviewer opens it: it asks for nothing over the network, runs no hostile script, sorts and
filters its tables, links articles and checks to the portal, and prints on A4."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from reviewlib import TODAY, hostile_inbox

from generator.cli import main
from generator.review import links


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("review-browser")
    paths = [str(p) for p in hostile_inbox(root / "收件")]
    out = root / "审查报告.html"
    main(["validate", *paths, "--today", TODAY, "-f", "html", "-o", str(out), "-j", "1"])
    return out


@pytest.fixture
def page(browser: Browser, report: Path) -> Iterator[tuple[Page, list[str], list[str]]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(report.as_uri())
    yield page, requests, errors
    page.close()


def visible_column(page: Page, table: str, column: int) -> list[str]:
    return page.eval_on_selector_all(
        f"#{table} tbody tr:not([hidden])",
        f"rows => rows.map(r => r.cells[{column}].getAttribute('data-sort') ?? r.cells[{column}].textContent.trim())",
    )


def test_opens_from_disk_asking_for_nothing(
    page: tuple[Page, list[str], list[str]], report: Path
) -> None:
    p, requests, errors = page
    p.wait_for_load_state("load")
    assert requests == [report.as_uri()]
    assert not errors, errors  # a blocked request or a script the policy refused would log one
    assert p.evaluate("window.__pwned") is None
    assert "<script>window.__pwned=1</script>" in p.text_content("#dossiers")


def test_sorts_a_table_by_a_column(page: tuple[Page, list[str], list[str]]) -> None:
    p, _, errors = page
    p.click("#project-table thead th:nth-child(6) button")  # 材料数, numeric
    counts = [int(v) for v in visible_column(p, "project-table", 5)]
    assert len(counts) > 3 and counts == sorted(counts) and counts[0] < counts[-1]
    assert p.get_attribute("#project-table thead th:nth-child(6)", "aria-sort") == "ascending"
    p.click("#project-table thead th:nth-child(6) button")
    assert [int(v) for v in visible_column(p, "project-table", 5)] == sorted(counts, reverse=True)
    p.click("#due-table thead th:nth-child(1) button")  # 期限, by ISO date
    days = visible_column(p, "due-table", 0)
    assert days == sorted(days) and len(set(days)) > 2
    assert not errors


def test_filters_by_text_and_status(page: tuple[Page, list[str], list[str]]) -> None:
    p, _, _ = page
    total = len(visible_column(p, "project-table", 0))
    p.fill("#project-controls input[type=search]", "钦州市教育局")
    units = visible_column(p, "project-table", 0)
    assert 0 < len(units) < total and all(u == "钦州市教育局" for u in units)
    assert p.text_content("#project-controls .count") == f"显示 {len(units)} / {total} 行"
    p.fill("#project-controls input[type=search]", "")
    p.select_option("#project-controls select", "error")
    statuses = p.eval_on_selector_all(
        "#project-table tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.status)"
    )
    assert statuses and all("error" in s.split() for s in statuses)
    assert len(statuses) < total
    p.select_option("#due-controls select", "open")
    shown = p.eval_on_selector_all(
        "#due-table tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.status)"
    )
    assert shown and set(shown) == {"open"}


def test_a_project_shows_its_dossiers(page: tuple[Page, list[str], list[str]]) -> None:
    p, _, _ = page
    row = p.locator("#project-table tbody tr", has_text="2603-450700-04-01-318264")
    row.locator("a[data-show]").click()
    assert p.input_value("#dossier-controls input[type=search]") == "2603-450700-04-01-318264"
    shown = p.eval_on_selector_all(
        "#dossiers article.dossier:not([hidden])", "els => els.map(e => e.textContent)"
    )
    hidden = p.eval_on_selector_all("#dossiers article.dossier[hidden]", "els => els.length")
    assert hidden and all("2603-450700-04-01-318264" in text for text in shown)


def test_links_lead_to_the_portal(page: tuple[Page, list[str], list[str]]) -> None:
    p, _, _ = page
    hrefs = p.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    outside = [h for h in hrefs if not h.startswith("#")]
    assert outside and all(h.startswith(links.portal_base()) for h in outside)
    assert links.article("art22-p2") in hrefs and links.check("schema-enum") in hrefs
    # An article of a finding: the field the hostile dossiers got wrong rests on 第九条.
    arts = p.eval_on_selector_all(
        "#dossiers td a[href*='regulation.html']", "els => els.map(e => [e.textContent, e.href])"
    )
    assert ["第九条第二款", links.article("art9-p2")] in arts or any(
        text.startswith("第九条") and href.startswith(links.article("art9")) for text, href in arts
    )


def test_prints_on_a4(page: tuple[Page, list[str], list[str]], tmp_path: Path) -> None:
    p, _, _ = page
    pdf = tmp_path / "report.pdf"
    p.emulate_media(media="print")
    p.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info, info
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "无法读取的文件" in text and "材料与问题" in text
    assert "筛选" not in text  # the controls are for the screen
