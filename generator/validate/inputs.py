"""Which files a run checks: files, folders (walked in a stable order), wildcards and `-` (a
dossier on standard input), less what --exclude names. Nothing is passed over in silence: a
folder that cannot be listed, or that holds no dossier at all, becomes a finding of its own, so
a run never reports success over files it did not read."""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.fileio import os_reason
from generator.validate import catalogue
from generator.validate.catalogue import Issue, words
from generator.validate.results import FileResult

STDIN = "-"
WHOLE_FILE = words("整个文件", "whole file")


@dataclass
class _Walk:
    exclude: tuple[str, ...]
    lang: str
    found: int = 0
    hidden: int = 0
    excluded: int = 0
    problems: list[FileResult] = field(default_factory=list)


def expand(
    paths: Iterable[str],
    lang: str = "zh",
    exclude: Iterable[str] = (),
    read_stdin: Callable[[], FileResult] | None = None,
) -> Iterator[str | FileResult]:
    """Files to check, lazily and in a stable order (a folder's files sorted, then its
    sub-folders), and a FileResult for each path that names nothing or cannot be read."""
    raws = list(paths)
    patterns = tuple(exclude)
    seen: set[str] | None = set() if len(raws) > 1 else None  # overlapping arguments
    for raw in raws:
        if raw == STDIN and read_stdin is not None:
            yield read_stdin()
            continue
        for item in _expand_one(raw, lang, patterns):
            if seen is not None and isinstance(item, str):
                key = os.path.realpath(item)
                if key in seen:
                    continue
                seen.add(key)
            yield item


def _excluded(path: str, patterns: tuple[str, ...]) -> bool:
    if not patterns:
        return False
    posix = path.replace(os.sep, "/")
    name = posix.rsplit("/", 1)[-1]
    return any(
        fnmatch.fnmatchcase(posix, p) or fnmatch.fnmatchcase(name, p)
        or fnmatch.fnmatchcase(posix, f"*/{p}")
        for p in patterns
    )  # fmt: skip


def _expand_one(raw: str, lang: str, exclude: tuple[str, ...]) -> Iterator[str | FileResult]:
    p = Path(raw)
    if p.is_dir():
        walk = _Walk(exclude, lang)
        yield from _walk(str(p), walk)
        if not walk.found and not walk.problems:
            yield _nothing(raw, walk)
    elif p.exists():
        yield raw
    elif glob.has_magic(raw):
        files = sorted(
            m
            for m in glob.glob(raw, recursive=True)
            if os.path.isfile(m) and not _excluded(m, exclude)
        )
        if not files:
            yield missing(
                raw, words("通配符没有匹配到任何文件", "the pattern matches no file"), lang
            )
        yield from files
    else:
        yield missing(raw, words("文件或文件夹不存在", "no such file or folder"), lang)


def _is_json(name: str) -> bool:
    # Windows writes .JSON as readily as .json; both are dossiers.
    return name[-5:].lower() == ".json"


def _walk(folder: str, walk: _Walk) -> Iterator[str | FileResult]:
    """A folder's .json files sorted, then each sub-folder's the same way; hidden names and
    linked folders are skipped, and a folder that cannot be listed is reported. One scandir per
    folder and no further system call per entry."""
    try:
        listing = os.scandir(folder)
    except OSError as exc:
        reason = os_reason(exc)
        problem = missing(
            folder,
            words(
                f"无法列出文件夹中的文件（{reason['zh']}），其中的材料都没有检查",
                f"the folder cannot be listed ({reason['en']}); nothing in it was checked",
            ),
            walk.lang,
        )
        walk.problems.append(problem)
        yield problem
        return
    files: list[str] = []
    folders: list[str] = []
    with listing:
        for entry in listing:
            name = entry.name
            if name.startswith("."):
                walk.hidden += _is_json(name)
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink():
                    folders.append(name)
            elif _is_json(name):
                files.append(name)
    for name in sorted(files):
        path = os.path.join(folder, name)
        if _excluded(path, walk.exclude):
            walk.excluded += 1
            continue
        walk.found += 1
        yield path
    for name in sorted(folders):
        path = os.path.join(folder, name)
        if _excluded(path, walk.exclude):
            continue
        yield from _walk(path, walk)


def _nothing(folder: str, walk: _Walk) -> FileResult:
    notes_zh, notes_en = [], []
    if walk.hidden:
        notes_zh.append(f"以 . 开头的隐藏文件 {walk.hidden} 个未检查")
        notes_en.append(f"{walk.hidden} hidden file(s) starting with . not checked")
    if walk.excluded:
        notes_zh.append(f"按 --exclude 略过 {walk.excluded} 个")
        notes_en.append(f"{walk.excluded} left out by --exclude")
    detail = words(
        f"（{'；'.join(notes_zh)}）" if notes_zh else "",
        f" ({'; '.join(notes_en)})" if notes_en else "",
    )
    issue = Issue("input-nothing-found", "", {"path": folder, "detail": detail})
    return FileResult(
        folder, None, [catalogue.finding(issue, folder, walk.lang, WHOLE_FILE[walk.lang], None)]
    )


def missing(raw: str, reason: dict[str, str], lang: str) -> FileResult:
    issue = Issue("input-unreadable", "", {"reason": reason})
    return FileResult(raw, None, [catalogue.finding(issue, raw, lang, WHOLE_FILE[lang], None)])
