"""The reviewer's page and workbook (szqz validate -f html / -f xlsx) over one inbox: their figures
are the JSON report's; every hostile value is escaped in the page and stays inert text in the
workbook; unreadable files come first; the workbook has frozen headers, filters, date and number
cells, and LibreOffice opens it headless with every row intact."""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from reviewlib import FORMULAS, IMG, SCRIPT, TODAY, hostile_inbox

from generator.cli import main
from generator.review import links
from generator.review.clean import visible
from generator.validate import catalogue

Inbox = tuple[Path, list[str], dict[str, Any]]


def validate(paths: list[str], fmt: str, out: Path, *extra: str) -> int:
    return main(
        ["validate", *paths, "--today", TODAY, "-f", fmt, "-o", str(out), "-j", "1", *extra]
    )


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Inbox:
    root = tmp_path_factory.mktemp("review")
    paths = [str(p) for p in hostile_inbox(root / "收件")]
    assert validate(paths, "json", root / "report.json") == 2  # unreadable files among them
    return root, paths, json.loads((root / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page(inbox: Inbox) -> str:
    root, paths, _ = inbox
    assert validate(paths, "html", root / "report.html") == 2
    return (root / "report.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def workbook(inbox: Inbox) -> Path:
    root, paths, _ = inbox
    assert validate(paths, "xlsx", root / "report.xlsx") == 2
    return root / "report.xlsx"


def expected_figures(report: dict[str, Any]) -> dict[str, int]:
    files = report["files"]
    kinds = [{catalogue.entry(x["code"])["kind"] for x in f["findings"]} for f in files]
    s = report["summary"]
    return {
        "files": s["files"],
        "failed": s["files_with_errors"],
        "errors": s["errors"],
        "warnings": s["warnings"],
        "skipped": s["skipped"],
        "clean": sum(1 for f in files if not f["findings"]),
        "warned": sum(1 for f in files if f["findings"] and f["valid"]),
        "unreadable": sum(1 for k in kinds if k & {"input", "internal"}),
    }


def findings_of(report: dict[str, Any]) -> Counter[tuple[str, str, str]]:
    """(file, code, pointer) of every finding, as a report shows them (control characters as
    escapes)."""
    return Counter(
        (visible(x["file"]), x["code"], visible(x["pointer"]))
        for f in report["files"]
        for x in f["findings"]
    )


# ------------------------------------------------------------------ the page


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.attrs: list[tuple[str, str, str | None]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attrs += [(tag, k, v) for k, v in attrs]
        self.ids += [v for k, v in attrs if k == "id" and v]


def test_page_figures_match_the_json_report(inbox: Inbox, page: str) -> None:
    _, _, report = inbox
    cards = {
        k: int(v.replace(",", ""))
        for k, v in re.findall(r'data-figure="(\w+)"><b>([\d,]+)</b>', page)
    }
    expected = expected_figures(report)
    assert {k: cards.get(k, 0) for k in expected} == expected
    assert expected["unreadable"] and expected["skipped"] and expected["failed"]
    by_check = dict(
        re.findall(
            r'checks\.html#([\w-]+)"><code>[\w-]+</code></a></td><td>[^<]*</td>.*?data-sort="(\d+)"',
            page,
        )
    )
    assert {k: int(v) for k, v in by_check.items()} == Counter(
        x["code"] for f in report["files"] for x in f["findings"]
    )
    assert page.count('<article class="dossier') == sum(1 for f in report["files"] if f["findings"])
    assert page.count('<tr><td class="sev-') == sum(len(f["findings"]) for f in report["files"])


def test_page_escapes_every_hostile_value(page: str) -> None:
    tags = Tags()
    tags.feed(page)
    assert tags.tags["script"] == 1 and tags.tags["style"] == 1
    assert not {"img", "iframe", "object", "embed", "link", "base", "form", "svg"} & set(tags.tags)
    assert not [a for a in tags.attrs if a[1].lower().startswith("on")]
    hrefs = [v or "" for tag, k, v in tags.attrs if k == "href"]
    assert hrefs and all(h.startswith(("#", links.portal_base())) for h in hrefs)
    assert len(tags.ids) == len(set(tags.ids))
    assert SCRIPT not in page and IMG not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;" in page  # in a pointer too
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", page)
    assert "\\u001b[31m" in page and "\\u202e" in page and "\\u0007" in page
    assert "&amp;amp;" in page  # the & of the value itself, escaped once


def test_page_links_reach_pages_and_anchors_of_the_built_portal(
    page: str, built_site: Path
) -> None:
    """Every link out of the page names a page of the portal as built, and its anchor is there:
    an article, paragraph or item of the regulation, a check, a form."""
    hrefs = {html.unescape(h) for h in re.findall(r'href="([^"#][^"]*)"', page)}
    kinds = set()
    for href in hrefs:
        assert href.startswith(links.portal_base()), href
        target, _, anchor = href.removeprefix(links.portal_base()).partition("#")
        text = (built_site / target).read_text(encoding="utf-8")
        assert not anchor or f'id="{anchor}"' in text, href
        kinds.add(target.split("/")[0])
    assert {"regulation.html", "checks.html", "forms"} <= kinds


def test_page_shows_unreadable_files_first(inbox: Inbox, page: str) -> None:
    _, _, report = inbox
    unreadable = page.index('id="unreadable"')
    assert unreadable < page.index('id="summary"') < page.index('id="dossiers"')
    section = page[unreadable : page.index("</section>", unreadable)]
    for f in report["files"]:
        kinds = {catalogue.entry(x["code"])["kind"] for x in f["findings"]}
        if kinds & {"input", "internal"}:
            file = f["file"].replace("\x1b", "\\u001b").replace("\u202e", "\\u202e")
            assert (
                file.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace('"', "&quot;")
                .replace("'", "&#x27;")
                in section
            )


def test_page_carries_spec_version_run_date_and_its_own_policy(page: str) -> None:
    from generator import spec

    assert f"规范版本 {spec.version()}" in page and f"期限计算日 {TODAY}" in page
    assert re.search(r"生成时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", page)
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', page)
    assert policy and "default-src 'none'" in policy.group(1)
    assert "unsafe-inline" not in policy.group(1) and "http" not in policy.group(1)


def test_english_page(inbox: Inbox, tmp_path: Path) -> None:
    _, paths, _ = inbox
    out = tmp_path / "en.html"
    validate(paths[:1], "html", out, "--lang", "en")
    text = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in text and "Dossiers and findings" in text and "Deadlines" in text


# ------------------------------------------------------------------ the workbook


def load(path: Path) -> Any:
    import openpyxl

    return openpyxl.load_workbook(path)


def test_workbook_figures_match_the_json_report(inbox: Inbox, workbook: Path) -> None:
    _, _, report = inbox
    book = load(workbook)
    assert book.sheetnames == ["概况", "无法读取", "期限", "项目", "单位", "问题"]
    summary = {
        row[0]: row[1] for row in book["概况"].iter_rows(min_row=2, values_only=True) if row[0]
    }
    labels = {"files": "文件", "failed": "有错误", "errors": "错误", "warnings": "警告",
              "skipped": "跳过", "clean": "无问题", "warned": "仅有警告", "unreadable": "无法读取的文件"}  # fmt: skip
    assert {k: summary[v] for k, v in labels.items()} == expected_figures(report)
    by_check = {
        row[0]: row[1]
        for row in book["概况"].iter_rows(values_only=True)
        if row[0] in catalogue.entries()
    }
    assert by_check == Counter(x["code"] for f in report["files"] for x in f["findings"])
    rows = list(book["问题"].iter_rows(min_row=2, values_only=True))
    assert Counter((r[0], r[6], r[9] or "") for r in rows) == findings_of(report)
    unreadable = [r[0] for r in book["无法读取"].iter_rows(min_row=2, values_only=True)]
    assert len(unreadable) == expected_figures(report)["unreadable"]


def test_workbook_cells_are_inert_text(workbook: Path) -> None:
    with zipfile.ZipFile(workbook) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 6
        for name in sheets:
            xml = z.read(name).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml, name
            assert 't="e"' not in xml and "<script" not in xml
    book = load(workbook)
    risky = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str):
                    continue
                assert not re.search("[\x00-\x08\x0b-\x1f\u202a-\u202e]", value)
                if value.startswith(("=", "+", "-", "@")):
                    risky += 1
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)
    starts = {f[0] for f in FORMULAS}
    assert risky >= 4 * len(starts)  # unit, project, code and a quoted value, each start


def test_workbook_headers_filters_and_types(workbook: Path) -> None:
    import datetime as dt

    book = load(workbook)
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        if ws.title != "概况":
            assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
    due = book["期限"]
    dates = [c for c in due["A"][1:] if isinstance(c.value, dt.datetime)]
    assert dates and all(c.number_format == "yyyy-mm-dd" for c in dates)
    projects = book["项目"]
    totals = [r[4] for r in projects.iter_rows(min_row=2, values_only=True) if r[4] is not None]
    assert 580 in totals and all(isinstance(t, int | float) for t in totals)
    assert isinstance(book["概况"]["B5"].value, dt.datetime)  # the run's date and time


def test_libreoffice_opens_the_workbook_with_every_row(
    inbox: Inbox, workbook: Path, tmp_path: Path
) -> None:
    _, _, report = inbox
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Calc is not installed (scripts/system-deps.sh)"
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", str(tmp_path), str(workbook)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    with (tmp_path / "report-问题.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1 + sum(len(f["findings"]) for f in report["files"])
    text = (tmp_path / "report-项目.csv").read_text(encoding="utf-8")
    assert '=HYPERLINK(""http://127.0.0.1/x"",""click"")' in text  # text, not a computed link
    assert "+1+1" in text and "@SUM(1)" in text


def test_workbook_replaces_only_a_report_of_ours(
    inbox: Inbox, tmp_path: Path, workbook: Path
) -> None:
    _, paths, _ = inbox
    earlier = tmp_path / "earlier.xlsx"
    shutil.copy(workbook, earlier)
    assert validate(paths[:1], "xlsx", earlier) == 0
    assert load(earlier)["概况"]["B7"].value < load(workbook)["概况"]["B7"].value
    other = tmp_path / "budget.xlsx"
    import openpyxl

    openpyxl.Workbook().save(other)
    before = other.read_bytes()
    assert validate(paths[:1], "xlsx", other) == 2
    assert other.read_bytes() == before


def test_workbook_needs_a_file_and_says_how_to_install(
    inbox: Inbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, paths, _ = inbox
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["validate", paths[0], "-f", "xlsx", "-j", "1"]) == 2
    assert "-o" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    out = tmp_path / "r.xlsx"
    assert validate(paths[:1], "xlsx", out) == 2
    assert "szqz[review]" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob(".r.xlsx.*"))


def test_the_light_install_does_not_import_openpyxl(inbox: Inbox, tmp_path: Path) -> None:
    _, paths, _ = inbox
    code = (
        "import sys; from generator.cli import main; "
        f"main(['validate', {paths[0]!r}, '-f', 'html', '-o', {str(tmp_path / 'r.html')!r}, '-j', '1']); "
        "assert 'openpyxl' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
