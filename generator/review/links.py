"""Links from a report to the portal: the page of an article of the regulation, of a check and of
a form. The portal's address comes from the spec (spec/spec.yaml) in one place, portal_base(), so
that a bureau that publishes the portal at its own address gets reports that point there. Links
are made from the spec's own identifiers only, never from a dossier's text."""

from __future__ import annotations

import functools
import urllib.parse

from generator import spec


@functools.cache
def portal_base() -> str:
    """The portal's address, ending in a slash. spec.yaml's `base_uri` is the portal's own
    address followed by spec/ (generator/portal/publish.py), so the portal is the folder above;
    a bureau that builds the portal for its own address sets it there, and reports follow."""
    base = str(spec.index()["base_uri"])
    base = base if base.endswith("/") else base + "/"
    return base.removesuffix("spec/")


def _fragment(value: str) -> str:
    return urllib.parse.quote(value, safe="-_.")


def article(node_id: str) -> str:
    """The regulation page at an article, paragraph or item (art22, art22-p2, art22-p2-i1)."""
    return f"{portal_base()}regulation.html#{_fragment(node_id)}"


def check(code: str) -> str:
    return f"{portal_base()}checks.html#{_fragment(code)}"


def form(form_id: str) -> str:
    return f"{portal_base()}forms/{urllib.parse.quote(form_id, safe='-_.')}.html"
