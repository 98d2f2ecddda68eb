"""`szqz validate` and `szqz explain`: turn parsed arguments into a run and a report, and the
result into an exit code. The report is written atomically when it goes to a file."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generator.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
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
    options = Options(
        lang=args.lang,
        today=_today(args.today),
        max_bytes=int(catalogue.settings()["max_file_bytes"]["default"]),
        jobs=args.jobs,
    )
    output: Path | None = args.output
    if output is not None and output.is_dir():
        raise UsageError(f"-o {output} 是一个文件夹，请给出报告文件名")
    if output is not None:
        problem = refuse_to_clobber(output, args.paths) or _dossier_at(output)
        if problem:
            raise UsageError(problem)
    writer = report.WRITERS[args.format]
    if output is None:
        summary = writer(stream(args.paths, options), args.lang, sys.stdout)
    else:
        with atomic_writer(output) as handle:
            summary = writer(stream(args.paths, options), args.lang, handle)
    if summary.input_failed:
        return EXIT_USAGE
    if summary.errors or (args.fail_on == "warning" and summary.warnings):
        return EXIT_FINDINGS
    return EXIT_OK


def _dossier_at(path: Path) -> str | None:
    """An existing file that is itself a dossier must not be replaced by a report."""
    if not path.is_file():
        return None
    from generator.validate.engine import known_forms
    from generator.validate.reader import parse_bytes

    with path.open("rb") as handle:
        head = handle.read(4096)
    limit = int(catalogue.settings()["max_file_bytes"]["default"])
    # An earlier report of ours is replaced without reading it whole (it can be large); a file
    # over the dossier size limit cannot be a dossier.
    if report.REPORT_FORMAT.encode() in head or path.stat().st_size > limit:
        return None
    parsed = parse_bytes(path.read_bytes(), limit)
    if parsed.data is not None and parsed.data.get("$schema") in known_forms():
        return f"{path} 是一份申报材料，不能用报告覆盖它；请给报告另取文件名"
    return None


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
