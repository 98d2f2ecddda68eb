"""Declaration checks: regional counterpart first (第六条), the annual deadline (第七条), special
declarations' opinions and the bureaus' 15-working-day feedback (第八条), shared infrastructure
(第十四条) and information sharing (第二十九条), the last two shared with the approval form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from generator.validate import authorities, calendar
from generator.validate.catalogue import Issue, problem, words
from generator.validate.rules import Context, date, rule, unknown_calendar

FEEDBACK_WORKING_DAYS = 15


@rule("regional-first", ["declaration"])
def check_regional_first(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    if data["region_built_centrally"]:
        yield problem(
            "regional-first",
            "/region_built_centrally",
            "自治区层面已统一建设或计划统一建设同类项目，原则上不再重复申报。",
            "The region builds, or plans to build, such a system centrally; it is not "
            "declared again.",
        )
    opinion_date = data["regional_opinion"]["document"]["date"]
    if opinion_date > data["submitted_on"]:
        yield problem(
            "regional-first",
            "/regional_opinion/document/date",
            f"自治区意见或要求文件的日期 {opinion_date} 晚于申报日期，应先征求意见再申报。",
            f"The region's opinion is dated {opinion_date}, after the declaration; "
            "consult the region first.",
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
        if data["infrastructure"][key] is False:
            yield Issue(
                "shared-infrastructure-unused", f"/infrastructure/{key}", {"facility": facility}
            )


@rule("sharing", ["declaration", "approval"])
def check_sharing(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    if data["project"]["produces_data"] and not data["supports_sharing"]:
        yield Issue("sharing", "/supports_sharing")
