"""`szqz outline KIND [DOSSIER] -o FILE`: an outline as a Word file, its cover (and, for the
初步设计方案, its 投资概算 table; for the 咨询评估报告, its opinions) filled from a dossier when
one is given. The dossier is read as the validator reads it; the output is written atomically and
never over a file of another kind."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.exits import EXIT_OK, UsageError
from generator.fileio import refuse_to_clobber, write_atomic
from generator.outline.data import outlines


def kind_of(name: str) -> str:
    """The outline kind named by its id or its Chinese title."""
    for kind, outline in outlines().items():
        if name in (kind, outline.title):
            return kind
    known = "、".join(f"{k}（{o.title}）" for k, o in outlines().items())
    raise UsageError(f"没有“{name}”这种提纲。可用的提纲：{known}")


def _dossier(path: Path) -> dict[str, object]:
    from generator.validate import catalogue, reader
    from generator.validate.engine import Options

    parsed = reader.read(str(path), Options().max_bytes)
    if parsed.issue is not None or parsed.data is None:
        assert parsed.issue is not None
        reason = catalogue.word(parsed.issue.code, "message", "zh", parsed.issue.params)
        raise UsageError(f"读不了材料 {path}：{reason}")
    return parsed.data


def run_outline(args: argparse.Namespace) -> int:
    from generator.outline import docx

    kind = kind_of(args.kind)
    output: Path = args.output
    if output.is_dir():
        raise UsageError(f"-o {output} 是一个文件夹，请给出 .docx 文件名")
    if output.suffix.lower() != ".docx":
        raise UsageError(f"-o {output}：提纲是 Word 文件，文件名请以 .docx 结尾")
    dossier = _dossier(args.dossier) if args.dossier else None
    problem = refuse_to_clobber(
        output, [str(args.dossier)] if args.dossier else [], allowed_magic=b"PK"
    )
    if problem:
        raise UsageError(problem)
    try:
        content = docx.build(kind, dossier)
    except docx.MissingExtra as exc:
        raise UsageError(str(exc)) from None
    write_atomic(output, content)
    print(f"已生成 {output}（{outlines()[kind].title}提纲）")
    return EXIT_OK
