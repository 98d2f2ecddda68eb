"""The pipeline for each file — read → parse → schema → rules → attachments — and for a run:
expand paths, stream files through worker processes, then the project-folder checks on the small
fact records the workers return. Nothing prints here; the report module renders the result."""

from __future__ import annotations

import datetime as dt
import functools
import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator import spec
from generator.validate import (
    attachments,
    catalogue,
    fields,
    positions,
    project,
    reader,
    rules,
    schema_check,
)
from generator.validate.catalogue import Finding, Issue

PARALLEL_THRESHOLD = 64


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


@dataclass(slots=True)
class Result:
    spec_version: str
    files: list[FileResult]

    @property
    def findings(self) -> Iterator[Finding]:
        for f in self.files:
            yield from f.findings

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def input_failed(self) -> bool:
        return any(catalogue.entry(f.code)["kind"] == "input" for f in self.findings)


@functools.cache
def known_forms() -> dict[str, str]:
    return {spec.schema_id(f.id): f.id for f in spec.forms()}


def _known_list() -> str:
    return "、".join(f"{f.id}（{f.title}）" for f in spec.forms()) + f"；规范版本 {spec.version()}"


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
        else ("整个文件" if not issue.pointer else issue.pointer)
    )
    # A schema finding rests on the articles of the field itself.
    arts = fields.articles(form, path) if form and issue.code.startswith("schema-") else None
    return catalogue.finding(issue, file, lang, title, position, arts)


def validate_file(path: Path, options: Options) -> FileResult:
    rules.load_all()
    name = str(path)
    parsed = reader.read(path, options.max_bytes)
    if parsed.issue is not None or parsed.data is None:
        assert parsed.issue is not None
        return FileResult(
            name, None, [_finding(parsed.issue, name, None, parsed.text, options.lang)]
        )
    data, text = parsed.data, parsed.text
    declared = data.get("$schema")
    form = known_forms().get(declared) if isinstance(declared, str) else None
    if form is None:
        issue = Issue(
            "input-unknown-schema",
            "/$schema" if "$schema" in data else "",
            {"found": declared if declared is not None else "（未填写）", "known": _known_list()},
        )
        return FileResult(name, None, [_finding(issue, name, None, text, options.lang)])
    issues = list(schema_check.check(form, data))
    schema_valid = not issues
    if schema_valid:
        context = rules.Context(form=form, today=options.today)
        issues.extend(rules.run(form, data, context))
    issues.extend(attachments.check(path, data, form))
    findings = [_finding(i, name, form, text, options.lang) for i in issues]
    folder = str(path.parent)
    # Only a dossier that passed its schema is compared with its neighbours: its fields are there.
    facts = project.facts(name, folder, form, data) if schema_valid else None
    return FileResult(name, form, findings, facts)


def expand(paths: Iterable[str]) -> tuple[list[Path], list[FileResult]]:
    """Files to check, in a stable order, and results for paths that name nothing."""
    files: list[Path] = []
    missing: list[FileResult] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(
                sorted(
                    f
                    for f in p.rglob("*.json")
                    if not any(part.startswith(".") for part in f.relative_to(p).parts)
                )
            )
        elif p.exists():
            files.append(p)
        elif glob.has_magic(raw):
            matched = sorted(Path(m) for m in glob.glob(raw, recursive=True))
            files.extend(m for m in matched if m.is_file())
            if not matched:
                missing.append(_missing(raw, "通配符没有匹配到任何文件"))
        else:
            missing.append(_missing(raw, "文件或文件夹不存在"))
    seen: set[Path] = set()
    unique = [f for f in files if not (f in seen or seen.add(f))]  # type: ignore[func-returns-value]
    return unique, missing


def _missing(raw: str, reason: str) -> FileResult:
    issue = Issue("input-unreadable", "", {"reason": reason})
    return FileResult(raw, None, [catalogue.finding(issue, raw, "zh", "整个文件", None)])


_WORKER_OPTIONS: Options | None = None


def _init_worker(options: Options) -> None:
    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options
    rules.load_all()


def _work(path: Path) -> FileResult:
    assert _WORKER_OPTIONS is not None
    return validate_file(path, _WORKER_OPTIONS)


def _stream(files: list[Path], options: Options) -> Iterator[FileResult]:
    jobs = options.jobs or os.cpu_count() or 1
    if jobs <= 1 or len(files) < PARALLEL_THRESHOLD:
        rules.load_all()
        for f in files:
            yield validate_file(f, options)
        return
    import multiprocessing

    context = (
        multiprocessing.get_context("fork")
        if hasattr(os, "fork")
        else multiprocessing.get_context()
    )
    with context.Pool(jobs, initializer=_init_worker, initargs=(options,)) as pool:
        yield from pool.imap(_work, files, chunksize=64)


def validate_paths(paths: Iterable[str], options: Options) -> Result:
    files, missing = expand(paths)
    results = [*missing]
    records: list[project.Facts] = []
    by_file: dict[str, FileResult] = {}
    for result in _stream(files, options):
        results.append(result)
        by_file[result.file] = result
        if result.facts is not None:
            records.append(result.facts)
    for file, issue in project.check(records):
        target = by_file[file]
        text = _read_text(file)
        target.findings.append(_finding(issue, file, target.form, text, options.lang))
    return Result(spec.version(), results)


def _read_text(file: str) -> str | None:
    try:
        return Path(file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
