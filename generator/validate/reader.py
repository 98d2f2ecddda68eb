"""Reading a dossier: bytes → text → JSON, where every way a file can be wrong becomes an Issue
(encoding, BOM, empty, size, syntax, duplicate keys, NaN/Infinity, depth, top level) rather than
an exception. A UTF-8 BOM is accepted. The file is only ever opened for reading."""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import dataclass
from typing import Any

from generator.fileio import READ_FLAGS, os_reason
from generator.validate.catalogue import Issue, words

# Nesting deeper than the interpreter's recursion limit stops the parser; no real dossier comes
# near it, and nothing after parsing recurses over the whole document.
MAX_DEPTH = sys.getrecursionlimit()


@dataclass(slots=True)
class Parsed:
    data: dict[str, Any] | None
    text: str | None
    issue: Issue | None


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _BadConstant(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _constant(name: str) -> Any:
    raise _BadConstant(name)


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant)


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


_NOT_A_FILE = words(
    "不是普通文件（如命名管道或设备），请提交文件本身",
    "not a regular file (a named pipe or a device, say); submit the file itself",
)


def read(path: str, max_bytes: int) -> Parsed:
    try:
        fd = os.open(path, READ_FLAGS)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return Parsed(None, None, Issue("input-unreadable", "", {"reason": _NOT_A_FILE}))
            size = info.st_size
            if size > max_bytes:
                return Parsed(
                    None, None, Issue("input-too-large", "", {"size": size, "limit": max_bytes})
                )
            # One read asking for a byte more than fstat gave: a short read is the end. A file
            # that grew meanwhile is read on until its end or past the limit.
            raw = os.read(fd, size + 1)
            if len(raw) > size:
                chunks = [raw]
                total = len(raw)
                while total <= max_bytes and (chunk := os.read(fd, 1 << 20)):
                    chunks.append(chunk)
                    total += len(chunk)
                raw = b"".join(chunks)
        finally:
            os.close(fd)
    except OSError as exc:
        return Parsed(None, None, Issue("input-unreadable", "", {"reason": os_reason(exc)}))
    return parse_bytes(raw, max_bytes)


def parse_bytes(raw: bytes, max_bytes: int) -> Parsed:
    if len(raw) > max_bytes:
        return Parsed(
            None, None, Issue("input-too-large", "", {"size": len(raw), "limit": max_bytes})
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line, column = line_col(good, len(good))
        return Parsed(None, None, Issue("input-encoding", "", {"line": line, "column": column}))
    if not text.strip():
        return Parsed(None, text, Issue("input-empty", ""))
    try:
        data = _DECODER.decode(text)
    except _DuplicateKey as exc:
        return Parsed(None, text, Issue("input-duplicate-key", "", {"key": exc.key}))
    except _BadConstant as exc:
        return Parsed(None, text, Issue("input-nan", "", {"value": str(exc)}))
    except json.JSONDecodeError as exc:
        reason = words(
            f"第 {exc.lineno} 行第 {exc.colno} 列：{_syntax_reason(exc.msg)}",
            f"line {exc.lineno}, column {exc.colno}: {exc.msg}",
        )
        return Parsed(
            None, text, Issue("input-syntax", "", {"reason": reason, "at": (exc.lineno, exc.colno)})
        )
    except RecursionError:
        return Parsed(None, text, Issue("input-too-deep", "", {"limit": MAX_DEPTH}))
    if not isinstance(data, dict):
        return Parsed(None, text, Issue("input-not-object", "", {"found": _kind(data)}))
    return Parsed(data, text, None)


_REASONS = {
    "Expecting value": "此处应为一个值",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Expecting property name enclosed in double quotes": "字段名须用英文双引号括起（或多了一个逗号）",
    "Extra data": "JSON 结束后还有多余内容",
    "Unterminated string starting at": "字符串缺少结束的双引号",
    "Invalid control character at": "字符串中有控制字符（如未转义的换行）",
    "Invalid \\escape": "无效的转义字符",
}


def _syntax_reason(msg: str) -> str:
    for english, chinese in _REASONS.items():
        if msg.startswith(english):
            return chinese
    return msg


_KINDS = {
    "list": words("数组", "an array"),
    "str": words("字符串", "a string"),
    "bool": words("布尔值", "a boolean"),
    "NoneType": words("null", "null"),
}


def _kind(value: Any) -> dict[str, str]:
    return _KINDS.get(type(value).__name__, words("数字", "a number"))
