"""Shared test helpers: where things are, and discovery of the example dossiers."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bench import CHROMIUM_ARGS

if TYPE_CHECKING:
    from playwright.sync_api import Browser

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


# The browser tests: Playwright drives Debian's chromium (headless) over the portal, built once
# per test session and served on localhost.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-d", str(out)],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    return out


@pytest.fixture(scope="session")
def site(built_site: Path) -> Iterator[str]:
    from generator.serve import handler

    # The handler `szqz serve` uses, so the browser tests meet the portal as a clerk does.
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler(built_site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is not installed (scripts/system-deps.sh)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def in_schema_order(node: dict[str, Any], value: Any) -> Any:
    """`value` with every object's members in the order its schema lists them (members the
    schema does not know last, as they were): the one layout the fill pages save."""
    from generator.blank import resolve

    node = resolve(node)
    if isinstance(value, dict):
        props = node.get("properties", {})
        ordered = {k: in_schema_order(props[k], value[k]) for k in props if k in value}
        ordered.update({k: v for k, v in value.items() if k not in props})
        return ordered
    if isinstance(value, list) and isinstance(node.get("items"), dict):
        return [in_schema_order(node["items"], v) for v in value]
    return value
