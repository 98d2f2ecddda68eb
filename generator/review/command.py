"""`szqz due`: check what was received (the same run as `szqz validate`, keeping each dossier's
small record), then list per project what the regulation asks next and by when, as text for
people or JSON for programs. Exit codes as `szqz validate`: 2 when a file could not be read as a
dossier (its deadlines are missing from the list) or nothing was found, 3 when the tool failed
inside a file; the findings themselves are `szqz validate`'s business and do not change it."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from generator import __version__, console, spec
from generator.exits import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError
from generator.fileio import atomic_writer, refuse_to_clobber
from generator.review import due
from generator.review.clean import visible
from generator.review.ledger import Ledger, Project
from generator.validate import catalogue
from generator.validate.engine import Options, stream

DUE_FORMAT = "szqz-due-report"


def day(raw: str | None, option: str) -> dt.date:
    if raw is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise UsageError(f"{option} 的值 {raw} 不是 YYYY-MM-DD 格式的日期") from None


def collect(paths: list[str], options: Options, lang: str, quiet: bool) -> Ledger:
    """Check every file (keeping records) and sum the results into a ledger."""
    ledger = Ledger()
    show = not quiet and sys.stderr.isatty()
    with contextlib.closing(stream(paths, options)) as results:
        for result in console.progress(results, show, lang):
            ledger.add(result)
    return ledger


def run_due(args: argparse.Namespace) -> int:
    if args.jobs < 0:
        raise UsageError("--jobs 不能为负数")
    on = day(args.on, "--on")
    options = Options(
        lang=args.lang,
        today=on,
        max_bytes=int(catalogue.settings()["max_file_bytes"]["default"]),
        jobs=args.jobs,
        exclude=tuple(args.exclude or ()),
        records=True,
    )
    output: Path | None = args.output
    if output is not None:
        if output.is_dir():
            raise UsageError(f"-o {output} 是一个文件夹，请给出文件名")
        problem = refuse_to_clobber(output, args.paths) or _not_our_list(output)
        if problem:
            raise UsageError(problem)
    ledger = collect(args.paths, options, args.lang, args.quiet)
    rows = table(ledger, on)
    with contextlib.ExitStack() as stack:
        handle: TextIO
        if output is not None:
            handle = stack.enter_context(atomic_writer(output))
        elif args.format == "json":
            handle = stack.enter_context(console.utf8_stdout())
        else:
            handle = sys.stdout
        if args.format == "json":
            write_json(ledger, rows, on, args.lang, handle)
        else:
            write_text(ledger, rows, on, args.lang, handle)
    summary = ledger.summary
    if summary.internal_failed:
        return EXIT_INTERNAL
    if summary.input_failed or not summary.files:
        return EXIT_USAGE
    return EXIT_OK


# How a list of ours begins (text in either language, or JSON naming its format).
_HEADS = ("期限一览（截至".encode(), b"Deadlines ahead (as of", DUE_FORMAT.encode())


def _not_our_list(path: Path) -> str | None:
    """Why an existing file must not be replaced: only an earlier list of ours (or an empty
    file) may be. It is recognised by its first bytes."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    with path.open("rb") as handle:
        head = handle.read(512)
    if any(mark in head for mark in _HEADS):
        return None
    return (
        f"{path} 已存在，且不是本工具以前写出的期限一览（可能是申报材料或附件）。为免误删，"
        "请另取文件名，或先自行删除该文件。"
    )


def table(ledger: Ledger, on: dt.date) -> list[tuple[Project, list[due.Due]]]:
    """Each project with what is due of it, the most pressing first."""
    projects = ledger.projects()
    order, _ = due.schedule(projects, on)
    return [(projects[i], due.for_project(projects[i], on)) for i in order]


def project_label(p: Project, lang: str) -> str:
    none = "（未写明）" if lang == "zh" else "(not given)"
    parts = [
        p.unit or none,
        p.name or none,
        p.code or ("（无项目代码）" if lang == "zh" else "(no code)"),
    ]
    return visible(("　" if lang == "zh" else " · ").join(parts))


def item_line(item: due.Due, lang: str) -> str:
    from generator import regulation

    article = regulation.article_label(spec.regulation(), item.article, lang)
    sep = "——" if lang == "zh" else " — "
    brackets = ("（", "）") if lang == "zh" else (" (", ")")
    return (
        f"{item.shown(lang)}  {due.STATUS_WORDS[item.status][lang]}  "
        f"{item.what[lang]}{sep}{visible(item.note[lang])}{brackets[0]}{article}{brackets[1]}"
    )


def write_text(
    ledger: Ledger, rows: list[tuple[Project, list[due.Due]]], on: dt.date, lang: str, out: TextIO
) -> None:
    zh = lang == "zh"
    out.write(
        f"期限一览（截至 {on.isoformat()}，规范版本 {spec.version()}）\n\n"
        if zh
        else f"Deadlines ahead (as of {on.isoformat()}, spec {spec.version()})\n\n"
    )
    out.write("所有建设单位\n" if zh else "Every unit\n")
    for item in due.general(on):
        out.write(f"  {item_line(item, lang)}\n")
    idle = 0
    counts = dict.fromkeys(due.STATUSES, 0)
    for p, items in rows:
        if not items:
            idle += 1
            continue
        out.write(f"\n{project_label(p, lang)}\n")
        for item in items:
            counts[item.status] += 1
            out.write(f"  {item_line(item, lang)}\n")
    total = len(rows)
    if zh:
        tail = (
            f"\n共 {total} 个项目："
            + "，".join(f"{due.STATUS_WORDS[s]['zh']} {n} 项" for s, n in counts.items())
            + "。"
        )
        if idle:
            tail += (
                f"其中 {idle} 个项目眼下没有本办法规定的待办事项（如只有申报书，或已验收备案）。"
            )
        if ledger.unreadable_count:
            tail += f"另有 {ledger.unreadable_count} 个文件无法作为材料读取，其期限未列入（用 szqz validate 查看原因）。"
    else:
        tail = (
            f"\n{total} projects: "
            + ", ".join(f"{n} {due.STATUS_WORDS[s]['en']}" for s, n in counts.items())
            + "."
        )
        if idle:
            tail += f" {idle} have nothing due under the regulation now."
        if ledger.unreadable_count:
            tail += f" {ledger.unreadable_count} files could not be read; their deadlines are missing (see szqz validate)."
    out.write(tail + "\n")


def item_dict(item: due.Due, lang: str) -> dict[str, Any]:
    d = item.deadline
    return {
        "kind": item.kind,
        "what": item.what[lang],
        "article": item.article,
        "status": item.status,
        "deadline": item.day.isoformat() if item.day else None,
        "exact": d is not None and d.exact is not None,
        "latest": d.latest.isoformat() if d is not None and d.exact is None else None,
        "missing_year": d.missing_year if d is not None else None,
        "estimated": item.estimated,
        "note": item.note[lang],
    }


def write_json(
    ledger: Ledger, rows: list[tuple[Project, list[due.Due]]], on: dt.date, lang: str, out: TextIO
) -> None:
    report = {
        "format": DUE_FORMAT,
        "format_version": 1,
        "tool_version": __version__,
        "spec_version": spec.version(),
        "lang": lang,
        "on": on.isoformat(),
        "general": [item_dict(i, lang) for i in due.general(on)],
        "projects": [
            {
                "code": p.code,
                "name": p.name,
                "unit": p.unit,
                "uscc": p.uscc,
                "forms": sorted(p.forms),
                "due": [item_dict(i, lang) for i in items],
            }
            for p, items in rows
        ],
        "unreadable": [{"file": f, "message": m} for f, m in ledger.unreadable],
        "unreadable_count": ledger.unreadable_count,
        "summary": ledger.summary.as_dict(),
    }
    out.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
