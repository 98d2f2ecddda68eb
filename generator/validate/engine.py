"""The pipeline for each file — read → parse → schema → rules → attachments — and for a run:
expand paths, stream files through worker processes, then the project-folder checks on the small
fact records the workers return. Nothing prints here; the report module renders the result."""

from __future__ import annotations

import datetime as dt
import functools
import glob
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import spec
from generator.validate import (
    attachments,
    catalogue,
    documents,
    fields,
    locations,
    positions,
    project,
    reader,
    rules,
    schema_check,
)
from generator.validate.catalogue import Finding, Issue, words

PARALLEL_THRESHOLD = 64
BATCH = 2048  # files handed to the workers at a time
CHUNK = 128


WHOLE_FILE = words("整个文件", "whole file")


@dataclass(frozen=True, slots=True)
class Options:
    lang: str = "zh"
    today: dt.date = field(default_factory=dt.date.today)
    max_bytes: int = 10 * 1024 * 1024
    jobs: int = 0


@dataclass(slots=True)
class FileResult:
    file: str
    form: str | None
    findings: list[Finding]
    facts: project.Facts | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Positional fields: cheaper to pickle than the generic slots protocol.
        return (FileResult, (self.file, self.form, self.findings, self.facts))


@dataclass(slots=True)
class Result:
    spec_version: str
    files: list[FileResult]


@functools.cache
def known_forms() -> dict[str, str]:
    return {spec.schema_id(f.id): f.id for f in spec.forms()}


def _known_list() -> dict[str, str]:
    forms = [f"{f.id}（{f.title}）" for f in spec.forms()]
    return words(
        "、".join(forms) + f"；规范版本 {spec.version()}",
        ", ".join(forms) + f"; spec version {spec.version()}",
    )


def _finding(issue: Issue, file: str, form: str | None, text: str | None, lang: str) -> Finding:
    position: tuple[int, int] | None = None
    if "at" in issue.params:
        position = issue.params.pop("at")
    elif text is not None:
        position = positions.locate(text, issue.pointer)
    path = positions.split_pointer(issue.pointer)
    title = (
        fields.title(form, path)
        if form and issue.pointer
        else (WHOLE_FILE[lang] if not issue.pointer else issue.pointer)
    )
    # A missing field or a value outside its list rests on the articles of the field itself.
    cites_field = catalogue.entry(issue.code).get("cites_field")
    arts = fields.articles(form, path) if form and cites_field else None
    return catalogue.finding(issue, file, lang, title, position, arts)


def validate_file(path: str | Path, options: Options) -> FileResult:
    name = str(path)
    return validate_parsed(name, reader.read(name, options.max_bytes), options)


def validate_parsed(
    name: str, parsed: reader.Parsed, options: Options, on_disk: bool = True
) -> FileResult:
    """Schema, rules and (for a dossier on disk) its attachments and project facts. The browser
    checks a dossier held in memory with on_disk=False: there is no folder to look in."""
    rules.load_all()
    if parsed.issue is not None or parsed.data is None:
        assert parsed.issue is not None
        return FileResult(
            name, None, [_finding(parsed.issue, name, None, parsed.text, options.lang)]
        )
    data = parsed.data
    declared = data.get("$schema")
    form = known_forms().get(declared) if isinstance(declared, str) else None
    if form is None:
        issue = Issue(
            "input-unknown-schema",
            "/$schema" if "$schema" in data else "",
            {
                "found": declared if declared is not None else words("（未填写）", "(none)"),
                "known": _known_list(),
            },
        )
        return FileResult(name, None, [_finding(issue, name, None, parsed.text, options.lang)])
    issues = list(schema_check.check(form, data))
    schema_valid = not issues
    if schema_valid:
        context = rules.Context(form=form, today=options.today)
        issues.extend(rules.run(form, data, context))
    if on_disk:
        issues.extend(attachments.check(name, data, form))
        issues.extend(documents.check(name, data, form))
    findings = [_finding(i, name, form, parsed.text, options.lang) for i in issues]
    # Only a dossier that passed its schema is compared with its neighbours: its fields are there.
    facts = None
    if on_disk and schema_valid:
        facts = project.facts(name, os.path.dirname(name), form, data)
    return FileResult(name, form, findings, facts)


def expand(paths: Iterable[str], lang: str = "zh") -> Iterator[str | FileResult]:
    """Files to check, lazily and in a stable order (a folder's files sorted, then its
    sub-folders), and a FileResult for each path that names nothing."""
    raws = list(paths)
    seen: set[str] | None = set() if len(raws) > 1 else None  # overlapping arguments
    for raw in raws:
        for item in _expand_one(raw, lang):
            if seen is not None and isinstance(item, str):
                key = os.path.realpath(item)
                if key in seen:
                    continue
                seen.add(key)
            yield item


def _expand_one(raw: str, lang: str) -> Iterator[str | FileResult]:
    p = Path(raw)
    if p.is_dir():
        yield from _walk(str(p))
    elif p.exists():
        yield raw
    elif glob.has_magic(raw):
        files = sorted(m for m in glob.glob(raw, recursive=True) if os.path.isfile(m))
        if not files:
            yield _missing(
                raw, words("通配符没有匹配到任何文件", "the pattern matches no file"), lang
            )
        yield from files
    else:
        yield _missing(raw, words("文件或文件夹不存在", "no such file or folder"), lang)


def _walk(folder: str) -> Iterator[str]:
    """A folder's .json files sorted, then each sub-folder's the same way; hidden names and
    linked folders are skipped, and a folder that cannot be listed is passed over (as os.walk
    does). One scandir per folder and no further system call per entry."""
    try:
        listing = os.scandir(folder)
    except OSError:
        return
    files: list[str] = []
    folders: list[str] = []
    with listing:
        for entry in listing:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink():
                    folders.append(name)
            elif name.endswith(".json"):
                files.append(name)
    for name in sorted(files):
        yield os.path.join(folder, name)
    for name in sorted(folders):
        yield from _walk(os.path.join(folder, name))


def _missing(raw: str, reason: dict[str, str], lang: str) -> FileResult:
    issue = Issue("input-unreadable", "", {"reason": reason})
    return FileResult(raw, None, [catalogue.finding(issue, raw, lang, WHOLE_FILE[lang], None)])


_WORKER_OPTIONS: Options | None = None


def _init_worker(options: Options) -> None:
    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options
    rules.load_all()


def _work(paths: list[str]) -> list[FileResult]:
    assert _WORKER_OPTIONS is not None
    return [validate_file(p, _WORKER_OPTIONS) for p in paths]


def _batches(items: Iterator[str | FileResult], size: int) -> Iterator[list[str | FileResult]]:
    batch: list[str | FileResult] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _warm() -> None:
    """Compile every form's validator and index once, before the workers are forked, so that
    each worker inherits them instead of building its own."""
    known_forms()
    catalogue.entries()
    for form in spec.forms():
        schema_check.validator(form.id)
        for name in ("uscc", "attachment"):
            locations.patterns(form.id, name)


def _checked(items: Iterator[str | FileResult], options: Options) -> Iterator[FileResult]:
    """Each file's result, in order. Files go to worker processes in bounded batches, so memory
    does not grow with the number of files. The next batch is handed over before the current
    one is collected, so the workers never wait while this process lists files or writes the
    report; at most two batches are in flight."""
    rules.load_all()
    jobs = options.jobs or os.cpu_count() or 1
    pool = None
    pending: deque[tuple[list[str | FileResult], Iterator[FileResult]]] = deque()
    try:
        for batch in _batches(items, BATCH):
            paths = [i for i in batch if isinstance(i, str)]
            if jobs > 1 and len(paths) >= PARALLEL_THRESHOLD and pool is None:
                import multiprocessing

                _warm()
                context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
                pool = context.Pool(jobs, initializer=_init_worker, initargs=(options,))
            done: Iterator[FileResult]
            if pool is not None:
                # Large chunks cost the fewest messages; small runs still give every worker some.
                size = max(1, min(CHUNK, len(paths) // (jobs * 4)))
                chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
                done = (r for rs in pool.imap(_work, chunks) for r in rs)
            else:
                done = (validate_file(p, options) for p in paths)
            pending.append((batch, done))
            if len(pending) > 1:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
    finally:
        if pool is not None:
            pool.close()
            pool.join()


def _collect(batch: list[str | FileResult], done: Iterator[FileResult]) -> Iterator[FileResult]:
    for item in batch:
        yield next(done) if isinstance(item, str) else item


def stream(paths: Iterable[str], options: Options) -> Iterator[FileResult]:
    """Results file by file. The dossiers of one folder are held back until the folder is done,
    then compared with each other (project-folder checks) and released."""
    folder: str | None = None
    held: list[FileResult] = []
    for result in _checked(expand(paths, options.lang), options):
        here = os.path.dirname(result.file)
        if here != folder and held:
            yield from _compare(held, options)
            held = []
        folder = here
        held.append(result)
    yield from _compare(held, options)


def _compare(results: list[FileResult], options: Options) -> list[FileResult]:
    records = [r.facts for r in results if r.facts is not None]
    if len(records) > 1:
        by_file = {r.file: r for r in results}
        for file, issue in project.check(records):
            target = by_file[file]
            target.findings.append(
                _finding(issue, file, target.form, _read_text(file), options.lang)
            )
    for r in results:
        r.facts = None  # no longer needed; keeps what a caller may hold small
    return results


def validate_paths(paths: Iterable[str], options: Options) -> Result:
    """The whole run at once, for callers that want every result in hand (tests, small runs)."""
    return Result(spec.version(), list(stream(paths, options)))


def _read_text(file: str) -> str | None:
    try:
        return Path(file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
