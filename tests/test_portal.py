"""The portal build: every page generated from the spec is there, every download and internal
link resolves, and nothing is loaded from outside (offline and intranet use)."""

from __future__ import annotations

import html
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag

import pytest
from conftest import FORMS, ROOT, SPEC

from generator import spec


@pytest.fixture(scope="module")
def built(built_site: Path) -> Path:
    return built_site


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.resources.append(str(a["src"]))
        if tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "preload", "icon"):
            self.resources.append(str(a["href"]))


def _parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_generated_page_exists(built: Path) -> None:
    for page in [
        "index.html",
        "regulation.html",
        "checks.html",
        "deadlines.html",
        "validator.html",
        "versions.html",
    ]:
        assert (built / page).is_file(), page
    for form in spec.forms():
        html = (built / "forms" / f"{form.id}.html").read_text(encoding="utf-8")
        assert form.title in html and "JSON 键" in html


def test_regulation_page_has_an_anchor_per_article(built: Path) -> None:
    ids = _parse(built / "regulation.html").ids
    assert {f"art{n}" for n in range(1, 38)} <= ids
    assert {"art22-p2", "art20-p1-i3", "ch6"} <= ids


def test_checks_page_lists_every_code(built: Path) -> None:
    from generator.validate import catalogue

    ids = _parse(built / "checks.html").ids
    assert set(catalogue.entries()) <= ids


def test_downloads_are_the_spec_files(built: Path) -> None:
    for form in spec.forms():
        folder = built / "downloads" / form.id
        assert json.loads(
            (folder / f"{form.id}.schema.json").read_text(encoding="utf-8")
        ) == spec.schema(form.id)
        assert json.loads((folder / "template.json").read_text(encoding="utf-8"))[
            "$schema"
        ] == spec.schema_id(form.id)
        assert (built / "spec" / spec.version() / f"{form.id}.schema.json").is_file()
        for pdf in (f"{form.id}-blank.pdf", f"{form.id}-example.pdf"):
            assert (folder / pdf).read_bytes().startswith(b"%PDF-"), pdf


def test_internal_links_resolve_and_nothing_external_is_loaded(built: Path) -> None:
    problems = []
    ids_cache: dict[Path, set[str]] = {}
    for page in built.rglob("*.html"):
        parsed = _parse(page)
        if page.name == "404.html":
            # Served by a web server for any missing path, so its links are root-relative.
            parsed.links = []
        for src in parsed.resources:
            if re.match(r"^(https?:)?//", src):
                problems.append(f"{page.relative_to(built)} loads {src}")
        for href in parsed.links:
            if re.match(r"^(https?:|mailto:|javascript:)", href) or href.startswith("//"):
                continue
            target, fragment = urldefrag(href)
            path = (page.parent / unquote(target)).resolve() if target else page
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                problems.append(f"{page.relative_to(built)} → {href}: missing")
                continue
            if fragment and path.suffix == ".html":
                ids = ids_cache.setdefault(path, _parse(path).ids)
                if fragment not in ids:
                    problems.append(f"{page.relative_to(built)} → {href}: no anchor")
    assert not problems, "\n".join(problems[:30])


def test_printed_forms_are_reused_until_an_input_changes(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build above left every printed form in the cache: a second pass renders nothing and
    gives the same bytes; a changed input (here, the digest of the common inputs) renders all."""
    from generator.portal import printed

    class NoWorkers:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(printed, "ProcessPoolExecutor", NoWorkers)
    again = printed.render_all()
    for uri, data in again.items():
        assert data == (built / uri).read_bytes(), uri
    monkeypatch.setattr(printed, "_inputs", lambda: "changed")
    with pytest.raises(AssertionError, match="rendered although"):
        printed.render_all()


def _field_paths(fields: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for f in fields:
        path = f"{prefix}{f.key}"
        found.append((path, f))
        if f.kind != "attachment":
            found += _field_paths(f.children, f"{path}.")
        if f.item is not None:
            found += _field_paths(f.item.children, f"{path}[].")
    return found


@pytest.mark.parametrize("form", [f.id for f in spec.forms()])
def test_form_page_has_a_block_per_field_with_its_description_and_need(
    built: Path, form: str
) -> None:
    from generator.portal.formpage import anchor, need_words
    from generator.schemawalk import field_checks, form_fields

    page = built / "forms" / f"{form}.html"
    text = html.unescape(page.read_text(encoding="utf-8"))
    ids = _parse(page).ids
    assert "<table" not in text.split('id="_2"')[-1], "fields are blocks, not a wide table"
    for path, field in _field_paths([f for f in form_fields(form) if f.key != "$schema"]):
        assert anchor(path) in ids, f"{form}: no block for {path}"
        if field.description:
            assert " ".join(field.description.split()) in text, f"{form} {path}: no description"
        assert need_words(field, bool(field_checks(form, path))) in text, f"{form} {path}"
        for value, label in field.options:
            assert label in text, f"{form} {path}: option {value} shown without its name"


def test_district_names_not_bare_codes(built: Path) -> None:
    text = (built / "forms" / "declaration.html").read_text(encoding="utf-8")
    for name in ("钦州市本级", "钦南区", "钦北区", "灵山县", "浦北县"):
        assert name in text


@pytest.mark.parametrize("form", [f.id for f in spec.forms()])
def test_example_zip_validates_as_unpacked(built: Path, tmp_path: Path, form: str) -> None:
    from generator.cli import main

    folder = built / "downloads" / form
    with zipfile.ZipFile(folder / f"{form}-example.zip") as archive:
        archive.extractall(tmp_path)
    unpacked = tmp_path / f"{form}-example"
    examples = sorted(p.name for p in unpacked.glob("example*.json"))
    assert examples == sorted(p.name for p in (FORMS / form).glob("example*.json"))
    for example in unpacked.glob("example*.json"):
        report = tmp_path / f"{example.stem}.txt"
        assert main(["validate", "-j", "1", "-o", str(report), str(example)]) == 0, (
            report.read_text(encoding="utf-8")
        )
    # The schema's relative reference resolves beside it.
    assert (folder / "defs.schema.json").read_bytes() == (
        SPEC / "schemas" / "defs.schema.json"
    ).read_bytes()
    assert f"{form}-example.zip" in (built / "forms" / f"{form}.html").read_text("utf-8")


def test_a_guide_page_per_stage_with_steps_materials_limits_and_questions(built: Path) -> None:
    for stage in spec.guide():
        text = (built / "guide" / f"{stage['id']}.html").read_text(encoding="utf-8")
        for heading in ("办理流程", "申请材料清单", "办理时限", "常见问题", "咨询"):
            assert heading in text, f"{stage['id']}: {heading}"
        for form in stage["forms"]:
            assert f"../forms/{form}.html" in text
        for item in stage["faq"]:
            assert html.escape(" ".join(item["q"].split()), quote=False) in text
        # Unset settings say so; nothing is invented.
        assert "待主办单位填写" in text
    approval = (built / "guide" / "approval.html").read_text(encoding="utf-8")
    assert "../forms/approval.html#field-feasibility-study" in approval
    # A document the schema leaves optional names the check that decides whether it is needed.
    assert "../checks.html#design-threshold" in approval


def test_every_page_says_when_it_changed_and_none_says_made_with(built: Path) -> None:
    for page in built.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Made with" not in text, page
        if page.name != "404.html":
            assert re.search(r"本页最后更新：\d{4}-\d{2}-\d{2}", text), page


def test_benchmarks_are_under_about_not_in_the_main_menu() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n")[1]
    top = [line for line in nav.splitlines() if line.startswith("  - ")]
    assert not any("benchmarks.md" in line for line in top)
    assert any(line.startswith("  - 关于") for line in top)


@pytest.mark.parametrize(
    "broken",
    [
        "<p>## 安装</p>",
        "<p>| 字段 | 说明 |\n| --- | --- |</p>",
        "<p>```bash szqz validate</p>",
        "<p>见 [校验工具](validator.md)</p>",
        "<p>**注意**</p>",
        "<h2>标题 {#anchor}</h2>",
    ],
)
def test_raw_markdown_is_caught(broken: str) -> None:
    from generator.portal.rawmd import leftovers

    assert leftovers(broken)
    assert not leftovers("<pre><code>## 安装\n| a | b |\n```</code></pre><p>正文</p>")
    # Markup is not text: an attribute holding ">" and Markdown-like words, a comment, a script.
    assert not leftovers('<a title="a > **b** ## c" href="x">链接</a><!-- ## 注释 -->')
    assert not leftovers("<script>if (a) { x = '## y' }</script><p>正文</p>")
    # Entities are text once shown: &#35;&#35; is "##".
    assert leftovers("<p>&#35;&#35; 标题</p>")


def test_no_built_page_shows_raw_markdown(built: Path) -> None:
    from generator.portal.rawmd import leftovers

    problems = []
    for page in built.rglob("*.html"):
        article = page.read_text(encoding="utf-8").split('<article class="md-content__inner')
        if len(article) > 1:
            problems += [f"{page.relative_to(built)}: {x}" for x in leftovers(article[1])]
    assert not problems, "\n".join(problems[:20])


def test_the_benchmarks_page_records_every_measured_group() -> None:
    """Each benchmark under bench/ has its figures on the 性能 page (a rewrite of one section
    once dropped another)."""
    text = (ROOT / "site" / "benchmarks.md").read_text(encoding="utf-8")
    headings = {line[3:].strip() for line in text.splitlines() if line.startswith("## ")}
    groups = {
        "__main__.py": "最近一次记录",
        "search.py": "搜索命中率",
        "printing.py": "打印和门户构建",
        "fill.py": "在线填写页面",
        "review.py": "审查报告（HTML、xlsx）",
    }
    for module in sorted(p.name for p in (ROOT / "bench").glob("*.py")):
        if module == "__init__.py":
            continue
        assert module in groups, f"bench/{module} has no section named for it in this test"
        assert groups[module] in headings, f"性能 page has no section {groups[module]}"
    # The search hit rate as a count and a share of the listed terms.
    search = text.split("## 搜索命中率", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"\d+/\d+（\d+%）", search), "no hit rate recorded"


def test_the_portals_address_follows_the_schemas_setting() -> None:
    """The theme's 404 page links from the site's address: set from base_uri once the bureau
    has set its own, so that the page works when the portal lives under a sub-folder."""
    from generator.portal.hooks import portal_url

    assert portal_url("https://szqz.example/spec/") is None
    assert portal_url("https://dsj.qinzhou.gov.cn/szqz/spec/") == "https://dsj.qinzhou.gov.cn/szqz/"
    assert portal_url("https://dsj.qinzhou.gov.cn/schemas/") is None  # not “门户地址 + spec/”
