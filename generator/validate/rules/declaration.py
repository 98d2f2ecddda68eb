"""Declaration checks: regional counterpart first and no duplicate of what the region builds
(第六条), the annual deadline and the next year (第七条), special declarations' opinions and the
bureaus' 15-working-day feedback (第八条), shared infrastructure (第十四条) and information sharing
(第二十九条), the last two shared with the approval form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from generator.validate import authorities, calendar
from generator.validate.catalogue import Issue, problem, words
from generator.validate.rules import Context, date, rule, unknown_calendar

FEEDBACK_WORKING_DAYS = 15


@rule("regional-opinion", ["declaration"])
def check_regional_opinion(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    opinion_date = data["regional_opinion"]["document"]["date"]
    if opinion_date > data["submitted_on"]:
        yield Issue(
            "regional-opinion",
            "/regional_opinion/document/date",
            {"date": opinion_date, "submitted": data["submitted_on"]},
        )


@rule("regional-duplicate", ["declaration"])
def check_regional_duplicate(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """第六条 "原则上不再重复申报建设": in principle, so a warning that carries the unit's reason."""
    if data["region_built_centrally"]:
        reason = data.get("region_duplicate_reason")
        yield Issue(
            "regional-duplicate",
            "/region_built_centrally",
            {
                "reason": words(f"申报理由：{reason}", f"Reason given: {reason}")
                if reason
                else words("材料未说明仍申报的理由。", "No reason is given for declaring it.")
            },
        )


def annual_deadline(budget_year: int) -> calendar.Deadline:
    """第七条: on or before 30 September of the year before the budget year (含当日), moved to
    the next working day when that day is a rest day (民法典第二百零三条)."""
    return calendar.fixed_day(dt.date(budget_year - 1, 9, 30))


@rule("annual-deadline", ["declaration"])
def check_annual_deadline(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    if data["declaration_type"] != "年度申报":
        return
    deadline = annual_deadline(data["budget_year"])
    verdict = calendar.judge(deadline, date(data["submitted_on"]))
    if verdict is None:
        yield unknown_calendar(deadline, "/submitted_on")
    elif not verdict:
        yield Issue(
            "annual-deadline",
            "/submitted_on",
            {
                "year": data["budget_year"],
                "deadline": deadline.shown(),
                "submitted": data["submitted_on"],
            },
        )


@rule("annual-year", ["declaration"])
def check_annual_year(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """第七条 "将下一年度拟建的……项目报送": an annual declaration is for the year after it is
    made; an earlier year is a late one (annual-deadline)."""
    if data["declaration_type"] != "年度申报":
        return
    submitted = date(data["submitted_on"])
    if data["budget_year"] > submitted.year + 1:
        yield Issue(
            "annual-year",
            "/budget_year",
            {"year": data["budget_year"], "submitted": data["submitted_on"],
             "next": submitted.year + 1},
        )  # fmt: skip


@rule("special-opinions", ["declaration"])
def check_special_opinions(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    special = data.get("special")
    if data["declaration_type"] != "专项申报" or not special:
        return
    requested = special["opinions_requested_on"]
    for where, issuer, body, _ in authorities.issuers(ctx.form, data, "special-opinions"):
        title = authorities.bodies()[body].title
        yield problem(
            "special-opinions",
            where,
            f"该意见应由{title}出具，材料中出具单位为“{issuer}”。",
            f"This opinion comes from {authorities.bodies()[body].english} ({title}); the "
            f"dossier names “{issuer}”.",
        )
    for key, bureau, english in (
        ("bigdata_opinion", "市大数据发展局", "the big-data bureau"),
        ("finance_opinion", "市财政局", "the finance bureau"),
    ):
        opinion = special[key]
        if opinion["date"] < requested:
            yield problem(
                "special-opinions",
                f"/special/{key}/date",
                f"{bureau}意见的日期 {opinion['date']} 早于征求意见日期 {requested}。",
                f"The opinion of {english} is dated {opinion['date']}, before it was "
                f"asked for ({requested}).",
            )
        if opinion["date"] > data["submitted_on"]:
            yield problem(
                "special-opinions",
                f"/special/{key}/date",
                f"{bureau}意见的日期 {opinion['date']} 晚于申报日期，应取得意见后再报送。",
                f"The opinion of {english} is dated {opinion['date']}, after the "
                "declaration; submit once it is in hand.",
            )


@rule("special-feedback-late", ["declaration"])
def check_special_feedback(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    special = data.get("special")
    if data["declaration_type"] != "专项申报" or not special:
        return
    due = calendar.working_days_after(date(special["opinions_requested_on"]), FEEDBACK_WORKING_DAYS)
    unknown = False
    for key in ("bigdata_opinion", "finance_opinion"):
        opinion = special[key]
        verdict = calendar.judge(due, date(opinion["date"]))
        if verdict is None:
            unknown = True
        elif not verdict:
            yield Issue(
                "special-feedback-late",
                f"/special/{key}/date",
                {"issuer": opinion["issuer"], "due": due.shown(), "date": opinion["date"]},
            )
    if unknown:
        yield unknown_calendar(due, "/special/opinions_requested_on")


FACILITIES = {
    "on_city_cloud": words("依托“壮美广西·钦州市云”", "run on the city cloud (壮美广西·钦州市云)"),
    "on_common_systems": words("依托全市共性应用系统", "build on the city's common systems"),
    "on_regional_sharing_platform": words(
        "依托自治区数据共享交换平台共享数据", "share data through the regional exchange platform"
    ),
}


@rule("shared-infrastructure", ["declaration", "approval"])
def check_self_built(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    for i, facility in enumerate(data["infrastructure"]["self_built"]):
        yield problem(
            "shared-infrastructure",
            f"/infrastructure/self_built/{i}",
            f"拟自建{facility}：各部门原则上不允许私自新建或扩建{facility}。",
            f"A self-built {facility}: departments do not build or extend their own "
            f"{facility} (机房、专网 and the like).",
        )


@rule("shared-infrastructure-unused", ["declaration", "approval"])
def check_shared_unused(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    for key, facility in FACILITIES.items():
        # The city cloud carries the 外网: a classified system stays off it (第三十四条).
        if key == "on_city_cloud" and data["project"]["classified"]:
            continue
        if data["infrastructure"][key] is False:
            yield Issue(
                "shared-infrastructure-unused", f"/infrastructure/{key}", {"facility": facility}
            )


@rule("sharing", ["declaration", "approval"])
def check_sharing(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    if data["project"]["produces_data"] and not data["supports_sharing"]:
        yield Issue("sharing", "/supports_sharing")


@rule("sharing-nothing", ["declaration", "approval"])
def check_sharing_nothing(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """Support for sharing that the catalogue does not bear out: every resource 不予共享."""
    catalogue = data.get("resource_catalogue") or []
    if (
        data["project"]["produces_data"]
        and data["supports_sharing"]
        and catalogue
        and all(r["sharing_type"] == "不予共享" for r in catalogue)
    ):
        yield Issue("sharing-nothing", "/resource_catalogue", {"count": len(catalogue)})
