"""Markdown for the generated portal pages: the regulation with an anchor per article and links
to what implements it, one page per form (field table and downloads), the check catalogue and
the deadlines table. Everything here is read from the spec, so the portal cannot disagree with
the validator."""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from generator import regulation, spec
from generator.blank import resolve
from generator.outline import portal as outline_portal
from generator.schemawalk import conditions
from generator.validate import catalogue, examples

TYPE_WORDS = {
    "string": "文本",
    "integer": "整数",
    "boolean": "是/否",
    "object": "对象",
    "array": "列表",
}


def esc(text: Any) -> str:
    return html.escape(str(text)).replace("|", "&#124;").replace("\n", " ")


def _art_link(node_id: str, prefix: str = "../") -> str:
    article = node_id.split("-")[0]
    label = regulation.article_label(spec.regulation(), node_id)
    return f"[{label}]({prefix}regulation.md#{article})"


def _type_words(node: dict[str, Any]) -> str:
    target = resolve(node)
    if "const" in target:
        return f"固定值 `{esc(target['const'])}`"
    if "enum" in target:
        return "选项：" + "、".join(esc(v) for v in target["enum"])
    kind = target.get("type")
    if kind == "string" and node.get("$ref", "").endswith("/money"):
        return "金额（万元，文本）"
    if kind == "string" and target.get("format") == "date":
        return "日期（YYYY-MM-DD）"
    if kind == "array":
        items = resolve(target.get("items", {}))
        if "enum" in items:
            return "多选：" + "、".join(esc(v) for v in items["enum"])
        return "列表"
    return TYPE_WORDS.get(str(kind), str(kind or "对象"))


def field_rows(
    node: dict[str, Any],
    prefix: str = "",
    depth: int = 0,
    example: Any = None,
    inherited: dict[str, str] | None = None,
) -> Iterator[dict[str, Any]]:
    node = resolve(node)
    required = set(node.get("required", []))
    conditional = {**(inherited or {}), **conditions(node)}
    for key, prop in node.get("properties", {}).items():
        if key == "$schema":
            continue
        target = resolve(prop)
        path = f"{prefix}{key}"
        sample = example.get(key) if isinstance(example, dict) else None
        if key in required:
            need = "必填"
        elif key in conditional:
            need = f"当{conditional[key]}时必填"
        else:
            need = "选填"
        yield {
            "depth": depth,
            "title": prop.get("title", key),
            "key": path,
            "type": _type_words(prop),
            "need": need,
            "example": sample
            if isinstance(sample, str | int | bool) and not isinstance(sample, dict)
            else "",
            "articles": prop.get("x-article", []),
            "description": prop.get("description", ""),
        }
        nested = {k.split(".", 1)[1]: v for k, v in conditional.items() if k.startswith(f"{key}.")}
        if target.get("type") == "object" or "properties" in target:
            yield from field_rows(target, f"{path}.", depth + 1, sample, nested)
        elif target.get("type") == "array":
            items = resolve(target.get("items", {}))
            if "properties" in items:
                first = sample[0] if isinstance(sample, list) and sample else None
                yield from field_rows(items, f"{path}[].", depth + 1, first)


def form_page(form: spec.Form) -> str:
    schema = spec.schema(form.id)
    example = _example(form.id)
    lines = [
        f"# {form.title}",
        "",
        f"{schema['description']}",
        "",
        "| 项目 | 内容 |",
        "| --- | --- |",
        f"| 报送单位 | {esc(form.submitter)} |",
        f"| 报送对象 | {esc(form.recipient)} |",
        f"| 报送时间 | {esc(form.when)} |",
        f"| 依据 | {'、'.join(_art_link(a) for a in form.articles)} |",
        f"| 规范版本 | {spec.version()}（`{spec.schema_id(form.id)}`） |",
        "",
        "## 填写和下载",
        "",
        f"- **[在线填写](../fill/{form.id}.md)**：在浏览器中逐项填写，边填边查，计算附件摘要，"
        "保存 JSON、打包附件或打印",
        f"- [空白表单 PDF](../downloads/{form.id}/{form.id}-blank.pdf)：打印后手工填写、盖章",
        f"- [JSON 模板](../downloads/{form.id}/template.json)：从这里开始填写",
        f"- [示例材料](../downloads/{form.id}/example.json)：一份完整、可通过校验的示例"
        f"（[打印效果 PDF](../downloads/{form.id}/{form.id}-example.pdf)）",
        f"- [JSON Schema](../downloads/{form.id}/{form.id}.schema.json)：编辑器补全和其他校验工具使用",
        *outline_portal.download_lines(form.id),
        "",
        *outline_portal.checked_lines(form.id),
        "## 字段",
        "",
        "| 字段 | JSON 键 | 类型 | 是否必填 | 示例 | 依据 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in field_rows(schema, example=example):
        indent = "&emsp;" * row["depth"]
        title = f"{indent}{esc(row['title'])}"
        arts = "、".join(_art_link(a) for a in row["articles"])
        sample = esc(row["example"])[:60]
        lines.append(
            f"| {title} | `{esc(row['key'])}` | {row['type']} | {esc(row['need'])} | {sample} | {arts} |"
        )
    checks = [
        (c, e)
        for c, e in catalogue.entries().items()
        if e["kind"] == "rule" and (not e.get("forms") or form.id in e["forms"])
    ]
    lines += ["", "## 校验器对本表单的检查", ""]
    lines += [f"- [`{c}`](../checks.md#{c})：{esc(e['title']['zh'])}" for c, e in checks]
    return "\n".join(lines) + "\n"


def _example(form_id: str) -> Any:
    from generator.paths import FORMS

    path = FORMS / form_id / "example.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def implementers() -> dict[str, list[str]]:
    """Article id → markdown links to the forms, fields and checks that implement it."""
    links: dict[str, list[str]] = defaultdict(list)
    for form in spec.forms():
        for a in form.articles:
            links[a.split("-")[0]].append(f"[{form.title}](forms/{form.id}.md)")
        for row in field_rows(spec.schema(form.id)):
            for a in row["articles"]:
                link = f"[{form.title} › {esc(row['title'])}](forms/{form.id}.md)"
                if link not in links[a.split("-")[0]]:
                    links[a.split("-")[0]].append(link)
    for code, entry in catalogue.entries().items():
        for a in entry["articles"]:
            links[a.split("-")[0]].append(f"[检查 `{code}`](checks.md#{code})")
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
            if links.get(art["id"]):
                lines += [
                    '!!! info "落实本条的表单、字段和检查"',
                    "",
                    "    " + "；".join(links[art["id"]][:40]),
                    "",
                ]
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
    lines = ["# 期限和数额", "", "| 事项 | 期限或数额 | 依据 | 检查 |", "| --- | --- | --- | --- |"]
    for what, value, art, code in rows:
        check = f"[`{code}`](checks.md#{code})" if code else "—"
        lines.append(f"| {what} | {value} | {_art_link(art, '')} | {check} |")
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
