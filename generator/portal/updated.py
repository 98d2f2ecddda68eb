"""When each portal page last changed, shown at its foot: the date of the last commit that touched
the files the page is made from (a hand-written page's own file; for a generated page, the spec
data and the code that writes it). Read from git; a copy of the project without its history
(an unpacked release) shows the spec's release date instead."""

from __future__ import annotations

import functools
import subprocess

from generator import spec
from generator.paths import ROOT

# Generated pages → what they are made from, relative to the project's folder.
SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("regulation.md", ("spec/regulation", "generator/portal/pages.py")),
    ("checks.md", ("spec/checks.yaml", "tests/cases", "generator/portal/pages.py")),
    ("deadlines.md", ("spec/checks.yaml", "spec/calendar", "generator/portal/pages.py")),
    ("glossary.md", ("spec/glossary.yaml", "generator/portal/guide.py")),
    ("about.md", ("spec/portal.yaml", "generator/portal/guide.py")),
    (
        "guide/",
        ("spec/guide.yaml", "spec/portal.yaml", "spec/schemas", "generator/portal/guide.py"),
    ),
    ("forms/", ("spec/schemas", "spec/checks.yaml", "generator/portal/formpage.py")),
    ("fill/", ("spec/schemas", "generator/fill")),
)


@functools.cache
def _git_date(paths: tuple[str, ...]) -> str | None:
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", *paths],
            cwd=ROOT, capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    date = done.stdout.strip()
    return date if done.returncode == 0 and date else None


def sources(uri: str, generated: bool) -> tuple[str, ...]:
    if not generated:
        return (f"site/{uri}",)
    for prefix, paths in SOURCES:
        if uri == prefix or (prefix.endswith("/") and uri.startswith(prefix)):
            form = uri.removeprefix(prefix).removesuffix(".md")
            extra = (f"forms/{form}",) if prefix == "forms/" else ()
            return (*paths, *extra)
    return ("spec",)


def last_changed(uri: str, generated: bool) -> str:
    return _git_date(sources(uri, generated)) or str(spec.index()["released_on"])
