"""Where the project's files are: the spec (shipped inside the package through the `spec`
link, so a plain `pip install` carries it), forms, templates and the build folder."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SPEC = PACKAGE / "spec"
CASES = PACKAGE / "cases"  # the check cases (tests/cases), shipped for `szqz explain`
ROOT = PACKAGE.parent
FORMS = ROOT / "forms"
SITE = ROOT / "site"
BUILD = ROOT / "build"
TEMPLATES = PACKAGE / "templates"
ASSETS = PACKAGE / "assets"
