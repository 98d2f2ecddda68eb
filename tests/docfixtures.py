"""Attachment files a case asks for by description (`make:` in a case document), built when the
case is materialised: Word files from the outlines (some chapters left out), text PDFs with or
without bookmarks, a scan without text, a zip bomb, a file too large to read. Cases stay data."""

from __future__ import annotations

import html
import io
import os
import zipfile
from pathlib import Path
from typing import Any


def make(target: Path, spec: dict[str, Any]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if "sparse" in spec:  # a large file that takes no disk space, after its first bytes
        with target.open("wb") as handle:
            handle.write(str(spec.get("head", "")).encode())
            handle.truncate(int(spec["sparse"]))
        return
    target.write_bytes(_build(spec))


def _build(spec: dict[str, Any]) -> bytes:
    if "outline" in spec:
        from generator.outline import docx

        return docx.build(spec["outline"], None, tuple(spec.get("omit", [])))
    if "paragraphs" in spec:  # a Word file with no heading styles
        import docx as python_docx

        document = python_docx.Document()
        for text in spec["paragraphs"]:
            document.add_paragraph(text)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
    if "pdf_headings" in spec:
        return _text_pdf(spec["pdf_headings"], bool(spec.get("bookmarks", False)))
    if spec.get("scan"):
        from pypdf import PdfWriter

        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()
    if "zip_bomb_mib" in spec:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            block = b"\0" * (1 << 20)
            with z.open("word/document.xml", "w") as member:
                for _ in range(int(spec["zip_bomb_mib"])):
                    member.write(block)
        return buffer.getvalue()
    raise ValueError(f"unknown file description: {spec}")


def _text_pdf(headings: list[str], bookmarks: bool) -> bytes:
    """A PDF whose text carries the headings (WeasyPrint, with the CJK fonts the PDFs use);
    with bookmarks off, only the page text says where the chapters are."""
    from weasyprint import HTML

    level = "1" if bookmarks else "none"
    body = "".join(
        f"<h1>{html.escape(h)}</h1><p>本章内容。本章的正文较长，用以区分标题和正文段落，"
        "正文段落的一行文字通常比标题长得多，校验工具只把较短的行当作标题。</p>"
        for h in headings
    )
    css = (
        "body { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 11pt; }"
        f" h1 {{ bookmark-level: {level}; font-size: 16pt; }}"
    )
    document = f"<html><head><style>{css}</style></head><body>{body}</body></html>"
    # Reproducible bytes, without leaving the date in the environment of the other tests (the
    # portal's PDF cache is keyed by it).
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1733443200"
    try:
        return bytes(HTML(string=document).write_pdf())
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
