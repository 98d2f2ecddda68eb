"""Importing WeasyPrint without its slowest second. On import it opens pango, harfbuzz and the
rest by trying several platform spellings of each name through ctypes.util.find_library, which on
Linux runs ldconfig and then gcc for every spelling: 22 look-ups, about 0.45 s of a 1.4 s render
of one form. During that import alone, find_library here answers from one reading of the ldconfig
cache (the same cache, matched the same way, that find_library reads first), then the original is
put back. Where there is no ldconfig, or LD_LIBRARY_PATH adds folders the cache does not know,
the import runs unchanged."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable

# ctypes.util's own table: the ABI tag ldconfig prints for a 64-bit library of each machine.
_ABI = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


def _ldconfig_finder() -> Callable[[str], str | None] | None:
    ldconfig = shutil.which("ldconfig") or (
        "/sbin/ldconfig" if os.path.exists("/sbin/ldconfig") else None
    )
    if (
        not sys.platform.startswith("linux")
        or ldconfig is None
        or os.environ.get("LD_LIBRARY_PATH")
    ):
        return None
    try:
        listing = subprocess.run(
            [ldconfig, "-p"],
            capture_output=True,
            text=True,
            env={"LC_ALL": "C", "LANG": "C"},
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    machine = os.uname().machine + ("-64" if ctypes.sizeof(ctypes.c_void_p) == 8 else "-32")
    abi = _ABI.get(machine, "libc6")

    def find(name: str) -> str | None:
        m = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({re.escape(abi)}", listing)
        return m.group(1) if m else None

    return find


def load() -> None:
    """Import weasyprint (once), answering its library look-ups from the ldconfig cache."""
    if "weasyprint" in sys.modules:
        return
    finder = _ldconfig_finder()
    original = ctypes.util.find_library
    if finder is not None:
        ctypes.util.find_library = finder  # type: ignore[assignment]
    try:
        import weasyprint
        import weasyprint.text.fonts  # noqa: F401
    finally:
        ctypes.util.find_library = original
