"""Reading a dossier: bytes → text → JSON, where every way a file can be wrong becomes an Issue
(encoding, BOM, empty, size, syntax, duplicate keys, NaN/Infinity, numbers out of range, lone
surrogates, depth, top level) rather than an exception. A UTF-8 BOM is accepted. The file is
only ever opened for reading. Whatever this module accepts, every later stage can handle: no
string that cannot be written as UTF-8, no infinite number, no nesting a schema engine cannot
follow."""

from __future__ import annotations

import json
import math
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.fileio import READ_FLAGS, os_reason
from generator.validate.catalogue import Issue, words

# No dossier nests more than about ten levels. The limit keeps every later stage safe: the
# jsonschema-rs engine stops at about 250 levels of data and schema together, python-jsonschema
# and the parser itself at the interpreter's recursion limit.
MAX_DEPTH = 100


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


class _OutOfRange(ValueError):
    pass


def _float(raw: str) -> float:
    # 1e400 would become infinity, which no later stage (nor JSON itself) can represent.
    value = float(raw)
    if math.isinf(value):
        raise _OutOfRange(raw)
    return value


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float)


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
    except _OutOfRange as exc:
        raw_number = str(exc)
        reason = words("超出了双精度浮点数的范围", "it is beyond the range of a double")
        return Parsed(
            None, text, _number_issue(text, raw_number, reason, lambda t: t == raw_number)
        )
    except json.JSONDecodeError as exc:
        reason = words(
            f"第 {exc.lineno} 行第 {exc.colno} 列：{_syntax_reason(exc.msg)}",
            f"line {exc.lineno}, column {exc.colno}: {exc.msg}",
        )
        return Parsed(
            None, text, Issue("input-syntax", "", {"reason": reason, "at": (exc.lineno, exc.colno)})
        )
    except RecursionError:
        return Parsed(None, text, _too_deep(text))
    except ValueError:
        # int() refuses a number of more digits than sys.get_int_max_str_digits() allows.
        limit = sys.get_int_max_str_digits()
        reason = words(f"整数超过 {limit} 位", f"the integer has more than {limit} digits")
        return Parsed(
            None, text, _number_issue(text, "", reason, lambda t: len(t.lstrip("-")) > limit)
        )
    if not isinstance(data, dict):
        return Parsed(None, text, Issue("input-not-object", "", {"found": _kind(data)}))
    # Cheap tests first: nesting deeper than MAX_DEPTH needs that many brackets, and a lone
    # surrogate can only come from a \u escape.
    if text.count("{") + text.count("[") > MAX_DEPTH:
        deep = _too_deep(text)
        if deep is not None:
            return Parsed(None, text, deep)
    if "\\" in text and _SURROGATE_ESCAPE.search(text):  # one character: a much quicker search
        lone = _lone_surrogate(data)
        if lone is not None:
            return Parsed(None, text, Issue("input-surrogate", lone))
    return Parsed(data, text, None)


# A string, or one bracket; what lies between is of no interest to the scans below.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_NUMBERS = re.compile(r'"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*')
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _too_deep(text: str) -> Issue | None:
    """The input-too-deep issue at the bracket that opens level MAX_DEPTH + 1, if any."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                at = line_col(text, match.start())
                return Issue("input-too-deep", "", {"limit": MAX_DEPTH, "at": at})
        elif token in "]}":
            depth -= 1
    # Unbalanced text (the parser gave up on recursion first): no place to point at.
    return Issue("input-too-deep", "", {"limit": MAX_DEPTH}) if depth > MAX_DEPTH else None


def _number_issue(
    text: str, shown: str, reason: dict[str, str], wanted: Callable[[str], bool]
) -> Issue:
    """input-number-range at the first number (outside strings) that `wanted` picks."""
    for match in _NUMBERS.finditer(text):
        token = match.group()
        if token[0] != '"' and wanted(token):
            shown = token if len(token) <= 24 else f"{token[:12]}…{token[-6:]}"
            return Issue(
                "input-number-range",
                "",
                {"value": shown, "reason": reason, "at": line_col(text, match.start())},
            )
    return Issue("input-number-range", "", {"value": shown, "reason": reason})


def _lone_surrogate(data: Any) -> str | None:
    """The JSON pointer of the first key or string holding a lone surrogate (a \\ud800 escape
    without its pair): text that no encoding can write, so no later stage could report it."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                return where
        elif isinstance(node, dict):
            for key, value in reversed(node.items()):
                part = key.replace("~", "~0").replace("/", "~1")
                if _SURROGATE.search(key):
                    return f"{where}/{_printable(part)}"
                stack.append((f"{where}/{part}", value))
        elif isinstance(node, list):
            stack.extend((f"{where}/{i}", v) for i, v in reversed(list(enumerate(node))))
    return None


def _printable(text: str) -> str:
    """Lone surrogates shown as their \\u escapes, the way the file writes them."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
