"""The city's bodies that the regulation names (spec/authorities.yaml), as a closed list: whether
a name is one a body's documents carry, which body approves and accepts for a building unit
(第九条第二款、第二十二条第五款), and which documents each form must have from which body."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from generator import spec
from generator.validate import locations
from generator.validate.schema_check import pointer

APPROVING = "approving-authority"  # 市大数据发展局, or 市发展改革委 for the bureau's own projects


@dataclass(frozen=True)
class Body:
    id: str
    title: str  # as the regulation names it: 市保密行政管理部门
    english: str
    names: frozenset[str]  # the names its documents carry

    def shown(self) -> dict[str, str]:
        return {"zh": f"{self.title}（{'、'.join(sorted(self.names))}）", "en": self.english}


@dataclass(frozen=True)
class Expected:
    """A document the regulation says a named body issues: where its issuer stands in a form."""

    form: str
    at: tuple[str, ...]
    body: str
    article: str
    words: str
    check: str


def _clean(name: str) -> str:
    return "".join(name.split())


@functools.cache
def bodies() -> dict[str, Body]:
    return {
        key: Body(key, str(b["title"]), str(b["en"]), frozenset(_clean(n) for n in b["names"]))
        for key, b in spec.authorities()["bodies"].items()
    }


def is_body(name: str, body: str) -> bool:
    """Whether `name` is one of the names the city's `body` signs with (whole names only)."""
    return _clean(name) in bodies()[body].names


def approving_body(unit: dict[str, Any]) -> str:
    """第九条第二款、第二十二条第五款: 市发展改革委 approves and accepts 市大数据发展局's own
    projects; 市大数据发展局 everyone else's."""
    return "ndrc" if is_body(unit["name"], "bigdata") else "bigdata"


def resolve(body: str, unit: dict[str, Any]) -> str:
    return approving_body(unit) if body == APPROVING else body


@functools.cache
def expected(form: str) -> tuple[Expected, ...]:
    return tuple(
        Expected(
            form=d["form"],
            at=tuple(d["at"].strip("/").split("/")),
            body=d["body"],
            article=d["article"],
            words=d["words"],
            check=d["check"],
        )
        for d in spec.authorities()["documents"]
        if d["form"] == form
    )


def issuers(form: str, data: dict[str, Any], check: str) -> list[tuple[str, str, str, str]]:
    """(pointer, issuer, expected body, article) for each document of `form` that `check`
    verifies and whose issuer is not that body."""
    wrong: list[tuple[str, str, str, str]] = []
    for e in expected(form):
        if e.check != check:
            continue
        body = resolve(e.body, data["unit"])
        for path, value in locations.values(data, e.at):
            if isinstance(value, str) and not is_body(value, body):
                wrong.append((pointer(list(path)), value, body, e.article))
    return wrong
