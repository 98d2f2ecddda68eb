"""Rendering a run's results: text for people (Chinese, grouped by file, a summary line), JSON (a
documented, versioned format naming the spec version applied) and JUnit XML for CI systems. One
registry maps each format name to its writer. Text and JSON are written file by file as results
arrive, so a bulk run's report never has to fit in memory."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TextIO

from generator import __version__, spec
from generator.validate import catalogue
from generator.validate.engine import FileResult, Result

REPORT_FORMAT = "szqz-validation-report"
REPORT_FORMAT_VERSION = 1

_SEVERITY = {
    "zh": {"error": "错误", "warning": "警告"},
    "en": {"error": "error", "warning": "warning"},
}


@dataclass
class Summary:
    spec_version: str
    files: int = 0
    files_with_errors: int = 0
    errors: int = 0
    warnings: int = 0
    input_failed: bool = False

    def add(self, result: FileResult) -> None:
        self.files += 1
        if not result.findings:
            return
        errors = sum(1 for f in result.findings if f.severity == "error")
        self.errors += errors
        self.warnings += sum(1 for f in result.findings if f.severity == "warning")
        self.files_with_errors += 1 if errors else 0
        if any(catalogue.entry(f.code)["kind"] == "input" for f in result.findings):
            self.input_failed = True

    def as_dict(self) -> dict[str, int]:
        return {
            "files": self.files,
            "files_with_errors": self.files_with_errors,
            "errors": self.errors,
            "warnings": self.warnings,
        }


def _article_labels(articles: tuple[str, ...] | list[str], lang: str) -> str:
    from generator import regulation

    if not articles:  # reading and format problems rest on no article
        return catalogue.NO_ARTICLE[lang]
    reg = spec.regulation()
    return catalogue.LIST_SEP[lang].join(regulation.article_label(reg, a, lang) for a in articles)


def write_text(results: Iterable[FileResult], lang: str, out: TextIO) -> Summary:
    summary = Summary(spec.version())
    zh = lang == "zh"
    for f in results:
        summary.add(f)
        if not f.findings:
            continue
        form = (f"（{f.form}）" if zh else f" ({f.form})") if f.form else ""
        out.write(f"{f.file}{form}\n")
        for x in sorted(f.findings, key=lambda x: (x.line or 0, x.column or 0, x.code)):
            where = f"{x.line}:{x.column}" if x.line else "-"
            out.write(f"  {where} {_SEVERITY[lang][x.severity]} [{x.code}] {x.message}\n")
            colon = catalogue.COLON[lang]
            if x.pointer:
                where = f"（{x.pointer}）" if zh else f" ({x.pointer})"
                out.write(f"      {'位置' if zh else 'at'}{colon}{x.field}{where}\n")
            out.write(
                f"      {'依据' if zh else 'basis'}{colon}{_article_labels(x.articles, lang)}"
                f"{catalogue.SEMI[lang]}{'处理' if zh else 'fix'}{colon}{x.remedy}\n"
            )
        out.write("\n")
    s = summary
    passed = s.files - s.files_with_errors
    if zh:
        out.write(
            f"共检查 {s.files} 个文件（规范版本 {s.spec_version}）：{passed} 个通过，"
            f"{s.files_with_errors} 个有错误；错误 {s.errors} 处，警告 {s.warnings} 处。\n"
        )
    else:
        out.write(
            f"Checked {_n(s.files, 'file')} (spec {s.spec_version}): {passed} passed, "
            f"{s.files_with_errors} with errors; {_n(s.errors, 'error')}, "
            f"{_n(s.warnings, 'warning')}.\n"
        )
    return summary


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


_dumps = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every entry


def write_json(results: Iterable[FileResult], lang: str, out: TextIO) -> Summary:
    """The report object, with `files` before `summary` so that it can be written as it goes."""
    summary = Summary(spec.version())
    head = {
        "format": REPORT_FORMAT,
        "format_version": REPORT_FORMAT_VERSION,
        "tool_version": __version__,
        "spec_version": summary.spec_version,
        "lang": lang,
    }
    out.write(json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ',\n  "files": [')
    first = True
    for f in results:
        summary.add(f)
        entry = {
            "file": f.file,
            "form": f.form,
            "valid": not any(x.severity == "error" for x in f.findings),
            "findings": [x.as_dict() for x in f.findings],
        }
        out.write(("\n    " if first else ",\n    ") + _dumps(entry))
        first = False
    tail = {"summary": summary.as_dict(), "valid": summary.errors == 0}
    out.write("\n  ],\n" + json.dumps(tail, ensure_ascii=False, indent=2)[2:] + "\n")
    return summary


def write_junit(results: Iterable[FileResult], lang: str, out: TextIO) -> Summary:
    # Imported here: xml.sax pulls in urllib and http.client, a cost every other run would pay.
    from xml.sax.saxutils import escape, quoteattr

    summary = Summary(spec.version())
    cases: list[str] = []
    for f in results:
        summary.add(f)
        cases.append(
            f"<testcase classname={quoteattr(f.form or 'unknown')} name={quoteattr(f.file)}>"
        )
        errors = [x for x in f.findings if x.severity == "error"]
        if errors:
            body = "\n".join(f"{x.pointer or '/'} [{x.code}] {x.message}" for x in errors)
            cases.append(
                f"<failure message={quoteattr(errors[0].message)} type={quoteattr(errors[0].code)}>"
                f"{escape(body)}</failure>"
            )
        warnings = [x for x in f.findings if x.severity == "warning"]
        if warnings:
            body = "\n".join(f"{x.pointer or '/'} [{x.code}] {x.message}" for x in warnings)
            cases.append(f"<system-out>{escape(body)}</system-out>")
        cases.append("</testcase>")
    counts = f'tests="{summary.files}" failures="{summary.files_with_errors}"'
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuites name="szqz validate" {counts}>\n')
    out.write(f"<testsuite name={quoteattr('szqz ' + summary.spec_version)} {counts}>\n")
    out.write("\n".join(cases) + "\n</testsuite>\n</testsuites>\n")
    return summary


WRITERS: dict[str, Callable[[Iterable[FileResult], str, TextIO], Summary]] = {
    "text": write_text,
    "json": write_json,
    "junit": write_junit,
}


def render(fmt: str, result: Result, lang: str) -> str:
    buffer = io.StringIO()
    WRITERS[fmt](result.files, lang, buffer)
    return buffer.getvalue()


def text(result: Result, lang: str) -> str:
    return render("text", result, lang)


def explain(code: str, lang: str) -> str:
    meta = catalogue.entry(code)
    zh = lang == "zh"
    c = catalogue.COLON[lang]
    forms = catalogue.LIST_SEP[lang].join(meta.get("forms", [])) or ("全部" if zh else "all")
    lines = [
        f"{code}{c}{meta['title'][lang]}",
        f"{'严重程度' if zh else 'severity'}{c}{_SEVERITY[lang][meta['severity']]}",
        f"{'依据' if zh else 'basis'}{c}{_article_labels(meta['articles'], lang)}",
        f"{'适用表单' if zh else 'forms'}{c}{forms}",
        f"{'提示' if zh else 'message'}{c}{meta['message'][lang]}",
        f"{'处理' if zh else 'fix'}{c}{meta['remedy'][lang]}",
    ]
    return "\n".join(lines) + "\n"
