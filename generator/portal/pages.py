"""Markdown for the generated portal pages: the regulation with an anchor per article and links
to what implements it (the form pages are formpage.py's), the check catalogue and the deadlines
table. Everything here is read from the spec, so the portal cannot disagree with
the validator."""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from generator import regulation, spec
from generator.portal.formpage import anchor
from generator.schemawalk import Field, form_fields
from generator.validate import catalogue, examples


def esc(text: Any) -> str:
    return html.escape(str(text)).replace("|", "&#124;").replace("\n", " ")


def _art_link(node_id: str, prefix: str = "../") -> str:
    article = node_id.split("-")[0]
    label = regulation.article_label(spec.regulation(), node_id)
    return f"[{label}]({prefix}regulation.md#{article})"


def _walk(fields: list[Field], prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Every field with its path, the form's own order; attachments' members are not fields of
    their own on the form pages."""
    for f in fields:
        path = f"{prefix}{f.key}"
        yield path, f
        if f.kind != "attachment":
            yield from _walk(f.children, f"{path}.")
        if f.item is not None:
            yield from _walk(f.item.children, f"{path}[].")


KINDS = (("forms", "表单"), ("fields", "字段"), ("checks", "检查"))


def implementers() -> dict[str, dict[str, list[str]]]:
    """Article id → {forms, fields, checks} → markdown links to what implements it, the checks
    by their Chinese titles (their codes are the links' targets)."""
    links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for form in spec.forms():
        for a in form.articles:
            links[a.split("-")[0]]["forms"].append(f"[{form.title}](forms/{form.id}.md)")
        for path, field in _walk(form_fields(form.id)):
            for a in field.articles:
                link = f"[{form.title} › {esc(field.title)}](forms/{form.id}.md#{anchor(path)})"
                if link not in links[a.split("-")[0]]["fields"]:
                    links[a.split("-")[0]]["fields"].append(link)
    for code, entry in catalogue.entries().items():
        for a in entry["articles"]:
            link = f"[{esc(entry['title']['zh'])}](checks.md#{code})"
            if link not in links[a.split("-")[0]]["checks"]:
                links[a.split("-")[0]]["checks"].append(link)
    return links


def regulation_page() -> str:
    reg = spec.regulation()
    links = implementers()
    lines = [
        f"# {reg['title']}",
        "",
        f"{reg['issuer']} {reg['document_number']}，{reg['issued_on']} 印发，自发布之日起施行；"
        f"同时废止 {'、'.join(r['document_number'] for r in reg['repeals'])}。",
        "",
    ]
    for chapter in reg["chapters"]:
        lines += [f"## {chapter['label']} {chapter['title']} {{#{chapter['id']}}}", ""]
        for art in chapter["articles"]:
            lines += [f"### {art['label']} {{#{art['id']}}}", ""]
            for para in art["paragraphs"]:
                lines += [f'<p id="{para["id"]}">{esc(para["text"])}</p>', ""]
                for item in para["items"]:
                    lines += [
                        f'<p id="{item["id"]}" class="item">{esc(item["label"])}{esc(item["text"])}</p>',
                        "",
                    ]
            found = links.get(art["id"])
            if found:
                count = sum(len(v) for v in found.values())
                # Folded (a long list under 第四条 would bury the next article on a phone).
                lines += [f'??? info "落实本条的表单、字段和检查（{count} 项）"', ""]
                for kind, words in KINDS:
                    if found.get(kind):
                        lines += [f"    - **{words}**：" + "；".join(found[kind]), ""]
    return "\n".join(lines) + "\n"


def checks_page() -> str:
    lines = [
        "# 检查目录",
        "",
        "校验器（`szqz validate`）报告的每一种问题。代码不会改变含义，也不会重复使用。",
        "",
    ]
    kinds = {
        "input": "读取文件",
        "schema": "表单格式",
        "attachment": "附件",
        "document": "附件内容",
        "calendar": "工作日日历",
        "rule": "办法规定",
        "project": "同一项目的材料之间",
        "internal": "本工具自身",
        "report": "报告本身",
    }
    for kind, heading in kinds.items():
        lines += [f"## {heading}", ""]
        for code, e in catalogue.entries().items():
            if e["kind"] != kind:
                continue
            severity = "错误" if e["severity"] == "error" else "警告"
            arts = "、".join(_art_link(a, "") for a in e["articles"]) or catalogue.NO_ARTICLE["zh"]
            lines += [
                f"### `{code}` {esc(e['title']['zh'])} {{#{code}}}",
                "",
                f"- 严重程度：{severity}；依据：{arts}",
                f"- 提示：{esc(catalogue.template_words(e['message']['zh']))}",
                f"- 处理：{esc(catalogue.template_words(e['remedy']['zh']))}",
                "",
            ]
            lines += _case_examples(code)
    retired = catalogue.retired()
    if retired:
        lines += ["## 已停用的代码", "", "这些代码不再报告，也不会再用于别的检查。", ""]
        for code, r in retired.items():
            now = "、".join(f"[`{c}`](#{c})" for c in r["replaced_by"])
            lines += [f"- `{code}`：{esc(r['reason']['zh'])}改用 {now}。"]
        lines.append("")
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """An inline code span: markdown escapes its content itself, so only backticks need care."""
    return "`" + text.replace("`", "'") + "`"


def _case_examples(code: str) -> list[str]:
    out: list[str] = []
    for side, words in examples.SIDES:
        case = examples.first_case(code, side)
        if case is None:
            continue
        parts = []
        for base, items in examples.changes(case):
            form = base.split("/")[0]
            where = (
                f"[{esc(base)}](downloads/{form}/example.json)"
                if base.endswith("/example.json")
                else _code(base)
            )
            parts.append(
                where + (f"：{'；'.join(_code(i) for i in items)}" if items else "（原样）")
            )
        detail = f"（{'；'.join(parts)}）" if parts else ""
        out.append(f"- {words['zh']}：{esc(case.get('description', ''))}{detail}")
    return [*out, ""] if out else []


def deadlines_page() -> str:
    from generator.validate.calendar import covered_years

    settings = catalogue.settings()
    rows = [
        ("年度申报报送下一年度项目", "每年 9 月 30 日前（含当日）", "art7", "annual-deadline"),
        ("专项申报：两局意见反馈", "征求意见后 15 个工作日内", "art8", "special-feedback-late"),
        (
            "不再审批初步设计方案和投资概算",
            "总投资 400 万元以下（含 400 万元）",
            "art9",
            "design-threshold",
        ),
        (
            "工程监理由市大数据发展局统筹",
            "总投资 50 万元以下（含 50 万元）",
            "art15",
            "supervision",
        ),
        (
            "建设单位自行调整并备案",
            "资金调整数额不超过概算总投资 15%（含 15%）等条件",
            "art20",
            "adjustment-route",
        ),
        ("申请验收", "建设完成后半年内；不能按期的申请延期", "art22", "acceptance-deadline"),
        ("绩效评价不合格", "连续 2 次未能通过总体验收（等五种情形）", "art24", "failed-twice"),
        ("资金使用情况", "按季度报市大数据发展局、市财政局；年底报预算执行情况", "art27", None),
    ]
    # Three columns, the check named in words (its code is the link's target), so that the
    # table fits a phone.
    entries = catalogue.entries()
    lines = ["# 期限和数额", "", "| 事项 | 期限或数额 | 依据和检查 |", "| --- | --- | --- |"]
    for what, value, art, code in rows:
        basis = _art_link(art, "")
        if code:
            basis += f"<br>检查：[{esc(entries[code]['title']['zh'])}](checks.md#{code})"
        lines.append(f"| {what} | {value} | {basis} |")
    lines += [
        "",
        "## 边界怎么算",
        "",
        "按《民法典》第一千二百五十九条，“以上、以下、以内、届满”包括本数，“不满、超过、以外”不包括本数："
        "恰好 400 万元属于“400 万元以下”，恰好 15% 属于“不超过 15%”。金额按十进制精确计算，不经浮点数。",
        "",
        "## 工作日",
        "",
        "工作日按国务院办公厅每年公布的节假日安排（含调休上班日）计算，另加广西“壮族三月三”假期；"
        f"现有数据：{covered_years()['zh']}。新的一年由管理员按当年通知补充到 "
        "`spec/calendar/national.yaml` 和 `spec/calendar/guangxi.yaml`（已安装的工具放在环境变量 "
        "`SZQZ_CALENDAR_DIR` 所指的文件夹中），不需改代码。",
        "",
        "缺少某年数据时，凡节假日安排改变不了结论的期限照常判断：在不考虑节假日的最后一日当日或之前的，"
        "按期；晚于节假日最多可能顺延到的日期的，逾期。只有落在二者之间的日期报告 `calendar-unknown`，"
        "不做猜测。",
        "",
        "按月计算的期间（如“建设完成后半年内”），到期月的对应日为最后一日，没有对应日的为该月末日；"
        "最后一日是法定休假日的，以休假日结束的次日为最后一日（《民法典》第二百零一条至第二百零三条）。",
        "",
        "## 本办法未规定的事项",
        "",
    ]
    for key, s in settings.items():
        if s.get("default") is None:
            lines.append(f"- {esc(s['title'])}（`{key}`）：{esc(s['description'])}")
    return "\n".join(lines) + "\n"
