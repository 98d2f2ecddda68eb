"""The portal's printed forms: a blank and a filled example PDF of every form. Each is kept in
build/pdf-cache under a key made of everything that decides its bytes (the dossier, the spec, the
package's code, template and stylesheet, the fonts it embeds, WeasyPrint's version and
SOURCE_DATE_EPOCH), so a rebuild whose inputs have not changed reuses them without starting
WeasyPrint; the others are rendered in parallel, one worker process per core."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path

from generator import spec
from generator.fileio import digest_files, write_atomic
from generator.paths import ASSETS, BUILD, FORMS, PACKAGE, SPEC, TEMPLATES

CACHE = BUILD / "pdf-cache"
FACES = ("Noto Serif CJK SC", "Noto Serif CJK SC:bold", "Noto Sans CJK SC:bold")


def jobs() -> dict[str, tuple[str, Path | None]]:
    """Download path → (form, example dossier or None for the blank form)."""
    out: dict[str, tuple[str, Path | None]] = {}
    for form in spec.forms():
        out[f"downloads/{form.id}/{form.id}-blank.pdf"] = (form.id, None)
        out[f"downloads/{form.id}/{form.id}-example.pdf"] = (
            form.id,
            FORMS / form.id / "example.json",
        )
    return out


def _inputs() -> str:
    """A digest of everything every printed form depends on."""
    digest = hashlib.sha256()
    code = [*PACKAGE.glob("*.py"), *(PACKAGE / "render").glob("*.py")]
    digest_files(
        digest, sorted([*code, *TEMPLATES.iterdir(), *ASSETS.iterdir(), *SPEC.rglob("*.*")])
    )
    # The font files themselves, by name, size and time (the three lookups run side by side).
    lookups = [
        subprocess.Popen(
            ["fc-match", "-f", "%{file}", face],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for face in FACES
    ]
    for lookup in lookups:
        found = lookup.communicate()[0]
        stat = os.stat(found) if found and os.path.exists(found) else None
        digest.update(f"{found}:{stat and stat.st_size}:{stat and stat.st_mtime_ns}".encode())
    digest.update(metadata.version("weasyprint").encode())
    # The date the PDFs carry: the one set, else the one a render sets (the spec's release date),
    # so that an earlier render in this process does not change the digest.
    from generator.render.pdf import _source_date_epoch

    digest.update((os.environ.get("SOURCE_DATE_EPOCH") or _source_date_epoch()).encode())
    return digest.hexdigest()


def _key(common: str, form_id: str, dossier: Path | None) -> str:
    data = dossier.read_bytes() if dossier else b""
    return hashlib.sha256(f"{common}\0{form_id}\0".encode() + data).hexdigest()


def _render(form_id: str, dossier: str | None) -> bytes:
    from generator.render import pdf, tree

    data = json.loads(Path(dossier).read_text(encoding="utf-8")) if dossier else None
    return pdf.pdf(tree.build(form_id, data))


def render_all() -> dict[str, bytes]:
    """Every printed form of the portal, from the cache where its inputs are unchanged."""
    common = _inputs()
    found: dict[str, bytes] = {}
    missing: dict[str, tuple[str, Path | None, Path]] = {}
    for uri, (form_id, dossier) in jobs().items():
        cached = CACHE / f"{_key(common, form_id, dossier)}.pdf"
        if cached.is_file():
            found[uri] = cached.read_bytes()
        else:
            missing[uri] = (form_id, dossier, cached)
    if missing:
        workers = min(len(missing), os.cpu_count() or 1)
        # spawn: a clean interpreter per worker, safe even when the caller runs threads.
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            futures = {
                uri: pool.submit(_render, form_id, str(dossier) if dossier else None)
                for uri, (form_id, dossier, _) in missing.items()
            }
            for uri, future in futures.items():
                found[uri] = future.result()
                write_atomic(missing[uri][2], found[uri])
    keep = {cached.name for _, _, cached in missing.values()} | {
        f"{_key(common, form_id, dossier)}.pdf" for form_id, dossier in jobs().values()
    }
    for old in CACHE.glob("*.pdf"):  # forms printed by earlier versions
        if old.name not in keep:
            old.unlink(missing_ok=True)
    return {uri: found[uri] for uri in jobs()}
