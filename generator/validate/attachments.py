"""Attachments: every referenced file exists beside the dossier, stays inside the dossier's folder
(no .., no absolute path, no link leading out), matches its sha256 when given, and is a PDF when
declared one. Files are only read, never changed."""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import stat
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from generator.validate import locations
from generator.validate.catalogue import Issue
from generator.validate.schema_check import pointer

PDF_MAGIC = b"%PDF-"


# Bounded caches: a bulk run's memory must not grow with the number of files.
CACHE_SIZE = 4096


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CONTENT: OrderedDict[tuple[str, int, int, bool], tuple[bytes, str | None]] = OrderedDict()


@functools.lru_cache(maxsize=CACHE_SIZE)
def _realpath(path: str) -> str:
    return os.path.realpath(path)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _directory(folder: str, parts: tuple[str, ...]) -> str | None:
    """The real directory `parts` names below `folder`, or None if it leads outside. Looked up
    once per run: the dossiers of a folder share their attachment folders."""
    path = folder
    for part in parts:
        path = os.path.join(path, part)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                real = _realpath(os.path.join(folder, *parts))
                return real if os.path.commonpath([folder, real]) == folder else None
        except OSError:
            return os.path.join(folder, *parts)  # missing: reported when the file is opened
    return path


def _content(path: str, want_digest: bool) -> tuple[bytes, str | None] | None:
    """First bytes and SHA-256 of a regular file, reading it at most once while it is unchanged;
    None if it is not a regular file. Raises _Link if the path's last part is a link."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY)
    except OSError as exc:
        if _NOFOLLOW and exc.errno == errno.ELOOP:
            raise _Link from None
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        key = (path, info.st_size, info.st_mtime_ns, want_digest)
        cached = _CONTENT.get(key)
        if cached is not None:
            _CONTENT.move_to_end(key)
            return cached
        h = hashlib.sha256() if want_digest else None
        # Ask for what the file holds (plus one byte to see its end), at most 1 MiB at a time:
        # a fixed 1 MiB request per small file fragments the heap of a long run.
        step = min(info.st_size + 1, 1 << 20)
        block = os.read(fd, step)
        head = block[: len(PDF_MAGIC)]
        while h is not None and block:
            h.update(block)
            block = os.read(fd, step)
        result = (head, h.hexdigest() if h is not None else None)
    finally:
        os.close(fd)
    _CONTENT[key] = result
    if len(_CONTENT) > CACHE_SIZE:
        _CONTENT.popitem(last=False)
    return result


class _Link(Exception):
    """The attachment itself is a symbolic link."""


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
        parts = [p for p in parts if p not in ("", ".")]
        directory = _directory(folder, tuple(parts[:-1])) if parts else None
        if directory is None:
            yield Issue("attachment-outside", pointer((*path, "file")), params)
            continue
        expected = att.get("sha256")
        target = os.path.join(directory, parts[-1])
        try:
            content = _content(target, isinstance(expected, str))
        except _Link:
            real = _realpath(target)
            if os.path.commonpath([folder, real]) != folder:
                yield Issue("attachment-outside", pointer((*path, "file")), params)
                continue
            content = _content(real, isinstance(expected, str))
        except OSError:
            content = None
        if content is None:
            yield Issue("attachment-missing", pointer((*path, "file")), params)
            continue
        head, digest = content
        if att.get("type") == "pdf" and head != PDF_MAGIC:
            yield Issue("attachment-not-pdf", pointer((*path, "type")), params)
        if isinstance(expected, str) and digest != expected.lower():
            yield Issue("attachment-hash", pointer((*path, "sha256")), params)
