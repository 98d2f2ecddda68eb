"""Attachments: every referenced file exists beside the dossier, stays inside the dossier's folder
(no .., no absolute path, no link leading out), matches its sha256 when given, and is a PDF when
declared one. Files are only read, never changed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.validate.catalogue import Issue
from generator.validate.schema_check import pointer

PDF_MAGIC = b"%PDF-"


def find(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Every attachment object (it has title, file and type) with its path."""
    if isinstance(node, dict):
        if (
            isinstance(node.get("file"), str)
            and node["file"]
            and "type" in node
            and "title" in node
        ):
            yield path, node
            return
        for key, value in node.items():
            yield from find(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from find(value, (*path, index))


_DIGESTS: dict[tuple[Path, int, int], str] = {}


def _digest(path: Path) -> str:
    """SHA-256 of a file, remembered for the run: dossiers of one project share attachments."""
    stat = path.stat()
    key = (path, stat.st_size, stat.st_mtime_ns)
    if key not in _DIGESTS:
        _DIGESTS[key] = _hash(path)
    return _DIGESTS[key]


def _hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check(dossier: Path, data: dict[str, Any]) -> Iterator[Issue]:
    folder = dossier.parent.resolve()
    for path, att in find(data):
        where = pointer((*path, "file"))
        params = {"title": att.get("title", ""), "file": att["file"]}
        relative = Path(att["file"])
        if relative.is_absolute() or ".." in relative.parts or att["file"].startswith(("/", "\\")):
            yield Issue("attachment-outside", where, params)
            continue
        target = folder / relative
        try:
            resolved = target.resolve()
        except (OSError, RuntimeError):
            yield Issue("attachment-outside", where, params)
            continue
        if not resolved.is_relative_to(folder):
            yield Issue("attachment-outside", where, params)
            continue
        if not resolved.is_file():
            yield Issue("attachment-missing", where, params)
            continue
        try:
            if att.get("type") == "pdf":
                with resolved.open("rb") as handle:
                    if handle.read(len(PDF_MAGIC)) != PDF_MAGIC:
                        yield Issue("attachment-not-pdf", pointer((*path, "type")), params)
            expected = att.get("sha256")
            if isinstance(expected, str) and _digest(resolved) != expected.lower():
                yield Issue("attachment-hash", pointer((*path, "sha256")), params)
        except OSError:
            yield Issue("attachment-missing", where, params)
