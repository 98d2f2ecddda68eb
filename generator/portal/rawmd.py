"""A page must not show Markdown as text: a heading marker, a table's pipes, a code fence, a
link or bold markers left in the rendered page mean that Markdown was not understood (a fence
closed at the end of a line, a table inside an HTML block, a missing blank line). The build
checks every page's HTML with `leftovers()` and stops on any (hooks.py)."""

from __future__ import annotations

import re
from html import unescape

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


# A tag, its attribute values quoted or not (a quoted value may hold ">"); a comment; a
# verbatim element with everything inside it. Regular expressions rather than an HTML parser:
# the build checks every page, and the parser took a fifth of a build's time.
_TAG = r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_VERBATIM = re.compile(
    "<(" + "|".join(sorted(VERBATIM)) + r")\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\1\s*>",
    re.S | re.I,
)
_BLOCK = re.compile(r"<(?:p|li|td|th|div|br|h1|h2|h3|h4|tr)\b" + _TAG[1:], re.I)
_ANY = re.compile(_TAG)


def _text(html: str) -> str:
    """The page's visible text outside verbatim elements, a line break before each block."""
    html = _VERBATIM.sub("", _COMMENT.sub("", html))
    return unescape(_ANY.sub("", _BLOCK.sub("\n", html)))


def leftovers(html: str) -> list[str]:
    """What of `html`'s visible text looks like Markdown that was not rendered, as
    “kind: text” lines; empty for a clean page."""
    text = _text(html)
    found = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.end())
            line = text[line_start : line_end if line_end >= 0 else None].strip()
            found.append(f"{kind}: {line[:80]}")
    return found
