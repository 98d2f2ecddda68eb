"""What makes the tree a form a government office files: the official title, the running header
that ties a loose page to its dossier (project and unit), the cover of the multi-page forms, the
opinion boxes of the bodies that sign it (spec/paper.yaml), and on a blank form the 填表说明,
written from the schema's own descriptions and conditions. Pure Python, like the tree."""

from __future__ import annotations

from typing import Any

from generator import spec
from generator.blank import resolve
from generator.render import model, tree, values
from generator.schemawalk import conditions, every_field, field_note, form_fields

DATE_BLANK = "　　　　年　　月　　日"
HEADER_CHARS = 40  # a longer name is shortened in the running header (the body has it whole)


def _get(data: dict[str, Any] | None, *path: str) -> str:
    node: Any = data or {}
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return "" if node is None else str(node)


def _short(text: str) -> str:
    return text if len(text) <= HEADER_CHARS else text[: HEADER_CHARS - 1] + "…"


def dress(form: model.Form, data: dict[str, Any] | None) -> None:
    paper = spec.paper()["forms"].get(form.form_id, {})
    form.title = str(paper.get("title", form.name))
    title_by = paper.get("title_by")
    if data and title_by and _get(data, title_by["field"]) in title_by["titles"]:
        form.title = str(title_by["titles"][_get(data, title_by["field"])])
    project, unit = _get(data, "project", "name"), _get(data, "unit", "name")
    form.project, form.unit = project, unit
    form.header = [form.title]
    if project or unit:
        form.header.append("　".join(_short(t) for t in (project, unit) if t))
    elif data is None:  # a blank form: room to write them, so that a loose page finds its dossier
        form.header.append(f"项目名称：{'＿' * 16}　单位：{'＿' * 12}")
    if "cover" in paper:
        form.cover = _cover(paper["cover"], data)
    form.opinions = [o for o in (_opinion(o, form.form_id, data) for o in paper["opinions"]) if o]
    if data is None:
        kinds = {f.kind for f in every_field(form_fields(form.form_id))}
        form.general = [
            str(line)
            for line in spec.paper()["instructions"]
            # The rule on amounts only where the form has one.
            if "money" in kinds or not str(line).startswith("金额")
        ]
        form.instructions = instructions(form.form_id)


def _cover(labels: dict[str, str], data: dict[str, Any] | None) -> list[tuple[str, str]]:
    contact = " ".join(
        t
        for t in (_get(data, "unit", "contact", "name"), _get(data, "unit", "contact", "phone"))
        if t
    )
    submitted = _get(data, "submitted_on")
    return [
        ("项目名称", _get(data, "project", "name")),
        (f"{labels['unit']}（盖章）", _get(data, "unit", "name")),
        ("主管部门", ""),
        ("联系人及电话", contact),
        (labels["date"], values.chinese_date(submitted) if submitted else DATE_BLANK),
    ]


def _opinion(
    entry: dict[str, Any], form_id: str, data: dict[str, Any] | None
) -> model.Opinion | None:
    opinion = model.Opinion(label=str(entry["label"]), unit=bool(entry.get("unit")))
    when = entry.get("when")
    if when and data is not None and _get(data, when["field"]) != when["equals"]:
        return None
    if when and data is None:
        title = spec.schema(form_id)["properties"][when["field"]].get("title", when["field"])
        opinion.note = f"“{title}”为“{when['equals']}”时填写"
    if entry.get("body_from"):
        body = _get(data, entry["body_from"])
        if body:
            opinion.label = opinion.label.replace("意见", f"（{body}）意见", 1)
    if opinion.unit and data is not None:
        opinion.clerk = _get(data, "unit", "contact", "name")
        opinion.leader = _get(data, "signature", "leader")
        signed = _get(data, "signature", "signed_on")
        opinion.signed_on = values.chinese_date(signed) if signed else ""
    return opinion


def instructions(form_id: str) -> list[tuple[str, list[str]]]:
    """填表说明: for each part of the form, each field with its description and when it must be
    filled; a shared kind of group (文件, 报告, 单位) is explained the first time it appears."""
    schema = spec.schema(form_id)
    seen: set[str] = set()
    basics: list[str] = []
    parts: list[tuple[str, list[str]]] = [("基本信息", basics)]
    root_conditions = conditions(schema)
    required = set(schema.get("required", []))
    for key, prop in schema["properties"].items():
        if key in tree.SKIP:
            continue
        note = field_note(form_id, key, key, required, root_conditions)
        if tree.is_group(prop) or tree.is_table(prop):
            lines: list[str] = []
            if note:
                lines.append("本部分视情况填写。" if note == "视情况" else f"本部分{note}。")
            target = resolve(prop)
            if tree.is_table(prop):
                target = resolve(target["items"])
                lines.append(f"{_sentence(prop)}每行填写一项。")
            nested = tree.nested(root_conditions, key)
            inner = f"{key}[]" if tree.is_table(prop) else key
            _explain(form_id, target, nested, lines, seen, 0, inner)
            parts.append((str(prop["title"]), lines))
        else:
            basics.append(_line(prop, key, note))
    return [(title, lines) for title, lines in parts if lines]


def _sentence(prop: dict[str, Any]) -> str:
    text = str(prop.get("description", "")).strip()
    return text if not text or text.endswith("。") else text + "。"


def _line(prop: dict[str, Any], key: str, note: str) -> str:
    title = str(prop.get("title", key))
    sentence = _sentence(prop)
    for mark in ("；", "，", "。"):  # 密码应用方案：密码应用方案；审批的必备条件。
        if sentence.startswith(title + mark) and len(sentence) > len(title) + 1:
            sentence = sentence[len(title) + 1 :]
            break
    # A description that only repeats the title (数量：数量。) says nothing: the title alone.
    said = sentence.rstrip("。；;. ") not in ("", title)
    text = f"{title}：{sentence}" if said else title
    shared = spec.defs_schema()["$defs"].get(values.ref_name(prop), {})
    if shared.get("x-enum-titles"):  # e.g. the districts, with the rule for development zones
        text += _sentence(shared)
    return text + (f"（{note}）" if note else "")


def _explain(
    form_id: str,
    node: dict[str, Any],
    conditional: dict[str, str],
    lines: list[str],
    seen: set[str],
    depth: int,
    path: str,
) -> None:
    """Lines for `node`'s fields; `path`: the node's keys joined by dots ([] after an array)."""
    node = resolve(node)
    required = set(node.get("required", []))
    conditional = {**conditional, **conditions(node)}
    for key, prop in node.get("properties", {}).items():
        here = f"{path}.{key}"
        note = field_note(form_id, key, here, required, conditional)
        line = ("　" * depth) + _line(prop, key, note)
        lines.append(line)
        shared = values.ref_name(prop)
        if tree.is_table(prop):
            items = resolve(resolve(prop)["items"])
            _explain(form_id, items, {}, lines, seen, depth + 1, f"{here}[]")
        elif tree.is_group(prop) and depth < 2:
            if shared and shared in seen:
                continue
            if shared:
                seen.add(shared)
            _explain(form_id, prop, tree.nested(conditional, key), lines, seen, depth + 1, here)
