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

from generator.fileio import READ_FLAGS, os_reason
from generator.validate import locations, near
from generator.validate.catalogue import Issue
from generator.validate.schema_check import pointer

PDF_MAGIC = b"%PDF-"


# Bounded caches: a bulk run's memory must not grow with the number of files.
CACHE_SIZE = 4096


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FLAGS = READ_FLAGS | _NOFOLLOW
_DRIVES = os.name == "nt"  # names like C:x lead outside as well
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


def _content(path: str, want_digest: bool) -> tuple[bytes, str | None]:
    """First bytes and SHA-256 of a regular file, reading it at most once while it is unchanged.
    Raises _Link if the path's last part is a link, _NotRegular for a folder, pipe or device,
    OSError when it cannot be opened."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if _NOFOLLOW and exc.errno == errno.ELOOP:
            raise _Link from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular(stat.S_ISDIR(info.st_mode))
        key = (path, info.st_size, info.st_mtime_ns, want_digest)
        cached = _CONTENT.get(key)
        if cached is not None:
            _CONTENT.move_to_end(key)
            return cached
        # Ask for what the file holds plus one byte, at most 1 MiB at a time (a fixed 1 MiB
        # request per small file fragments the heap of a long run). A short read is the end of
        # a regular file, so a small attachment takes one read.
        step = min(info.st_size + 1, 1 << 20)
        block = os.read(fd, step)
        head = block[: len(PDF_MAGIC)]
        digest: str | None = None
        if want_digest:
            h = hashlib.sha256(block)
            while len(block) == step:
                block = os.read(fd, step)
                h.update(block)
            digest = h.hexdigest()
        result = (head, digest)
    finally:
        os.close(fd)
    _CONTENT[key] = result
    if len(_CONTENT) > CACHE_SIZE:
        _CONTENT.popitem(last=False)
    return result


class _NotRegular(Exception):
    """The attachment is a folder, a pipe or a device, not a file."""


class _Link(Exception):
    """The attachment itself is a symbolic link."""


@functools.lru_cache(maxsize=CACHE_SIZE)
def _target(folder: str, name: str) -> str | None:
    """The path `name` (as written in a dossier) names inside `folder`, or None if it leads
    outside: an absolute path, a `..` part or a linked directory pointing out. The last part is
    not resolved here; _content refuses to follow it."""
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in parts:
        return None
    if _DRIVES and (os.path.isabs(name) or os.path.splitdrive(name)[0]):
        return None
    parts = [p for p in parts if p not in ("", ".")]
    if not parts:
        return None
    directory = _directory(folder, tuple(parts[:-1])) if len(parts) > 1 else folder
    if directory is None:
        return None
    return directory + parts[-1] if directory.endswith(os.sep) else directory + os.sep + parts[-1]


def check(dossier: str, data: dict[str, Any], form: str) -> Iterator[Issue]:
    found = locations.find(form, data, "attachment")
    if not found:
        return
    directory = os.path.dirname(dossier)
    if not os.path.isabs(directory):
        directory = os.path.join(os.getcwd(), directory)
    folder = _realpath(directory)
    for path, att in found:
        if not isinstance(att, dict):
            continue
        name = att.get("file")
        if not isinstance(name, str) or not name:
            continue
        if "\0" in name:
            yield _issue("attachment-missing", path, "file", att, near.nul_hint())
            continue
        target = _target(folder, name)
        if target is None:
            yield _issue("attachment-outside", path, "file", att)
            continue
        expected = att.get("sha256")
        want = isinstance(expected, str)
        try:
            try:
                head, digest = _content(target, want)
            except _Link:
                real = _realpath(target)
                if os.path.commonpath([folder, real]) != folder:
                    yield _issue("attachment-outside", path, "file", att)
                    continue
                head, digest = _content(real, want)
        except _NotRegular as exc:
            reason = near.FOLDER if exc.args[0] else near.NOT_REGULAR
            yield _issue("attachment-unreadable", path, "file", att, reason=reason)
            continue
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                hint = near.near_miss(target)
                yield _issue("attachment-missing", path, "file", att, hint)
            else:
                yield _issue("attachment-unreadable", path, "file", att, reason=os_reason(exc))
            continue
        if head != PDF_MAGIC and att.get("type") == "pdf":
            yield _issue("attachment-not-pdf", path, "type", att)
        if isinstance(expected, str) and digest != expected.lower():
            yield _issue("attachment-hash", path, "sha256", att)


def _issue(
    code: str,
    path: tuple[str | int, ...],
    key: str,
    att: dict[str, Any],
    hint: dict[str, str] | str = "",
    reason: dict[str, str] | str = "",
) -> Issue:
    params = {
        "title": att.get("title", ""),
        "file": near.printable(att["file"]),
        "near": hint,
        "reason": reason,
    }
    return Issue(code, pointer((*path, key)), params)
