"""Schemas that resolve outside the project. The schemas' address is a build setting (`base_uri` in
spec/spec.yaml) that every $id, `$schema` const, example and case follows; a portal built for an
address publishes the schemas there, so check-jsonschema given a dossier's `$schema` fetches the
schema and its defs.schema.json from the portal with no --base-uri (here a portal published for
its localhost address and served by `szqz serve`'s handler); and ajv-cli in its default strict mode
accepts the published schemas with the keyword module the portal publishes beside them."""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FORMS, ROOT, example_files

from generator import maintain, spec
from generator.portal import publish

AJV = ROOT / "build" / "node" / "node_modules" / ".bin" / "ajv"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def test_every_file_carries_the_configured_address() -> None:
    """A changed base_uri reaches every file through `make templates`; this says when it has not."""
    fix = "spec/spec.yaml 的 base_uri 改过：运行 make templates"
    assert maintain.written_base() == spec.index()["base_uri"], fix
    assert spec.defs_schema()["$id"] == f"{spec.base_uri()}defs.schema.json", fix
    for form in spec.forms():
        schema = spec.schema(form.id)
        assert schema["$id"] == spec.schema_id(form.id), fix
        assert schema["properties"]["$schema"]["const"] == schema["$id"], fix
    for path in [*example_files(), *FORMS.glob("*/template.json")]:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["$schema"] == spec.schema_id(path.parent.name), f"{path}: {fix}"


def test_the_address_is_the_portals_spec_folder() -> None:
    base = str(spec.index()["base_uri"])
    assert base.startswith(("https://", "http://")) and base.endswith("/spec/"), base


def test_rebasing_changes_only_the_address() -> None:
    old = (ROOT / "spec" / "schemas" / "approval.schema.json").read_bytes()
    new = publish.rebase(old, "http://127.0.0.1:1/spec/1.0.0/")
    assert spec.base_uri().encode() not in new
    assert new.replace(b"http://127.0.0.1:1/spec/1.0.0/", spec.base_uri().encode()) == old


@pytest.fixture(scope="module")
def local_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The schemas as a portal built for http://127.0.0.1:<port>/ publishes them, served there."""
    from generator.serve import handler

    folder = tmp_path_factory.mktemp("local-portal")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler(folder))
    base = f"http://127.0.0.1:{server.server_address[1]}/spec/{spec.version()}/"
    for uri, data in publish.publish(base).items():
        (folder / uri).parent.mkdir(parents=True, exist_ok=True)
        (folder / uri).write_bytes(data)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("example", example_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_check_jsonschema_resolves_a_dossiers_schema_from_the_portal(
    local_portal: str, tmp_path: Path, example: Path
) -> None:
    dossier = tmp_path / example.name
    dossier.write_bytes(publish.rebase(example.read_bytes(), local_portal))
    schema = json.loads(dossier.read_text(encoding="utf-8"))["$schema"]
    assert schema.startswith(local_portal)
    done = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--no-cache", "--schemafile", schema, str(dossier)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


def _ajv(folder: Path, form: str, dossier: str, *extra: str) -> subprocess.CompletedProcess[str]:
    assert AJV.exists(), "ajv-cli is not installed: make vendor (scripts/vendor-web.sh)"
    assert shutil.which("node"), "node is not installed"
    return subprocess.run(
        [str(AJV), "validate", "--spec=draft2020", "-c", "ajv-formats", *extra,
         "-s", f"{form}.schema.json", "-r", "defs.schema.json", "-d", dossier],
        cwd=folder, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("form", [f.id for f in spec.forms()])
def test_ajv_strict_mode_accepts_the_published_schemas_with_their_keyword_module(
    built_site: Path, tmp_path: Path, form: str
) -> None:
    # What a clerk downloads from the form page, in one folder.
    downloads = built_site / "downloads" / form
    for name in (f"{form}.schema.json", "defs.schema.json", publish.AJV_MODULE):
        shutil.copy(downloads / name, tmp_path / name)
    for example in sorted((FORMS / form).glob("example*.json")):
        shutil.copy(example, tmp_path / example.name)
        done = _ajv(tmp_path, form, example.name, "-c", f"./{publish.AJV_MODULE}")
        assert done.returncode == 0 and "valid" in done.stdout, done.stdout + done.stderr
    # Without the module, strict mode refuses the annotations: the module is what is needed.
    refused = _ajv(tmp_path, form, "example.json")
    assert refused.returncode != 0 and 'unknown keyword: "x-' in refused.stdout + refused.stderr


def test_make_templates_moves_every_file_to_a_new_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bureau sets base_uri to its portal and runs `make templates`: schemas, examples and
    cases follow, and nothing keeps the old address."""
    copies = {name: tmp_path / name for name in ("spec", "forms", "cases")}
    shutil.copytree(ROOT / "spec", copies["spec"], ignore=shutil.ignore_patterns("calendar"))
    shutil.copytree(FORMS, copies["forms"])
    shutil.copytree(ROOT / "tests" / "cases", copies["cases"])
    old = spec.index()["base_uri"]
    new = "https://szqz.qinzhou.test/portal/spec/"
    index = {**spec.index(), "base_uri": new}
    monkeypatch.setattr(spec, "index", lambda: index)
    monkeypatch.setattr(spec, "SPEC", copies["spec"])
    monkeypatch.setattr(maintain, "SPEC", copies["spec"])
    monkeypatch.setattr(maintain, "FORMS", copies["forms"])
    monkeypatch.setattr(maintain, "CASES", copies["cases"])
    spec.schema.cache_clear()
    spec.defs_schema.cache_clear()
    try:
        written = maintain.rebase_sources()
        assert len(written) > 20
        assert maintain.written_base() == new
        assert spec.schema("approval")["$id"] == spec.schema_id("approval")
        for folder in copies.values():
            for path in folder.rglob("*"):
                if path.suffix in (".json", ".yaml") and path.name != "spec.yaml":
                    assert old not in path.read_text(encoding="utf-8"), path
        example = json.loads((copies["forms"] / "approval" / "example.json").read_text("utf-8"))
        assert example["$schema"] == f"{new}{spec.version()}/approval.schema.json"
        assert maintain.rebase_sources() == []
    finally:
        spec.schema.cache_clear()
        spec.defs_schema.cache_clear()
