"""Acceptance checks: apply within half a year of completion or hold a valid extension (第二十二条),
the 安全风险评估报告 and its conclusion (第二十二条), the checklist of 第二十二条第一款, and two
consecutive failed acceptances (第二十四条), and no filing of a failed acceptance (第二十三条)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.validate import authorities, calendar
from generator.validate.catalogue import Issue, problem
from generator.validate.rules import Context, date, rule, unknown_calendar

ACCEPTANCE_MONTHS = 6  # 项目建设完成后半年内
CHECKLIST = {
    "products_secure": "软硬件产品安全可靠情况",
    "xinchuang": "采用信创技术情况",
    "resource_catalogue": "信息资源目录编制情况",
    "crypto_and_security_review": "密码应用和安全审查情况",
    "mlps": "网络安全等级保护测评（或安全保密测评）情况",
    "energy_efficiency": "硬件设备和新建数据中心能源利用效率情况",
}


def deadline(completed: str) -> calendar.Deadline:
    return calendar.months_after(date(completed), ACCEPTANCE_MONTHS)


def extension_defects(data: dict[str, Any], due: calendar.Deadline) -> list[Issue] | None:
    """Why a recorded extension does not cure a late application (第二十二条 "不能按期申请验收的，
    应当向市大数据发展局提出延期验收申请"): asked for after the deadline, granted after the
    application, by another body, or to a date before the application. None when only the
    missing holiday schedule could tell whether it was asked for in time."""
    ext = data["extension"]
    submitted = data["submitted_on"]
    defects: list[Issue] = []
    in_time = calendar.judge(due, date(ext["applied_on"]))
    if in_time is None:
        return None
    if not in_time:
        defects.append(
            problem(
                "extension-invalid",
                "/extension/applied_on",
                f"延期申请日期 {ext['applied_on']} 晚于验收申请期限 {due.shown()['zh']}，"
                "不能按期申请验收的，应在期限届满前申请延期。",
                f"The extension was asked for on {ext['applied_on']}, after the deadline "
                f"{due.shown()['en']}; it must be asked for before the deadline.",
            )
        )
    for key, what, english in (
        ("applied_on", "延期申请日期", "asked for"),
        ("document/date", "同意延期的文件日期", "granted"),
    ):
        value = ext["applied_on"] if key == "applied_on" else ext["document"]["date"]
        if value > submitted:
            defects.append(
                problem(
                    "extension-invalid",
                    f"/extension/{key}",
                    f"{what} {value} 晚于验收申请日期 {submitted}，申请验收时并没有延期。",
                    f"The extension was {english} on {value}, after the acceptance application "
                    f"of {submitted}; there was none when it was made.",
                )
            )
    body = authorities.approving_body(data["unit"])
    if not authorities.is_body(ext["document"]["issuer"], body):
        title = authorities.bodies()[body].title
        defects.append(
            problem(
                "extension-invalid",
                "/extension/document/issuer",
                f"延期由“{ext['document']['issuer']}”同意，不是验收组织部门{title}。",
                f"The extension was granted by “{ext['document']['issuer']}”, not by the "
                f"accepting body ({title}).",
            )
        )
    if ext["approved_until"] < submitted:
        defects.append(
            problem(
                "extension-invalid",
                "/extension/approved_until",
                f"同意延期至 {ext['approved_until']}，验收申请日期 {submitted} 已超过延期。",
                f"The extension ran until {ext['approved_until']}; the application of "
                f"{submitted} is later still.",
            )
        )
    return defects


@rule("acceptance-deadline", ["acceptance-application"])
def check_deadline(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    due = deadline(data["project"]["completed_on"])
    verdict = calendar.judge(due, date(data["submitted_on"]))
    if verdict:
        return
    defects = extension_defects(data, due) if data.get("extension") else []
    if defects == [] and data.get("extension"):
        return  # a valid extension cures the lateness
    if verdict is None or defects is None:
        yield unknown_calendar(due, "/project/completed_on")
        return
    yield Issue(
        "acceptance-deadline",
        "/submitted_on",
        {
            "completed": data["project"]["completed_on"],
            "deadline": due.shown(),
            "submitted": data["submitted_on"],
        },
    )


@rule("extension-invalid", ["acceptance-application"])
def check_extension_invalid(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """Only where it matters: a late application whose recorded extension does not count."""
    if not data.get("extension"):
        return
    due = deadline(data["project"]["completed_on"])
    if calendar.judge(due, date(data["submitted_on"])) is not False:
        return
    yield from extension_defects(data, due) or []


@rule("extension-timing", ["acceptance-extension"])
def check_extension(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    due = deadline(data["project"]["completed_on"])
    late = calendar.judge(due, date(data["submitted_on"]))
    # The date asked for is needless when it is not after the deadline: judged the same way.
    needless = calendar.judge(due, date(data["requested_until"]))
    if late is None or needless is None:
        yield unknown_calendar(due, "/project/completed_on")
    if late is False:
        yield problem(
            "extension-timing",
            "/submitted_on",
            f"验收申请期限已于 {due.shown()['zh']} 届满，延期申请应在期限届满前提出。",
            f"The deadline for applying passed on {due.shown()['en']}; an extension must "
            "be asked for before it.",
        )
    if needless:
        until = data["requested_until"]
        yield problem(
            "extension-timing",
            "/requested_until",
            f"申请延期至 {until}，不晚于原期限 {due.shown()['zh']}，无需延期。",
            f"The extension asked for ({until}) is not later than the deadline "
            f"{due.shown()['en']}; none is needed.",
        )


# The 安全风险评估报告 conclusions that count as 通过 (第二十二条 "结论为通过的"): an 等保 测评 graded
# 优/良/中 (no high risk, 70 points or more) or, in the older template, 符合/基本符合; a 安全保密测评
# that concludes 通过. The other reports (audit, 密评) are recorded as they state, not judged.
PASSING = frozenset({"通过", "优", "良", "中", "符合", "基本符合"})


@rule("security-report", ["acceptance-application"])
def check_security_report(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    report = data["security_report"]
    classified = data["project"]["classified"]
    expected = "安全保密测评报告" if classified else "网络安全等级保护测评报告"
    if report["kind"] != expected:
        kind, english = ("涉密", "classified") if classified else ("非涉密", "non-classified")
        yield problem(
            "security-report",
            "/security_report/kind",
            f"{kind}项目的安全风险评估报告应为{expected}，材料中为{report['kind']}。",
            f"A {english} project's security risk assessment is a {expected}; the dossier "
            f"has a {report['kind']}.",
        )
    elif report["conclusion"] not in PASSING:
        yield problem(
            "security-report",
            "/security_report/conclusion",
            f"安全风险评估报告的结论为“{report['conclusion']}”，不是通过。",
            f"The security risk assessment concludes “{report['conclusion']}”, not a pass.",
        )


@rule("acceptance-checklist", ["acceptance-application"])
def check_checklist(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    for key, item in CHECKLIST.items():
        if not data["checklist"][key]:
            yield Issue("acceptance-checklist", f"/checklist/{key}", {"item": item})


@rule("failed-twice", ["acceptance-application"])
def check_failed_twice(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    attempts = sorted(data["previous_acceptances"], key=lambda a: a["date"])
    for i in range(1, len(attempts)):
        if attempts[i - 1]["result"] == attempts[i]["result"] == "未通过":
            yield Issue(
                "failed-twice",
                "/previous_acceptances",
                {"dates": [attempts[i - 1]["date"], attempts[i]["date"]]},
            )
            return


@rule("acceptance-failed", ["acceptance-filing"])
def check_acceptance_failed(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """第二十三条 files the report of a completed acceptance; one that did not pass is not
    completed: "项目没有通过验收的，项目建设单位要继续完成，直到通过验收为止" (第二十二条)."""
    if data["acceptance_report"]["conclusion"] != "通过":
        yield Issue("acceptance-failed", "/acceptance_report/conclusion")
