"""The validator as a unit installs it: a wheel that carries the spec, whose base requirements
leave out WeasyPrint, mkdocs and the document readers, and that validates a dossier outside this
repository."""

from __future__ import annotations

import os
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


def test_the_repository_has_no_symbolic_links() -> None:
    """A clone without symbolic links (Windows by default) must build the same package: the
    spec and the cases reach the package through the build step, not through links."""
    listing = subprocess.run(
        ["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    links = [line.split("\t", 1)[1] for line in listing.splitlines() if line.startswith("120000")]
    assert not links, links


def test_a_checkout_reads_the_spec_in_place() -> None:
    from generator import paths

    assert paths.SPEC == ROOT / "spec" and paths.CASES == ROOT / "tests" / "cases"


def test_sdist_carries_what_its_tests_need(tmp_path: Path) -> None:
    """The source distribution unpacked elsewhere builds nothing from the repository: its own
    spec, forms and cases let its case tests pass."""
    out = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-c",
         f"from setuptools import build_meta; build_meta.build_sdist({str(out)!r})"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    sdist = next(out.glob("szqz-*.tar.gz"))
    import tarfile

    with tarfile.open(sdist) as tar:
        tar.extractall(tmp_path, filter="data")
    unpacked = next(p for p in tmp_path.iterdir() if p.name.startswith("szqz-"))
    for needed in ["spec/checks.yaml", "forms/approval/example.json", "tests/conftest.py",
                   "tests/cases/annual-deadline/failing/october-1.yaml", "setup.py", "Makefile",
                   "forms/approval/attachments/proposal.pdf", "tests/fuzz-corpus/year-0000.json"]:  # fmt: skip
        assert (unpacked / needed).is_file(), needed
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    where = subprocess.run(
        [sys.executable, "-c", "from generator import paths; print(paths.SPEC)"],
        cwd=unpacked, capture_output=True, text=True, check=True, env=env,
    ).stdout  # fmt: skip
    assert where.strip() == str(unpacked / "spec")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_cases.py",
         "-k", "annual or attachment", "-x"],
        cwd=unpacked, capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "passed" in run.stdout
