"""Attachments: every referenced file exists beside the dossier, stays inside the dossier's folder
(no .., no absolute path, no link leading out), matches its sha256 when given, and is a PDF when
declared one. Files are only read, never changed."""

from __future__ import annotations

import functools
import hashlib
import os
import stat
from collections.abc import Iterator
from typing import Any

from generator.validate import locations
from generator.validate.catalogue import Issue
from generator.validate.schema_check import pointer

PDF_MAGIC = b"%PDF-"


# Bounded caches: a bulk run's memory must not grow with the number of files.
CACHE_SIZE = 4096


def _inside(folder: str, parts: list[str]) -> tuple[str | None, os.stat_result | None]:
    """The file's real path if it stays inside `folder` (None if it leads out), and its stat (None
    if it does not exist). Components are checked with lstat one by one; only a link among them
    needs the full resolution."""
    path = folder
    info: os.stat_result | None = None
    for part in parts:
        if part in ("", "."):
            continue
        path = os.path.join(path, part)
        try:
            info = os.lstat(path)
        except OSError:
            return path, None
        if stat.S_ISLNK(info.st_mode):
            real = _realpath(os.path.join(folder, *parts))
            if os.path.commonpath([folder, real]) != folder:
                return None, None
            try:
                return real, os.stat(real)
            except OSError:
                return real, None
    return path, info


@functools.lru_cache(maxsize=CACHE_SIZE)
def _read(path: str, size: int, mtime_ns: int, digest: bool) -> tuple[bytes, str | None]:
    """The file's first bytes and, when asked, its SHA-256, in one pass; remembered while the file
    is unchanged, since the dossiers of one project share attachments."""
    h = hashlib.sha256() if digest else None
    with open(path, "rb") as handle:
        block = handle.read(1 << 20)
        head = block[: len(PDF_MAGIC)]
        if h is None:
            return head, None
        while block:
            h.update(block)
            block = handle.read(1 << 20)
    return head, h.hexdigest()


@functools.lru_cache(maxsize=CACHE_SIZE)
def _realpath(path: str) -> str:
    # The files do not change during a run; dossiers of one project share attachments.
    return os.path.realpath(path)


def check(dossier: str, data: dict[str, Any], form: str) -> Iterator[Issue]:
    folder = _realpath(os.path.dirname(os.path.abspath(dossier)))
    for path, att in locations.find(form, data, "attachment"):
        if not isinstance(att, dict) or not isinstance(att.get("file"), str) or not att["file"]:
            continue
        name = att["file"]
        params = {"title": att.get("title", ""), "file": name}
        parts = name.replace("\\", "/").split("/")
        if os.path.isabs(name) or name.startswith(("/", "\\")) or ".." in parts:
            yield Issue("attachment-outside", pointer((*path, "file")), params)
            continue
        resolved, info = _inside(folder, parts)
        if resolved is None:
            yield Issue("attachment-outside", pointer((*path, "file")), params)
            continue
        if info is None or not stat.S_ISREG(info.st_mode):
            yield Issue("attachment-missing", pointer((*path, "file")), params)
            continue
        try:
            expected = att.get("sha256")
            wants_digest = isinstance(expected, str)
            head, digest = _read(resolved, info.st_size, info.st_mtime_ns, wants_digest)
            if att.get("type") == "pdf" and head != PDF_MAGIC:
                yield Issue("attachment-not-pdf", pointer((*path, "type")), params)
            if wants_digest and digest != str(expected).lower():
                yield Issue("attachment-hash", pointer((*path, "sha256")), params)
        except OSError:
            yield Issue("attachment-missing", pointer((*path, "file")), params)
