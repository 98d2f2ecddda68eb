"""The outlines on the portal: the Word files to download (built from spec/outlines/ at portal
build time) and, on the page of each form whose attachments the validator reads, what it looks
for inside them. Markdown lines for generator/portal/pages.py; no python-docx needed here."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata

from generator import regulation, spec
from generator.fileio import digest_files, write_atomic
from generator.outline.data import for_form, outlines, read_points
from generator.paths import BUILD, PACKAGE, SPEC

CACHE = BUILD / "cache" / "outlines"


def download_path(kind: str) -> str:
    return f"downloads/outlines/{kind}.docx"


@cache
def _inputs() -> str:
    """A digest of everything a blank outline's bytes depend on: the outline code, the spec and
    python-docx's version (the files are reproducible: fixed dates in and around the zip)."""
    digest = hashlib.sha256(metadata.version("python-docx").encode() + b"\0")
    digest_files(digest, sorted([*(PACKAGE / "outline").glob("*.py"), *SPEC.rglob("*.*")]))
    return digest.hexdigest()[:32]


def blank_outline(kind: str) -> bytes:
    """The portal's download of `kind` (no dossier), kept in build/cache/outlines between builds
    while its inputs are unchanged; files of earlier inputs are removed."""
    from generator.outline import docx

    common = _inputs()
    cached = CACHE / f"{common}-{kind}.docx"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = docx.build(kind)
    write_atomic(cached, data)
    for old in CACHE.glob("*.docx"):
        if not old.name.startswith(f"{common}-"):
            old.unlink(missing_ok=True)
    return data


def download_lines(form_id: str, prefix: str = "../") -> list[str]:
    """List items for a form page's 填写和下载 list: one per outline of the documents it attaches,
    then how to fill an outline's cover from a dossier."""
    lines = []
    for outline in for_form(form_id):
        marks = "、".join(c.title for c in outline.mandatory)
        what = f"必备章节：{marks}" if marks else "本办法未规定章节，列出常见章节"
        lines.append(
            f"- [{outline.title}提纲（Word）]({prefix}{download_path(outline.kind)})：{what}"
        )
    if lines:
        lines.append(
            "- 以上提纲的章节标题使用 Word 标题样式（在 Word、WPS 的导航窗格中可见），必备章节注明条款，"
            "常见章节注明所参照的公开提纲；用命令行可由材料填写封面（初步设计方案还填入投资概算表）："
            "`szqz outline feasibility-study 材料.json -o 可行性研究报告.docx`"
        )
    return lines


def checked_lines(form_id: str) -> list[str]:
    """What the validator checks inside the attached files of this form, as a short section."""
    points = read_points(form_id)
    if not points:
        return []
    reg = spec.regulation()
    lines = [
        "## 附件内容的检查",
        "",
        "校验工具（`szqz validate`）会打开下列附件，核对其中真的有办法要求的内容，"
        "而不只相信材料中的声明：",
        "",
    ]
    for outline, at in points:
        arts = "、".join(
            regulation.article_label(reg, a)
            for a in dict.fromkeys(a for c in outline.mandatory for a in c.articles)
        )
        if outline.check == "opinions":
            subjects = "、".join(c.subject for c in outline.mandatory)
            what = f"对{subjects}逐一给出的评估意见（标题或意见中写明章节名称）"
        else:
            what = "独立章节" + "、".join(c.title for c in outline.mandatory)
            if at.declared:
                what += f"，并核对材料 `{at.declared}` 中声明的章节确实在文件中"
        lines.append(f"- {outline.title}（`{at.attachment}`）：{what}（{arts}）。")
    lines += [
        "",
        "Word 文件（.docx）按标题样式（标题 1、标题 2 等）识别章节；PDF 按书签，没有书签的按页面文字。"
        "扫描件没有文字，只给出“无法核对”的警告，由审核人员人工核对；其他格式（如 OFD）同样只警告。"
        "文件损坏、声明为 .docx 却不是、压缩比异常（压缩炸弹）或超过 64 MB 的，不打开或不读完，"
        "报告无法读取；读取文件从不执行其中的任何内容。只装了校验工具基本部分的电脑没有读取组件，"
        "会逐一说明未检查（安装 `pip install 'szqz[docs]'` 后即可检查）。在线填写页面没有附件文件，"
        "不做这项检查。",
        "",
    ]
    return lines


def kinds() -> list[str]:
    return list(outlines())
