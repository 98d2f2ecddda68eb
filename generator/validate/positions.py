"""Line and column of a JSON pointer in the original text, found by walking the text only along
the pointer's path (values off the path are skipped by the C decoder). Used only for files that
have findings, so valid files pay nothing for it."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass

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


FEW = 8


@dataclass(frozen=True, slots=True)
class _Wanted:
    places: set[tuple[str, ...]]  # every place on the way to a wanted one, and those
    parents: set[tuple[str, ...]]  # the places that hold a wanted place inside them


def locate_all(text: str, pointers: list[str]) -> dict[str, tuple[int, int]]:
    """locate() for many pointers in one pass over the text: each container on the way to a
    wanted place is entered once and everything else skipped, and lines are counted once, so a
    file with thousands of findings costs no more than reading it (locate() per finding would
    re-read the text from the start each time)."""
    distinct = set(pointers)
    if len(distinct) <= FEW:
        # A walk per pointer stops at its place; for a few that is less than one whole pass.
        return {p: where for p in distinct if (where := locate(text, p)) is not None}
    wanted = {p: tuple(split_pointer(p)) for p in distinct}
    prefixes = {path[:n] for path in wanted.values() for n in range(len(path) + 1)}
    parents = {path[:n] for path in wanted.values() for n in range(len(path))}
    offsets: dict[tuple[str, ...], int] = {}
    start = 1 if text.startswith("\ufeff") else 0
    # Text that cannot be walked to the end: the places found so far stand.
    with contextlib.suppress(ValueError, IndexError):
        _visit(text, _ws(text, start), (), _Wanted(prefixes, parents), offsets)
    found: dict[str, int] = {}
    for pointer, path in wanted.items():
        for n in range(len(path), -1, -1):  # the deepest existing parent of a missing member
            if path[:n] in offsets:
                found[pointer] = offsets[path[:n]]
                break
    return _line_cols(text, found)


def _visit(
    text: str,
    i: int,
    path: tuple[str, ...],
    wanted: _Wanted,
    offsets: dict[tuple[str, ...], int],
) -> int:
    """Record where the value at `path` starts, enter it if a wanted place lies inside, and
    return the offset just past it."""
    offsets[path] = i
    opening = text[i]
    if opening == "{" and path in wanted.parents:
        i = _ws(text, i + 1)
        while text[i] != "}":
            name, i = scanstring(text, i + 1)
            i = _ws(text, _ws(text, i) + 1)  # past the colon
            child = (*path, name)
            if child in wanted.places:
                i = _visit(text, i, child, wanted, offsets)
            else:
                _, i = _SKIP.raw_decode(text, i)
            i = _ws(text, i)
            if text[i] == ",":
                i = _ws(text, i + 1)
        return i + 1
    if opening == "[" and path in wanted.parents:
        i = _ws(text, i + 1)
        n = 0
        while text[i] != "]":
            child = (*path, str(n))
            if child in wanted.places:
                i = _visit(text, i, child, wanted, offsets)
            else:
                _, i = _SKIP.raw_decode(text, i)
            i = _ws(text, i)
            if text[i] == ",":
                i = _ws(text, i + 1)
            n += 1
        return i + 1
    _, end = _SKIP.raw_decode(text, i)
    return int(end)


def _line_cols(text: str, offsets: dict[str, int]) -> dict[str, tuple[int, int]]:
    """(line, column) for each offset, counting newlines once from the start to the last."""
    result: dict[str, tuple[int, int]] = {}
    line, counted = 1, 0
    for pointer, offset in sorted(offsets.items(), key=lambda item: item[1]):
        line += text.count("\n", counted, offset)
        counted = offset
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        result[pointer] = (line, column)
    return result
