"""HTML and PDF from a form tree. Jinja2 runs with autoescape on, so every dossier value is text;
WeasyPrint reads only through AssetsOnlyFetcher; one FontConfiguration serves the stylesheet and
the PDF; SOURCE_DATE_EPOCH (the spec's release date unless set) makes output byte-identical."""

from __future__ import annotations

import datetime as dt
import functools
import os
from typing import Any

import jinja2

from generator import spec
from generator.paths import ASSETS, TEMPLATES
from generator.render import fonts, tree


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def html(form: tree.Form, draft: bool = False) -> str:
    return _environment().get_template("form.html.j2").render(form=form, draft=draft)


def _source_date_epoch() -> str:
    released = dt.date.fromisoformat(str(spec.index()["released_on"]))
    return str(
        int(dt.datetime(released.year, released.month, released.day, tzinfo=dt.UTC).timestamp())
    )


def pdf(form: tree.Form, draft: bool = False, pdfa: bool = False) -> bytes:
    """The PDF bytes; FontProblem when the fonts are missing or do not cover the text."""
    fonts.check(tree.all_text(form) + ("草稿" if draft else "") + "第页共")
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from generator.render.fetcher import AssetsOnlyFetcher

    os.environ.setdefault("SOURCE_DATE_EPOCH", _source_date_epoch())
    font_config = FontConfiguration()
    document = HTML(
        string=html(form, draft),
        base_url=ASSETS.as_uri() + "/",
        url_fetcher=AssetsOnlyFetcher(),
    )
    options: dict[str, Any] = {"font_config": font_config, "uncompressed_pdf": False}
    if pdfa:
        options["pdf_variant"] = "pdf/a-3b"
    data: bytes = document.write_pdf(**options)
    return data
