"""Classified projects (第三十四条): designed, built and supervised by units holding the
corresponding 涉密信息系统集成资质 for the whole construction period, the builder not its own
supervisor, and the system kept off the 电子政务外网 and the city cloud."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.validate.catalogue import Issue, problem, words
from generator.validate.rules import Context, rule

ROLES = {
    "designer": words("设计单位", "The designer"),
    "builder": words("承建单位", "The builder"),
    "supervisor": words("监理单位", "The supervisor"),
}
# The 业务种类 of a 涉密信息系统集成资质 that fit each role ("相应涉密信息系统集成资质").
FITTING = {
    "designer": ("系统咨询", "系统集成"),
    "builder": ("系统集成", "软件开发", "安防监控", "屏蔽室建设"),
    "supervisor": ("工程监理",),
}


def _units(data: dict[str, Any]) -> dict[str, Any] | None:
    units = data.get("classified_units")
    return units if data["project"]["classified"] and units else None


@rule("classified-qualification", ["approval"])
def check_classified(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    units = _units(data)
    if not units:
        return
    for key, role in ROLES.items():
        until = units[key]["qualification_valid_until"]
        if until < data["submitted_on"]:
            yield Issue(
                "classified-qualification",
                f"/classified_units/{key}/qualification_valid_until",
                {
                    "role": role,
                    "name": units[key]["name"],
                    "until": until,
                    "submitted": data["submitted_on"],
                },
            )


@rule("qualification-period", ["approval"])
def check_qualification_period(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """Valid when the dossier is submitted but not to the planned end of construction (an
    already expired one is classified-qualification's)."""
    units = _units(data)
    if not units:
        return
    end = data["project"]["planned_end"]
    for key, role in ROLES.items():
        until = units[key]["qualification_valid_until"]
        if data["submitted_on"] <= until < end:
            yield Issue(
                "qualification-period",
                f"/classified_units/{key}/qualification_valid_until",
                {"role": role, "name": units[key]["name"], "until": until, "end": end},
            )


@rule("qualification-scope", ["approval"])
def check_qualification_scope(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    units = _units(data)
    if not units:
        return
    for key, role in ROLES.items():
        held = units[key]["qualification_categories"]
        if not set(held) & set(FITTING[key]):
            yield Issue(
                "qualification-scope",
                f"/classified_units/{key}/qualification_categories",
                {"role": role, "name": units[key]["name"], "held": held, "needed": FITTING[key]},
            )


@rule("builder-supervisor", ["approval"])
def check_builder_supervisor(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """A builder cannot supervise its own work (工程监理制, 第十五条、第三十四条)."""
    builder = (data.get("classified_units") or {}).get("builder")
    supervisors = [("/supervision/unit/uscc", (data["supervision"].get("unit") or {}))]
    if builder and data["project"]["classified"]:
        supervisors.append(
            ("/classified_units/supervisor/uscc", data["classified_units"]["supervisor"])
        )
        for where, unit in supervisors:
            if unit.get("uscc") == builder["uscc"]:
                yield Issue("builder-supervisor", where, {"name": unit["name"]})


@rule("classified-network", ["declaration", "approval"])
def check_classified_network(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    """A 涉密 system runs on the 电子政务内网: not on the 外网, nor on the city cloud, which the
    外网 carries."""
    if not data["project"]["classified"]:
        return
    infra = data["infrastructure"]
    if infra["network"] != "电子政务内网":
        yield problem(
            "classified-network",
            "/infrastructure/network",
            f"涉密项目依托的网络为“{infra['network']}”，涉密信息系统不得接入电子政务外网。",
            f"A classified system runs on “{infra['network']}”; it must not touch the "
            "e-government extranet (电子政务外网).",
        )
    if infra["on_city_cloud"]:
        yield problem(
            "classified-network",
            "/infrastructure/on_city_cloud",
            "涉密项目部署在“壮美广西·钦州市云”（电子政务外网云平台）上。",
            "A classified system is deployed on the city cloud (壮美广西·钦州市云), which runs "
            "on the extranet.",
        )
