"""One portal page per form: who sends it to whom and when, the downloads (blank PDF, template,
an example zip with its attachments, the schema with the shared definitions), and every field as a
block a clerk can read on a phone: its name, whether and when it is required, what to enter (with
the names of the options, not codes), its description, its articles and the example's value; the
JSON key comes last, in small type. Blocks nest as the form does. The fields come from
`schemawalk.form_fields`, the walk the printed forms and the fill pages use."""

from __future__ import annotations

import html
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from generator import regulation, spec
from generator.outline import portal as outline_portal
from generator.paths import FORMS
from generator.schemawalk import Field, field_checks, form_fields, obligation, option_label
from generator.validate import catalogue

KIND_WORDS = {
    "text": "文字",
    "textarea": "较长的文字",
    "money": "金额（万元，精确到小数，如 580.0625）",
    "date": "日期（年-月-日，如 2025-09-30）",
    "boolean": "是或否",
    "integer": "整数",
    "number": "数字",
    "attachment": "附件：文件名称、文件路径、类型和 SHA-256 摘要",
    "object": "",
    "array": "",
}


def anchor(path: str) -> str:
    """The id of a field's block: field-project-name for project.name, [] dropped."""
    return "field-" + path.replace("[]", "").replace(".", "-").replace("_", "-")


def _e(text: Any) -> str:
    # One line: a blank line would end the HTML block and show the rest as Markdown.
    return html.escape(" ".join(str(text).split()))


def article_links(articles: tuple[str, ...] | list[str], prefix: str = "../") -> str:
    reg = spec.regulation()
    return "、".join(
        f'<a href="{prefix}regulation.html#{a.split("-")[0]}">'
        f"{_e(regulation.article_label(reg, a))}</a>"
        for a in articles
    )


def need_words(field: Field, checked: bool = False) -> str:
    """必填, 当…时必填, or for a field the schema leaves optional: 视情况 when a check of the
    regulation decides whether it is needed (the 400 万元 threshold, documents the region already
    prepared …), else 选填."""
    return obligation(field.required, field.condition, checked) or "必填"


def _what(field: Field) -> str:
    if field.kind == "const":
        return f"固定填写 <code>{_e(field.const)}</code>"
    if field.kind in ("enum", "multi"):
        names = "、".join(
            _e(label) + (f" <small>{_e(value)}</small>" if label != value else "")
            for value, label in field.options
        )
        return ("选一项：" if field.kind == "enum" else "可选多项：") + names
    words = KIND_WORDS.get(field.kind, "文字")
    if field.kind in ("text", "textarea") and field.max_length:
        words += f"，不超过 {field.max_length} 字"
    return words


def _sample(field: Field, value: Any) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    if field.kind in ("enum", "boolean"):
        return _e(option_label({"x-enum-titles": dict(field.options)}, value))
    text = str(value)
    if field.kind == "money":
        text += " 万元"
    return _e(text if len(text) <= 80 else text[:80] + "…")


def _block(
    form_id: str, field: Field, path: str, example: Any, depth: int, within: str = ""
) -> list[str]:
    """`within`: how the part holding this field is needed, when not always — a field required
    in a part that is itself optional (涉密单位) is required only when that part is given."""
    title = _e(field.title)
    checks = field_checks(form_id, path)
    need = need_words(field, bool(checks))
    if field.required and within:
        need = within
    cls = "szqz-need" + (" szqz-need--required" if field.required else "")
    lines: list[str] = []
    if depth == 0:
        # A heading of its own: the block shows in the page's contents and in search results.
        lines += [f"### {title} {{#{anchor(path)}}}", ""]
        lines.append(f'<div class="szqz-block"><p><span class="{cls}">{_e(need)}</span></p>')
    else:
        lines.append(
            f'<div class="szqz-block" id="{anchor(path)}"><p class="szqz-block__title">'
            f'<strong>{title}</strong> <span class="{cls}">{_e(need)}</span></p>'
        )
    what = _what(field)
    if what:
        lines.append(f'<p class="szqz-block__what">{what}</p>')
    if field.description:
        lines.append(f"<p>{_e(field.description)}</p>")
    meta = []
    if field.articles:
        meta.append(f"依据：{article_links(field.articles)}")
    sample = _sample(field, example)
    if sample:
        meta.append(f"示例：{sample}")
    if checks:
        entries = catalogue.entries()
        meta.append(
            "检查："
            + "、".join(
                f'<a href="../checks.html#{c}">{_e(entries[c]["title"]["zh"])}</a>' for c in checks
            )
        )
    meta.append(f'JSON 键 <code class="szqz-key">{_e(path)}</code>')
    lines.append(f'<p class="szqz-block__meta">{"；".join(meta)}</p>')
    if field.kind == "attachment":
        pass  # its members (名称、路径、类型、摘要) are the same for every attachment: said above
    elif field.children:
        sub = example if isinstance(example, dict) else {}
        inner = within or ("" if field.required else "填写本部分时必填")
        for child in field.children:
            lines += _block(
                form_id, child, f"{path}.{child.key}", sub.get(child.key), depth + 1, inner
            )
    elif field.item is not None and field.item.children:
        first = example[0] if isinstance(example, list) and example else {}
        lines.append('<p class="szqz-block__list">每一项填写：</p>')
        for child in field.item.children:
            sample_child = first.get(child.key) if isinstance(first, dict) else None
            lines += _block(
                form_id, child, f"{path}[].{child.key}", sample_child, depth + 1, "每一项必填"
            )
    elif field.item is not None:
        lines.append(f'<p class="szqz-block__list">每一项：{_what(field.item)}</p>')
    lines.append("</div>")
    if depth == 0:
        lines.append("")
    return lines


def examples(form_id: str) -> list[Path]:
    return sorted((FORMS / form_id).glob("example*.json"))


def example_zip(form_id: str) -> bytes:
    """The form's examples with their attachments, laid out as the examples name them, so that
    the unpacked folder validates as it is. Fixed dates: the same spec gives the same bytes."""
    buffer = io.BytesIO()
    folder = FORMS / form_id
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in [*examples(form_id), *sorted((folder / "attachments").glob("*"))]:
            info = zipfile.ZipInfo(f"{form_id}-example/{path.relative_to(folder).as_posix()}")
            info.date_time = (2024, 12, 6, 0, 0, 0)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def _example(form_id: str) -> Any:
    path = FORMS / form_id / "example.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def form_page(form: spec.Form) -> str:
    schema = spec.schema(form.id)
    example = _example(form.id) or {}
    names = "、".join(p.name for p in examples(form.id))
    lines = [
        f"# {form.title}",
        "",
        f"{schema['description']}",
        "",
        f"- **报送单位**：{_e(form.submitter)}",
        f"- **报送对象**：{_e(form.recipient)}",
        f"- **报送时间**：{_e(form.when)}",
        f"- **依据**：{article_links(form.articles)}",
        f"- **办事指南**：{_stage_link(form.id)}",
        "",
        "## 填写和下载",
        "",
        f"- **[在线填写](../fill/{form.id}.md)**：在浏览器中逐项填写，边填边查，计算附件摘要，"
        "保存 JSON、打包附件或打印",
        f"- [空白表单 PDF](../downloads/{form.id}/{form.id}-blank.pdf)：打印后手工填写、盖章",
        f"- [JSON 模板](../downloads/{form.id}/template.json)：从这里开始填写",
        f"- [示例材料包（zip）](../downloads/{form.id}/{form.id}-example.zip)：{_e(names)}"
        "和它引用的全部附件，解压后即可用校验工具检查"
        f"（[打印效果 PDF](../downloads/{form.id}/{form.id}-example.pdf)，"
        f"[只看 JSON](../downloads/{form.id}/example.json)）",
        f"- [JSON Schema](../downloads/{form.id}/{form.id}.schema.json)"
        f"和它引用的[公共定义 defs.schema.json](../downloads/{form.id}/defs.schema.json)："
        "两个文件放在同一文件夹中，供编辑器补全和其他校验工具使用"
        f"（规范版本 {spec.version()}，`$schema`：`{spec.schema_id(form.id)}`）",
        *outline_portal.download_lines(form.id),
        "",
        *outline_portal.checked_lines(form.id),
        "## 字段",
        "",
        "每一项写明是否必填、填写什么、说明和依据；括号中的小字是 JSON 文件中的键名。",
        "",
    ]
    for field in form_fields(form.id):
        if field.key == "$schema":
            continue
        lines += _block(form.id, field, field.key, example.get(field.key), 0)
    checks = [
        (c, e)
        for c, e in catalogue.entries().items()
        if e["kind"] == "rule" and (not e.get("forms") or form.id in e["forms"])
    ]
    lines += ["## 校验器对本表单的检查", ""]
    lines += [f"- [`{c}`](../checks.md#{c})：{_e(e['title']['zh'])}" for c, e in checks]
    return "\n".join(lines) + "\n"


def _stage_link(form_id: str) -> str:
    for stage in spec.guide():
        if form_id in stage["forms"]:
            return f"[{_e(stage['title'])}](../guide/{stage['id']}.md)：办理流程、申请材料、时限和常见问题"
    return "[办事指南](../guide/index.md)"
