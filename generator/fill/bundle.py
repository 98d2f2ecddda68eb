"""The checker's Python for the browser, as one zip the fill page's worker unpacks into Pyodide:
the project's own package (validator, spec data, money, the printed form's template and
stylesheet) and the pure-Python libraries it imports there — PyYAML, Jinja2, MarkupSafe and
chinesecalendar as installed here (their pure-Python parts), python-jsonschema 4.17 with its
dependencies from the wheels scripts/vendor-web.sh fetched. Built at portal build time, with fixed
timestamps so the same inputs give the same bytes."""

from __future__ import annotations

import importlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from generator.paths import BUILD, PACKAGE, SPEC

WHEELS = BUILD / "vendor" / "wheels"
# Installed libraries copied as their Python files (compiled speed-ups are left out: each falls
# back to its pure-Python code when they are missing).
LIBRARIES = ("yaml", "jinja2", "markupsafe", "chinese_calendar")
# Parts of the package the browser never runs: the portal build, the PDF writer's fetcher.
SKIP_PACKAGE = ("portal/", "cases/", "spec/")
_EPOCH = (2024, 12, 6, 0, 0, 0)  # the regulation's issue date, for reproducible zips


class MissingWheels(Exception):
    """The wheels have not been fetched; the message says how."""


def _package_files() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE).as_posix()
        if not path.is_file() or "__pycache__" in rel or rel.startswith(SKIP_PACKAGE):
            continue
        if path.suffix in (".py", ".j2", ".css", ".typed"):
            yield f"generator/{rel}", path
    for path in sorted(SPEC.rglob("*")):
        if path.is_file() and path.suffix in (".json", ".yaml"):
            yield f"generator/spec/{path.relative_to(SPEC).as_posix()}", path


def _library_files(name: str) -> Iterator[tuple[str, Path]]:
    module = importlib.import_module(name)
    root = Path(str(module.__file__)).parent
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" not in path.parts:
            yield f"{name}/{path.relative_to(root).as_posix()}", path


def _wheel_members(wheel: Path) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(wheel) as z:
        for info in sorted(z.infolist(), key=lambda i: i.filename):
            name = info.filename
            parts = name.split("/")
            if info.is_dir() or "tests" in parts or "benchmarks" in parts:
                continue
            yield name, z.read(info)


def build() -> bytes:
    wheels = sorted(WHEELS.glob("*.whl"))
    if not wheels:
        raise MissingWheels(
            f"缺少 {WHEELS} 中的 wheel 文件：请运行 bash scripts/vendor-web.sh（make site 会自动运行）。"
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:

        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, _EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)

        for name, path in _package_files():
            add(name, path.read_bytes())
        for library in LIBRARIES:
            for name, path in _library_files(library):
                add(name, path.read_bytes())
        for wheel in wheels:
            for name, data in _wheel_members(wheel):
                add(name, data)
    return buffer.getvalue()
