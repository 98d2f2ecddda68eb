"""`szqz render` and `szqz blank`: a dossier (checked first; refused with its findings unless
--draft, when the findings go to the console and on the draft's last page) or an empty form to
PDF, written atomically."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generator import spec
from generator.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from generator.fileio import refuse_to_clobber, write_atomic
from generator.validate import report
from generator.validate.engine import Options, Result, validate_file


def _write(output: Path, data: bytes, inputs: list[str]) -> None:
    if output.is_dir():
        raise UsageError(f"-o {output} 是一个文件夹，请给出 PDF 文件名")
    problem = refuse_to_clobber(output, inputs, allowed_magic=b"%PDF-")
    if problem:
        raise UsageError(problem)
    write_atomic(output, data)


def run_render(args: argparse.Namespace) -> int:
    from generator.render import fonts, pdf, tree

    dossier: Path = args.dossier
    try:
        today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    except ValueError:
        raise UsageError(f"--today 的值 {args.today} 不是 YYYY-MM-DD 格式的日期") from None
    result = validate_file(dossier, Options(today=today, jobs=1))
    errors = [f for f in result.findings if f.severity == "error"]
    unreadable = result.form is None
    if result.findings and (unreadable or errors or args.draft):
        sys.stderr.write(report.text(Result(spec.version(), [result]), "zh"))
    if unreadable or (errors and not args.draft):
        if unreadable:
            return EXIT_USAGE
        sys.stderr.write(
            "材料未通过校验，未打印。修改后重试，或加 --draft 打印带“草稿”水印的版本。\n"
        )
        return EXIT_FINDINGS
    import json

    data = json.loads(dossier.read_text(encoding="utf-8-sig"))
    assert result.form is not None
    form = tree.build(result.form, data)
    draft = bool(errors) or args.draft
    if draft:  # the findings also go on the draft's last page
        severity = {"error": "错误", "warning": "警告"}
        form.findings = [
            [severity.get(f.severity, f.severity), f.field or f.pointer or "—", f.message, f.remedy]
            for f in result.findings
        ]
    try:
        content = pdf.pdf(form, draft=draft, pdfa=args.pdfa)
    except fonts.FontProblem as exc:
        raise UsageError(str(exc)) from None
    _write(args.output, content, [str(dossier)])
    print(f"已生成 {args.output}" + ("（草稿）" if draft else ""))
    return EXIT_OK


def run_blank(form_id: str, output: Path) -> int:
    from generator.render import fonts, pdf, tree

    known = [f.id for f in spec.forms()]
    if form_id not in known:
        raise UsageError(f"没有表单 {form_id}。已有的表单：{'、'.join(known)}")
    try:
        content = pdf.pdf(tree.build(form_id))
    except fonts.FontProblem as exc:
        raise UsageError(str(exc)) from None
    _write(output, content, [])
    print(f"已生成 {output}")
    return EXIT_OK
