"""Why an attachment that is not there might look as if it were: a file whose name differs only
in letter case (the same file on a Windows PC, a different one on a Linux review server), in
Unicode normalisation (macOS writes 文件名 decomposed, NFD), or by spaces at the end. Looked up
only when an attachment is missing, by listing its folder once."""

from __future__ import annotations

import functools
import os
import re
import unicodedata

from generator.validate.catalogue import words

FOLDER = words("这是一个文件夹，不是文件", "it is a folder, not a file")
NOT_REGULAR = words(
    "不是普通文件（如命名管道或设备）", "it is not a regular file (a named pipe or a device, say)"
)


def nul_hint() -> dict[str, str]:
    return words(
        "文件名中含有空字符（\\u0000），不可能是真实的文件名，请按实际文件名重新填写。",
        " The name contains a NUL character (\\u0000), which no real file name has.",
    )


@functools.lru_cache(maxsize=256)
def _listing(folder: str) -> tuple[str, ...]:
    try:
        return tuple(os.listdir(folder))
    except (OSError, ValueError):
        return ()


def _nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def near_miss(target: str) -> dict[str, str]:
    """A sentence naming the file that was probably meant (empty when there is none)."""
    folder, name = os.path.split(target)
    candidates = [n for n in _listing(folder) if n != name]
    checks = (
        (lambda n: _nfc(n) == _nfc(name), "Unicode 规范化形式不同（NFC 与 NFD），看起来相同", "differs only in Unicode normalisation (NFC/NFD) and looks the same"),
        (lambda n: n.rstrip() == name.rstrip(), "只差末尾的空格", "differs only by spaces at the end"),
        (lambda n: _nfc(n).casefold() == _nfc(name).casefold(), "只差字母大小写（在 Windows 上是同一个文件，在 Linux 审核服务器上不是）", "differs only in letter case (the same file on Windows, not on a Linux review server)"),
    )  # fmt: skip
    for same, zh, en in checks:
        for other in candidates:
            if same(other):
                shown = _visible(other)
                return words(
                    f"文件夹中有一个名为 {shown['zh']} 的文件，与所填的名称{zh}；请把 file 改为实际的文件名。",
                    f" The folder holds {shown['en']}, which {en}; set file to the actual name.",
                )
    return words("", "")


_CONTROL = re.compile("[\u0000-\u001f\u007f]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def printable(text: str) -> str:
    """Control characters (a NUL, say) shown as \\u escapes."""
    return _CONTROL.sub(_escape, text)


def _visible(name: str) -> dict[str, str]:
    """The name quoted, with control characters, spaces at the end and decomposition told."""
    quoted = _CONTROL.sub(_escape, name)
    zh, en = f"“{quoted}”", f'"{quoted}"'
    trailing = len(name) - len(name.rstrip(" "))
    if trailing:
        zh += f"（末尾有 {trailing} 个空格）"
        en += f" (with {trailing} space(s) at the end)"
    if not unicodedata.is_normalized("NFC", name):
        zh += "（NFD 形式）"
        en += " (NFD)"
    return words(zh, en)
