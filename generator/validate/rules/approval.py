"""Approval checks: who approves and accepts (第九条、第二十二条), the documents to approve and the
400万元 threshold (第九条), mandatory chapters (第十条), 信创 products (第十一条), supervision and
the 50万元 threshold (第十五条), cryptography (第十六条)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from generator import money
from generator.validate import authorities
from generator.validate.catalogue import Issue, words
from generator.validate.rules import Context, rule

DESIGN_THRESHOLD = Decimal(400)  # 万元; 400万元以下 (含 400) not examined
SUPERVISION_THRESHOLD = Decimal(50)  # 万元; 50万元以下 (含 50) arranged by the bureau
CHAPTERS = ("信息资源共享开放分析篇", "密码应用方案", "信创技术应用方案")


def expected_authority(unit: dict[str, Any]) -> str:
    """The approving and accepting body's name as the forms write it."""
    return authorities.bodies()[authorities.approving_body(unit)].title


@rule("approving-authority", ["approval", "acceptance-application", "acceptance-extension"])
def check_authority(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    key = "approving_authority" if ctx.form == "approval" else "accepting_authority"
    expected = expected_authority(data["unit"])
    if data[key] != expected:
        yield Issue(
            "approving-authority",
            f"/{key}",
            {"unit": data["unit"]["name"], "expected": expected, "found": data[key]},
        )


@rule("approval-documents", ["approval"])
def check_documents(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    upstream = data["project"]["prepared_upstream"]
    if upstream and not data.get("upstream_documents"):
        yield Issue(
            "approval-documents",
            "/upstream_documents",
            {
                "document": "国家或自治区统一编报的文件",
                "why": words(
                    "材料称已由国家或自治区统一编报，须附该文件。",
                    "The dossier says the nation or the region prepared it; attach that document.",
                ),
            },
        )
    if upstream:
        return
    for key, name in (("proposal", "项目建议书"), ("feasibility_study", "可行性研究报告")):
        if key not in data:
            yield Issue(
                "approval-documents",
                f"/{key}",
                {
                    "document": name,
                    "why": words(
                        "审批事项包括项目建议书和可行性研究报告。",
                        "Approval covers the project proposal and the feasibility study.",
                    ),
                },
            )


@rule("design-threshold", ["approval"])
def check_design_threshold(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    total = money.parse(data["project"]["total_investment"])
    if total is None or total <= DESIGN_THRESHOLD or data["project"]["prepared_upstream"]:
        return
    for key, name in (("preliminary_design", "初步设计方案"), ("investment_estimate", "投资概算")):
        if key not in data:
            yield Issue(
                "design-threshold", f"/{key}", {"total": money.wan(total), "document": name}
            )


# 第九条第五款 lifts the exemption for "新建土建工程、高耗能项目": each brings the reviews that
# concern it — 节能评估（节能审查） for high energy use; 规划选址、用地预审、环境影响评价 for new
# civil works — not all four whenever either holds.
REVIEWS = {
    "new_civil_works": (
        words("涉及新建土建工程", "involves new civil works"),
        ("规划选址", "用地预审", "环境影响评价"),
    ),
    "high_energy": (words("属于高耗能项目", "uses much energy"), ("节能评估",)),
}


@rule("required-reviews", ["approval"])
def check_reviews(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    present = {d["kind"] for d in data.get("environmental_documents", [])}
    why: list[dict[str, str]] = []
    missing: list[str] = []
    for key, (reason, kinds) in REVIEWS.items():
        lacking = [k for k in kinds if k not in present]
        if data["project"][key] and lacking:
            why.append(reason)
            missing += lacking
    if missing:
        yield Issue(
            "required-reviews",
            "/environmental_documents",
            {"why": why, "missing": missing},  # lists: joined the report language's way
        )


@rule("mandatory-content", ["approval"])
def check_mandatory_content(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    for key, name in (
        ("feasibility_study", "可行性研究报告"),
        ("preliminary_design", "初步设计方案"),
    ):
        if key in data:
            missing = [c for c in CHAPTERS if c not in data[key]["chapters"]]
            if missing:
                yield Issue(
                    "mandatory-content",
                    f"/{key}/chapters",
                    {"document": name, "missing": missing},
                )
    covered = {o["chapter"] for o in data["consulting_report"]["opinions"] if o["opinion"].strip()}
    missing = [c for c in CHAPTERS if c not in covered]
    if missing:
        yield Issue(
            "mandatory-content",
            "/consulting_report/opinions",
            {"document": "咨询评估报告", "missing": missing},
        )


@rule("xinchuang-products", ["approval"])
def check_products(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    for where, issuer, _, _ in authorities.issuers(ctx.form, data, "xinchuang-products"):
        product = data["products"][int(where.split("/")[2])]
        if not product["compliant"]:
            yield Issue("xinchuang-products", where, {"product": product["name"], "issuer": issuer})


@rule("supervision", ["approval"])
def check_supervision(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    total = money.parse(data["project"]["total_investment"])
    if (
        total is not None
        and total > SUPERVISION_THRESHOLD
        and data["supervision"]["arranged_by"] == "市大数据发展局统筹"
    ):
        yield Issue("supervision", "/supervision/arranged_by", {"total": money.wan(total)})


@rule("crypto-sync", ["approval"])
def check_crypto(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    for key, missing in (
        ("planned_together", words("同步规划", "planned together")),
        ("built_together", words("同步建设", "built together")),
        ("run_together", words("同步运行", "run together")),
    ):
        if not data["crypto"][key]:
            yield Issue("crypto-sync", f"/crypto/{key}", {"missing": missing})
