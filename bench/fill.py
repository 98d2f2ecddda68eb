"""The fill pages' speed, as a clerk meets it, in Playwright driving Debian's chromium over the
portal served on localhost (the handler of `szqz serve`): the form page interactive and the
checker ready on a first visit (empty cache) and on a later one (cached), a re-check after one
edit of the approval example, SHA-256 of a 100 MB attachment with the page's longest stall meanwhile,
and the bytes each visit loads. Each figure is the median of several runs with min and max;
results go to build/bench/fill.json. Run with `python -m bench.fill [--runs R] [--site DIR]`.

Figures here are measured, never asserted in tests."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
FORM = "approval"
TARGETS = {
    "form page interactive, cold (s)": 2.0,
    "checker ready, first visit (s)": 6.0,
    "checker ready, cached (s)": 2.0,
    "re-check after one edit (ms)": 150.0,
    "SHA-256 of 100 MB (s)": 3.0,
}


def _stats(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-d", str(site)],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip


def _visit(page: Any, url: str) -> dict[str, float]:
    """One visit: seconds to an interactive form and to a ready checker, and bytes received."""
    received: list[int] = []

    def count(response: Any) -> None:
        try:
            sizes = response.request.sizes()
        except Exception:  # a request that never completed has no sizes
            return
        received.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

    page.on("response", count)
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function("() => window.szqzFill !== undefined", timeout=60000)
    interactive = time.perf_counter() - start
    page.wait_for_function(
        "() => document.querySelector('.szqz-fill').dataset.checker === 'ready'", timeout=120000
    )
    ready = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", count)
    return {"interactive": interactive, "ready": ready, "bytes": float(sum(received))}


def _recheck(page: Any, edits: int) -> list[float]:
    example = (ROOT / "forms" / FORM / "example.json").read_bytes()
    page.set_input_files(
        ".szqz-open-input",
        files=[{"name": "example.json", "mimeType": "application/json", "buffer": example}],
    )
    page.wait_for_function(
        "() => /已打开/.test(document.querySelector('.szqz-message').textContent)"
    )
    page.evaluate("() => window.szqzFill.recheckNow()")
    times = []
    box = page.locator('[data-ptr="/project/name"] input')
    for i in range(edits):
        # From the keystroke's input event to the findings shown for the new value.
        ms = page.evaluate(
            """([el, ch]) => new Promise(resolve => {
                const root = document.querySelector('.szqz-fill');
                const start = performance.now();
                root.addEventListener('szqz-checked', () => resolve(performance.now() - start), {once: true});
                el.value += ch;
                el.dispatchEvent(new Event('input', {bubbles: true}));
            })""",
            [box.element_handle(), "二三四五六七八九十"[i % 9]],
        )
        times.append(float(ms))
    return times


def _hash(page: Any, big: Path) -> dict[str, float]:
    """Seconds to the digest of `big`, and the longest gap between animation frames meanwhile
    (how long the page could not respond)."""
    page.evaluate(
        """() => { window.__gaps = []; let last = performance.now();
        const tick = (t) => { window.__gaps.push(t - last); last = t; window.__raf = requestAnimationFrame(tick); };
        window.__raf = requestAnimationFrame(tick); }"""
    )
    att = page.locator('[data-ptr="/feasibility_study/attachment"]')
    sha = att.locator('[data-key="sha256"] input')
    with page.expect_file_chooser() as chooser:
        att.locator(".szqz-choose").click()
    start = time.perf_counter()
    chooser.value.set_files(str(big))
    page.wait_for_function("el => el.value.length === 64", arg=sha.element_handle(), timeout=120000)
    seconds = time.perf_counter() - start
    gap = page.evaluate(
        "() => { cancelAnimationFrame(window.__raf); return Math.max(...window.__gaps); }"
    )
    return {"seconds": seconds, "longest_stall_ms": float(gap)}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fill")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--site", type=Path, help="a built portal (default: build it)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from generator.serve import handler

    site = args.site or OUT / "fill-site"
    if args.site is None:
        _build(site)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/fill/{FORM}.html"
    big = OUT / "attachment-100MB.pdf"
    OUT.mkdir(parents=True, exist_ok=True)
    with big.open("wb") as handle:
        block = os.urandom(1 << 20)
        for _ in range(100):
            handle.write(block)
    cold: list[dict[str, float]] = []
    cached: list[dict[str, float]] = []
    rechecks: list[float] = []
    hashes: list[dict[str, float]] = []
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        for _ in range(args.runs):
            # A new profile on disk each run, with the browser's disk cache as a clerk's PC has
            # it: the first visit starts empty, the second finds what the first stored.
            profile = tempfile.mkdtemp(prefix="szqz-bench-profile-")
            context = p.chromium.launch_persistent_context(
                profile, executable_path=chromium, args=CHROMIUM_ARGS, headless=True
            )
            page = context.new_page()
            cold.append(_visit(page, url))
            page.close()
            page = context.new_page()  # the same profile: a later visit
            cached.append(_visit(page, url))
            rechecks += _recheck(page, args.edits)
            hashes.append(_hash(page, big))
            context.close()
            shutil.rmtree(profile, ignore_errors=True)
    server.shutdown()
    big.unlink()
    results = {
        "form page interactive, cold (s)": _stats([v["interactive"] for v in cold]),
        "form page interactive, cached (s)": _stats([v["interactive"] for v in cached]),
        "checker ready, first visit (s)": _stats([v["ready"] for v in cold]),
        "checker ready, cached (s)": _stats([v["ready"] for v in cached]),
        "re-check after one edit (ms)": _stats(rechecks),
        "SHA-256 of 100 MB (s)": _stats([h["seconds"] for h in hashes]),
        "longest stall while hashing (ms)": _stats([h["longest_stall_ms"] for h in hashes]),
        "bytes loaded, first visit": _stats([v["bytes"] for v in cold]),
        "bytes loaded, cached": _stats([v["bytes"] for v in cached]),
    }
    targets = {
        name: {"median": results[name]["median"], "target": limit,
               "met": results[name]["median"] <= limit}
        for name, limit in TARGETS.items()
    }  # fmt: skip
    print(f"{'measure':36} {'median':>12} {'min':>12} {'max':>12}")
    for name, r in results.items():
        print(f"{name:36} {r['median']:12.3f} {r['min']:12.3f} {r['max']:12.3f}")
    for name, t in targets.items():
        print(f"{name:36} {'met' if t['met'] else 'NOT met'} (≤ {t['target']})")
    (OUT / "fill.json").write_text(
        json.dumps({"runs": args.runs, "results": results, "targets": targets},
                   ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
