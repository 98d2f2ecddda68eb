"""Where the project's files are. The spec and the check cases live in spec/ and tests/cases of
the repository; a built package carries copies of them inside itself (generator/spec and
generator/cases, put there by the build step in setup.py), so an installed validator reads
those and a checkout reads the originals. Forms, templates and the build folder follow."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent


def _data(inside: str, checkout: Path) -> Path:
    installed = PACKAGE / inside
    return installed if installed.is_dir() else checkout


SPEC = _data("spec", ROOT / "spec")
CASES = _data("cases", ROOT / "tests" / "cases")  # the check cases, shipped for `szqz explain`
FORMS = ROOT / "forms"
SITE = ROOT / "site"
BUILD = ROOT / "build"
TEMPLATES = PACKAGE / "templates"
ASSETS = PACKAGE / "assets"
