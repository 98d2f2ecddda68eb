"""Consistency checks that apply to every form: credit-code check digits, sums, date order,
project codes, submission dates in the future, and documents from the body the regulation
names."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from generator import money, uscc
from generator.validate import authorities, fields, locations
from generator.validate.catalogue import Issue, words
from generator.validate.rules import Context, date, rule
from generator.validate.schema_check import pointer


@rule("uscc-check-digit")
def check_uscc(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    for path, value in locations.find(ctx.form, data, "uscc"):
        if isinstance(value, str) and not uscc.is_valid(value):
            expected = uscc.check_char(value[:17])
            yield Issue("uscc-check-digit", pointer(path), {"code": value, "expected": expected})


def _sum(items: list[dict[str, Any]], key: str) -> Decimal:
    return sum((money.parse(i[key]) or Decimal(0) for i in items), Decimal(0))


def sum_issue(
    form: str, parts_path: list[Any], total_path: list[Any], parts: Decimal, total: Decimal
) -> Issue | None:
    if parts == total:
        return None
    return Issue(
        "sum-mismatch",
        pointer(total_path),
        {
            "parts": fields.title(form, parts_path),
            "whole": fields.title(form, total_path),
            "sum": money.wan(parts),
            "total": money.wan(total),
            "diff": money.wan(abs(parts - total)),
        },
    )


def _get(data: dict[str, Any], path: list[Any]) -> Any:
    node: Any = data
    for part in path:
        node = node[part]
    return node


# (list path, amount key, total path) per form: the parts that must add up to a whole.
SUMS: dict[str, list[tuple[list[Any], str, list[Any]]]] = {
    "declaration": [
        (["investment", "sources"], "amount", ["investment", "total"]),
        (["investment", "items"], "amount", ["investment", "total"]),
    ],
    "fund-application": [(["line_items"], "amount", ["applied_amount"])],
    "fund-use-quarterly": [(["items"], "amount", ["spent_this_quarter"])],
}


@rule("sum-mismatch")
def check_sums(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    for list_path, key, total_path in SUMS.get(ctx.form, []):
        total = money.parse(_get(data, total_path))
        if total is None:
            continue
        issue = sum_issue(ctx.form, list_path, total_path, _sum(_get(data, list_path), key), total)
        if issue:
            yield issue
    if ctx.form == "budget-execution":
        for i, p in enumerate(data["projects"]):
            budget, executed, balance = (
                money.parse(p[k]) for k in ("budget", "executed", "balance")
            )
            if budget is not None and executed is not None and balance is not None:
                issue = sum_issue(
                    ctx.form, ["projects", i, "executed"], ["projects", i, "budget"],
                    executed + balance, budget,
                )  # fmt: skip
                if issue:
                    issue.params["parts"] = words("已执行与结余", "Executed plus balance")
                    yield issue
    if ctx.form == "fund-use-quarterly":
        spent = money.parse(data["spent_to_date"])
        allocated = money.parse(data["allocated_to_date"])
        quarter = money.parse(data["spent_this_quarter"])
        for part, part_name, whole, whole_name in (
            (quarter, "本季度支出", spent, "累计支出"),
            (spent, "累计支出", allocated, "累计到位资金"),
        ):
            if part is not None and whole is not None and part > whole:
                yield Issue(
                    "sum-mismatch",
                    "/spent_to_date",
                    {"parts": part_name, "whole": whole_name, "sum": money.wan(part),
                     "total": money.wan(whole), "diff": money.wan(part - whole)},
                )  # fmt: skip


# Pairs (earlier, later) of date paths per form; "*" stands for every element of a list.
DATE_PAIRS: dict[str, list[tuple[list[Any], list[Any]]]] = {
    "declaration": [(["project", "planned_start"], ["project", "planned_end"])],
    "approval": [(["project", "planned_start"], ["project", "planned_end"])],
    "progress-schedule": [
        (["project", "planned_start"], ["project", "planned_end"]),
        (["milestones", "*", "actual_on"], ["reporting_date"]),
        (["reporting_date"], ["submitted_on"]),
    ],
    "fund-application": [(["contracts", "*", "signed_on"], ["submitted_on"])],
    "acceptance-application": [(["project", "completed_on"], ["submitted_on"])],
    "acceptance-extension": [(["project", "completed_on"], ["submitted_on"])],
    "acceptance-filing": [
        (["accepted_on"], ["submitted_on"]),
        (["accepted_on"], ["archive", "archived_on"]),
    ],
}


def _expand(data: dict[str, Any], path: list[Any]) -> Iterator[tuple[list[Any], Any]]:
    if "*" not in path:
        try:
            yield path, _get(data, path)
        except (KeyError, IndexError, TypeError):
            return
        return
    star = path.index("*")
    try:
        items = _get(data, path[:star])
    except (KeyError, TypeError):
        return
    for i in range(len(items)):
        yield from _expand(data, [*path[:star], i, *path[star + 1 :]])


@rule("date-order")
def check_date_order(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    for earlier_path, later_path in DATE_PAIRS.get(ctx.form, []):
        for e_path, e_value in _expand(data, earlier_path):
            for l_path, l_value in _expand(data, later_path):
                if isinstance(e_value, str) and isinstance(l_value, str) and l_value < e_value:
                    yield Issue(
                        "date-order",
                        pointer(l_path),
                        {
                            "later_title": fields.title(ctx.form, l_path),
                            "later": l_value,
                            "earlier_title": fields.title(ctx.form, e_path),
                            "earlier": e_value,
                        },
                    )
    signature = data.get("signature", {}).get("signed_on")
    if isinstance(signature, str) and signature > data["submitted_on"]:
        yield Issue(
            "date-order",
            "/submitted_on",
            {"later_title": "报送日期", "later": data["submitted_on"],
             "earlier_title": "签署日期", "earlier": signature},
        )  # fmt: skip


@rule("future-date")
def check_future(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    if date(data["submitted_on"]) > ctx.today:
        yield Issue(
            "future-date",
            "/submitted_on",
            {"date": data["submitted_on"], "today": ctx.today.isoformat()},
        )


CODE_RE = re.compile(r"^(\d{2})(\d{2})-(\d{6})-(\d{2})-(\d{2})-(\d{5}[0-9A-Z])$")


def code_problem(code: str, submitted: dt.date) -> dict[str, str] | None:
    m = CODE_RE.match(code)
    if not m:
        return words(
            "格式不对（应为 24 位，如 2603-450700-04-01-318264）",
            "is not in the 24-character form, e.g. 2603-450700-04-01-318264",
        )
    yy, mm = int(m.group(1)), int(m.group(2))
    # New shape since 2020-11: YYMM. Old shape: a four-digit year up to 2020.
    new_ok = 1 <= mm <= 12 and (2000 + yy, mm) >= (2020, 11)
    old_year = int(m.group(1) + m.group(2))
    old_ok = 2000 <= old_year <= 2020
    if not (new_ok or old_ok):
        return words(
            "的年月段不是有效的年月（新式代码前 4 位为年年月月，旧式为年份）",
            "does not start with a valid YYMM (new codes) or year (old codes)",
        )
    issued = (2000 + yy, mm) if new_ok else (old_year, 1)
    if issued > (submitted.year, submitted.month):
        return words(
            f"的赋码年月 {issued[0]} 年 {issued[1]} 月晚于报送日期",
            f"was issued in {issued[0]}-{issued[1]:02d}, after the submission date",
        )
    if not m.group(3).startswith("4507"):
        return words(
            f"的区划段 {m.group(3)} 不是钦州市（4507 开头）",
            f"has division {m.group(3)}, not Qinzhou (starting 4507)",
        )
    return None


@rule("platform-code")
def check_platform_code(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    submitted = date(data["submitted_on"])
    codes: list[tuple[str, Any]] = []
    if isinstance(data.get("project"), dict) and "code" in data["project"]:
        codes.append(("/project/code", data["project"]["code"]))
    for i, p in enumerate(data.get("projects", [])):
        if "code" in p:  # 第十二条 asks a code of 新建 projects only (the schema says which)
            codes.append((f"/projects/{i}/code", p["code"]))
    for where, code in codes:
        problem = code_problem(code, submitted)
        if problem:
            yield Issue("platform-code", where, {"code": code, "problem": problem})


@rule("document-issuer", ["fund-application", "adjustment", "acceptance-application"])
def check_document_issuer(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """Documents the regulation says a named body of the city issues (spec/authorities.yaml)."""
    for where, issuer, body, article in authorities.issuers(ctx.form, data, "document-issuer"):
        yield Issue(
            "document-issuer",
            where,
            {
                "expected": authorities.bodies()[body].shown(),
                "found": issuer,
                "articles": (article,),
            },
        )
