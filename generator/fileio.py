"""Writing files safely: canonical JSON text and atomic replacement, so that an interrupted run
never leaves half a file where a whole one was."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO


def refuse_to_clobber(
    output: Path, inputs: list[str], allowed_magic: bytes | None = None
) -> str | None:
    """Why writing `output` would destroy something the user did not mean to replace, or None.
    An output is never one of the inputs; an existing output is replaced only when it is the
    same kind of file (its first bytes are `allowed_magic`)."""
    if not output.exists():
        return None
    for raw in inputs:
        if os.path.isfile(raw) and os.path.samefile(raw, output):
            return f"输出文件 {output} 就是输入的材料，不能覆盖它"
    if allowed_magic is not None:
        with output.open("rb") as handle:
            if handle.read(len(allowed_magic)) != allowed_magic:
                return (
                    f"输出文件 {output} 已存在且不是同类文件，为免误删，请换一个文件名或先自行删除"
                )
    return None


def canonical_json(data: Any) -> str:
    """The one JSON layout this project commits: two-space indent, UTF-8 text, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _usual_mode(fd: int, path: Path) -> None:
    """The mode a plain open() would have given (0666 less the umask), or the replaced file's:
    mkstemp makes its file private (0600), which a shared report folder does not want."""
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    with contextlib.suppress(OSError, NotImplementedError):
        os.fchmod(fd, mode)


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text handle on a temporary file beside `path`, renamed over `path` when the block
    ends without error; on error or interrupt the temporary file is removed and `path` is left
    as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            _usual_mode(fd, path)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_writer(path) as handle:
        handle.buffer.write(raw)


# Opening a file to read it, never waiting on it: a named pipe opened for reading would block
# until someone writes to it. (O_BINARY matters on Windows only.)
READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


_ERRNO_ZH = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EEXIST: "该处已有同名的文件（需要的是文件夹）",
    errno.ELOOP: "符号链接循环",
    errno.ENAMETOOLONG: "路径太长",
    errno.ENOSPC: "磁盘空间已满",
    errno.EROFS: "只读的文件系统",
}


def os_reason(exc: OSError) -> dict[str, str]:
    """Why the system refused, in Chinese and English."""
    english = exc.strerror or str(exc)
    return {"zh": _ERRNO_ZH.get(exc.errno or 0, english), "en": english}


def shown(text: str) -> str:
    """Text any UTF-8 writer accepts. A file name that is not UTF-8 (unzipped from a Windows zip,
    say) reaches Python with its stray bytes as lone surrogates; they are shown as \\xNN, the
    rest of the name as it is."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return text.encode("utf-8", "backslashreplace").decode("utf-8")
        return raw.decode("utf-8", "backslashreplace")
    return text


def name_bytes(text: str) -> bytes | None:
    """The exact bytes of a file name that is not UTF-8 (None when it is), for reports to carry
    it losslessly beside the shown form."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text)
    return None


def digest_files(digest: Any, paths: Iterable[Path]) -> None:
    """Feed each file's name and bytes into a hashlib `digest`, in the order given (folders and
    missing paths are skipped): the key of a build cache whose output these files decide."""
    for path in paths:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
