"""What checking one file gives: its findings and, for the project-folder checks, a small record
of facts; or a note that the file was skipped (a report of ours found among the dossiers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.validate import project
from generator.validate.catalogue import Finding


@dataclass(slots=True)
class FileResult:
    file: str
    form: str | None
    findings: list[Finding]
    facts: project.Facts | None = None
    skipped: dict[str, str] | None = None  # why the file was not checked, in both languages

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Positional fields: cheaper to pickle than the generic slots protocol.
        return (FileResult, (self.file, self.form, self.findings, self.facts, self.skipped))


@dataclass(slots=True)
class Result:
    spec_version: str
    files: list[FileResult]
