"""Rendering a run's results: text for people (Chinese, grouped by file, a summary line), JSON (a
documented, versioned format naming the spec version applied; its schema is
spec/report.schema.json), JUnit XML for CI systems, SARIF for code-hosting review tools, and the
reviewer's page and workbook (generator.review). One registry maps each format name to its
writer; every writer takes the same streamed results, so a bulk run's report never has to fit in
memory."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TextIO

from generator import __version__, spec
from generator.fileio import name_bytes, shown
from generator.validate import catalogue
from generator.validate.engine import REPORT_FORMAT, FileResult, Result

__all__ = ["REPORT_FORMAT", "WRITERS", "Style", "Summary", "explain", "render", "text"]

REPORT_FORMAT_VERSION = 1

_SEVERITY = {
    "zh": {"error": "错误", "warning": "警告"},
    "en": {"error": "error", "warning": "warning"},
}


@dataclass(frozen=True)
class Style:
    """How a person's report looks: colours (a terminal that wants them) and --quiet (findings
    only, no summary when there is nothing to report); and the day the reviewer's reports judge
    deadlines on (--today; None: today)."""

    color: bool = False
    quiet: bool = False
    today: dt.date | None = None


@dataclass
class Summary:
    spec_version: str
    files: int = 0
    files_with_errors: int = 0
    errors: int = 0
    warnings: int = 0
    input_failed: bool = False
    internal_failed: int = 0
    skipped: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def add(self, result: FileResult) -> bool:
        """Count one result; False for a file that was skipped, not checked."""
        if result.skipped is not None:
            self.skipped.append((result.file, result.skipped))
            return False
        self.files += 1
        if not result.findings:
            return True
        errors = sum(1 for f in result.findings if f.severity == "error")
        self.errors += errors
        self.warnings += sum(1 for f in result.findings if f.severity == "warning")
        self.files_with_errors += 1 if errors else 0
        kinds = {catalogue.entry(f.code)["kind"] for f in result.findings}
        self.input_failed = self.input_failed or "input" in kinds
        self.internal_failed += "internal" in kinds
        return True

    def as_dict(self) -> dict[str, int]:
        return {
            "files": self.files,
            "files_with_errors": self.files_with_errors,
            "errors": self.errors,
            "warnings": self.warnings,
            "skipped": len(self.skipped),
            "internal_errors": self.internal_failed,
        }


Writer = Callable[[Iterable[FileResult], str, TextIO, Style], Summary]


def _article_labels(articles: tuple[str, ...] | list[str], lang: str) -> str:
    from generator import regulation

    if not articles:  # reading and format problems rest on no article
        return catalogue.NO_ARTICLE[lang]
    reg = spec.regulation()
    return catalogue.LIST_SEP[lang].join(regulation.article_label(reg, a, lang) for a in articles)


_COLORS = {"error": "\033[31m", "warning": "\033[33m", "file": "\033[1m"}
_RESET = "\033[0m"


def write_text(
    results: Iterable[FileResult], lang: str, out: TextIO, style: Style = Style()
) -> Summary:
    summary = Summary(spec.version())
    zh = lang == "zh"
    colon = catalogue.COLON[lang]

    def paint(kind: str, text: str) -> str:
        return f"{_COLORS[kind]}{text}{_RESET}" if style.color else text

    for f in results:
        if not summary.add(f) or not f.findings:
            continue
        form = (f"（{f.form}）" if zh else f" ({f.form})") if f.form else ""
        out.write(paint("file", f"{shown(f.file)}{form}") + "\n")
        for x in sorted(f.findings, key=lambda x: (x.line or 0, x.column or 0, x.code)):
            where = f"{x.line}:{x.column}" if x.line else "-"
            severity = paint(x.severity, _SEVERITY[lang][x.severity])
            out.write(f"  {where} {severity} [{x.code}] {x.message}\n")
            if x.pointer:
                # A field without a title (outside any form) is named by its pointer alone.
                at = (
                    ""
                    if x.field == x.pointer
                    else (f"（{x.pointer}）" if zh else f" ({x.pointer})")
                )
                out.write(f"      {'位置' if zh else 'at'}{colon}{x.field}{at}\n")
            basis = (
                f"{'依据' if zh else 'basis'}{colon}{_article_labels(x.articles, lang)}"
                f"{catalogue.SEMI[lang]}"
                if x.articles
                else ""
            )
            out.write(f"      {basis}{'处理' if zh else 'fix'}{colon}{x.remedy}\n")
        out.write("\n")
    if style.quiet and not summary.errors and not summary.warnings and summary.files:
        return summary
    out.write(_summary_line(summary, lang) + "\n")
    return summary


def _summary_line(s: Summary, lang: str) -> str:
    passed = s.files - s.files_with_errors
    if lang == "zh":
        line = (
            f"共检查 {s.files} 个文件（规范版本 {s.spec_version}）：{passed} 个通过，"
            f"{s.files_with_errors} 个有错误；错误 {s.errors} 处，警告 {s.warnings} 处。"
        )
        if s.internal_failed:
            line += f"其中 {s.internal_failed} 个文件因本工具内部错误没有检查完。"
        for why, names in _skipped(s, lang).items():
            shown_names = "、".join(names[:5]) + (f"等 {len(names)} 个" if len(names) > 5 else "")
            line += f"跳过{why} {shown_names}。"
        if not s.files:
            line += "没有检查任何材料。"
        return line
    line = (
        f"Checked {_n(s.files, 'file')} (spec {s.spec_version}): {passed} passed, "
        f"{s.files_with_errors} with errors; {_n(s.errors, 'error')}, "
        f"{_n(s.warnings, 'warning')}."
    )
    if s.internal_failed:
        line += f" {_n(s.internal_failed, 'file')} not fully checked (internal error)."
    for why, names in _skipped(s, lang).items():
        more = f" and {len(names) - 5} more" if len(names) > 5 else ""
        line += f" Skipped as {why}: {', '.join(names[:5])}{more}."
    if not s.files:
        line += " No dossier was checked."
    return line


def _skipped(s: Summary, lang: str) -> dict[str, list[str]]:
    """The skipped files by the reason they were skipped."""
    groups: dict[str, list[str]] = {}
    for file, why in s.skipped:
        groups.setdefault(why[lang], []).append(shown(file))
    return groups


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


_dumps = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every entry


def _file_fields(name: str) -> dict[str, str]:
    """The file as shown and, for a name that is not UTF-8, its exact bytes (base64)."""
    raw = name_bytes(name)
    if raw is None:
        return {"file": name}
    return {"file": shown(name), "file_bytes_base64": base64.b64encode(raw).decode("ascii")}


def write_json(
    results: Iterable[FileResult], lang: str, out: TextIO, style: Style = Style()
) -> Summary:
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
        if not summary.add(f):
            continue
        entry = {
            **_file_fields(f.file),
            "form": f.form,
            "valid": not any(x.severity == "error" for x in f.findings),
            "findings": [x.as_dict() for x in f.findings],
        }
        out.write(("\n    " if first else ",\n    ") + _dumps(entry))
        first = False
    tail = {
        "skipped": [{**_file_fields(f), "reason": why[lang]} for f, why in summary.skipped],
        "summary": summary.as_dict(),
        "valid": summary.errors == 0 and summary.files > 0,
    }
    out.write("\n  ],\n" + json.dumps(tail, ensure_ascii=False, indent=2)[2:] + "\n")
    return summary


# Characters XML 1.0 cannot carry at all, even escaped: shown as \uNNNN instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", shown(text))


def write_junit(
    results: Iterable[FileResult], lang: str, out: TextIO, style: Style = Style()
) -> Summary:
    # Imported here: xml.sax pulls in urllib and http.client, a cost every other run would pay.
    from xml.sax.saxutils import escape, quoteattr

    def attr(text: str) -> str:
        return quoteattr(_xml_text(text))

    def body(text: str) -> str:
        return escape(_xml_text(text))

    summary = Summary(spec.version())
    cases: list[str] = []
    for f in results:
        if not summary.add(f):
            continue
        cases.append(f"<testcase classname={attr(f.form or 'unknown')} name={attr(f.file)}>")
        errors = [x for x in f.findings if x.severity == "error"]
        if errors:
            text = "\n".join(f"{x.pointer or '/'} [{x.code}] {x.message}" for x in errors)
            cases.append(
                f"<failure message={attr(errors[0].message)} type={attr(errors[0].code)}>"
                f"{body(text)}</failure>"
            )
        warnings = [x for x in f.findings if x.severity == "warning"]
        if warnings:
            text = "\n".join(f"{x.pointer or '/'} [{x.code}] {x.message}" for x in warnings)
            cases.append(f"<system-out>{body(text)}</system-out>")
        cases.append("</testcase>")
    counts = f'tests="{summary.files}" failures="{summary.files_with_errors}"'
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuites name="szqz validate" {counts}>\n')
    out.write(f"<testsuite name={quoteattr('szqz ' + summary.spec_version)} {counts}>\n")
    out.write("\n".join(cases) + "\n</testsuite>\n</testsuites>\n")
    return summary


def _write_sarif(
    results: Iterable[FileResult], lang: str, out: TextIO, style: Style = Style()
) -> Summary:
    from generator.validate import sarif

    summary = Summary(spec.version())
    sarif.write(results, lang, out, summary)
    return summary


def _write_html(
    results: Iterable[FileResult], lang: str, out: TextIO, style: Style = Style()
) -> Summary:
    from generator.review import html

    return html.write(results, lang, out, style)


def _write_xlsx(
    results: Iterable[FileResult], lang: str, out: TextIO, style: Style = Style()
) -> Summary:
    from generator.review import xlsx

    return xlsx.write(results, lang, out, style)


WRITERS: dict[str, Writer] = {
    "text": write_text,
    "json": write_json,
    "junit": write_junit,
    "sarif": _write_sarif,
    "html": _write_html,
    "xlsx": _write_xlsx,
}
# Formats read by programs: always UTF-8, whatever the console's encoding.
UTF8_FORMATS = frozenset({"json", "junit", "sarif", "html"})
# The reviewer's reports: they need each dossier's small record (engine.Options.records).
RECORD_FORMATS = frozenset({"html", "xlsx"})
# Bytes, not text: written to the handle's binary buffer, never to a terminal.
BINARY_FORMATS = frozenset({"xlsx"})


def render(fmt: str, result: Result, lang: str) -> str:
    buffer = io.StringIO()
    WRITERS[fmt](result.files, lang, buffer, Style())
    return buffer.getvalue()


def text(result: Result, lang: str) -> str:
    return render("text", result, lang)


def explain(code: str, lang: str) -> str:
    meta = catalogue.entry(code)
    zh = lang == "zh"
    c = catalogue.COLON[lang]
    forms = catalogue.LIST_SEP[lang].join(meta.get("forms", [])) or ("全部" if zh else "all")
    basis = _article_labels(meta["articles"], lang) or ("无" if zh else "none")
    lines = [
        f"{code}{c}{meta['title'][lang]}",
        f"{'严重程度' if zh else 'severity'}{c}{_SEVERITY[lang][meta['severity']]}",
        f"{'依据' if zh else 'basis'}{c}{basis}",
        f"{'适用表单' if zh else 'forms'}{c}{forms}",
        f"{'提示' if zh else 'message'}{c}{catalogue.template_words(meta['message'][lang], lang)}",
        f"{'处理' if zh else 'fix'}{c}{catalogue.template_words(meta['remedy'][lang], lang)}",
    ]
    return "\n".join(lines) + "\n"
