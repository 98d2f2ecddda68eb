"""The check catalogue (spec/checks.yaml) as objects, and the making of findings from it: a check
reports an Issue (code, pointer, parameters); the catalogue turns it into a Finding with the
message and remedy in the chosen language."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from generator import spec
from generator.fileio import shown


@dataclass(frozen=True, slots=True)
class Issue:
    """What a check found, before wording: the code, where (JSON pointer) and the facts."""

    code: str
    pointer: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str
    file: str
    pointer: str
    line: int | None
    column: int | None
    field: str
    message: str
    remedy: str
    articles: tuple[str, ...]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Positional fields: pickles in a fraction of the generic slots protocol's time (results
        # cross from worker processes by pickle).
        return (
            Finding,
            (
                self.code,
                self.severity,
                self.file,
                self.pointer,
                self.line,
                self.column,
                self.field,
                self.message,
                self.remedy,
                self.articles,
            ),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "remedy": self.remedy,
            "articles": list(self.articles),
        }


class _Blank(dict[str, Any]):
    """Leaves a missing template name visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@functools.cache
def entries() -> dict[str, dict[str, Any]]:
    return {c["code"]: c for c in spec.checks()["checks"]}


def entry(code: str) -> dict[str, Any]:
    try:
        return entries()[code]
    except KeyError:
        raise KeyError(f"检查目录中没有代码 {code}") from None


@functools.cache
def retired() -> dict[str, dict[str, Any]]:
    """Codes no longer reported, with why and what replaced them (never reused)."""
    return {c["code"]: c for c in spec.checks().get("retired", [])}


def retired_note(code: str, lang: str) -> str:
    meta = retired()[code]
    zh = lang == "zh"
    return (
        f"{'检查代码' if zh else 'Check code'} {code} "
        f"{'已停用' if zh else 'is retired'}{COLON[lang]}{meta['reason'][lang]}"
        f"{'改用 ' if zh else ' Use '}{LIST_SEP[lang].join(meta['replaced_by'])}"
        f"{'。' if zh else '.'}"
    )


def settings() -> dict[str, Any]:
    result: dict[str, Any] = spec.checks()["settings"]
    return result


# Punctuation between parts of a message: full-width in Chinese, ASCII with a space in English.
LIST_SEP = {"zh": "、", "en": ", "}
COLON = {"zh": "：", "en": ": "}
SEMI = {"zh": "；", "en": "; "}
NO_ARTICLE = {"zh": "无（不是本办法规定的事项）", "en": "none (not a matter of the regulation)"}


def words(zh: str, en: str) -> dict[str, str]:
    """A finding's variable text in both languages; the report picks the one it is written in."""
    return {"zh": zh, "en": en}


def problem(code: str, pointer: str, zh: str, en: str) -> Issue:
    """An Issue for a check whose message is its `{problem}`, worded in both languages."""
    return Issue(code, pointer, {"problem": words(zh, en)})


def template_words(template: str, lang: str = "zh") -> str:
    """A message template for reading without a dossier (`szqz explain`, the portal): each {name}
    the check fills in shows as …, and a message that is nothing but a filled-in description
    says so."""
    if re.fullmatch(r"\{\w+\}", template.strip()):
        return (
            "按材料中的具体问题说明（见示例）"
            if lang == "zh"
            else "as the dossier's problem (see the examples)"
        )
    return re.sub(r"\{\w+\}", "…", template.replace("{{", "{").replace("}}", "}"))


def word(code: str, part: str, lang: str, params: dict[str, Any]) -> str:
    text = entry(code)[part][lang]
    return str(text).format_map(_Blank({k: _show(v, lang) for k, v in params.items()}))


def _show(value: Any, lang: str) -> str:
    """A parameter as text: a {"zh": …, "en": …} pair in the report's language (Chinese when
    there is no English), a list joined the way the language joins one."""
    if isinstance(value, list | tuple):
        return LIST_SEP[lang].join(_show(v, lang) for v in value)
    if isinstance(value, dict):
        return str(value.get(lang, value.get("zh", value)))
    return str(value)


def finding(
    issue: Issue,
    file: str,
    lang: str,
    field_title: str,
    position: tuple[int, int] | None,
    articles: tuple[str, ...] | None = None,
) -> Finding:
    meta = entry(issue.code)
    params = {"field": field_title, **issue.params}
    # A check that knows the precise article of this finding (a table row of the spec) says so.
    articles = articles or params.pop("articles", None)
    # Shown forms: a file name that is not UTF-8 may be part of the file or the message.
    return Finding(
        code=issue.code,
        severity=str(meta["severity"]),
        file=shown(file),
        pointer=issue.pointer,
        line=position[0] if position else None,
        column=position[1] if position else None,
        field=field_title,
        message=shown(word(issue.code, "message", lang, params)),
        remedy=shown(word(issue.code, "remedy", lang, params)),
        articles=articles or tuple(meta["articles"]),
    )
