"""Line and column of a JSON pointer in the original text, found by walking the text only along
the pointer's path (values off the path are skipped by the C decoder). Used only for files that
have findings, so valid files pay nothing for it."""

from __future__ import annotations

import json

from generator.validate.reader import line_col

# The C string scanner the json module itself uses; typeshed does not declare it.
scanstring = json.decoder.scanstring  # type: ignore[attr-defined]
_SKIP = json.JSONDecoder()
_WS = " \t\r\n"


def _ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")]


def locate(text: str, pointer: str) -> tuple[int, int] | None:
    """(line, column) where the value at `pointer` starts; the deepest existing parent if the
    pointer names a missing member; None if the text is not walkable JSON."""
    start = 1 if text.startswith("\ufeff") else 0
    i = _ws(text, start)
    found = i
    try:
        for part in split_pointer(pointer):
            found = i
            if text[i] == "{":
                i = _member(text, i, part)
            elif text[i] == "[":
                i = _element(text, i, int(part))
            else:
                break
            if i < 0:
                break
            found = i
    except (ValueError, IndexError):
        return line_col(text, found)
    return line_col(text, found)


def _member(text: str, i: int, key: str) -> int:
    i = _ws(text, i + 1)
    while text[i] != "}":
        name, i = scanstring(text, i + 1)
        i = _ws(text, i)
        i = _ws(text, i + 1)  # the colon
        if name == key:
            return i
        _, i = _SKIP.raw_decode(text, i)
        i = _ws(text, i)
        if text[i] == ",":
            i = _ws(text, i + 1)
    return -1


def _element(text: str, i: int, index: int) -> int:
    i = _ws(text, i + 1)
    n = 0
    while text[i] != "]":
        if n == index:
            return i
        _, i = _SKIP.raw_decode(text, i)
        i = _ws(text, i)
        if text[i] == ",":
            i = _ws(text, i + 1)
        n += 1
    return -1
