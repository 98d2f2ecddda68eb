"""What the pre-commit hook checks (`szqz validate --only-dossiers`): pre-commit passes every
changed file; a JSON file is checked when it is a dossier of this spec (others, such as
.vscode/settings.json, are left alone), and any other file stands for the dossiers that name it as
an attachment, so that changing an attachment re-checks the dossier whose digest it must match."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path

from generator import spec


def marker() -> str:
    """What every dossier of this spec contains: the base of its $schema."""
    return str(spec.index()["base_uri"])


def dossier_paths(paths: Iterable[str]) -> list[str]:
    """JSON files as given; each other file replaced by the dossiers that name it (looked for in
    its folder and the folders above it, up to the current folder)."""
    found: list[str] = []
    seen: set[str] = set()
    for raw in paths:
        candidates = (
            [raw] if raw[-5:].lower() == ".json" or not os.path.isfile(raw) else _naming(raw)
        )
        for path in candidates:
            if path not in seen:
                seen.add(path)
                found.append(path)
    return found


def _naming(attachment: str) -> list[str]:
    here = Path.cwd().resolve()
    target = Path(attachment).resolve()
    found = []
    folder = target.parent
    while True:
        relative = target.relative_to(folder).as_posix()
        found += [str(d) for d in _dossiers_in(folder) if relative in _text(d)]
        if folder == here or folder == folder.parent or here not in folder.parents:
            break
        folder = folder.parent
    return [os.path.relpath(p) for p in found]


@functools.cache
def _dossiers_in(folder: Path) -> tuple[Path, ...]:
    try:
        return tuple(sorted(p for p in folder.iterdir() if p.suffix.lower() == ".json"))
    except OSError:
        return ()


@functools.cache
def _text(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return ""
    return text if marker() in text else ""
