"""The `szqz` command line. Parsing arguments is kept apart from the work: each subcommand imports
its implementation only when it runs, so `szqz validate` never loads WeasyPrint or mkdocs.

Exit codes: 0 no errors; 1 errors found (or warnings with --fail-on warning); 2 usage error or
input that could not be read at all.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "UsageError", "main"]


class _Version(argparse.Action):
    """Prints the version and which schema engine runs here (looked up only when asked)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from generator import spec
        from generator.validate.schema_engine import engine_name

        print(f"szqz {__version__}（规范 {spec.version()}，Schema 引擎 {engine_name()}）")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="szqz",
        description="“数字钦州”建设项目申报材料：校验、打印与门户构建（钦政办规〔2024〕1号）",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="显示版本和所用的 Schema 引擎")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    v = sub.add_parser("validate", help="校验申报材料（JSON 文件、文件夹或通配符）")
    v.add_argument("paths", nargs="+", metavar="PATH", help="JSON 文件、项目文件夹或通配符")
    v.add_argument(
        "-f", "--format", choices=["text", "json", "junit"], default="text", help="报告格式"
    )
    v.add_argument("-o", "--output", type=Path, help="把报告写入文件（默认输出到屏幕）")
    v.add_argument("--lang", choices=["zh", "en"], default="zh", help="提示语言（默认中文）")
    v.add_argument(
        "--fail-on", choices=["error", "warning"], default="error", help="出现何种问题时退出码为 1"
    )
    v.add_argument("--today", help="按此日期判断期限（YYYY-MM-DD，默认今天）")
    v.add_argument("-j", "--jobs", type=int, default=0, help="并行进程数（默认按 CPU 核数）")

    e = sub.add_parser("explain", help="说明一项检查：条款、含义、通过与不通过的示例")
    e.add_argument("code", help="检查代码，如 annual-deadline")
    e.add_argument("--lang", choices=["zh", "en"], default="zh")

    r = sub.add_parser("render", help="把一份申报材料打印为 PDF")
    r.add_argument("dossier", type=Path)
    r.add_argument("-o", "--output", type=Path, required=True, help="输出的 PDF 文件")
    r.add_argument("--draft", action="store_true", help="材料未通过校验也打印，每页加“草稿”水印")
    r.add_argument("--pdfa", action="store_true", help="输出 PDF/A-3b 归档版本")
    r.add_argument("--today", help="按此日期判断期限（YYYY-MM-DD，默认今天）")

    b = sub.add_parser("blank", help="打印空白表单 PDF")
    b.add_argument("form", help="表单标识，如 declaration")
    b.add_argument("-o", "--output", type=Path, required=True)

    sub.add_parser("forms", help="列出全部表单")

    o = sub.add_parser("outline", help="生成 Word 文档提纲（可行性研究报告、初步设计方案等）")
    o.add_argument("kind", help="提纲种类，如 feasibility-study 或 可行性研究报告")
    o.add_argument("dossier", nargs="?", type=Path, help="据以填写封面等的申报材料（JSON，可选）")
    o.add_argument("-o", "--output", type=Path, required=True, help="输出的 .docx 文件")

    sv = sub.add_parser(
        "serve", help="在本机提供构建好的门户，供在线填写（浏览器不能从本地文件运行校验）"
    )
    sv.add_argument(
        "folder", nargs="?", type=Path, help="门户文件夹（默认 build/site 或当前文件夹）"
    )
    sv.add_argument("--port", type=int, default=8000, help="端口（默认 8000；0 表示任选空闲端口）")
    sv.add_argument("--open", action="store_true", help="同时用浏览器打开在线填写页面")

    s = sub.add_parser("spec", help="维护规范数据")
    s_sub = s.add_subparsers(dest="spec_command", required=True, metavar="子命令")
    sr = s_sub.add_parser("regulation", help="由办法原文生成结构化条文数据")
    sr.add_argument("source", type=Path, help="办法原文（UTF-8 文本）")
    sr.add_argument("-o", "--output", type=Path, required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except UsageError as exc:
        print(f"szqz: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("szqz: 已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): stop quietly, as the Python
        # documentation recommends, without a second error when stdout is flushed at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FINDINGS
    except OSError as exc:
        # Inputs are read into findings; what reaches here is an output that cannot be written.
        from generator.fileio import os_reason

        where = f" {exc.filename}" if exc.filename else ""
        print(
            f"szqz: 无法写入{where}：{os_reason(exc)['zh']}。请检查文件夹是否存在、有无写入权限、"
            "磁盘是否已满。",
            file=sys.stderr,
        )
        return EXIT_USAGE


def _run(args: argparse.Namespace) -> int:
    command = args.command
    if command == "validate":
        from generator.validate.command import run_validate

        return int(run_validate(args))
    if command == "explain":
        from generator.validate.command import run_explain

        return run_explain(args.code, args.lang)
    if command == "render":
        from generator.render.command import run_render

        return int(run_render(args))
    if command == "blank":
        from generator.render.command import run_blank

        return int(run_blank(args.form, args.output))
    if command == "forms":
        from generator import spec

        for f in spec.forms():
            print(f"{f.id}\t{f.title}\t{spec.schema_id(f.id)}")
        return EXIT_OK
    if command == "outline":
        from generator.outline.command import run_outline

        return run_outline(args)
    if command == "serve":
        from generator.serve import run_serve

        return run_serve(args.folder, args.port, args.open)
    if command == "spec":
        return _run_spec_regulation(args.source, args.output)
    raise UsageError(f"未知命令：{command}")


def _run_spec_regulation(source: Path, output: Path) -> int:
    from generator import regulation
    from generator.fileio import canonical_json, write_atomic

    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"读不了办法原文 {source}：{exc}。请提供 UTF-8 编码的文本文件。") from exc
    try:
        data = regulation.parse(text, source_name=source.name)
    except regulation.RegulationFormatError as exc:
        raise UsageError(f"{source}：{exc}") from exc
    write_atomic(output, canonical_json(data))
    count = len(regulation.articles(data))
    print(f"已写入 {output}：{len(data['chapters'])} 章，{count} 条")
    return EXIT_OK
