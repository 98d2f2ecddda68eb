"""Shared test helpers: where things are, and discovery of the example dossiers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec"
FORMS = ROOT / "forms"
CASES = ROOT / "tests" / "cases"


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def example_files() -> list[Path]:
    return sorted(FORMS.glob("*/example*.json"))


def form_of(dossier: dict[str, Any]) -> str:
    return str(dossier["$schema"]).rsplit("/", 1)[1].removesuffix(".schema.json")
