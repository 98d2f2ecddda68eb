"""`szqz validate` and `szqz explain`: turn parsed arguments into a run and a report, and the
result into an exit code. The report is written atomically when it goes to a file, and only ever
replaces a previous report of ours."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from generator import console
from generator.exits import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError
from generator.fileio import atomic_writer, refuse_to_clobber
from generator.validate import catalogue, report
from generator.validate.engine import Options, stream


def _today(raw: str | None) -> dt.date:
    if raw is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise UsageError(f"--today 的值 {raw} 不是 YYYY-MM-DD 格式的日期") from None


def run_validate(args: argparse.Namespace) -> int:
    if args.jobs < 0:
        raise UsageError("--jobs 不能为负数")
    binary = args.format in report.BINARY_FORMATS
    if binary and args.output is None and sys.stdout.isatty():
        raise UsageError(f"{args.format} 报告是二进制文件，请用 -o 指定文件名，如 -o 审查报告.xlsx")
    options = Options(
        lang=args.lang,
        today=_today(args.today),
        max_bytes=int(catalogue.settings()["max_file_bytes"]["default"]),
        jobs=args.jobs,
        exclude=tuple(args.exclude or ()),
        only_dossiers=args.only_dossiers,
        records=args.format in report.RECORD_FORMATS,
    )
    output: Path | None = args.output
    if output is not None and output.is_dir():
        raise UsageError(f"-o {output} 是一个文件夹，请给出报告文件名")
    if output is not None:
        problem = refuse_to_clobber(output, args.paths) or _not_our_report(output)
        if problem:
            raise UsageError(problem)
    writer = report.WRITERS[args.format]
    to_terminal = output is None and sys.stdout.isatty()
    style = report.Style(
        color=args.format == "text" and output is None and console.wants_color(sys.stdout),
        quiet=args.quiet,
        today=options.today,
    )
    show_progress = not args.quiet and not to_terminal and sys.stderr.isatty()
    handle: TextIO
    with contextlib.ExitStack() as stack:
        if output is not None:
            handle = stack.enter_context(atomic_writer(output))
        elif binary:
            handle = sys.stdout
        elif args.format in report.UTF8_FORMATS:
            handle = stack.enter_context(console.utf8_stdout())
        else:
            handle = sys.stdout
        # Closed before the report file is kept or dropped: an interrupt stops the workers first.
        results = stack.enter_context(contextlib.closing(stream(args.paths, options)))
        summary = writer(
            console.progress(results, show_progress, args.lang), args.lang, handle, style
        )
    if summary.internal_failed:
        return EXIT_INTERNAL
    if summary.input_failed or (not summary.files and not args.only_dossiers):
        return EXIT_USAGE
    if summary.errors or (args.fail_on == "warning" and summary.warnings):
        return EXIT_FINDINGS
    return EXIT_OK


# How each of our report formats begins (JSON, SARIF, JUnit); a text report is known by its
# last line.
_HEADS = (report.REPORT_FORMAT.encode(), b'"name": "szqz"', b'<testsuites name="szqz validate"')


def _not_our_report(path: Path) -> str | None:
    """Why an existing file must not be replaced by a report: only an earlier report of ours (or
    an empty file) may be. It is recognised by its first or last bytes, never read whole."""
    if not path.is_file():
        return None
    size = path.stat().st_size
    if size == 0:
        return None
    with path.open("rb") as handle:
        head = handle.read(4096)
        handle.seek(max(0, size - 4096))
        tail = handle.read()
    if any(mark in head for mark in _HEADS) or _is_our_workbook(path, head):
        return None
    last_line = tail.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    if _is_text_report(last_line):
        return None
    return (
        f"{path} 已存在，且不是本工具以前写出的报告（可能是申报材料或附件）。为免误删，"
        "请给报告另取文件名，或先自行删除该文件。"
    )


def _is_our_workbook(path: Path, head: bytes) -> bool:
    """An xlsx report of ours: a zip whose document properties name our report format."""
    if not head.startswith(b"PK\x03\x04"):
        return False
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive, archive.open("docProps/core.xml") as core:
            return report.REPORT_FORMAT.encode() in core.read(65536)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


def _is_text_report(line: bytes) -> bool:
    text = line.decode("utf-8", "replace")
    return (text.startswith("共检查 ") and "规范版本" in text) or (
        text.startswith("Checked ") and "(spec " in text
    )


def run_explain(code: str, lang: str) -> int:
    if code in catalogue.retired():
        sys.stdout.write(catalogue.retired_note(code, lang) + "\n")
        return EXIT_OK
    if code not in catalogue.entries():
        known = "、".join(catalogue.entries())
        raise UsageError(f"没有检查代码 {code}。已有的代码：{known}")
    from generator.validate import examples

    sys.stdout.write(report.explain(code, lang))
    for line in examples.explain_lines(code, lang):
        sys.stdout.write(line + "\n")
    return EXIT_OK
