"""`make bench`: generate dossiers from the examples (about 10% with assorted errors), then time
`szqz validate` against check-jsonschema on the same files and against the parse floor (orjson
reading the same files in one process), and measure peak RSS. Each figure is the median of several
runs with min and max; results also go to build/bench/results.json. Run with
`python -m bench [--count N] [--runs R] [--pairs P]`.

Figures here are measured, never asserted in tests."""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import printing

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
OUT = ROOT / "build" / "bench"
BIN = Path(sys.executable).parent

ERRORS = [
    ("/submitted_on", "2025-02-30"),
    ("/unit/uscc", "91110000600037341X"),
    ("/project/name", "项目"),
    ("/signature/leader", ""),
]


def _set(data: dict, pointer: str, value: object) -> None:
    parts = pointer.strip("/").split("/")
    node = data
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value


def generate(count: int, folder: Path) -> dict[str, list[Path]]:
    """`count` dossiers in project folders of ten, one form per file, attachments alongside."""
    if folder.exists():
        shutil.rmtree(folder)
    rng = random.Random(20261128)
    examples = sorted(FORMS.glob("*/example*.json"))
    by_form: dict[str, list[Path]] = {}
    for i in range(count):
        source = examples[i % len(examples)]
        data = json.loads(source.read_text(encoding="utf-8"))
        data.pop("$comment", None)
        if rng.random() < 0.10:
            pointer, value = rng.choice(ERRORS)
            with contextlib.suppress(KeyError):  # a form without that field stays valid
                _set(data, pointer, value)
        project = folder / f"p{i // 10:05d}"
        if not project.exists():
            project.mkdir(parents=True)
        attachments = project / f"attachments-{source.parent.name}"
        if not attachments.exists() and (source.parent / "attachments").is_dir():
            shutil.copytree(source.parent / "attachments", attachments)
        text = json.dumps(data, ensure_ascii=False, indent=2).replace(
            '"attachments/', f'"attachments-{source.parent.name}/'
        )
        target = project / f"{i:06d}-{source.stem}.json"
        target.write_text(text, encoding="utf-8")
        by_form.setdefault(source.parent.name, []).append(target)
    return by_form


def timed(command: list[str], runs: int) -> dict[str, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return {"median": statistics.median(times), "min": min(times), "max": max(times)}


def _merge(single_runs: list[dict[str, float]]) -> dict[str, float]:
    times = [r["median"] for r in single_runs]
    return {"median": statistics.median(times), "min": min(times), "max": max(times)}


def peak_rss(command: list[str]) -> int:
    """Peak RSS of one run, in KiB, read by a parent process that runs nothing else."""
    result = subprocess.run(
        [sys.executable, "-c", _RSS_CHILD, *command], capture_output=True, text=True, check=False
    )
    return int(result.stdout.strip() or 0)


_RSS_CHILD = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)

_FLOOR = (
    "import orjson, pathlib, sys; "
    "[orjson.loads(p.read_bytes()) for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.json'))]"
)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument(
        "--large", type=int, default=100_000, help="dossiers for the memory run; 0 skips it"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--pairs",
        type=int,
        default=11,
        help="interleaved runs of szqz validate and the parse floor (each takes seconds)",
    )
    parser.add_argument(
        "--only", choices=["printing"], help="run one group of measures (printing: PDFs, portal)"
    )
    args = parser.parse_args()
    if args.only == "printing":
        return _printing(args.runs)
    data = OUT / "data"
    by_form = generate(args.count, data)
    szqz = [str(BIN / "szqz"), "validate", str(data), "-f", "json", "-o", str(OUT / "report.json")]
    # Interleaved, so that a noisy moment of the machine weighs on both sides of the ratio.
    floor = [sys.executable, "-c", _FLOOR, str(data)]
    pairs = [(timed(szqz, 1), timed(floor, 1)) for _ in range(args.pairs)]
    paired = [a["median"] / b["median"] for a, b in pairs]  # each pair ran back to back
    results: dict[str, dict[str, float]] = {
        "szqz validate": _merge([a for a, _ in pairs]),
        "orjson parse floor": _merge([b for _, b in pairs]),
    }
    cj_times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for form, files in by_form.items():
            schema = ROOT / "spec" / "schemas" / f"{form}.schema.json"
            subprocess.run(
                [
                    str(BIN / "check-jsonschema"),
                    "--schemafile",
                    str(schema),
                    "--base-uri",
                    schema.as_uri(),
                    *map(str, files),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
        cj_times.append(time.perf_counter() - start)
    results["check-jsonschema"] = {
        "median": statistics.median(cj_times),
        "min": min(cj_times),
        "max": max(cj_times),
    }
    one = str(FORMS / "approval" / "example.json")
    schema = ROOT / "spec" / "schemas" / "approval.schema.json"
    results["one file: szqz"] = timed(
        [str(BIN / "szqz"), "validate", one, "-j", "1"], args.runs * 3
    )
    results["one file: check-jsonschema"] = timed(
        [
            str(BIN / "check-jsonschema"),
            "--schemafile",
            str(schema),
            "--base-uri",
            schema.as_uri(),
            one,
        ],
        args.runs * 3,
    )
    results.update(printing.bench_pdf(args.runs))
    results.update(printing.bench_portal(args.runs))
    memory = {f"peak RSS {args.count}": peak_rss(szqz)}
    if args.large:
        big = OUT / "data-large"
        generate(args.large, big)
        memory[f"peak RSS {args.large}"] = peak_rss(
            [
                str(BIN / "szqz"),
                "validate",
                str(big),
                "-f",
                "json",
                "-o",
                str(OUT / "report-large.json"),
            ]
        )
        shutil.rmtree(big)
    s, cj, floor = (
        results[k]["median"] for k in ("szqz validate", "check-jsonschema", "orjson parse floor")
    )
    one_ratio = (
        results["one file: szqz"]["median"] / results["one file: check-jsonschema"]["median"]
    )
    targets = {
        "faster than check-jsonschema (≥ 20×)": {"ratio": cj / s, "met": cj / s >= 20},
        "time vs parse floor (≤ 2.5×)": {
            "ratio": s / floor,
            "met": s / floor <= 2.5,
            # For reference: the same ratio taken within each back-to-back pair.
            "paired": {
                "median": statistics.median(paired),
                "min": min(paired),
                "max": max(paired),
            },
        },
        "one file vs check-jsonschema (≤ 0.6×)": {"ratio": one_ratio, "met": one_ratio <= 0.6},
    }
    targets.update(
        {k: {"ratio": v["value"], "met": v["met"]} for k, v in printing.targets(results).items()}
    )
    if args.large:
        small_rss, large_rss = memory[f"peak RSS {args.count}"], memory[f"peak RSS {args.large}"]
        targets["memory flat (large ≤ 1.1× small)"] = {
            "ratio": large_rss / small_rss,
            "met": large_rss <= 1.1 * small_rss,
        }
    print(f"{'measure':36} {'median s':>10} {'min':>8} {'max':>8}")
    for name, r in results.items():
        print(f"{name:36} {r['median']:10.3f} {r['min']:8.3f} {r['max']:8.3f}")
    for name, kib in memory.items():
        print(f"{name:36} {kib / 1024:10.1f} MiB")
    for name, t in targets.items():
        print(f"{name:36} {t['ratio']:10.2f} {'met' if t['met'] else 'NOT met'}")
    p = targets["time vs parse floor (≤ 2.5×)"]["paired"]
    print(
        f"{'  (within each pair: median, min, max)':36} {p['median']:10.2f} {p['min']:8.2f} {p['max']:8.2f}"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(
        json.dumps(
            {
                "count": args.count,
                "runs": args.runs,
                "pairs": args.pairs,
                "results": results,
                "memory_kib": memory,
                "targets": targets,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0


def _printing(runs: int) -> int:
    results = {**printing.bench_pdf(runs), **printing.bench_portal(runs)}
    print(f"{'measure':52} {'median':>10} {'min':>8} {'max':>8} {'cpu':>8}")
    for name, r in results.items():
        cpu = f"{r['cpu']:8.3f}" if "cpu" in r else ""
        print(f"{name:52} {r['median']:10.3f} {r['min']:8.3f} {r['max']:8.3f} {cpu}")
    for name, t in printing.targets(results).items():
        print(f"{name:52} {t['value']:10.3f} {'met' if t['met'] else 'NOT met'}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "printing.json").write_text(
        json.dumps(
            {"runs": runs, "results": results, "targets": printing.targets(results)},
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
