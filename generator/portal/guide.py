"""The portal's 办事指南 and 术语 pages. A stage's page puts together what the spec knows about it:
the steps and questions of spec/guide.yaml, each form's submitter, recipient and time from
spec.yaml, the list of materials walked from the forms' schemas (every attachment field, required
or when, linked to its block on the form page), and the bureau's settings of spec/portal.yaml
(咨询电话, 受理窗口 …), shown as 待主办单位填写 while unset. The 术语 page lists spec/glossary.yaml
and the districts named by the schemas."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from generator import spec
from generator.outline import portal as outline_portal
from generator.portal.formpage import anchor, article_links, need_words
from generator.schemawalk import Field, field_checks, form_fields
from generator.validate import catalogue

UNSET = "待主办单位填写"


def _e(text: Any) -> str:
    return html.escape(" ".join(str(text).split())).replace("|", "&#124;")


def setting(key: str) -> str:
    value = spec.portal_settings()[key]["value"]
    return _e(value) if value else f"*{UNSET}*"


def contact_lines() -> list[str]:
    """The bureau's contact settings as a list, each unset one marked as such."""
    return [
        f"- **{_e(s['title'])}**：{setting(key)}"
        for key, s in spec.portal_settings().items()
        if key in ("host", "phone", "window", "hours")
    ]


GENERIC = {"附件", "文件", "文书", "文件信息"}


def _attachments(
    form_id: str,
    fields: list[Field],
    prefix: str = "",
    when: str = "",
    parent: str = "",
    decided_by: tuple[str, ...] = (),
) -> Iterator[tuple[str, str, str, tuple[str, ...]]]:
    """Every attachment field of a form: its path, the name of the document (the group's when the
    field is just 附件 or 文件), when it is asked for (its own condition, after its group's when
    the group itself is conditional) and the checks that decide whether it is needed."""
    for f in fields:
        path = f"{prefix}{f.key}"
        checks = decided_by
        own = ""
        if not f.required:
            codes = tuple(field_checks(form_id, path))
            own = need_words(f, bool(codes))
            checks = (*decided_by, *(c for c in codes if c not in decided_by))
        here = "；".join(w for w in (when, own) if w)
        name = parent if f.title in GENERIC and parent else f.title
        if f.kind == "attachment":
            yield path, name, here or "必填", checks
        elif f.item is not None and f.item.kind == "attachment":
            yield path, name, (here or "必填") + "（可多份）", checks
        elif f.children:
            yield from _attachments(form_id, f.children, f"{path}.", here, name, checks)
        elif f.item is not None:
            yield from _attachments(form_id, f.item.children, f"{path}[].", here, name, checks)


def _formats() -> str:
    node = spec.defs_schema()["$defs"]["attachment"]["properties"]["type"]
    return "、".join(str(v).upper() for v in node["enum"])


def stage_page(stage: dict[str, Any]) -> str:
    lines = [f"# 办事指南：{_e(stage['title'])}", "", _e(stage["summary"]), ""]
    lines += ["## 办理流程", ""]
    for n, step in enumerate(stage["steps"], 1):
        to = f"报送 **{_e(step['to'])}**。" if step.get("to") else ""
        lines.append(
            f"{n}. **{_e(step['who'])}**：{_e(step['what'])}{to}"
            f"（{article_links(step['articles'])}）"
        )
    lines += ["", "## 申请材料清单", ""]
    for form_id in stage["forms"]:
        form = spec.form(form_id)
        lines += [
            f"### {_e(form.title)}",
            "",
            f"报送单位：{_e(form.submitter)}；报送对象：{_e(form.recipient)}；时间：{_e(form.when)}。",
            "",
            f"- **[{_e(form.title)}](../forms/{form.id}.md)**（表单本身）：必须；JSON 文件，"
            f"打印的 PDF 由{_e(form.submitter)}盖章（[在线填写](../fill/{form.id}.md)、"
            f"[空白表单](../downloads/{form.id}/{form.id}-blank.pdf)）",
        ]
        for path, name, when, checks in _attachments(form_id, form_fields(form_id)):
            rules = "、".join(
                f"[{_e(catalogue.entry(c)['title']['zh'])}](../checks.md#{c})" for c in checks
            )
            decided = f"（见检查{rules}）" if rules and "视情况" in when else ""
            lines.append(
                f"- [{_e(name)}](../forms/{form.id}.md#{anchor(path)})：{_e(when)}{decided}"
            )
        # The Word outlines of the documents this form attaches (可研, 初设, 建设方案 …).
        lines += outline_portal.download_lines(form_id)
        lines.append("")
    lines += [
        f"纸质材料份数：{setting('paper_copies')}；电子材料报送方式：{setting('electronic_channel')}。"
        "“视情况”的材料是否需要，由办法的规定决定（如总投资、国家或自治区是否已统一编报），"
        "见各项的字段说明和校验工具的检查。"
        f"附件的格式：{_formats()}；附件随 JSON 文件放在同一文件夹中，文件路径写在表单的附件栏内；"
        "报送前请用[校验工具](../validator.md)或[在线填写](../fill/index.md)页面检查。",
        "",
        "## 办理时限和数额界限",
        "",
        "| 事项 | 时限或数额 | 依据 |",
        "| --- | --- | --- |",
    ]
    for limit in stage["limits"]:
        lines.append(
            f"| {_e(limit['what'])} | {_e(limit['when'])} | {article_links(limit['articles'])} |"
        )
    lines += [
        "",
        "“以下”“以内”包括本数，“超过”不包括本数；工作日不计周末和法定节假日（含调休），"
        "期间的最后一日是法定休假日的顺延：详见[期限和数额](../deadlines.md)。",
        "",
        "## 常见问题",
        "",
    ]
    for item in stage["faq"]:
        # A heading each: the question is in the page's contents and is what search finds.
        lines += [
            f"### {_e(item['q'])}",
            "",
            f"答：{_e(item['a'])}（{article_links(item['articles'])}）",
            "",
        ]
    lines += ["## 咨询", "", *contact_lines(), ""]
    return "\n".join(lines) + "\n"


def index_page() -> str:
    lines = [
        "# 办事指南",
        "",
        "按项目的阶段说明办理流程、申请材料、办理时限和常见问题。每一页的材料清单由表单的"
        "字段生成，与校验工具的要求一致。",
        "",
        "| 阶段 | 要报送的表单 | 报给谁 |",
        "| --- | --- | --- |",
    ]
    for stage in spec.guide():
        forms = [spec.form(f) for f in stage["forms"]]
        lines.append(
            f"| [{_e(stage['title'])}]({stage['id']}.md) | "
            + "、".join(f"[{_e(f.title)}](../forms/{f.id}.md)" for f in forms)
            + f" | {_e(forms[0].recipient)} |"
        )
    lines += [
        "",
        "## 申请材料和盖章",
        "",
        "每种表单都是一个 JSON 文件，附件放在同一文件夹中。打印的表单（PDF）由项目建设单位盖章；"
        f"纸质材料份数：{setting('paper_copies')}；电子材料报送方式：{setting('electronic_channel')}。",
        "",
        "## 咨询电话和受理窗口",
        "",
        *contact_lines(),
        "",
    ]
    return "\n".join(lines) + "\n"


def glossary_page() -> str:
    lines = [
        "# 术语",
        "",
        "本站和表单中常用的词语，以及人们常用的简称。搜索简称（如“等保”“可研”）也能找到这里。",
        "",
    ]
    for entry in spec.glossary():
        short = "、".join(_e(s) for s in entry["short"])
        lines += [f"## {_e(entry['term'])}", ""]
        if short:
            lines += [f"也称：{short}", ""]
        lines += [_e(entry["meaning"]), ""]
        extra = []
        if entry["articles"]:
            extra.append(f"依据：{article_links(entry['articles'])}")
        if entry["forms"]:
            extra.append(
                "表单："
                + "、".join(f"[{_e(spec.form(f).title)}](forms/{f}.md)" for f in entry["forms"])
            )
        if extra:
            lines += ["；".join(extra).replace('href="../', 'href="'), ""]
    lines += ["## 行政区划", "", "表单中的“行政区划代码”一栏，按名称选择：", ""]
    division = spec.defs_schema()["$defs"]["division_code"]
    for code in division["enum"]:
        lines.append(f"- {_e(division['x-enum-titles'][code])}：`{code}`")
    lines.append("")
    return "\n".join(lines) + "\n"


def about_page() -> str:
    lines = [
        "# 关于本站",
        "",
        "本站依据《“数字钦州”建设项目和资金管理暂行办法》（钦政办规〔2024〕1号）编写，"
        f"规范版本 {spec.version()}。表单、字段、检查和办事指南都由规范（`spec/`）生成。",
        "",
        "## 主办单位和咨询",
        "",
        *contact_lines(),
        "",
        "以上设置由主办单位在 `spec/portal.yaml` 中填写后重新构建本站；未填写的显示为"
        f"“{UNSET}”，本站不使用任何猜测的默认值。",
        "",
        "## Schema 的地址",
        "",
        f"本站的 Schema 发布在 `{spec.base_uri()}`，每份材料的 `$schema` 指向这里。"
        + (
            "这是规范自带的示例地址，不能访问：主办单位部署前应在 `spec/spec.yaml` 的 `base_uri` 中"
            "设为本站地址加 `spec/`，运行 `make templates` 后重新构建（见[校验工具](validator.md)）。"
            if ".example/" in spec.base_uri()
            else "它由 `spec/spec.yaml` 的 `base_uri` 设定。"
        ),
        "",
        "另见：[版本](versions.md)、[性能](benchmarks.md)。",
        "",
    ]
    return "\n".join(lines) + "\n"
