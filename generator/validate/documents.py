"""What is really in the attached documents (第十条): the 可行性研究报告 and 初步设计方案 a dossier
attaches must have the three independent chapters, and the chapters the dossier declares must be
in the file; the 咨询评估报告 must give an opinion on each of the three. Which attachment holds
which document, and the chapters to look for, come from the outlines (spec/outlines/). Only for a
dossier on disk (the browser has no files): a file outside the folder or missing is left to the
attachment checks; a file that cannot be read, a scan, or a reader that is not installed gives a
finding that says so rather than a verdict."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from typing import Any

from generator.fileio import READ_FLAGS
from generator.outline.data import Outline, ReadAt, read_points
from generator.validate import attachments, docfiles
from generator.validate.catalogue import Issue, words

# Words a consulting report's sentence carries when it gives an opinion.
OPINION_WORDS = ("意见", "评估", "评审", "同意", "建议", "认为", "符合")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _at(data: Any, pointer: str) -> Any:
    node = data
    for part in pointer.strip("/").split("/"):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _read(folder: str, name: str) -> bytes | None:
    """The file's bytes if it is a regular file inside the folder (as the attachment checks
    define it), None otherwise; raises Unverifiable when it is too large to read."""
    target = attachments._target(folder, name) if "\x00" not in name else None
    if target is None:
        return None
    try:
        fd = os.open(target, READ_FLAGS | _NOFOLLOW)
    except OSError:
        real = os.path.realpath(target)
        if os.path.commonpath([folder, real]) != folder:
            return None
        try:
            fd = os.open(real, READ_FLAGS)
        except OSError:
            return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        if info.st_size > docfiles.MAX_BYTES:
            raise docfiles.too_large(info.st_size)
        chunks = []
        left = docfiles.MAX_BYTES + 1
        while left > 0:
            block = os.read(fd, min(left, 1 << 20))
            if not block:
                break
            chunks.append(block)
            left -= len(block)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > docfiles.MAX_BYTES:  # grew while being read
        raise docfiles.too_large(len(data))
    return data


def check(dossier: str, data: dict[str, Any], form: str) -> Iterator[Issue]:
    points = read_points(form)
    if not points:
        return
    directory = os.path.dirname(dossier)
    if not os.path.isabs(directory):
        directory = os.path.join(os.getcwd(), directory)
    folder = os.path.realpath(directory)
    for outline, at in points:
        att = _at(data, at.attachment)
        if not isinstance(att, dict) or not isinstance(att.get("file"), str) or not att["file"]:
            continue
        yield from _check_one(folder, data, outline, at, att)


def _check_one(
    folder: str, data: dict[str, Any], outline: Outline, at: ReadAt, att: dict[str, Any]
) -> Iterator[Issue]:
    base = {"document": outline.title, "file": att["file"]}
    kind = att.get("type")
    where = at.attachment
    if kind not in ("docx", "pdf"):
        reason = words(
            f"文件类型为 {kind}，只能核对 .docx 和 PDF 文件的章节",
            f"the file is of type {kind}; only .docx and PDF files can be checked",
        )
        yield Issue("document-unverifiable", where, {**base, "reason": reason})
        return
    sought = tuple(m for c in outline.mandatory for m in c.match)
    try:
        raw = _read(folder, att["file"])
        if raw is None:
            return  # missing or outside: the attachment checks say so
        if kind == "docx" and not raw.startswith(b"PK"):
            raise docfiles.Unreadable(
                words("文件声明为 .docx，但不是 Word 文档", "declared .docx but not a Word file")
            )
        if kind == "pdf" and not raw.startswith(b"%PDF-"):
            return  # attachment-not-pdf says so
        content = docfiles.read(raw, kind, sought)
    except docfiles.Skipped as exc:
        yield Issue("document-check-skipped", where, {**base, "library": exc.library})
        return
    except docfiles.Unverifiable as exc:
        yield Issue("document-unverifiable", where, {**base, "reason": exc.reason})
        return
    except docfiles.Unreadable as exc:
        yield Issue("document-unreadable", where, {**base, "reason": exc.reason})
        return
    if outline.check == "opinions":
        for chapter in outline.mandatory:
            if not content.mentions(chapter.match, OPINION_WORDS):
                yield Issue(
                    "document-opinion-missing",
                    where,
                    {**base, "chapter": chapter.subject, "how": content.how},
                )
        return
    declared = _at(data, at.declared) if at.declared else None
    declared = declared if isinstance(declared, list) else []
    absent = {c.title for c in outline.mandatory if not content.has_heading(c.match)}
    for chapter in outline.mandatory:
        if chapter.title in absent:
            yield Issue(
                "document-chapter-missing",
                where,
                {**base, "chapter": chapter.title, "how": content.how},
            )
    for i, name in enumerate(declared):
        if name in absent:
            yield Issue(
                "document-chapter-declared",
                f"{at.declared}/{i}",
                {**base, "chapter": name, "how": content.how},
            )
