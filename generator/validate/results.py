"""What checking one file gives: its findings and, for the project-folder checks, a small record
of facts (and, for the reviewer's reports, a small record of its project and dates); or a note
that the file was skipped (a report of ours found among the dossiers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.review.record import Record
from generator.validate import project
from generator.validate.catalogue import Finding


@dataclass(slots=True)
class FileResult:
    file: str
    form: str | None
    findings: list[Finding]
    facts: project.Facts | None = None
    skipped: dict[str, str] | None = None  # why the file was not checked, in both languages
    record: Record | None = None  # for the reviewer's reports (Options.records)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Positional fields: cheaper to pickle than the generic slots protocol.
        return (
            FileResult,
            (self.file, self.form, self.findings, self.facts, self.skipped, self.record),
        )


@dataclass(slots=True)
class Result:
    spec_version: str
    files: list[FileResult]
