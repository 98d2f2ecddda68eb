"""The fill page's checker: what the page's worker calls in Pyodide. Every answer is JSON text
made by the validator's own code — reading a file (reader), the schema and rules (engine, with
the pure-Python schema engine), the catalogue's Chinese messages, the conditions that make a
field required (state), amounts in 大写 (money), the canonical JSON layout (fileio) and the
printed form (render) — so the page shows what `szqz validate` and `szqz render` give."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from generator import money, regulation, spec
from generator.blank import resolve
from generator.fileio import canonical_json
from generator.fill.state import required_now
from generator.validate import catalogue, reader
from generator.validate.catalogue import Finding, Issue
from generator.validate.engine import Options, known_forms, validate_parsed
from generator.validate.schema_check import pointer

# What a finding says its file is: the page checks the dossier in hand, not a file on disk.
IN_PAGE = "（本页填写的材料）"


def limit() -> int:
    """The validator's size limit for one dossier, in bytes."""
    return int(catalogue.settings()["max_file_bytes"]["default"])


def check(form_id: str, text: str, today: str | None = None) -> str:
    """Findings for the dossier as the page holds it, the fields required now, and each
    amount in 大写."""
    return check_bytes(form_id, text.encode("utf-8", "surrogatepass"), today)


def check_bytes(
    form_id: str, raw: Any, today: str | None = None, max_bytes: int | None = None
) -> str:
    """The same for a file's bytes as they are (its encoding, BOM and syntax included)."""
    if not isinstance(raw, bytes):  # a JavaScript Uint8Array as Pyodide passes it
        raw = raw.to_bytes()
    day = dt.date.fromisoformat(today) if today else dt.date.today()
    size = max_bytes or limit()
    options = Options(lang="zh", today=day, max_bytes=size, jobs=1)
    parsed = _too_deep(raw) or reader.parse_bytes(raw, size)
    result = validate_parsed(IN_PAGE, parsed, options, on_disk=False)
    data = parsed.data
    return json.dumps(
        {
            "form": result.form,
            "findings": [_finding(f) for f in result.findings],
            "required": required_now(form_id, data) if data is not None else [],
            "capitals": dict(_capitals(spec.schema(form_id), data, ())),
        },
        ensure_ascii=False,
    )


_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep(raw: bytes) -> reader.Parsed | None:
    """The reader's verdict on nesting deeper than it takes, reached without parsing: in the
    browser the parser would exhaust the JavaScript engine's stack long before Python's own
    recursion limit, and that cannot be caught."""
    depth = 0
    for token in _TOKENS.finditer(raw):
        t = token.group()
        if t in (b"[", b"{"):
            depth += 1
            if depth > reader.MAX_DEPTH:
                issue = Issue("input-too-deep", "", {"limit": reader.MAX_DEPTH})
                return reader.Parsed(None, None, issue)
        elif t in (b"]", b"}"):
            depth -= 1
    return None


def _finding(f: Finding) -> dict[str, Any]:
    reg = spec.regulation()
    return {
        "code": f.code,
        "severity": f.severity,
        "pointer": f.pointer,
        "field": f.field,
        "message": f.message,
        "remedy": f.remedy,
        "articles": [
            {"label": regulation.article_label(reg, a), "anchor": a.split("-")[0]}
            for a in f.articles
        ],
    }


def _capitals(
    node: dict[str, Any], value: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[str, str]]:
    """(pointer, 人民币……) for every amount in the data that reads as one."""
    target = resolve(node)
    if str(node.get("$ref", "")).endswith("/money"):
        # Only an amount the schema takes gets its 大写: 12.3456789 (seven decimals) is an error
        # beside the field, not 壹拾贰万叁仟肆佰伍拾陆元柒角玖分 rounded.
        pattern = re.compile(str(target.get("pattern", "")))
        valid = isinstance(value, str) and pattern.search(value) is not None
        amount = money.parse(value) if valid else None
        if amount is not None and amount >= 0:
            yield pointer(path), money.capital_yuan(amount)
        return
    if isinstance(value, dict):
        for key, prop in target.get("properties", {}).items():
            if key in value:
                yield from _capitals(prop, value[key], (*path, key))
    elif isinstance(value, list) and isinstance(target.get("items"), dict):
        for i, item in enumerate(value):
            yield from _capitals(target["items"], item, (*path, i))


def open_file(form_id: str, raw: Any) -> str:
    """A dossier file the clerk opened: its data, or why the page cannot take it (in Chinese,
    with what to do)."""
    if not isinstance(raw, bytes):  # a JavaScript Uint8Array as Pyodide passes it
        raw = raw.to_bytes()
    parsed = _too_deep(raw) or reader.parse_bytes(raw, limit())
    if parsed.issue is not None or parsed.data is None:
        assert parsed.issue is not None
        f = catalogue.finding(parsed.issue, "", "zh", "整个文件", None)
        return _problem(f"{f.message} {f.remedy}")
    declared = parsed.data.get("$schema")
    wanted = spec.schema_id(form_id)
    if declared == wanted:
        return json.dumps({"data": parsed.data}, ensure_ascii=False)
    other = known_forms().get(declared) if isinstance(declared, str) else None
    if other is not None:
        title = spec.form(other).title
        return _problem(
            f"这是一份“{title}”材料，不是“{spec.form(form_id).title}”。"
            f"请到“{title}”的在线填写页面打开它。",
            other=other,
        )
    name = f"{form_id}.schema.json"
    if isinstance(declared, str) and declared.endswith("/" + name):
        return _problem(
            f"这份材料按另一个规范版本填写（{declared}），本页面是规范 {spec.version()} 版。"
            "请按本版的空白模板重新填写，或用对应版本的工具打开。"
        )
    found = declared if isinstance(declared, str) else "（未填写）"
    return _problem(
        f"这不是本规范的申报材料：$schema 为 {found}。"
        f"请打开按“{spec.form(form_id).title}”模板填写的 JSON 文件。"
    )


def _problem(message: str, other: str | None = None) -> str:
    return json.dumps({"problem": message, "other": other}, ensure_ascii=False)


def canonical(text: str) -> str:
    """The dossier in the layout the project's own files have."""
    return canonical_json(json.loads(text))


def print_html(form_id: str, text: str, draft: bool) -> str:
    """The printed form's HTML: the same tree, template and stylesheet as `szqz render`."""
    from generator.render import pdf, tree

    data = json.loads(text)
    return pdf.html(tree.build(form_id, data), draft=draft)


def warm(form_id: str) -> None:
    """Load the spec and build the form's schema engine before the first check (another
    form's is built when a dossier of it is first checked)."""
    from generator.validate import rules, schema_check

    rules.load_all()
    catalogue.entries()
    known_forms()
    schema_check.validator(form_id)
