"""The build step that puts the spec and the check cases inside the package: spec/ and
tests/cases are copied to generator/spec and generator/cases of the built package (the wheel),
so the repository needs no symbolic links and a clone without them (Windows) builds the same
package. Everything else is declared in pyproject.toml; generator/paths.py says where the data
is found, installed or in a checkout."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = {"spec": ROOT / "spec", "cases": ROOT / "tests" / "cases"}


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        for name, source in DATA.items():
            target = Path(self.build_lib) / "generator" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithData})
