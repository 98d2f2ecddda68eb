"""The pipeline for each file — read → parse → schema → rules → attachments — and for a run:
expand paths (inputs), stream files through worker processes (pool), then the project-folder
checks on the small fact records the workers return. Nothing prints here; the report module
renders the result. Whatever goes wrong inside one file becomes an internal-error finding for
that file: one file never aborts a run."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
import traceback
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__, spec
from generator.review.record import record as review_record
from generator.validate import (
    attachments,
    catalogue,
    documents,
    fields,
    inputs,
    locations,
    pool,
    positions,
    project,
    reader,
    rules,
    schema_check,
)
from generator.validate.catalogue import Finding, Issue, words
from generator.validate.inputs import WHOLE_FILE
from generator.validate.results import FileResult, Result

__all__ = ["FileResult", "Options", "Result", "stream", "validate_file", "validate_parsed"]

# What our own reports say of themselves; such a file among the dossiers is skipped.
REPORT_FORMAT = "szqz-validation-report"
OWN_REPORT = words("本工具生成的报告", "a report written by this tool")


@dataclass(frozen=True, slots=True)
class Options:
    lang: str = "zh"
    today: dt.date = field(default_factory=dt.date.today)
    max_bytes: int = 10 * 1024 * 1024
    jobs: int = 0
    exclude: tuple[str, ...] = ()
    # More findings than this in one file are summed up as one ("and N more"): a file with
    # thousands of bad entries must not stall a run or drown its report.
    max_findings: int = 200
    # pre-commit: JSON that is not a dossier of this spec is skipped, not reported.
    only_dossiers: bool = False
    # The reviewer's reports (html, xlsx, `szqz due`): keep a small record of each dossier's
    # project and dates (generator.review.record), made here in the worker.
    records: bool = False


@functools.cache
def known_forms() -> dict[str, str]:
    return {spec.schema_id(f.id): f.id for f in spec.forms()}


def _known_list() -> dict[str, str]:
    forms = [f"{f.id}（{f.title}）" for f in spec.forms()]
    return words(
        "、".join(forms) + f"；规范版本 {spec.version()}",
        ", ".join(forms) + f"; spec version {spec.version()}",
    )


def _finding(
    issue: Issue,
    file: str,
    form: str | None,
    text: str | None,
    lang: str,
    places: dict[str, tuple[int, int]] | None = None,
) -> Finding:
    position: tuple[int, int] | None = None
    if "at" in issue.params:
        position = issue.params.pop("at")
    elif places is not None:
        position = places.get(issue.pointer)
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
    try:
        parsed = reader.read(name, options.max_bytes)
    except Exception as exc:  # one file's fault must not abort the run
        return internal_error(name, None, exc, options.lang)
    return validate_parsed(name, parsed, options)


def validate_parsed(
    name: str, parsed: reader.Parsed, options: Options, on_disk: bool = True
) -> FileResult:
    """Schema, rules and (for a dossier on disk) its attachments and project facts. The browser
    checks a dossier held in memory with on_disk=False: there is no folder to look in. Anything
    unforeseen becomes an internal-error finding for this file alone."""
    try:
        return _validate(name, parsed, options, on_disk)
    except Exception as exc:  # one file's fault must not abort the run
        data = parsed.data
        declared = data.get("$schema") if isinstance(data, dict) else None
        form = known_forms().get(declared) if isinstance(declared, str) else None
        return internal_error(name, form, exc, options.lang)


def internal_error(name: str, form: str | None, exc: BaseException, lang: str) -> FileResult:
    """The finding that says this tool, not the dossier, failed, with where it failed."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "generator" in Path(f.filename).parts] or frames
    where = "?"
    if ours:
        parts = Path(ours[-1].filename).parts
        inside = (
            parts[len(parts) - parts[::-1].index("generator") :]
            if "generator" in parts
            else parts[-1:]
        )
        where = f"{'/'.join(inside)}:{ours[-1].lineno}"
    text = f"{type(exc).__name__}: {exc}"
    if len(text) > 200:
        text = text[:200] + "…"
    # The message may quote a dossier's text; keep it writable in any encoding.
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    issue = Issue("internal-error", "", {"error": f"{text} @ {where}", "version": __version__})
    return FileResult(name, form, [catalogue.finding(issue, name, lang, WHOLE_FILE[lang], None)])


NOT_A_DOSSIER = words(
    "不是本规范的申报材料（没有写明本规范的 $schema）", "not a dossier of this spec"
)


def _validate(name: str, parsed: reader.Parsed, options: Options, on_disk: bool) -> FileResult:
    rules.load_all()
    if options.only_dossiers and not _declares_ours(parsed):
        return FileResult(name, None, [], skipped=NOT_A_DOSSIER)
    if parsed.issue is not None or parsed.data is None:
        assert parsed.issue is not None
        return FileResult(
            name, None, [_finding(parsed.issue, name, None, parsed.text, options.lang)]
        )
    data = parsed.data
    declared = data.get("$schema")
    form = known_forms().get(declared) if isinstance(declared, str) else None
    if form is None and _own_report(data):
        return FileResult(name, None, [], skipped=OWN_REPORT)
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
    text = parsed.text
    places = positions.locate_all(text, [i.pointer for i in issues]) if text and issues else {}
    if len(issues) > options.max_findings:
        hidden = len(issues) - options.max_findings
        # The first ones in the file, so that which are listed does not depend on the order
        # the schema engine happened to report them in.
        issues.sort(key=lambda i: (places.get(i.pointer, (0, 0)), i.pointer))
        issues = issues[: options.max_findings]
        issues.append(Issue("findings-capped", "", {"shown": len(issues), "more": hidden}))
    findings = [_finding(i, name, form, text, options.lang, places) for i in issues]
    # Only a dossier that passed its schema is compared with its neighbours: its fields are there.
    facts = None
    if on_disk and schema_valid:
        facts = project.facts(name, os.path.dirname(name), form, data)
    kept = review_record(form, data) if options.records else None
    return FileResult(name, form, findings, facts, record=kept)


def _declares_ours(parsed: reader.Parsed) -> bool:
    """Whether a file claims to be a dossier of this spec (any version): its $schema, or for a
    file that cannot be parsed, its text, names the spec's base address."""
    from generator.validate.precommit import marker

    if parsed.data is not None:
        declared = parsed.data.get("$schema")
        return isinstance(declared, str) and declared.startswith(marker())
    return parsed.text is not None and marker() in parsed.text


def _own_report(data: dict[str, object]) -> bool:
    """A JSON or SARIF report of ours (read back when it was written among the dossiers)."""
    if data.get("format") == REPORT_FORMAT:
        return True
    runs = data.get("runs")
    if "sarif" in str(data.get("$schema", "")) and isinstance(runs, list) and runs:
        tool = runs[0].get("tool") if isinstance(runs[0], dict) else None
        driver = tool.get("driver") if isinstance(tool, dict) else None
        return isinstance(driver, dict) and driver.get("name") == "szqz"
    return False


def _warm() -> None:
    """Compile every form's validator and index once, before the workers are forked, so that
    each worker inherits them instead of building its own."""
    rules.load_all()
    known_forms()
    catalogue.entries()
    for form in spec.forms():
        schema_check.validator(form.id)
        for name in ("uscc", "attachment"):
            locations.patterns(form.id, name)


def _stdin(options: Options) -> FileResult:
    """A dossier piped in (`-`): read here, not in a worker; its attachments are looked for in
    the current folder."""
    try:
        raw = sys.stdin.buffer.read(options.max_bytes + 1)
    except (OSError, ValueError) as exc:
        return internal_error(inputs.STDIN, None, exc, options.lang)
    return validate_parsed(inputs.STDIN, reader.parse_bytes(raw, options.max_bytes), options)


def stream(paths: Iterable[str], options: Options) -> Generator[FileResult, None, None]:
    """Results file by file. The dossiers of one folder are held back until the folder is done,
    then compared with each other (project-folder checks) and released."""
    folder: str | None = None
    held: list[FileResult] = []
    if options.only_dossiers:
        from generator.validate.precommit import dossier_paths

        paths = dossier_paths(paths)
    items = inputs.expand(paths, options.lang, options.exclude, lambda: _stdin(options))
    check = functools.partial(validate_file, options=options)
    jobs = options.jobs or os.cpu_count() or 1
    for result in pool.checked(items, jobs, check, _warm):
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
        try:
            for file, issue in project.check(records):
                target = by_file[file]
                target.findings.append(
                    _finding(issue, file, target.form, _read_text(file), options.lang)
                )
        except Exception as exc:  # one folder's fault must not abort the run
            first = by_file[records[0].file]
            first.findings += internal_error(first.file, first.form, exc, options.lang).findings
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
