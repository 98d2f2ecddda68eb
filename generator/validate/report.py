"""Rendering a run's result: text for people (Chinese, grouped by file, a summary line), JSON (a
documented, versioned format naming the spec version applied) and JUnit XML for CI systems. One
registry maps each format name to its renderer."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from generator import __version__
from generator.validate import catalogue
from generator.validate.engine import Result

REPORT_FORMAT = "szqz-validation-report"
REPORT_FORMAT_VERSION = 1

_SEVERITY = {
    "zh": {"error": "错误", "warning": "警告"},
    "en": {"error": "error", "warning": "warning"},
}


def _article_labels(articles: tuple[str, ...] | list[str]) -> str:
    from generator import regulation, spec

    reg = spec.regulation()
    return "、".join(regulation.article_label(reg, a) for a in articles)


def text(result: Result, lang: str) -> str:
    lines: list[str] = []
    zh = lang == "zh"
    for f in result.files:
        if not f.findings:
            continue
        lines.append(f"{f.file}" + (f"（{f.form}）" if f.form else ""))
        for x in sorted(f.findings, key=lambda x: (x.line or 0, x.column or 0, x.code)):
            where = f"{x.line}:{x.column}" if x.line else "-"
            sev = _SEVERITY[lang][x.severity]
            lines.append(f"  {where} {sev} [{x.code}] {x.message}")
            if x.pointer:
                lines.append(f"      {'位置' if zh else 'at'}：{x.field}（{x.pointer}）")
            lines.append(
                f"      {'依据' if zh else 'basis'}：{_article_labels(x.articles)}；{'处理' if zh else 'fix'}：{x.remedy}"
            )
        lines.append("")
    errors, warnings = result.count("error"), result.count("warning")
    bad_files = sum(1 for f in result.files if any(x.severity == "error" for x in f.findings))
    if zh:
        lines.append(
            f"共检查 {len(result.files)} 个文件（规范版本 {result.spec_version}）："
            f"{len(result.files) - bad_files} 个通过，{bad_files} 个有错误；错误 {errors} 处，警告 {warnings} 处。"
        )
    else:
        lines.append(
            f"Checked {len(result.files)} files (spec {result.spec_version}): "
            f"{len(result.files) - bad_files} passed, {bad_files} with errors; {errors} errors, {warnings} warnings."
        )
    return "\n".join(lines) + "\n"


def as_json(result: Result, lang: str) -> str:
    data: dict[str, Any] = {
        "format": REPORT_FORMAT,
        "format_version": REPORT_FORMAT_VERSION,
        "tool_version": __version__,
        "spec_version": result.spec_version,
        "lang": lang,
        "valid": result.count("error") == 0,
        "summary": {
            "files": len(result.files),
            "files_with_errors": sum(
                1 for f in result.files if any(x.severity == "error" for x in f.findings)
            ),
            "errors": result.count("error"),
            "warnings": result.count("warning"),
        },
        "files": [
            {
                "file": f.file,
                "form": f.form,
                "valid": not any(x.severity == "error" for x in f.findings),
                "findings": [x.as_dict() for x in f.findings],
            }
            for f in result.files
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def junit(result: Result, lang: str) -> str:
    failures = sum(1 for f in result.files if any(x.severity == "error" for x in f.findings))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="szqz validate" tests="{len(result.files)}" failures="{failures}">',
        f'<testsuite name={quoteattr("szqz " + result.spec_version)} tests="{len(result.files)}" failures="{failures}">',
    ]
    for f in result.files:
        out.append(
            f"<testcase classname={quoteattr(f.form or 'unknown')} name={quoteattr(f.file)}>"
        )
        errors = [x for x in f.findings if x.severity == "error"]
        if errors:
            body = "\n".join(
                f"{x.pointer or '/'} [{x.code}] {x.field}：{x.message}" for x in errors
            )
            out.append(
                f'<failure message={quoteattr(errors[0].message)} type="{errors[0].code}">{escape(body)}</failure>'
            )
        warnings = [x for x in f.findings if x.severity == "warning"]
        if warnings:
            body = "\n".join(f"{x.pointer or '/'} [{x.code}] {x.message}" for x in warnings)
            out.append(f"<system-out>{escape(body)}</system-out>")
        out.append("</testcase>")
    out += ["</testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


RENDERERS: dict[str, Callable[[Result, str], str]] = {"text": text, "json": as_json, "junit": junit}


def explain(code: str, lang: str) -> str:
    meta = catalogue.entry(code)
    zh = lang == "zh"
    lines = [
        f"{code}：{meta['title'][lang]}",
        f"{'严重程度' if zh else 'severity'}：{_SEVERITY[lang][meta['severity']]}",
        f"{'依据' if zh else 'basis'}：{_article_labels(meta['articles'])}",
        f"{'适用表单' if zh else 'forms'}：{'、'.join(meta.get('forms', [])) or ('全部' if zh else 'all')}",
        f"{'提示' if zh else 'message'}：{meta['message'][lang]}",
        f"{'处理' if zh else 'fix'}：{meta['remedy'][lang]}",
    ]
    return "\n".join(lines) + "\n"
