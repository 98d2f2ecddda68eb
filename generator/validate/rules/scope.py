"""Whether the regulation covers a dossier at all (第四条、第三十六条): the city's own units, and
units of the central government or the region stationed in Qinzhou only for projects built with
city money. A county's units follow the county's own rules, made by reference to this one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator import spec
from generator.validate.catalogue import Issue, problem
from generator.validate.rules import Context, rule

CITY = "450700"
STATIONED = "中直区直驻钦单位"
CITY_MONEY = "市级财政资金"


def _division_title(code: str) -> str:
    titles: dict[str, str] = spec.defs_schema()["$defs"]["division_code"]["x-enum-titles"]
    return titles.get(code, code)


@rule("out-of-scope")
def check_scope(data: dict[str, Any], ctx: Context) -> Iterator[Issue]:
    unit = data["unit"]
    if unit["unit_type"] != STATIONED:
        if unit["division_code"] != CITY:
            county = _division_title(unit["division_code"])
            yield problem(
                "out-of-scope",
                "/unit/division_code",
                f"建设单位属于{county}，不是市级单位：县（区）的项目按所在县（区）参照本办法制定的"
                "管理办法办理（第三十六条），不适用本办法。",
                f"The unit belongs to {county} ({unit['division_code']}), not to the city: a "
                "county's projects follow the county's own rules (article 36), not this one.",
            )
        return
    if ctx.form == "declaration" and not any(
        s["fund_type"] == CITY_MONEY for s in data["investment"]["sources"]
    ):
        yield problem(
            "out-of-scope",
            "/investment/sources",
            "中直、区直驻钦单位只有使用市级财政资金建设的项目适用本办法（第四条），本项目的资金"
            "来源中没有市级财政资金。",
            "A unit of the central government or the region stationed in Qinzhou comes under "
            "the regulation only for projects built with city money (article 4); this one has "
            "none.",
        )
    if ctx.form == "approval" and data["project"]["basis"] == "中央或自治区下达全额建设资金":
        yield problem(
            "out-of-scope",
            "/project/basis",
            "中直、区直驻钦单位只有使用市级财政资金建设的项目适用本办法（第四条），本项目由中央"
            "或自治区下达全额建设资金。",
            "A unit stationed in Qinzhou comes under the regulation only for projects built with "
            "city money (article 4); this one is funded in full by the centre or the region.",
        )
