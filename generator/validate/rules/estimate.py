"""The structured 投资概算: in the approval dossier a table of line items (quantity × unit price =
amount) in parts with subtotals that add up to the total; in the adjustment dossier the approved
estimate's line items, to which every change refers by its number, so that 第二十条's 15% and
"超出概算" are measured against the approved estimate (rules/funds.py) and the project folder
can compare the two dossiers (project.py)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator import money
from generator.validate.catalogue import Issue, problem
from generator.validate.rules import Context, rule

CENT = Decimal("0.000001")  # 万元 to the 分


def line_items(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(number, name, amount) of every line item in the approval's estimate, in table order."""
    estimate = data.get("investment_estimate") or {}
    return [
        (i["code"], i["name"], i["amount"])
        for s in estimate.get("sections", [])
        for i in s.get("items", [])
    ]


def approved_items(data: dict[str, Any]) -> dict[str, Decimal]:
    """The adjustment's approved line items: number → approved amount."""
    out: dict[str, Decimal] = {}
    for item in data["approved_estimate"]["items"]:
        amount = money.parse(item["amount"])
        if amount is not None:
            out.setdefault(item["code"], amount)
    return out


def _sum(values: Iterator[Any]) -> Decimal:
    return sum((money.parse(v) or Decimal(0) for v in values), Decimal(0))


@rule("estimate-sum", ["approval", "adjustment"])
def check_estimate_sum(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    if ctx.form == "adjustment":
        approved = data["approved_estimate"]
        parts = _sum(i["amount"] for i in approved["items"])
        total = money.parse(approved["total"])
        if total is not None and parts != total:
            yield problem(
                "estimate-sum",
                "/approved_estimate/total",
                f"批复概算各项明细合计 {money.wan(parts)} 万元，与概算总投资 {money.wan(total)} 万元不一致。",
                f"The approved line items add up to {money.wan(parts)} 万元, not the estimate "
                f"total of {money.wan(total)} 万元.",
            )
        yield from _duplicates([i["code"] for i in approved["items"]], "/approved_estimate/items")
        return
    estimate = data.get("investment_estimate")
    if not estimate:
        return
    codes: list[str] = []
    for s, section in enumerate(estimate["sections"]):
        where = f"/investment_estimate/sections/{s}"
        for i, item in enumerate(section["items"]):
            codes.append(item["code"])
            quantity, price = money.parse(item["quantity"]), money.parse(item["unit_price"])
            amount = money.parse(item["amount"])
            if quantity is None or price is None or amount is None:
                continue
            product = (quantity * price).quantize(CENT, rounding=ROUND_HALF_UP)
            if product != amount:
                yield problem(
                    "estimate-sum",
                    f"{where}/items/{i}/amount",
                    f"明细 {item['code']}“{item['name']}”：数量 {item['quantity']} × 单价 {item['unit_price']} 万元 = {money.wan(product)} 万元，金额却填 {money.wan(amount)} 万元。",
                    f"Line {item['code']}: {item['quantity']} × {item['unit_price']} 万元 = "
                    f"{money.wan(product)} 万元, but the amount is {money.wan(amount)} 万元.",
                )
        parts = _sum(i["amount"] for i in section["items"])
        subtotal = money.parse(section["subtotal"])
        if subtotal is not None and parts != subtotal:
            yield problem(
                "estimate-sum",
                f"{where}/subtotal",
                f"“{section['category']}”各明细合计 {money.wan(parts)} 万元，小计却填 {money.wan(subtotal)} 万元。",
                f"The lines of “{section['category']}” add up to {money.wan(parts)} 万元, but "
                f"the subtotal is {money.wan(subtotal)} 万元.",
            )
    parts = _sum(s["subtotal"] for s in estimate["sections"])
    total = money.parse(estimate["total"])
    if total is not None and parts != total:
        yield problem(
            "estimate-sum",
            "/investment_estimate/total",
            f"各部分小计合计 {money.wan(parts)} 万元，与概算总投资 {money.wan(total)} 万元不一致。",
            f"The subtotals add up to {money.wan(parts)} 万元, not the estimate total of "
            f"{money.wan(total)} 万元.",
        )
    yield from _duplicates(codes, None, estimate["sections"])


def _duplicates(
    codes: list[str], base: str | None, sections: list[dict[str, Any]] | None = None
) -> Iterator[Issue]:
    """A number used twice makes an adjustment's reference ambiguous."""
    places = (
        [f"{base}/{i}/code" for i in range(len(codes))]
        if base is not None
        else [
            f"/investment_estimate/sections/{s}/items/{i}/code"
            for s, section in enumerate(sections or [])
            for i in range(len(section["items"]))
        ]
    )
    seen: set[str] = set()
    for code, where in zip(codes, places, strict=True):
        if code in seen:
            yield problem(
                "estimate-sum",
                where,
                f"明细编号 {code} 重复使用；每项明细须有自己的编号，调整材料才能对应。",
                f"Line number {code} is used twice; each line needs its own number.",
            )
        seen.add(code)


@rule("adjustment-item", ["adjustment"])
def check_adjustment_items(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """Each change names the approved line it changes and starts from its approved amount; a
    change outside the estimate starts from 0. Otherwise the 15% of 第二十条 would be measured
    against figures the estimate never approved."""
    approved = approved_items(data)
    changed: set[str] = set()
    for i, change in enumerate(data["changes"]):
        code = change.get("item")
        before = money.parse(change["before"])
        if code is None:
            if before is not None and before != 0:
                yield problem(
                    "adjustment-item",
                    f"/changes/{i}/before",
                    f"调整项“{change['content']}”未对应批复概算的明细，调整前金额应为 0，材料填 {money.wan(before)} 万元；调整概算内的内容须填明细编号。",
                    f"Change “{change['content']}” names no approved line, so it must start from "
                    f"0, not {money.wan(before)} 万元; give the line number of what it changes.",
                )
            continue
        if code not in approved:
            yield problem(
                "adjustment-item",
                f"/changes/{i}/item",
                f"批复概算中没有编号为 {code} 的明细（已有：{'、'.join(approved)}）。",
                f"The approved estimate has no line {code} (it has {', '.join(approved)}).",
            )
            continue
        if code in changed:
            yield problem(
                "adjustment-item",
                f"/changes/{i}/item",
                f"明细 {code} 出现在两个调整项中；同一明细的调整合并为一项。",
                f"Line {code} is changed twice; merge the changes of one line.",
            )
        changed.add(code)
        if before is not None and before != approved[code]:
            yield problem(
                "adjustment-item",
                f"/changes/{i}/before",
                f"明细 {code} 的调整前金额填 {money.wan(before)} 万元，批复概算为 {money.wan(approved[code])} 万元。",
                f"Line {code} starts from {money.wan(before)} 万元, but the approved amount is "
                f"{money.wan(approved[code])} 万元.",
            )
