"""The `szqz` command line. Parsing arguments is kept apart from the work: each subcommand imports
its implementation only when it runs, so `szqz validate` never loads WeasyPrint or mkdocs. Exit
codes are those of generator.exits.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.exits import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    RunAborted,
    UsageError,
)

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "UsageError", "main"]


class _Version(argparse.Action):
    """Prints the version and which schema engine runs here (looked up only when asked)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from generator import spec
        from generator.validate.schema_engine import engine_name

        print(f"szqz {__version__}（规范 {spec.version()}，Schema 引擎 {engine_name()}）")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    from generator import argparse_zh

    argparse_zh.install()
    parser = argparse.ArgumentParser(
        prog="szqz",
        description="“数字钦州”建设项目申报材料：校验、打印与门户构建（钦政办规〔2024〕1号）",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="显示版本和所用的 Schema 引擎")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    v = sub.add_parser("validate", help="校验申报材料（JSON 文件、文件夹或通配符）")
    v.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="JSON 文件、项目文件夹或通配符；- 表示从标准输入读取",
    )
    v.add_argument(
        "-f",
        "--format",
        choices=["text", "json", "junit", "sarif", "html", "xlsx"],
        default="text",
        help="报告格式：html 是供审查人员阅读的网页报告，xlsx 是同样内容的工作簿"
        "（需安装 szqz[review]）；json、junit、sarif、html 总是 UTF-8 编码",
    )
    v.add_argument(
        "-o",
        "--output",
        type=Path,
        help="把报告写入文件（默认输出到屏幕；只会替换本工具以前的报告）",
    )
    v.add_argument(
        "--exclude",
        action="append",
        metavar="GLOB",
        help="不检查与此通配符匹配的文件或文件夹（可多次给出），如 --exclude '归档/*'",
    )
    v.add_argument(
        "--only-dossiers",
        action="store_true",
        help="供 pre-commit 使用：略过不是本规范申报材料的 JSON；其他文件视为附件，检查引用它的材料",
    )
    v.add_argument(
        "-q", "--quiet", action="store_true", help="只列出问题：不显示进度，全部通过时不输出"
    )
    v.add_argument("--lang", choices=["zh", "en"], default="zh", help="提示语言（默认中文）")
    v.add_argument(
        "--fail-on", choices=["error", "warning"], default="error", help="出现何种问题时退出码为 1"
    )
    v.add_argument("--today", help="按此日期判断期限（YYYY-MM-DD，默认今天）")
    v.add_argument("-j", "--jobs", type=int, default=0, help="并行进程数（默认按 CPU 核数）")

    d = sub.add_parser("due", help="期限一览：按收到的材料，列出每个项目下一步应报送什么、何时到期")
    d.add_argument("paths", nargs="+", metavar="PATH", help="收件文件夹、JSON 文件或通配符")
    d.add_argument("--on", help="按此日期计算（YYYY-MM-DD，默认今天）")
    d.add_argument("-f", "--format", choices=["text", "json"], default="text", help="输出格式")
    d.add_argument("-o", "--output", type=Path, help="写入文件（默认输出到屏幕）")
    d.add_argument("--exclude", action="append", metavar="GLOB", help="不读取与此通配符匹配的文件")
    d.add_argument("-q", "--quiet", action="store_true", help="不显示进度")
    d.add_argument("--lang", choices=["zh", "en"], default="zh", help="语言（默认中文）")
    d.add_argument("-j", "--jobs", type=int, default=0, help="并行进程数（默认按 CPU 核数）")

    e = sub.add_parser("explain", help="说明一项检查：条款、含义、通过与不通过的示例")
    e.add_argument("code", help="检查代码，如 annual-deadline")
    e.add_argument("--lang", choices=["zh", "en"], default="zh")

    h = sub.add_parser("hash", help="显示文件的类型和 SHA-256 摘要（填写附件用）")
    h.add_argument("files", nargs="+", type=Path, metavar="FILE")

    a = sub.add_parser("attach", help="核对材料的每个附件，填写其类型和 SHA-256 摘要")
    a.add_argument("dossier", type=Path, help="JSON 申报材料")
    a.add_argument("--check", action="store_true", help="只核对、不修改：有不符时退出码为 1")

    r = sub.add_parser("render", help="把一份申报材料打印为 PDF（需安装 szqz[pdf]）")
    r.add_argument("dossier", type=Path)
    r.add_argument("-o", "--output", type=Path, required=True, help="输出的 PDF 文件")
    r.add_argument("--draft", action="store_true", help="材料未通过校验也打印，每页加“草稿”水印")
    r.add_argument("--pdfa", action="store_true", help="输出 PDF/A-3b 归档版本")
    r.add_argument("--today", help="按此日期判断期限（YYYY-MM-DD，默认今天）")

    b = sub.add_parser("blank", help="打印空白表单 PDF（需安装 szqz[pdf]）")
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


# What the `pdf` extra installs: a missing one means the light install is in use.
_PDF_MODULES = {"jinja2", "weasyprint", "fontTools", "pydyf", "tinycss2", "cssselect2", "PIL"}


def main(argv: Sequence[str] | None = None) -> int:
    from generator import console

    console.tolerant_streams()
    console.handle_sigterm()
    try:
        args = _parser().parse_args(argv)
        return _run(args)
    except UsageError as exc:
        print(f"szqz: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RunAborted as exc:
        print(f"szqz: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        print("szqz: 已中断", file=sys.stderr)
        return EXIT_INTERRUPTED
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
    if command == "due":
        from generator.review.command import run_due

        return run_due(args)
    if command == "explain":
        from generator.validate.command import run_explain

        return run_explain(args.code, args.lang)
    if command == "hash":
        from generator.validate.attach import run_hash

        return run_hash(args.files)
    if command == "attach":
        from generator.validate.attach import run_attach

        return run_attach(args.dossier, check_only=args.check)
    if command in ("render", "blank"):
        return _run_pdf(args)
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


def _run_pdf(args: argparse.Namespace) -> int:
    """render and blank, which need the `pdf` extra: without it, say how to install it."""
    try:
        from generator.render.command import run_blank, run_render

        if args.command == "render":
            return int(run_render(args))
        return int(run_blank(args.form, args.output))
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in _PDF_MODULES:
            raise
        raise UsageError(
            f"打印 PDF 需要附加组件（缺少 {exc.name}），当前只安装了校验工具。"
            '请运行 pip install "szqz[pdf]" 后再试。'
        ) from None


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
