"""A check's passing and failing examples in words, read from its case files (tests/cases,
shipped inside the package): what the case changes in a published example dossier, and, for a
failing case, where the finding lands. Used by `szqz explain` and the portal's checks page."""

from __future__ import annotations

import json
from typing import Any

import yaml

from generator.paths import CASES
from generator.validate.catalogue import COLON, LIST_SEP, SEMI

SIDES = (
    ("passing", {"zh": "通过的示例", "en": "passing example"}),
    ("failing", {"zh": "不通过的示例", "en": "failing example"}),
)


def first_case(code: str, side: str) -> dict[str, Any] | None:
    cases = sorted((CASES / code / side).glob("*.yaml"))
    if not cases:
        return None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(cases[0].read_text(encoding="utf-8"), Loader=loader)
    return data


def changes(case: dict[str, Any], lang: str = "zh") -> list[tuple[str, list[str]]]:
    """(base example, ["/pointer 改为 value", "删去 /pointer"]) for each document of a case."""
    out = []
    for doc in case.get("documents", []):
        base = doc.get("base")
        if not base:
            continue
        items = [
            (f"{k} 改为 " if lang == "zh" else f"{k} set to ")
            + json.dumps(v, ensure_ascii=False)[:80]
            for k, v in (doc.get("set") or {}).items()
        ]
        items += [(f"删去 {k}" if lang == "zh" else f"remove {k}") for k in doc.get("remove", [])]
        out.append((str(base), items))
    return out


def explain_lines(code: str, lang: str) -> list[str]:
    """The case descriptions are the spec's own words (Chinese); the frame around them follows
    `lang`."""
    zh = lang == "zh"
    colon, semi, comma = COLON[lang], SEMI[lang], LIST_SEP[lang]
    lines = []
    for side, words in SIDES:
        case = first_case(code, side)
        if case is None:
            continue
        lines.append(f"{words[lang]}{colon}{case.get('description', '')}")
        for base, items in changes(case, lang):
            lines.append(
                f"  {'基于' if zh else 'from'} forms/{base}{colon}"
                + (semi.join(items) or ("原样" if zh else "unchanged"))
            )
        if side == "failing":
            found = comma.join(f"{e[0]} @ {e[1] or '/'}" for e in case.get("expected", []))
            lines.append(f"  {'报告' if zh else 'reports'}{colon}{found}")
    return lines
