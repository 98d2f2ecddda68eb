"""`make bench` (part): the reviewer's reports. On the dossiers `python -m bench` generates, time
`szqz validate -f html` and `-f xlsx` against `-f json` for the same run — the three run back to
back in turns, so a noisy moment of the machine weighs on all of them — and measure peak RSS at
10,000 and 100,000 dossiers. The generated dossiers copy the examples, so they describe a handful
of projects; a second set at 100,000 gives each folder of ten its own project (10,000 projects),
to show what the per-project rows cost. Results go to build/bench/review-results.json. Run with
`python -m bench.review [--count N] [--large N] [--turns T] [--docs]`.

The runs are those of the light install (`pip install "szqz[review]"`, without the `docs` extra):
attached Word and PDF files are not opened (each gets a document-check-skipped warning), so the
checks cost least and the reports' own cost weighs most in the ratio — and a run of 100,000 takes
seconds, not many minutes. `--docs` runs with the documents opened, as `make` installs it.

Figures here are measured, never asserted in tests."""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.__main__ import OUT, generate, peak_rss

FORMATS = ("json", "html", "xlsx")


# szqz as the light install runs it: the document readers of the `docs` extra cannot be imported
# (the workers are forked, so they inherit this).
LIGHT = (
    "import sys; sys.modules['docx'] = sys.modules['pypdf'] = None; "
    "from generator.cli import main; sys.exit(main(sys.argv[1:]))"
)
FULL = "import sys; from generator.cli import main; sys.exit(main(sys.argv[1:]))"
SZQZ = [sys.executable, "-c", LIGHT]


def command(data: Path, fmt: str) -> list[str]:
    return [*SZQZ, "validate", str(data), "-f", fmt, "-o", str(OUT / f"review-report.{fmt}")]


def run_once(cmd: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user and system, of the process and its workers) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def one_project_per_folder(folder: Path) -> None:
    """Give the dossiers of each project folder their own project code and name (a budget
    report's listed projects too), so that every folder is one project."""
    for project in sorted(p for p in folder.iterdir() if p.is_dir()):
        n = int(project.name[1:])
        code, name = f"2603-450700-04-01-{n:06d}", f"基准项目{n:05d}"
        for path in project.glob("*.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            targets = [data.get("project"), *(data.get("projects") or [])]
            for entry in targets:
                if isinstance(entry, dict):
                    entry["code"], entry["name"] = code, name
            path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.review")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000, help="0 skips the memory runs")
    parser.add_argument("--turns", type=int, default=7, help="runs of each format, in turns")
    parser.add_argument("--docs", action="store_true", help="open attached documents (docs extra)")
    args = parser.parse_args()
    if args.docs:
        SZQZ[2] = FULL
    data = OUT / "data"
    generate(args.count, data)
    times: dict[str, list[float]] = {f: [] for f in FORMATS}
    cpu: dict[str, list[float]] = {f: [] for f in FORMATS}
    for _ in range(args.turns):
        for fmt in FORMATS:
            wall, used = run_once(command(data, fmt))
            times[fmt].append(wall)
            cpu[fmt].append(used)
    results = {f"{fmt} report, {args.count}": spread(times[fmt]) for fmt in FORMATS}
    results.update({f"{fmt} report, {args.count}, CPU": spread(cpu[fmt]) for fmt in FORMATS})
    ratios = {}
    for fmt in ("html", "xlsx"):
        turn = [a / b for a, b in zip(times[fmt], times["json"], strict=True)]
        ratio = statistics.median(times[fmt]) / statistics.median(times["json"])
        ratios[f"{fmt} vs json (≤ 1.5×)"] = {
            "ratio": ratio,
            "met": ratio <= 1.5,
            "paired": spread(turn),  # the same ratio within each turn
        }
        ratios[f"{fmt} vs json, CPU (for reference)"] = {
            "ratio": statistics.median(cpu[fmt]) / statistics.median(cpu["json"]),
            "met": True,
        }
    memory: dict[str, int] = {}
    for fmt in FORMATS:
        memory[f"{fmt}, {args.count}"] = peak_rss(command(data, fmt))
    if args.large:
        big = OUT / "data-large"
        generate(args.large, big)
        for fmt in FORMATS:
            memory[f"{fmt}, {args.large}"] = peak_rss(command(big, fmt))
        one_project_per_folder(big)
        for fmt in ("html", "xlsx"):
            memory[f"{fmt}, {args.large}, one project per folder"] = peak_rss(command(big, fmt))
        shutil.rmtree(big)
        for fmt in ("html", "xlsx"):
            small, large = memory[f"{fmt}, {args.count}"], memory[f"{fmt}, {args.large}"]
            ratios[f"{fmt} memory flat (large ≤ 1.1× small)"] = {
                "ratio": large / small,
                "met": large <= 1.1 * small,
            }
    print(f"{'measure':40} {'median s':>10} {'min':>8} {'max':>8}")
    for name, r in results.items():
        print(f"{name:40} {r['median']:10.3f} {r['min']:8.3f} {r['max']:8.3f}")
    for name, kib in memory.items():
        print(f"{name:40} {kib / 1024:10.1f} MiB")
    for name, t in ratios.items():
        paired = t.get("paired")
        extra = (
            f"  (per turn {paired['median']:.2f}, {paired['min']:.2f}–{paired['max']:.2f})"
            if paired
            else ""
        )
        print(f"{name:40} {t['ratio']:10.2f} {'met' if t['met'] else 'NOT met'}{extra}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "review-results.json").write_text(
        json.dumps(
            {"count": args.count, "large": args.large, "turns": args.turns, "results": results,
             "memory_kib": memory, "targets": ratios},
            ensure_ascii=False, indent=2,
        ) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
