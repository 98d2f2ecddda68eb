"""The portal's search in Chromium: for every term of tests/search_terms.yaml (what clerks type:
short forms, amounts and dates as people write them, district names), one of the pages that
answer it is among the first three results. The same functions measure the hit rate on the 性能
page (`python -m bench.search`). And the build's correction of the theme's search worker: it
applies to the theme as installed, and a theme whose worker changed stops the build."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from bench.search import TOP, terms, top_pages
from generator.portal import search

TERMS = terms()


def test_the_list_is_long_enough_and_names_real_pages(built_site: Path) -> None:
    assert len(TERMS) >= 40
    assert len({t["term"] for t in TERMS}) == len(TERMS), "a term is listed twice"
    for entry in TERMS:
        for page in entry["pages"]:
            assert (built_site / page).is_file(), f"{entry['term']}: no page {page}"


@pytest.fixture(scope="module")
def search_page(site: str, browser: Browser) -> Iterator[Any]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{site}/index.html")
    yield page
    page.close()
    assert not errors, errors


@pytest.mark.parametrize("entry", TERMS, ids=[t["term"] for t in TERMS])
def test_the_right_page_is_in_the_first_three(
    search_page: Any, site: str, entry: dict[str, Any]
) -> None:
    found = top_pages(search_page, f"{site}/", entry["term"])
    assert any(p in entry["pages"] for p in found), (
        f"{entry['term']}: first {TOP} results {found}, expected one of {entry['pages']}"
    )


def test_search_works_at_phone_width(site: str, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{site}/index.html")
    assert "glossary.html" in top_pages(page, f"{site}/", "等保")
    page.close()


def _theme_worker() -> Path:
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    return next(folder.glob("search.*.min.js"))


def test_the_correction_applies_to_the_installed_theme_and_only_once(
    tmp_path: Path, built_site: Path
) -> None:
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    original = _theme_worker()
    shutil.copy(original, workers / original.name)
    patched = search.patch_worker(tmp_path).read_text(encoding="utf-8")
    assert patched.startswith(search.MARKER)
    for _, old, new in search.PATCHES:
        assert new in patched and old not in patched.replace(new, "")
    assert search.patch_worker(tmp_path).read_text(encoding="utf-8") == patched
    # The built portal serves the corrected worker.
    built = next((built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert built.read_text(encoding="utf-8") == patched


def test_a_changed_theme_stops_the_build(tmp_path: Path) -> None:
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    code = _theme_worker().read_text(encoding="utf-8")
    (workers / "search.0.min.js").write_text(code.replace("o<t.length", "o<n"), encoding="utf-8")
    with pytest.raises(search.PatchFailed, match="已变化"):
        search.patch_worker(tmp_path)


def test_jieba_learns_the_specs_words() -> None:
    words = search.domain_words()
    for word in ("信创", "等保", "可研", "钦南区", "项目代码", "审批材料"):
        assert word in words, word


def test_search_works_when_the_portal_is_opened_from_disk(
    built_site: Path, browser: Browser
) -> None:
    """A clerk who unpacks the portal and opens index.html (file://) still finds pages: the
    index is inlined as a script and the worker runs in an iframe, with nothing from outside."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None
        ),
    )
    root = built_site.as_uri() + "/"
    page.goto(root + "index.html")
    assert "glossary.html" in top_pages(page, root, "等保")
    assert "forms/approval.html" in top_pages(page, root, "可行性研究报告")
    page.goto(root + "guide/approval.html")
    assert top_pages(page, root, "400万")[0] in ("deadlines.html", "guide/approval.html")
    assert not outside, outside
    page.close()


def test_cuts_kept_between_builds_are_jiebas_own(tmp_path: Path) -> None:
    """The build keeps the cuts of page text between builds; a cut taken from that cache is the
    one jieba (taught the spec's words) gives, and a build whose texts were all cut before does
    not load jieba at all."""
    import jieba

    texts = [
        "建设单位应当开展网络安全等级保护备案或测评",
        "信创技术应用方案和密码应用方案",
        "钦南区政务云",
    ]
    first = search.Segmenter(tmp_path)
    cuts = [first.cut(t.encode("utf-8")) for t in texts]
    search.teach_jieba()
    assert cuts == [list(jieba.cut(t)) for t in texts]
    assert cuts[1] == ["信创技术应用方案", "和", "密码应用方案"]  # the spec's words kept whole
    assert "钦南区" in cuts[2], cuts[2]
    first.save()
    (tmp_path / "0ld.json").write_text("{}", encoding="utf-8")  # another word list's file

    second = search.Segmenter(tmp_path)
    assert [second.cut(t.encode("utf-8")) for t in texts[:2]] == cuts[:2]
    assert second._jieba is None, "a cut kept from the last build loaded jieba"
    second.save()
    assert [p.name for p in tmp_path.iterdir()] == [second.path.name]
    # Only the texts this build cut are kept: the third is gone.
    third = search.Segmenter(tmp_path)
    assert set(third.cuts) == set(texts[:2])


def test_a_damaged_cut_cache_is_ignored(tmp_path: Path) -> None:
    damaged = search.Segmenter(tmp_path)
    damaged.path.parent.mkdir(parents=True, exist_ok=True)
    damaged.path.write_text("{not json", encoding="utf-8")
    segmenter = search.Segmenter(tmp_path)
    assert segmenter.cuts == {}
    assert segmenter.cut("项目代码".encode()) == ["项目代码"]


def test_the_benchmarks_page_is_not_searched(built_site: Path) -> None:
    """Clerks searching 打印, 可研 or 附件摘要 want the forms and guides, not the measurements."""
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("forms/approval.html") for loc in locations)
    assert not [loc for loc in locations if loc.startswith("benchmarks.html")]


def test_sections_about_a_term_are_found_by_its_short_forms(tmp_path: Path) -> None:
    import json

    docs = [
        {"location": "forms/approval.html#f", "title": "可行性研究报告", "text": "<p>文件</p>"},
        {"location": "forms/x.html#d", "title": "验收日期", "text": ""},
        {
            "location": "guide/x.html#q",
            "title": "专项申报没有先征求市大数据发展局意见可以吗？",
            "text": "",
        },
        {"location": "forms/x.html#e", "title": "延期验收申请", "text": ""},
    ]
    (tmp_path / "search").mkdir()
    index = tmp_path / "search" / "search_index.json"
    index.write_text(json.dumps({"config": {}, "docs": docs}, ensure_ascii=False), encoding="utf-8")
    assert search.add_short_forms(tmp_path) == 2
    out = json.loads(index.read_text(encoding="utf-8"))["docs"]
    assert [d["title"] for d in out] == [d["title"] for d in docs]  # headings as they were
    assert "可研" in out[0]["text"] and "初设" not in out[0]["text"]
    assert out[1]["text"] == "" and out[2]["text"] == ""  # not about one term
    assert "验收延期" in out[3]["text"] and "项目验收" not in out[3]["text"]  # 延期验收, not 验收
