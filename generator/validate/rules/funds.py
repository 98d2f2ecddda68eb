"""Fund checks: the fund application's materials (第十八条) and the O&M conditions of 第三十二条
(等级保护 备案 or 测评, no adverse finding by the departments it names); adjustments classified
into the three routes of 第二十条 with the 15% bound, and municipal approval for in-year fund
changes (第十九条)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from generator import money
from generator.validate import authorities
from generator.validate.catalogue import Issue, problem, words
from generator.validate.rules import Context, rule
from generator.validate.rules.estimate import approved_items

ADJUST_LIMIT = Decimal("0.15")  # 不超过概算总投资 15% (含 15%)
FILE_ONLY_REASONS = frozenset(
    {
        "根据市委、市人民政府部署确需改变建设内容",
        "确需对原项目技术方案进行完善优化",
        "根据业务发展需要在已批复框架下调整建设内容及进度",
    }
)


@rule("fund-materials", ["fund-application"])
def check_fund_materials(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    if not data["contracts"] and data["kind"] != "项目运维":
        yield problem(
            "fund-materials",
            "/contracts",
            "未附已签订的项目合同。",
            "No signed contract is attached.",
        )


@rule("contract-sum", ["fund-application"])
def check_contract_sum(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """Not a rule of the regulation: 第十八条 asks for the signed contracts among the materials
    and leaves the amount to the bureaus' 核定. An amount above the contracts is worth a look, no
    more."""
    applied = money.parse(data["applied_amount"])
    contracted = sum(
        (money.parse(c["amount"]) or Decimal(0) for c in data["contracts"]), Decimal(0)
    )
    if applied is not None and data["contracts"] and applied > contracted:
        yield Issue(
            "contract-sum",
            "/applied_amount",
            {"applied": money.wan(applied), "contracted": money.wan(contracted)},
        )


@rule("balance-returned", ["budget-execution"])
def check_balance_returned(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """第十九条 "已安排的项目资金如有结余的，其结余资金应按规定及时收回总预算"."""
    for i, p in enumerate(data["projects"]):
        balance = money.parse(p["balance"])
        if balance and balance > 0 and not p["balance_returned"]:
            yield Issue(
                "balance-returned",
                f"/projects/{i}/balance_returned",
                {"name": p["name"], "balance": money.wan(balance)},
            )


@rule("om-protection", ["fund-application"])
def check_om_protection(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """第三十二条 "开展网络安全等级保护备案或测评": either suffices; a 涉密 system is protected
    by 分级保护 instead and needs neither."""
    op = data.get("operation")
    if data["kind"] != "项目运维" or not op or op["system_classified"]:
        return
    if not op.get("mlps_record_no") and not op.get("mlps_assessment"):
        yield Issue("om-protection", "/operation")


@rule("om-determination", ["fund-application"])
def check_om_determination(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """第三十二条: O&M funds are refused only for a system that 网信、保密、公安、大数据等部门
    审核认定 fails the cryptography or network-security requirements or has a major hidden
    danger — a finding by a department, not the unit's own view or a report's grade."""
    op = data.get("operation")
    if data["kind"] != "项目运维" or not op:
        return
    for i, d in enumerate(op["determinations"]):
        yield Issue(
            "om-determination",
            f"/operation/determinations/{i}",
            {"department": d["department"], "finding": d["finding"]},
        )


def moves(data: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """(total increases, total decreases) over the changed items, each measured from the amount
    the estimate approved for its line (a wrong "before" is reported by adjustment-item and
    does not move the figures 第二十条 is judged by); a change outside the estimate from 0."""
    approved = approved_items(data)
    up = down = Decimal(0)
    for change in data["changes"]:
        code = change.get("item")
        before = approved.get(code) if code else Decimal(0)
        if before is None:  # an unknown line: adjustment-item reports it
            before = money.parse(change["before"])
        after = money.parse(change["after"])
        if before is None or after is None:
            continue
        if after > before:
            up += after - before
        else:
            down += before - after
    return up, down


def adjustment_amount(data: dict[str, Any]) -> Decimal:
    """第二十条's 资金调整数额: what moves between or out of items, i.e. the larger of the total
    increases and the total decreases. Money moved from one item to another counts once."""
    return max(moves(data))


def items_total(data: dict[str, Any]) -> Decimal | None:
    """The adjusted total the items imply: the approved estimate plus the net change (the
    estimate's lines add up to its total, or estimate-sum says so)."""
    approved = money.parse(data["approved_estimate"]["total"])
    if approved is None:
        return None
    up, down = moves(data)
    return approved + up - down


def classify(data: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The route 第二十条 requires, and why (in both languages). The amount is computed from the
    items, not taken from the declared figure; an adjusted total above the estimate, whether
    declared or implied by the items, takes the 市人民政府 route whatever else holds."""
    approved = money.parse(data["approved_estimate"]["total"]) or Decimal(0)
    declared = money.parse(data["adjusted_total"]) or Decimal(0)
    adjusted = max(declared, items_total(data) or Decimal(0))
    amount = adjustment_amount(data)
    if adjusted > approved:
        return (
            "报市人民政府同意后重新报批",
            words(
                f"调整后总投资 {money.wan(adjusted)} 万元超出概算批复 {money.wan(approved)} 万元",
                f"the adjusted total of {money.wan(adjusted)} 万元 exceeds the approved "
                f"estimate of {money.wan(approved)} 万元",
            ),
        )
    reasons: list[tuple[str, str]] = []
    if approved and amount > approved * ADJUST_LIMIT:
        share = (amount / approved * 100).quantize(Decimal("0.01"))
        reasons.append(
            (
                f"资金调整数额 {money.wan(amount)} 万元占概算总投资 {share}%，超过 15%",
                f"the adjustment of {money.wan(amount)} 万元 is {share}% of the estimate, over 15%",
            )
        )
    if not data["goals_unchanged"]:
        reasons.append(("建设目标有变", "the goals change"))
    if data["reason"] not in FILE_ONLY_REASONS:
        reasons.append(
            ("不属于第二十条第一款所列三种情形", "the reason is not one of the three in Art. 20(1)")
        )
    if reasons:
        return "调整申请", words("；".join(r[0] for r in reasons), "; ".join(r[1] for r in reasons))
    return "备案", words(
        "投资规模未超出概算批复、建设目标不变、调整数额不超过 15% 且属于所列情形",
        "within the estimate, same goals, at most 15% and one of the listed reasons",
    )


@rule("adjustment-route", ["adjustment"])
def check_adjustment_route(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    expected, why = classify(data)
    if data["route"] != expected:
        yield Issue(
            "adjustment-route", "/route", {"expected": expected, "found": data["route"], "why": why}
        )


@rule("adjustment-amount", ["adjustment"])
def check_adjustment_amount(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    declared = money.parse(data["adjustment_amount"])
    up, down = moves(data)
    computed = max(up, down)
    if declared is not None and declared != computed:
        yield Issue(
            "adjustment-amount",
            "/adjustment_amount",
            {
                "declared": money.wan(declared),
                "up": money.wan(up),
                "down": money.wan(down),
                "computed": money.wan(computed),
            },
        )


@rule("adjusted-total", ["adjustment"])
def check_adjusted_total(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    declared = money.parse(data["adjusted_total"])
    implied = items_total(data)
    if declared is not None and implied is not None and declared != implied:
        up, down = moves(data)
        yield Issue(
            "adjusted-total",
            "/adjusted_total",
            {
                "declared": money.wan(declared),
                "estimate": data["approved_estimate"]["total"],
                "net": money.wan(up - down) if up >= down else f"-{money.wan(down - up)}",
                "implied": money.wan(implied),
            },
        )


@rule("scale-flag", ["adjustment"])
def check_scale_flag(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    approved = money.parse(data["approved_estimate"]["total"])
    adjusted = money.parse(data["adjusted_total"])
    if (
        approved is not None
        and adjusted is not None
        and data["scale_within_estimate"] != (adjusted <= approved)
    ):
        yield Issue(
            "scale-flag",
            "/scale_within_estimate",
            {"adjusted": money.wan(adjusted), "estimate": money.wan(approved)},
        )


@rule("municipal-approval", ["adjustment"])
def check_municipal_approval(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    for where, issuer, _, _ in authorities.issuers(ctx.form, data, "municipal-approval"):
        yield Issue("municipal-approval", where, {"issuer": issuer})
