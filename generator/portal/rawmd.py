"""A page must not show Markdown as text: a heading marker, a table's pipes, a code fence, a
link or bold markers left in the rendered page mean that Markdown was not understood (a fence
closed at the end of a line, a table inside an HTML block, a missing blank line). The build
checks every page's HTML with `leftovers()` and stops on any (hooks.py)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Text inside these is shown as written on purpose.
VERBATIM = {"code", "pre", "script", "style", "kbd", "samp", "textarea"}
PATTERNS = (
    ("heading marker", re.compile(r"(?m)^\s*#{1,6} \S")),
    ("table row", re.compile(r"(?m)^\s*\|.*\|\s*$")),
    ("table rule", re.compile(r"\|\s*:?-{3,}:?\s*\|")),
    ("code fence", re.compile(r"```|~~~")),
    ("link", re.compile(r"\]\([^)\s]+\)")),
    ("bold", re.compile(r"\*\*[^*\s][^*]*\*\*")),
    ("attribute list", re.compile(r"\{[#.][\w-]+\}")),
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VERBATIM:
            self.depth += 1
        elif tag in ("p", "li", "td", "th", "div", "br", "h1", "h2", "h3", "h4", "tr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in VERBATIM and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def leftovers(html: str) -> list[str]:
    """What of `html`'s visible text looks like Markdown that was not rendered, as
    “kind: text” lines; empty for a clean page."""
    parser = _Text()
    parser.feed(html)
    text = "".join(parser.parts)
    found = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.end())
            line = text[line_start : line_end if line_end >= 0 else None].strip()
            found.append(f"{kind}: {line[:80]}")
    return found
