"""A project folder: the dossiers of one project side by side, checked across documents. Dossiers
in one folder are tied together when they share a project code or a project name; within each tie
the code, name and unit must agree, an adjustment must start from the approved estimate, and the
acceptance must agree with the approval and the application; an adjustment's approved line items
must be the approval's estimate table. Works on small fact records, not on
whole dossiers, so that bulk runs stay streamed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator import money
from generator.validate.catalogue import Issue, problem, words
from generator.validate.rules import estimate


@dataclass(slots=True)
class Facts:
    file: str
    folder: str
    form: str
    code: str | None
    name: str | None
    unit: tuple[str, str] | None
    values: dict[str, Any] = field(default_factory=dict)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Positional fields: cheaper to pickle than the generic slots protocol.
        return (
            Facts,
            (self.file, self.folder, self.form, self.code, self.name, self.unit, self.values),
        )


def facts(file: str, folder: str, form: str, data: dict[str, Any]) -> Facts | None:
    project = data.get("project")
    if not isinstance(project, dict):
        return None
    unit = data.get("unit", {})
    values: dict[str, Any] = {}
    if form == "approval":
        values["estimate"] = (data.get("investment_estimate") or {}).get("total") or project.get(
            "total_investment"
        )
        values["submitted_on"] = data.get("submitted_on")
        values["items"] = estimate.line_items(data)
    elif form == "adjustment":
        values["estimate"] = data["approved_estimate"]["total"]
        values["adjusted_total"] = data["adjusted_total"]
        values["items"] = [
            (i["code"], i["name"], i["amount"]) for i in data["approved_estimate"]["items"]
        ]
    elif form == "acceptance-application":
        values["total"] = project.get("total_investment")
        values["completed_on"] = project.get("completed_on")
        values["submitted_on"] = data.get("submitted_on")
    elif form == "acceptance-filing":
        values["accepted_on"] = data.get("accepted_on")
    return Facts(
        file=file,
        folder=folder,
        form=form,
        code=project.get("code"),
        name=project.get("name"),
        unit=(unit.get("name", ""), unit.get("uscc", "")) if isinstance(unit, dict) else None,
        values=values,
    )


def _groups(records: list[Facts]) -> list[list[Facts]]:
    parent = list(range(len(records)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[tuple[str, str | None], int] = {}
    for i, r in enumerate(records):
        for key in (("code", r.code), ("name", r.name)):
            if key[1] is None:
                continue
            if key in seen:
                parent[root(i)] = root(seen[key])
            else:
                seen[key] = i
    groups: dict[int, list[Facts]] = defaultdict(list)
    for i, r in enumerate(records):
        groups[root(i)].append(r)
    return [g for g in groups.values() if len(g) > 1]


def check(records: list[Facts]) -> Iterator[tuple[str, Issue]]:
    """(file, issue) pairs across the dossiers of each folder."""
    by_folder: dict[str, list[Facts]] = defaultdict(list)
    for r in records:
        by_folder[r.folder].append(r)
    for folder_records in by_folder.values():
        for group in _groups(sorted(folder_records, key=lambda r: r.file)):
            yield from _check_group(group)


def _check_group(group: list[Facts]) -> Iterator[tuple[str, Issue]]:
    first = group[0]
    for other in group[1:]:
        for what, ptr, here, there in (
            (words("项目代码", "The project code"), "/project/code", other.code, first.code),
            (words("项目名称", "The project name"), "/project/name", other.name, first.name),
            (
                words("建设单位", "The unit"),
                "/unit/name",
                other.unit and other.unit[0],
                first.unit and first.unit[0],
            ),
            (
                words("建设单位统一社会信用代码", "The unit's credit code"),
                "/unit/uscc",
                other.unit and other.unit[1],
                first.unit and first.unit[1],
            ),
        ):
            if here and there and here != there:
                yield (
                    other.file,
                    Issue(
                        "project-mismatch",
                        ptr,
                        {"what": what, "other": _name(first.file), "here": here, "there": there},
                    ),
                )
    approval = next((r for r in group if r.form == "approval"), None)
    application = next((r for r in group if r.form == "acceptance-application"), None)
    adjustments = [r for r in group if r.form == "adjustment"]
    if approval and approval.values.get("estimate"):
        estimate = money.parse(approval.values["estimate"])
        for adj in adjustments:
            if money.parse(adj.values["estimate"]) != estimate:
                yield (
                    adj.file,
                    Issue(
                        "estimate-mismatch",
                        "/approved_estimate/total",
                        {
                            "what": words("概算总投资", "The approved estimate"),
                            "here": adj.values["estimate"],
                            "there": approval.values["estimate"],
                            "other": _name(approval.file),
                        },
                    ),
                )
    if approval and approval.values.get("items"):
        for adj in adjustments:
            yield from _compare_items(approval, adj)
    if approval and application:
        allowed = {money.parse(approval.values.get("estimate"))} | {
            money.parse(a.values["adjusted_total"]) for a in adjustments
        }
        total = money.parse(application.values.get("total"))
        if total is not None and total not in allowed:
            yield (
                application.file,
                problem(
                    "acceptance-mismatch",
                    "/project/total_investment",
                    f"验收申请的总投资 {application.values['total']} 万元与审批（或调整后）的总投资不一致（{_name(approval.file)}）。",
                    f"The total of {application.values['total']} 万元 in the acceptance "
                    "application differs from the approved (or adjusted) total "
                    f"({_name(approval.file)}).",
                ),
            )
        completed, approved_on = (
            application.values.get("completed_on"),
            approval.values.get("submitted_on"),
        )
        if completed and approved_on and completed < approved_on:
            yield (
                application.file,
                problem(
                    "acceptance-mismatch",
                    "/project/completed_on",
                    f"建设完成日期 {completed} 早于审批材料的报送日期 {approved_on}（{_name(approval.file)}）。",
                    f"Completion on {completed} is before the approval was submitted on "
                    f"{approved_on} ({_name(approval.file)}).",
                ),
            )
    filing = next((r for r in group if r.form == "acceptance-filing"), None)
    if filing and application:
        accepted, applied = filing.values.get("accepted_on"), application.values.get("submitted_on")
        if accepted and applied and accepted < applied:
            yield (
                filing.file,
                problem(
                    "acceptance-mismatch",
                    "/accepted_on",
                    f"验收日期 {accepted} 早于验收申请日期 {applied}（{_name(application.file)}）。",
                    f"Acceptance on {accepted} is before the application of {applied} "
                    f"({_name(application.file)}).",
                ),
            )


def _compare_items(approval: Facts, adj: Facts) -> Iterator[tuple[str, Issue]]:
    """The adjustment's approved line items against the approval's estimate table, by number."""
    approved = {code: (name, amount) for code, name, amount in approval.values["items"]}
    other = _name(approval.file)
    listed = set()
    for i, (code, name, amount) in enumerate(adj.values["items"]):
        listed.add(code)
        if code not in approved:
            yield (
                adj.file,
                problem(
                    "estimate-item-mismatch",
                    f"/approved_estimate/items/{i}/code",
                    f"审批材料（{other}）的投资概算表中没有编号为 {code} 的明细。",
                    f"The estimate table of the approval ({other}) has no line {code}.",
                ),
            )
            continue
        there_name, there_amount = approved[code]
        if name != there_name:
            yield (
                adj.file,
                problem(
                    "estimate-item-mismatch",
                    f"/approved_estimate/items/{i}/name",
                    f"明细 {code} 名为“{name}”，审批材料（{other}）中为“{there_name}”。",
                    f"Line {code} is called “{name}”; in the approval ({other}) it is “{there_name}”.",
                ),
            )
        if money.parse(amount) != money.parse(there_amount):
            yield (
                adj.file,
                problem(
                    "estimate-item-mismatch",
                    f"/approved_estimate/items/{i}/amount",
                    f"明细 {code} 的批复金额填 {amount} 万元，审批材料（{other}）的概算表中为 {there_amount} 万元。",
                    f"Line {code} is given as {amount} 万元; the approval's table ({other}) has "
                    f"{there_amount} 万元.",
                ),
            )
    missing = [code for code in approved if code not in listed]
    if missing:
        yield (
            adj.file,
            problem(
                "estimate-item-mismatch",
                "/approved_estimate/items",
                f"缺少审批材料（{other}）概算表中的明细：{'、'.join(missing)}。",
                f"Lines of the approval's table ({other}) are missing: {', '.join(missing)}.",
            ),
        )


def _name(file: str) -> str:
    return file.replace("\\", "/").rsplit("/", 1)[-1]
