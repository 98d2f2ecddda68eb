"""Untrusted text made safe to show: every value in a reviewer's report comes from a dossier or a
file name. Control characters (which could move a terminal's cursor, break XML or hide text),
Unicode direction overrides (which could make a name read differently from what it is) and
stray bytes of a name that is not UTF-8 are shown as visible escapes (\\u0007, \\xNN), so a
reviewer sees that something odd is there rather than its effect."""

from __future__ import annotations

import re

from generator.fileio import shown

# C0 controls but tab and newline, DEL and C1 controls, the bidirectional overrides and
# isolates, the line and paragraph separators, and the noncharacters XML refuses.
_HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufffe\uffff\ud800-\udfff]"
)
_LINES = re.compile("[\t\n]")


def visible(text: str, one_line: bool = True) -> str:
    """The text with what cannot be seen or could mislead written as \\uNNNN; tabs and line
    breaks become spaces where a value must keep to one line."""
    text = _HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", shown(text))
    return _LINES.sub(" ", text) if one_line else text
