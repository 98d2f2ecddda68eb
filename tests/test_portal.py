"""The portal build: every page generated from the spec is there, every download and internal
link resolves, and nothing is loaded from outside (offline and intranet use)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest

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
