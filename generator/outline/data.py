"""The outline definitions (spec/outlines/*.yaml) as objects. Pure Python and light: the validator
reads the mandatory chapters and where each document is attached from here, in the browser too.
A chapter is mandatory (the regulation requires it: its articles and the words that do) or usual
(what such a report usually contains, after a named public outline); never both."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from generator.paths import SPEC
from generator.spec import load_yaml

OUTLINES = SPEC / "outlines"
# What a Word outline says besides its chapters: the heading of its guidance section and the
# openings of the notes under each chapter. The validator leaves them out when it looks for an
# opinion, so that an untouched outline gives none.
GUIDANCE = "编写说明"
MANDATORY_NOTE, USUAL_NOTE, HINT_NOTE = "【必备章节】", "【常见章节】", "编写提示"
OUTLINE_NOTES = (MANDATORY_NOTE, USUAL_NOTE, HINT_NOTE)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    issuer: str
    number: str
    note: str

    def cite(self) -> str:
        """How a document names the source: issuer, title in 《》 and number."""
        standard = self.title.startswith("GB")
        name = self.title if standard else f"《{self.title}》"
        issuer = "" if standard or self.title.startswith(self.issuer) else self.issuer
        number = f"（{self.number}）" if self.number and self.number not in self.title else ""
        return f"{issuer}{name}{number}"


@dataclass(frozen=True)
class Chapter:
    title: str
    status: str  # "mandatory" or "usual"
    hint: str
    articles: tuple[str, ...] = ()  # mandatory: the articles that require it
    quote: str = ""  # mandatory: the words of those articles
    source: str = ""  # usual: the id of the public outline it follows
    related: tuple[str, ...] = ()  # articles the content bears on (not a requirement)
    sections: tuple[str, ...] = ()
    match: tuple[str, ...] = ()  # words a heading carries when the chapter is there
    subject: str = ""  # consulting report: the chapter its opinion is on
    estimate_table: bool = False

    @property
    def mandatory(self) -> bool:
        return self.status == "mandatory"


@dataclass(frozen=True)
class ReadAt:
    """Where a form attaches this document (a JSON pointer), and where it declares its chapters."""

    form: str
    attachment: str
    declared: str = ""


@dataclass(frozen=True)
class Outline:
    kind: str
    title: str
    description: str
    forms: tuple[str, ...]
    chapters: tuple[Chapter, ...]
    read_at: tuple[ReadAt, ...] = ()
    check: str = ""  # "chapters" or "opinions": what the validator looks for in the file

    @property
    def mandatory(self) -> tuple[Chapter, ...]:
        return tuple(c for c in self.chapters if c.mandatory)


def _chapter(raw: dict[str, object]) -> Chapter:
    def strings(key: str) -> tuple[str, ...]:
        value = raw.get(key) or []
        assert isinstance(value, list)
        return tuple(str(v) for v in value)

    return Chapter(
        title=str(raw["title"]),
        status=str(raw["status"]),
        hint=str(raw.get("hint", "")),
        articles=strings("articles"),
        quote=str(raw.get("quote", "")),
        source=str(raw.get("source", "")),
        related=strings("related"),
        sections=strings("sections"),
        match=strings("match"),
        subject=str(raw.get("subject", "")),
        estimate_table=bool(raw.get("estimate_table", False)),
    )


@functools.cache
def outlines() -> dict[str, Outline]:
    """Every outline by kind, in a stable order (the order of KINDS)."""
    found: dict[str, Outline] = {}
    for kind in KINDS:
        raw = load_yaml(OUTLINES / f"{kind}.yaml")
        found[kind] = Outline(
            kind=raw["kind"],
            title=raw["title"],
            description=raw["description"],
            forms=tuple(raw["forms"]),
            chapters=tuple(_chapter(c) for c in raw["chapters"]),
            read_at=tuple(ReadAt(**r) for r in raw.get("read_at") or []),
            check=raw.get("check", ""),
        )
    return found


@functools.cache
def sources() -> dict[str, Source]:
    raw = load_yaml(OUTLINES / "sources.yaml")
    return {s["id"]: Source(**s) for s in raw["sources"]}


def for_form(form: str) -> list[Outline]:
    """The outlines a form's page offers."""
    return [o for o in outlines().values() if form in o.forms]


def read_points(form: str) -> list[tuple[Outline, ReadAt]]:
    """The attached documents of a form whose content the validator reads."""
    return [(o, r) for o in outlines().values() for r in o.read_at if r.form == form]


# The kinds, in the order the portal lists them (a document's place in the procedure).
KINDS = (
    "proposal",
    "feasibility-study",
    "preliminary-design",
    "construction-plan",
    "crypto-plan",
    "xinchuang-plan",
    "consulting-report",
)
