"""Bulk runs end promptly and cleanly (issue 12, item 1): Ctrl-C and SIGTERM on a run of 64 files
or more stop it within a second or two with 已中断 and exit 130, without a traceback, a leftover
worker or a partial report; a worker that is killed (as the OOM killer would) is an error naming
the file it was on, not a hang."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FORMS, ROOT

from generator.validate import engine, pool
from generator.validate.engine import Options

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="POSIX signals and fork; the workers are found in /proc"
)

FILES = 80  # over pool.PARALLEL_THRESHOLD: the run uses worker processes
BIG = 400 * 1024 * 1024  # a sparse attachment: slow to hash, free on disk


def _slow_dossiers(folder: Path) -> None:
    """Dossiers whose attachments take seconds to hash, so that the run is still going when it
    is interrupted."""
    data = json.loads((FORMS / "approval" / "example.json").read_text(encoding="utf-8"))
    data["proposal"]["attachment"]["file"] = "big.pdf"
    for i in range(FILES):
        project = folder / f"p{i:03}"
        project.mkdir(parents=True)
        with (project / "big.pdf").open("wb") as handle:
            handle.write(b"%PDF-1.4\n")
            handle.truncate(BIG)
        (project / "approval.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_interrupt_ends_the_run_quickly_and_cleanly(tmp_path: Path, how: str) -> None:
    inbox = tmp_path / "收件"
    _slow_dossiers(inbox)
    out = tmp_path / "report.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "validate", str(inbox), "-j", "2", "-f", "json",
         "-o", str(out), "--today", "2026-11-28"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job has
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while len(_children(process.pid)) < 2:  # the workers have started
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.05)
        time.sleep(0.5)
        workers = _children(process.pid)
        started = time.monotonic()
        if how == "ctrl-c":
            os.killpg(process.pid, signal.SIGINT)  # a terminal sends it to the whole group
        else:
            os.kill(process.pid, signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
        took = time.monotonic() - started
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, stderr
    assert "已中断" in stderr and "Traceback" not in stderr, stderr
    assert took < 5, f"took {took:.1f} s to stop"
    assert not out.exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".report.json")]
    time.sleep(0.2)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "workers left running"


def test_a_killed_worker_is_an_error_naming_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed outright (SIGKILL, as the OOM killer does) breaks the pool; the run says
    which file that worker was checking instead of waiting for it for ever."""
    for i in range(FILES):
        (tmp_path / f"{i:03}.json").write_text("{}", encoding="utf-8")
    victim = str(tmp_path / "042.json")
    check = engine.validate_file

    def dies_on_victim(path: str, options: Options) -> engine.FileResult:
        if str(path) == victim:
            os.kill(os.getpid(), signal.SIGKILL)
        return check(path, options)

    # Workers are forked from this process, so they run the patched function.
    monkeypatch.setattr(engine, "validate_file", dies_on_victim)
    started = time.monotonic()
    with pytest.raises(pool.WorkerDied) as died:
        engine.validate_paths([str(tmp_path)], Options(jobs=2))
    assert time.monotonic() - started < 30
    assert died.value.file == victim
    assert victim in str(died.value) and "内存不足" in str(died.value)


def test_a_killed_worker_exits_3_with_a_message(tmp_path: Path) -> None:
    """The same through the command line: a message, no traceback, exit 3, no report."""
    for i in range(FILES):
        (tmp_path / f"{i:03}.json").write_text("{}", encoding="utf-8")
    victim = tmp_path / "042.json"
    code = (
        "import os, signal, sys\n"
        "from generator.validate import engine\n"
        "check = engine.validate_file\n"
        "def dies(path, options):\n"
        f"    if str(path) == {str(victim)!r}: os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return check(path, options)\n"
        "engine.validate_file = dies\n"
        "from generator.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    out = tmp_path / "report.json"
    run = subprocess.run(
        [sys.executable, "-c", code, "validate", str(tmp_path), "-j", "2", "-f", "json",
         "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert run.returncode == 3, run.stderr
    assert str(victim) in run.stderr and "Traceback" not in run.stderr
    assert not out.exists() and not list(tmp_path.glob(".report.json*"))
