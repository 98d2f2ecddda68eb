"""Values as a form prints them: what kind each field is (amount, date, choice, code, narrative,
text), the text of a filled value (exact amounts with their capital form, 2026年4月8日, names
instead of codes), the boxes of a blank choice, and how wide a piece of text is in em, which the
column widths are computed from. Pure Python: the browser builds the same forms under Pyodide."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Any

from generator import money
from generator.blank import resolve
from generator.schemawalk import option_label

# Defs whose values are identifiers: printed whole on one line, never broken inside.
CODE_DEFS = {"uscc", "project_code", "doc_number"}
# A string field this long is a narrative: its own block, writing space on a blank form.
NARRATIVE_LENGTH = 1000
# A table cell this long may break across pages (shorter rows are kept whole).
LONG_CELL = 300
# 人民币……元整 reads up to 万亿 (10^16 yuan); beyond that an amount prints without one.
CAPITAL_LIMIT = Decimal(10) ** 12


def ref_name(node: dict[str, Any]) -> str:
    """The defs entry a field refers to ("money", "date", …), or ""."""
    return str(node.get("$ref", "")).rpartition("/")[2]


def kind(node: dict[str, Any]) -> str:
    """money | date | choice | multi | code | number | narrative | attachment | text."""
    name = ref_name(node)
    target = resolve(node)
    if name in ("money", "date", "attachment"):
        return name
    if name in CODE_DEFS:
        return "code"
    if "enum" in target or target.get("type") == "boolean":
        return "choice"
    if target.get("type") == "array" and "enum" in resolve(target.get("items", {})):
        return "multi"
    if target.get("type") in ("integer", "number"):
        return "number"
    if target.get("type") == "string" and "pattern" in target and target.get("maxLength", 30) <= 30:
        return "code"
    if target.get("type") == "string" and target.get("maxLength", 0) >= NARRATIVE_LENGTH:
        return "narrative"
    return "text"


def chinese_date(value: Any) -> str:
    try:
        d = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{d.year}年{d.month}月{d.day}日"


def options(node: dict[str, Any]) -> list[str]:
    """The names a blank form offers for a choice, in the schema's order."""
    target = resolve(node)
    if target.get("type") == "boolean":
        return ["是", "否"]
    if target.get("type") == "array":
        target = resolve(target.get("items", {}))
    return [option_label(target, v) for v in target.get("enum", [])]


def text(node: dict[str, Any], value: Any) -> str:
    """A filled scalar value as printed (amounts without their unit: the label carries 万元)."""
    if value is None:
        return ""
    what = kind(node)
    if what == "money":
        parsed = money.parse(value)
        return money.figure(parsed) if parsed is not None else str(value)
    if what == "date":
        return chinese_date(value)
    if what == "choice":
        return option_label(resolve(node), value)
    if what == "multi" and isinstance(value, list):
        items = resolve(resolve(node).get("items", {}))
        return "、".join(option_label(items, v) for v in value) if value else "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def capital(node: dict[str, Any], value: Any) -> str:
    """人民币……元整 under a filled amount; "" for anything else."""
    return capital_of(money.parse(value)) if kind(node) == "money" else ""


def capital_of(amount: Decimal | None) -> str:
    """The capital form of an amount in 万元, or "" for one too large to have one (a draft may
    print any number; the schema allows nine digits before the point)."""
    if amount is None or abs(amount) >= CAPITAL_LIMIT:
        return ""
    return money.capital_yuan(amount)


def width_em(value: str) -> float:
    """Printed width in em: a CJK or full-width character is 1, other characters a little more
    than the Latin letters and digits of Noto CJK are (they run about 0.5), so a column sized by
    this always holds its text."""
    total = 0.0
    for ch in value:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            total += 1.0
        elif ch == " ":
            total += 0.3
        else:
            total += 0.62
    return total


def longest_word_em(value: str) -> float:
    """Width of the widest piece that does not break: the whole value for codes, dates and
    amounts; for prose, a run of Latin letters or digits (CJK breaks between any two
    characters), capped because such a run may break anywhere rather than overflow."""
    widest = 0.0
    run = ""
    for ch in value + " ":
        if ch.isascii() and not ch.isspace():
            run += ch
        else:
            widest = max(widest, width_em(run), 1.0 if not ch.isspace() else 0.0)
            run = ""
    return min(widest, 8.0)
