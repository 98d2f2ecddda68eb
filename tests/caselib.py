"""Case folders: tests/cases/<code>/{passing,failing}/<name>.yaml, each describing one or more
dossiers (an example from forms/ with changes, raw bytes, or a folder; attachment files
described under `make:`, see docfixtures.py) and the [code, pointer] findings expected; `options:
without_modules` runs the case as where those libraries are missing. Tests discover cases by
listing; adding a case needs no code."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docfixtures
import yaml
from conftest import CASES, FORMS

from generator.validate.engine import Options, Result, validate_paths

DEFAULT_TODAY = "2026-11-28"


def all_cases() -> list[Path]:
    return sorted(CASES.glob("*/*/*.yaml"))


def _set(data: Any, pointer: str, value: Any, remove: bool = False) -> None:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")]
    node = data
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        if remove:
            node.pop(int(last))
        elif last == "-":
            node.append(value)
        else:
            node[int(last)] = value
    elif remove:
        del node[last]
    else:
        node[last] = value


def _rewrite_attachments(node: Any, prefix: str) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("file"), str) and node["file"].startswith("attachments/"):
            node["file"] = prefix + node["file"].removeprefix("attachments/")
        for value in node.values():
            _rewrite_attachments(value, prefix)
    elif isinstance(node, list):
        for value in node:
            _rewrite_attachments(value, prefix)


def materialise(case: dict[str, Any], folder: Path) -> list[Path]:
    """Write the case's documents into `folder`; return the paths to validate."""
    written: list[Path] = []
    for i, doc in enumerate(case["documents"]):
        name = doc.get("as", f"doc{i + 1}.json")
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if doc.get("missing"):
            written.append(target)
            continue
        if "base" in doc:
            base = FORMS / doc["base"]
            data = json.loads(base.read_text(encoding="utf-8"))
            form = base.parent.name
            attachments = base.parent / "attachments"
            if attachments.is_dir():
                prefix = f"attachments-{form}/"
                dest = target.parent / prefix
                if not dest.exists():
                    shutil.copytree(attachments, dest)
                _rewrite_attachments(data, prefix)
            for pointer in doc.get("remove", []):
                _set(data, pointer, None, remove=True)
            for pointer, value in (doc.get("set") or {}).items():
                _set(data, pointer, value)
            encoding = "utf-8-sig" if doc.get("bom") else "utf-8"
            target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding=encoding)
        elif doc.get("folder"):
            target.mkdir(parents=True, exist_ok=True)  # a folder to validate, with `files` in it
        elif "raw" in doc:
            target.write_text(doc["raw"], encoding="utf-8")
        elif "raw_base64" in doc:
            target.write_bytes(base64.b64decode(doc["raw_base64"]))
        elif "raw_repeat" in doc:
            prefix, count, suffix, *middle = doc["raw_repeat"]
            text = prefix * count + "".join(middle) + suffix * count
            target.write_text(text, encoding="utf-8")
        for link, where in (doc.get("links") or {}).items():
            link_path = target.parent / link
            link_path.parent.mkdir(parents=True, exist_ok=True)
            link_path.unlink(missing_ok=True)
            link_path.symlink_to(where)
        for extra, content in (doc.get("files") or {}).items():
            extra_path = target.parent / extra
            extra_path.parent.mkdir(parents=True, exist_ok=True)
            extra_path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        for extra, description in (doc.get("make") or {}).items():
            docfixtures.make(target.parent / extra, description)
        if doc.get("validate", True):
            written.append(target)
    return written


def run(case_file: Path, folder: Path, lang: str = "zh") -> tuple[dict[str, Any], Result]:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    paths = materialise(case, folder)
    opts = case.get("options", {})
    options = Options(
        lang=lang,
        today=dt.date.fromisoformat(str(case.get("today", DEFAULT_TODAY))),
        max_bytes=int(opts.get("max_bytes", 10 * 1024 * 1024)),
        max_findings=int(opts.get("max_findings", Options().max_findings)),
        jobs=1,
    )
    with _without(opts.get("without_modules", [])):
        return case, validate_paths([str(p) for p in paths], options)


@contextlib.contextmanager
def _without(modules: list[str]) -> Iterator[None]:
    """Run as on a machine where these libraries are not installed (an import of them fails)."""
    saved = {name: sys.modules.get(name) for name in modules}
    try:
        for name in modules:
            sys.modules[name] = None  # type: ignore[assignment]
        yield
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def found_pairs(result: Result, folder: Path) -> set[tuple[str, ...]]:
    pairs: set[tuple[str, ...]] = set()
    multi = len(result.files) > 1
    for f in result.files:
        for x in f.findings:
            if multi:
                pairs.add((x.code, x.pointer, Path(x.file).relative_to(folder).as_posix()))
            else:
                pairs.add((x.code, x.pointer))
    return pairs
