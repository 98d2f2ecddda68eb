"""HTML and PDF from a form tree. `html()` is the one entry point for the markup (the portal's
fill page prints the same HTML through the browser); `pdf()` lays it out with WeasyPrint.
Jinja2 runs with autoescape on, so every dossier value is text, and values that go into CSS
(the running header) pass through css_string. WeasyPrint reads only through AssetsOnlyFetcher;
one FontConfiguration serves the stylesheet and the PDF; SOURCE_DATE_EPOCH (the spec's release
date unless set) makes output byte-identical. After layout, the "（续）" of a table's repeated
heading is removed from the table's first page, which CSS alone cannot tell from the others."""

from __future__ import annotations

import datetime as dt
import functools
import os
from typing import Any

import jinja2
from markupsafe import Markup

from generator import spec
from generator.paths import ASSETS, TEMPLATES
from generator.render import tree

DATE_BLANK = "　　　年　　月　　日"


def css_string(text: str) -> Markup:
    """A CSS string literal that cannot end the string, the rule or the <style> element:
    everything but letters, digits and CJK is written as a hex escape; newlines stay newlines
    (white-space: pre in the header)."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append("\\a ")
        elif ch.isalnum() and ch not in "\\":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x} ")
    return Markup('"' + "".join(out) + '"')


@functools.cache
def _environment() -> jinja2.Environment:
    try:  # compiled once per template version, not once per process (0.1 s a start)
        cache: jinja2.BytecodeCache | None = jinja2.FileSystemBytecodeCache()
    except Exception:  # no writable temporary folder (e.g. in the browser): compile each time
        cache = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string
    return env


def _pairs(opinions: list[tree.Opinion], wide: bool) -> list[list[tree.Opinion]]:
    """The opinion boxes as table rows: on a portrait page the unit's own box across the page,
    the others two to a row (a last odd one across); on a landscape page all in one row."""
    if wide:
        return [opinions]
    rows: list[list[tree.Opinion]] = [[o] for o in opinions if o.unit]
    others = [o for o in opinions if not o.unit]
    rows += [others[i : i + 2] for i in range(0, len(others), 2)]
    return rows


def html(form: tree.Form, draft: bool = False, paged: bool = False) -> str:
    """The form as one HTML document. `paged` marks output for WeasyPrint, whose pages can tell a
    table's first page from its continuations."""
    title = form.title + (f"：{form.project}" if form.project else "")
    return (
        _environment()
        .get_template("form.html.j2")
        .render(
            form=form,
            draft=draft,
            paged=paged,
            pdf_title=title,
            author=form.unit,
            opinion_rows=_pairs(form.opinions, form.closing_wide),
            date_blank=DATE_BLANK,
            blank_date=tree.BLANK_DATE,
        )
    )


def _source_date_epoch() -> str:
    released = dt.date.fromisoformat(str(spec.index()["released_on"]))
    return str(
        int(dt.datetime(released.year, released.month, released.day, tzinfo=dt.UTC).timestamp())
    )


def _hide_first_continuation_marks(document: Any) -> None:
    """Drop the text of "（续）" marks in each table's first fragment: only the pages a table
    continues on keep them."""
    from weasyprint.formatting_structure import boxes

    seen: set[int] = set()
    for page in document.pages:
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.TableBox) or id(box.element) in seen:
                continue
            seen.add(id(box.element))
            for inner in box.descendants():
                if (
                    isinstance(inner, boxes.InlineBox)
                    and "cont" in (inner.element.get("class") or "").split()
                ):
                    inner.children = ()


def document(form: tree.Form, draft: bool = False) -> Any:
    """The laid-out WeasyPrint document; FontProblem when the fonts are missing or do not cover
    the text."""
    from generator.render import fonts, weasy

    fonts.check(tree.all_text(form))
    weasy.load()
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from generator.render.fetcher import AssetsOnlyFetcher

    os.environ.setdefault("SOURCE_DATE_EPOCH", _source_date_epoch())
    font_config = FontConfiguration()
    laid_out = HTML(
        string=html(form, draft, paged=True),
        base_url=ASSETS.as_uri() + "/",
        url_fetcher=AssetsOnlyFetcher(),
    ).render(font_config=font_config)
    _hide_first_continuation_marks(laid_out)
    return laid_out


def pdf(form: tree.Form, draft: bool = False, pdfa: bool = False) -> bytes:
    """The PDF bytes; FontProblem when the fonts are missing or do not cover the text."""
    laid_out = document(form, draft)
    # Tagged (PDF/UA-1: structure, reading order, language, title) for screen readers and
    # reflow; it costs about a tenth of the render. PDF/A-3b when asked, tagged as well.
    options: dict[str, Any] = {"uncompressed_pdf": False, "pdf_variant": "pdf/ua-1"}
    if pdfa:
        options.update(pdf_variant="pdf/a-3b", pdf_tags=True)
    data: bytes = laid_out.write_pdf(**options)
    return data
