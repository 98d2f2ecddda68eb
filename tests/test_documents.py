"""Reading attached documents safely: the validator's core imports and runs without the readers
(python-docx, pypdf) and says what it skipped; the browser's in-memory check never reads a file;
a .docx whose zip headers lie about their sizes, or whose XML defines an entity bomb, ends in a
finding rather than in exhausted memory. (The chapter checks themselves are case folders under
tests/cases/document-*.)"""

from __future__ import annotations

import datetime as dt
import io
import json
import struct
import subprocess
import sys
import zipfile

import pytest
from conftest import FORMS

from generator.outline import docx as outline_docx
from generator.validate import docfiles
from generator.validate.engine import Options, validate_parsed
from generator.validate.reader import parse_bytes

APPROVAL = FORMS / "approval" / "example.json"


def test_the_core_reads_word_files_without_the_extras() -> None:
    """The light install (no python-docx, no pypdf) still checks the chapters of attached Word
    files: the example's three pass, and nothing is reported as skipped."""
    code = (
        "import sys; sys.modules['docx'] = None; sys.modules['pypdf'] = None; "
        "from generator.cli import main; "
        f"code = main(['validate', {str(APPROVAL)!r}, '--today', '2026-11-28', '-f', 'json']); "
        "print('EXIT', code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert "Traceback" not in result.stderr, result.stderr
    out = result.stdout
    assert out.rstrip().endswith("EXIT 0"), out
    report = json.loads(out[: out.rindex("EXIT")])
    assert report["files"][0]["findings"] == []


def test_the_browser_check_reads_no_file() -> None:
    raw = APPROVAL.read_bytes()
    options = Options(today=dt.date(2026, 11, 28), jobs=1)
    saved = {m: sys.modules.get(m) for m in ("docx", "pypdf")}
    try:
        sys.modules["docx"] = sys.modules["pypdf"] = None  # type: ignore[assignment]
        result = validate_parsed("example.json", parse_bytes(raw, 1 << 20), options, on_disk=False)
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    assert result.findings == []


def _replace(content: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, data if info.filename == name else src.read(info))
    return out.getvalue()


def _lie_about_size(content: bytes, name: str, size: int) -> bytes:
    """The zip with `name`'s uncompressed size in both its headers set to `size`."""
    raw = bytearray(content)
    encoded = name.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := raw.find(signature, start)) != -1:
            if raw[start + name_at : start + name_at + len(encoded)] == encoded:
                struct.pack_into("<I", raw, start + size_at, size)
            start += 4
    return bytes(raw)


def test_a_docx_that_lies_about_its_sizes_is_unreadable() -> None:
    outline = outline_docx.build("feasibility-study")
    huge = b"<w:document>" + b" " * (60 << 20) + b"</w:document>"  # 60 MiB, packs to ~60 KiB
    lying = _lie_about_size(_replace(outline, "word/document.xml", huge), "word/document.xml", 4096)
    with pytest.raises(docfiles.Unreadable):
        docfiles.read(lying, "docx", ())


def test_an_entity_bomb_in_a_docx_is_not_expanded() -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    content = _replace(outline_docx.build("feasibility-study"), "word/document.xml", bomb)
    with pytest.raises((docfiles.Unreadable, docfiles.Unverifiable)):
        docfiles.read(content, "docx", ())


def test_styles_found_by_search_equal_the_whole_part_read() -> None:
    """The fast path (the styles a document uses, found by their start tags) gives what reading
    the whole styles part gives; a part written with another namespace prefix is read whole."""
    docx_file = outline_docx.build("preliminary-design")
    with zipfile.ZipFile(io.BytesIO(docx_file)) as z:
        raw = z.read("word/styles.xml")
    whole = docfiles._style_table(raw)
    ids = {k for k in whole if k is not None}
    fast = docfiles._styles(raw, ids)
    assert fast == whole
    renamed = raw.replace(b"<w:", b"<x:").replace(b"</w:", b"</x:").replace(b" w:", b" x:")
    renamed = renamed.replace(b"xmlns:w=", b"xmlns:x=")
    assert docfiles._styles(renamed, ids) == whole
    # And the document read either way has the same headings.
    other = _replace(docx_file, "word/styles.xml", renamed)
    docfiles._READ.clear()
    assert (
        docfiles.read(other, "docx", ()).headings == docfiles.read(docx_file, "docx", ()).headings
    )
