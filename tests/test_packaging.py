"""The validator as a unit installs it: a wheel that carries the spec, whose base requirements
leave out WeasyPrint, mkdocs and the document readers, and that validates a dossier outside this
repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import FORMS, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    return next(out.glob("szqz-*.whl"))


def test_wheel_carries_the_spec_and_light_requirements(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        metadata = next(n for n in names if n.endswith("METADATA"))
        requires = [
            line
            for line in z.read(metadata).decode().splitlines()
            if line.startswith("Requires-Dist:")
        ]
    for needed in [
        "generator/spec/spec.yaml",
        "generator/spec/checks.yaml",
        "generator/spec/authorities.yaml",
        "generator/spec/citations.yaml",
        "generator/spec/regulation/regulation.json",
        "generator/spec/calendar/guangxi.yaml",
        "generator/spec/calendar/national.yaml",
        "generator/spec/schemas/defs.schema.json",
        "generator/spec/schemas/approval.schema.json",
        "generator/spec/outlines/feasibility-study.yaml",
        "generator/spec/outlines/sources.yaml",
        "generator/cases/annual-deadline/failing/october-1.yaml",
        "generator/templates/form.html.j2",
        "generator/assets/form.css",
    ]:
        assert needed in names, needed
    base = [r for r in requires if "extra ==" not in r]
    assert base and not any(
        x in r.lower() for r in base for x in ("weasyprint", "mkdocs", "jinja2", "docx", "pypdf")
    )


def test_installed_wheel_validates_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )  # fmt: skip
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    # The dependencies come from this environment's site-packages (no network in tests).
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    work = tmp_path / "dossiers"
    shutil.copytree(FORMS / "approval", work)
    result = subprocess.run(
        [str(python), "-m", "generator", "validate", "example.json", "--today", "2026-11-28"],
        cwd=work, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    explained = subprocess.run(
        [str(python), "-m", "generator", "explain", "annual-deadline"],
        cwd=work, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "第七条" in explained and "不通过的示例" in explained and "/submitted_on" in explained
    where = subprocess.run(
        [str(python), "-c", "import generator.spec as s; print(s.SPEC.resolve())"],
        cwd=work, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert str(site) in where and str(ROOT) not in where
