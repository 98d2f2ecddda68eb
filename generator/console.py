"""The terminal side of a run: output streams that survive any console encoding (a Chinese
Windows console redirected to a file is GBK, which lacks characters such as ›), formats read by
programs always in UTF-8, colours only where wanted (a terminal, no NO_COLOR), Ctrl-C and SIGTERM
turned into one interrupt, and a progress line on stderr for long runs."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import time
from collections.abc import Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


def tolerant_streams() -> None:
    """Text the console's encoding cannot show is replaced, never an error: a finding must
    reach the reader even where a character of it cannot."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, io.UnsupportedOperation):
                stream.reconfigure(errors="replace")


@contextlib.contextmanager
def utf8_stdout() -> Iterator[TextIO]:
    """Standard output as UTF-8 text whatever the console's encoding, for JSON, XML and SARIF."""
    stdout = sys.stdout
    buffer = getattr(stdout, "buffer", None)
    if buffer is None or (stdout.encoding or "").lower().replace("-", "") == "utf8":
        yield stdout
        return
    stdout.flush()
    wrapper = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=False)
    try:
        yield wrapper
    finally:
        with contextlib.suppress(ValueError, OSError):
            wrapper.flush()
        wrapper.detach()


def wants_color(stream: TextIO) -> bool:
    """Colours for a terminal, unless NO_COLOR is set (https://no-color.org) or TERM is dumb."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Interrupted(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: the run stops, temporary files go, exit code 130."""


def _terminate(signum: int, frame: object) -> None:
    raise Interrupted


def handle_sigterm() -> None:
    with contextlib.suppress(ValueError, OSError, AttributeError):  # not the main thread
        signal.signal(signal.SIGTERM, _terminate)


def progress(items: Iterator[T], enabled: bool, lang: str = "zh") -> Iterator[T]:
    """Pass items through; on a terminal, show how many have gone by, at most five times a
    second, and wipe the line at the end (the report itself follows on stdout)."""
    if not enabled:
        yield from items
        return
    err = sys.stderr
    count = 0
    shown_at = time.monotonic()
    wrote = False
    try:
        for item in items:
            count += 1
            now = time.monotonic()
            if now - shown_at >= 0.2:
                shown_at = now
                err.write(
                    f"\r已检查 {count} 个文件…" if lang == "zh" else f"\rChecked {count} files…"
                )
                err.flush()
                wrote = True
            yield item
    finally:
        if wrote:
            err.write("\r\033[K")
            err.flush()
