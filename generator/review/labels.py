"""The words of the reviewer's reports, Chinese first with English beside (for --lang en), kept in
one place for the page and the workbook; and the shared ways of showing a stage, an article and
an amount."""

from __future__ import annotations

from decimal import Decimal

from generator import money, regulation, spec
from generator.validate import catalogue

WORDS: dict[str, tuple[str, str]] = {
    "title": ("“数字钦州”建设项目材料审查报告", "Digital Qinzhou dossiers: review report"),
    "basis": ("依据钦政办规〔2024〕1号", "under 钦政办规〔2024〕1号"),
    "spec": ("规范版本", "spec version"),
    "tool": ("工具版本", "tool version"),
    "made": ("生成时间", "made on"),
    "as_of": ("期限计算日", "deadlines as of"),
    "unreadable": ("无法读取的文件", "Files that could not be read"),
    "unreadable_note": (
        "这些文件没有作为申报材料检查，它们涉及的项目和期限不在本报告中，请先处理。",
        "These files were not checked as dossiers; fix them first.",
    ),
    "more_unreadable": ("另有 {n} 个，见下方“材料与问题”。", "{n} more: see the dossiers below."),
    "summary": ("概况", "Summary"),
    "files": ("文件", "files"),
    "skipped": ("跳过", "skipped"),
    "units": ("建设单位", "units"),
    "projects": ("项目", "projects"),
    "clean": ("无问题", "clean"),
    "warned": ("仅有警告", "warnings only"),
    "failed": ("有错误", "with errors"),
    "errors": ("错误", "errors"),
    "warnings": ("警告", "warnings"),
    "by_check": ("各项检查发现的问题", "Findings by check"),
    "check": ("检查", "check"),
    "check_title": ("检查项目", "what it checks"),
    "kind": ("类别", "kind"),
    "severity": ("严重程度", "severity"),
    "count": ("处数", "findings"),
    "due": ("期限", "Deadlines"),
    "due_note": (
        "按收到的材料推算每个项目下一步应报送的材料及期限。本办法未规定季度报告的报送日期，规范设置 quarterly_report_due_day 未设定时不推算。",
        "What each project owes next, from the dossiers received. The regulation sets no due day for the quarterly report; none is assumed while the setting quarterly_report_due_day is unset.",
    ),
    "every_unit": ("所有建设单位", "every unit"),
    "deadline": ("期限", "deadline"),
    "status": ("状态", "status"),
    "what": ("事项", "what is due"),
    "project": ("项目", "project"),
    "note": ("说明", "note"),
    "article": ("依据", "article"),
    "unit": ("建设单位", "unit"),
    "uscc": ("统一社会信用代码", "credit code"),
    "code": ("项目代码", "project code"),
    "name": ("项目名称", "project name"),
    "total": ("总投资（万元）", "total (万元)"),
    "stages": ("已收材料", "received"),
    "dossiers": ("材料数", "dossiers"),
    "worst": ("最严重的问题", "worst finding"),
    "next": ("下一期限", "next deadline"),
    "show": ("查看材料", "show dossiers"),
    "findings": ("材料与问题", "Dossiers and findings"),
    "findings_note": (
        "每份有问题的材料及其问题；依据和检查链接到门户上的条文和检查说明。",
        "Each dossier with findings; articles and checks link to the portal.",
    ),
    "field": ("字段", "field"),
    "message": ("问题", "finding"),
    "remedy": ("处理", "how to fix"),
    "line": ("第 {n} 行", "line {n}"),
    "form": ("表单", "form"),
    "clean_list": ("无问题的材料（{n} 份）", "Clean dossiers ({n})"),
    "filter": ("筛选", "Filter"),
    "filter_hint": ("输入单位、项目、代码或文件名", "unit, project, code or file"),
    "all": ("全部", "all"),
    "shown": ("显示 {n} / {total} 行", "{n} of {total} rows"),
    "none": ("（未写明）", "(not given)"),
    "no_code": ("（无项目代码）", "(no code)"),
    "nothing_due": ("眼下无待办事项", "nothing due now"),
    "no_findings": ("没有发现问题。", "No findings."),
    "no_projects": ("没有可归入项目的材料。", "No dossier could be tied to a project."),
    "sort": ("点击排序", "click to sort"),
    "status_clean": ("通过", "clean"),
    "status_warning": ("警告", "warnings"),
    "status_error": ("错误", "errors"),
    "error_count": ("错误 {n} 处", "{n} errors"),
    "warning_count": ("警告 {n} 处", "{n} warnings"),
    "skipped_files": ("跳过的文件", "Skipped files"),
}

STAGE_WORDS: dict[str, tuple[str, str]] = {
    "declaration": ("申报", "declared"),
    "approval": ("审批", "approval"),
    "fund-application": ("经费", "funds"),
    "adjustment": ("调整", "adjusted"),
    "progress-schedule": ("进度", "progress"),
    "fund-use-quarterly": ("季报", "quarterly"),
    "budget-execution": ("预算执行", "budget"),
    "acceptance-extension": ("延期", "extension"),
    "acceptance-application": ("验收", "acceptance"),
    "acceptance-filing": ("备案", "filed"),
}
SEVERITY = {"error": ("错误", "error"), "warning": ("警告", "warning")}
KINDS = {
    "input": ("读取文件", "reading"),
    "schema": ("表单格式", "schema"),
    "attachment": ("附件", "attachments"),
    "calendar": ("工作日日历", "calendar"),
    "rule": ("办法规定", "regulation"),
    "project": ("同一项目的材料之间", "across a project"),
    "internal": ("本工具自身", "this tool"),
    "report": ("报告本身", "the report"),
}


def word(key: str, lang: str, **params: object) -> str:
    text = WORDS[key][0 if lang == "zh" else 1]
    return text.format(**params) if params else text


def counts(errors: int, warnings: int, lang: str) -> str:
    """错误 3 处，警告 1 处 — the parts that are not zero."""
    parts = [word("error_count", lang, n=errors)] if errors else []
    parts += [word("warning_count", lang, n=warnings)] if warnings else []
    return ("，" if lang == "zh" else ", ").join(parts)


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0 if lang == "zh" else 1]


def stages(forms: dict[str, int], lang: str) -> str:
    from generator.review.record import STAGES

    sep = catalogue.LIST_SEP[lang]
    parts = []
    for form in STAGES:
        if form in forms:
            count = forms[form]
            parts.append(pick(STAGE_WORDS[form], lang) + (f"×{count}" if count > 1 else ""))
    return sep.join(parts)


def article(node_id: str, lang: str) -> str:
    try:
        return regulation.article_label(spec.regulation(), node_id, lang)
    except (KeyError, StopIteration):
        return node_id


def form_title(form: str | None, lang: str) -> str:
    if form is None:
        return "—"
    try:
        return spec.form(form).title if lang == "zh" else form
    except KeyError:
        return form


def amount(text: str) -> Decimal | None:
    """A total investment as a number a report can show (money.figure) and a workbook can sum,
    or None for a value no amount has (too large, or with too many decimals to show)."""
    value = money.parse(text)
    # 10^12 万元 is no project's total, and no amount has more than eight decimals.
    if value is None or value.adjusted() > 12 or int(value.as_tuple().exponent) < -8:
        return None
    return value
