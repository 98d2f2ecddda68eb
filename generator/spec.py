"""The spec as objects: its index (spec.yaml), the regulation data, the form schemas and the
check catalogue. The validator, the PDFs and the portal all read the spec through this module."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.paths import SPEC


@dataclass(frozen=True)
class Form:
    id: str
    title: str
    stage: str
    submitter: str
    recipient: str
    when: str
    articles: tuple[str, ...]

    @property
    def schema_file(self) -> Path:
        return SPEC / "schemas" / f"{self.id}.schema.json"


def load_yaml(path: Path) -> Any:
    # libyaml's loader when present: the pure-Python one costs a tenth of a second per start.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


def _load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@functools.cache
def index() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(SPEC / "spec.yaml")
    return data


def version() -> str:
    return str(index()["version"])


def base_uri() -> str:
    """The folder URI of this version's schemas, ending in a slash."""
    return f"{index()['base_uri']}{version()}/"


def schema_id(form_id: str) -> str:
    return f"{base_uri()}{form_id}.schema.json"


@functools.cache
def forms() -> tuple[Form, ...]:
    return tuple(
        Form(
            id=f["id"],
            title=f["title"],
            stage=f["stage"],
            submitter=f["submitter"],
            recipient=f["recipient"],
            when=f["when"],
            articles=tuple(f["articles"]),
        )
        for f in index()["forms"]
    )


def form(form_id: str) -> Form:
    for f in forms():
        if f.id == form_id:
            return f
    raise KeyError(form_id)


@functools.cache
def schema(form_id: str) -> dict[str, Any]:
    data: dict[str, Any] = _load_json(SPEC / "schemas" / f"{form_id}.schema.json")
    return data


@functools.cache
def defs_schema() -> dict[str, Any]:
    data: dict[str, Any] = _load_json(SPEC / "schemas" / "defs.schema.json")
    return data


def all_schemas() -> dict[str, dict[str, Any]]:
    """Every schema document of this version keyed by its $id (the forms and the shared defs)."""
    docs = [defs_schema(), *(schema(f.id) for f in forms())]
    return {d["$id"]: d for d in docs}


@functools.cache
def regulation() -> dict[str, Any]:
    data: dict[str, Any] = _load_json(SPEC / index()["regulation"])
    return data


def _indexed(*keys: str) -> dict[str, Any]:
    """A YAML file of the spec by its place in the index (spec.yaml)."""
    entry: Any = index()
    for key in keys:
        entry = entry[key]
    data: dict[str, Any] = load_yaml(SPEC / entry)
    return data


@functools.cache
def checks() -> dict[str, Any]:
    return _indexed("checks")


@functools.cache
def citations() -> dict[str, Any]:
    """Which words of which article impose each form field and each check."""
    return _indexed("citations")


@functools.cache
def authorities() -> dict[str, Any]:
    """The city's bodies the regulation names, and which documents each must issue."""
    return _indexed("authorities")


@functools.cache
def calendar_overlay() -> dict[str, Any]:
    """Guangxi's 壮族三月三 days, year by year."""
    return _indexed("calendar", "regional")


@functools.cache
def calendar_national() -> dict[str, Any]:
    """State Council years added as data, and the bounds used where a year is missing."""
    return _indexed("calendar", "national")


@functools.cache
def paper() -> dict[str, Any]:
    """How each form looks on paper (spec/paper.yaml): titles, covers, opinion boxes."""
    data: dict[str, Any] = load_yaml(SPEC / index()["paper"])
    return data


@functools.cache
def glossary() -> list[dict[str, Any]]:
    """The terms clerks use, with their short forms (the 术语 page and the search's words)."""
    terms: list[dict[str, Any]] = _indexed("glossary")["terms"]
    return terms


@functools.cache
def guide() -> list[dict[str, Any]]:
    """The 办事指南 of each stage: steps, time limits and questions."""
    stages: list[dict[str, Any]] = _indexed("guide")["stages"]
    return stages


@functools.cache
def portal_settings() -> dict[str, dict[str, Any]]:
    """The bureau's own settings (主办单位, 咨询电话, 受理窗口 …): each a title and a value that
    stays None until the bureau sets it."""
    settings: dict[str, dict[str, Any]] = _indexed("portal")["settings"]
    return settings
