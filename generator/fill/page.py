"""The fill pages' Markdown for the portal: one page per form, its form laid out from the
schema's field tree (schemawalk) by templates/fill.html.j2, and an index page listing them. The
page is built here; the browser only fills it in."""

from __future__ import annotations

import functools

import jinja2

from generator import regulation, spec
from generator.fill import api
from generator.paths import TEMPLATES
from generator.schemawalk import form_fields


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    reg = spec.regulation()
    env.globals["label"] = lambda node_id: regulation.article_label(reg, node_id)
    return env


def form_html(form: spec.Form) -> str:
    fields = [f for f in form_fields(form.id)]
    html = (
        _environment()
        .get_template("fill.html.j2")
        .render(
            form=form,
            fields=fields,
            schema_id=spec.schema_id(form.id),
            version=spec.version(),
            limit=api.limit(),
        )
    )
    # Python-Markdown keeps a block of raw HTML as it is only while it has no blank line.
    return "\n".join(line for line in html.splitlines() if line.strip())


def fill_page(form: spec.Form) -> str:
    return "\n".join(
        [
            "---",
            f"title: 在线填写：{form.title}",
            "search:",
            "  exclude: true",
            "hide:",
            "  - navigation",
            "  - toc",
            "---",
            "",
            f"# 在线填写：{form.title}",
            "",
            f"逐项填写后保存为 JSON 材料；填写时即按 `szqz validate` 的同一套规则检查。"
            f"报送时间：{form.when}。报送对象：{form.recipient}。"
            f"字段说明见[{form.title}](../forms/{form.id}.md)。",
            "",
            form_html(form),
            "",
        ]
    )


def index_page() -> str:
    lines = [
        "# 在线填写",
        "",
        "在浏览器中逐项填写申报材料，边填边查，保存为可直接报送和校验的 JSON 文件，"
        "附件的 SHA-256 摘要由浏览器在本机计算，打印效果与 `szqz render` 相同。"
        "填写内容只保存在本机浏览器中，不上传到任何地方；页面载入后断网也能继续使用。",
        "",
        "| 表单 | 何时报送 | 报送对象 |",
        "| --- | --- | --- |",
    ]
    for form in spec.forms():
        lines.append(f"| [{form.title}]({form.id}.md) | {form.when} | {form.recipient} |")
    lines += [
        "",
        '!!! note "从本机文件直接打开时"',
        "",
        "    浏览器不允许从本机文件（`file://`）运行校验程序。没有 Web 服务器的单位，"
        "可在门户文件夹所在的电脑上运行 `szqz serve`，再用浏览器打开它显示的地址。",
        "",
    ]
    return "\n".join(lines)
