"""Reading an attached document's headings and text, and nothing else: a .docx with the standard
library's zip and XML readers (paragraphs in a heading style or with an outline level), a PDF
through pypdf (its outline, then the text of its pages). pypdf comes with the `docs` extra and is
imported here only, when a PDF is read; without it the caller says the check was skipped. Nothing in a file is ever run.
Hostile files end in an exception with a reason, within bounded time and memory: the file's size,
a .docx's entry count, unpacked size and compression ratio are checked before it is opened (the
zip reader then stops at the declared sizes), and a PDF is read for at most MAX_PAGES pages and
MAX_TEXT characters, and no further than the words sought have all been found."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import warnings
import xml.etree.ElementTree as ET
import zipfile
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.parsers.expat import ExpatError, ParserCreate

from generator.outline.data import GUIDANCE, OUTLINE_NOTES
from generator.validate.catalogue import words

MAX_BYTES = 64 << 20  # a file larger than this is not read
MAX_ENTRIES = 2000  # parts in a .docx
MAX_UNPACKED = 128 << 20  # all parts of a .docx, unpacked
MAX_RATIO = 100  # unpacked : packed, for a part over 1 MiB
MAX_PAGES = 300
MAX_TEXT = 2_000_000  # characters of PDF text
MAX_OUTLINE = 5000  # PDF bookmarks
MAX_DEPTH = 8  # PDF bookmark nesting

_SPACE = re.compile(r"\s+")
_HEADING_STYLE = re.compile(r"^(heading|标题)\s*([1-9])$", re.IGNORECASE)
# A line of PDF text short enough to be a heading (or a table-of-contents entry).
HEADING_CHARS = 60


class Skipped(Exception):
    """The library that reads this kind of file is not installed."""

    def __init__(self, library: str) -> None:
        super().__init__(library)
        self.library = library


class Unverifiable(Exception):
    """The file was read, but its chapters cannot be told (a scan, no heading styles, …)."""

    def __init__(self, reason: dict[str, str]) -> None:
        super().__init__(reason["en"])
        self.reason = reason


class Unreadable(Exception):
    """The file is not what it claims to be, is damaged, or is built to exhaust a reader."""

    def __init__(self, reason: dict[str, str]) -> None:
        super().__init__(reason["en"])
        self.reason = reason


def normal(text: str) -> str:
    return _SPACE.sub("", text.replace("\u3000", " "))


@dataclass(slots=True)
class Content:
    """What was read: heading texts and other text lines, both without spaces."""

    how: dict[str, str]  # where the headings came from, for the message
    headings: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    in_guidance: bool = False

    def add_heading(self, text: str) -> None:
        self.in_guidance = text == GUIDANCE
        if not self.in_guidance:
            self.headings.append(text)

    def add_line(self, text: str) -> None:
        """Body text, leaving out what an outline itself says (its guidance section, the
        marks and hints under each chapter): an untouched outline gives no opinion."""
        if not self.in_guidance and not text.startswith(OUTLINE_NOTES):
            self.lines.append(text)

    def has_heading(self, needles: Iterable[str]) -> bool:
        return any(n in h for h in self.headings for n in needles)

    def mentions(self, needles: Iterable[str], near: tuple[str, ...]) -> bool:
        """A needle in a heading, or in a line that also carries one of `near`."""
        wanted = tuple(needles)
        return self.has_heading(wanted) or any(
            any(n in line for n in wanted) and any(w in line for w in near) for line in self.lines
        )


# What a file was found to hold, by the digest of its bytes: a document attached to several
# dossiers (the same study in a project's approval and adjustment, copies across project
# folders) is opened once per process. Bounded; a Content holds only headings and short lines.
_READ: OrderedDict[tuple[bytes, str, tuple[str, ...]], Content | Exception] = OrderedDict()
_READ_SIZE = 64


def read(data: bytes, kind: str, sought: tuple[str, ...]) -> Content:
    _reader_installed(kind)  # asked each time: the answer does not come from the cache
    key = (hashlib.sha256(data).digest(), kind, sought)
    known = _READ.get(key)
    if known is None:
        try:
            known = _docx(data) if kind == "docx" else _pdf(data, sought)
        except (Unverifiable, Unreadable) as exc:  # the same file gives the same verdict
            known = exc
        _READ[key] = known
        if len(_READ) > _READ_SIZE:
            _READ.popitem(last=False)
    else:
        _READ.move_to_end(key)
    if isinstance(known, Exception):
        raise known
    return known


def _reader_installed(kind: str) -> None:
    """Skipped when the library that reads this kind of file is not installed."""
    if kind != "pdf":
        return  # a .docx is read with the standard library
    try:
        import pypdf  # noqa: F401
    except ImportError:
        raise Skipped("pypdf") from None


def too_large(size: int) -> Unverifiable:
    mb = f"{size / (1 << 20):.1f}"
    limit = MAX_BYTES >> 20
    return Unverifiable(
        words(
            f"文件有 {mb} MB，超过读取上限 {limit} MB，未读取",
            f"the file has {mb} MB, over the reading limit of {limit} MB",
        )
    )


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_X = _W[1:]  # names as the streaming reader gives them: namespace}local
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_STYLES = "/styles"
_DAMAGED = (
    "文件损坏或不是 Word 文档（.docx），无法打开",
    "the file is damaged or not a Word (.docx) document",
)


def _docx(data: bytes) -> Content:
    """Headings and lines of a .docx, from its main document and style parts, read with the
    standard library's zip and XML readers: a .docx is a zip of XML parts, and the paragraphs'
    styles and outline levels are all that is needed. (python-docx, which writes the outlines,
    builds the whole document model: some 60 ms to import and 15 ms a file, which dominated a
    bulk run.) An XML part that declares a DTD is refused: Word never writes one, and only a
    DTD can define the entities of an expansion bomb."""
    _guard_zip(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            main = _target(package, "_rels/.rels", "", _OFFICE_DOCUMENT) or "word/document.xml"
            document = _part(package, main)
            folder = main.rsplit("/", 1)[0] + "/" if "/" in main else ""
            rels = f"{folder}_rels/{main.rsplit('/', 1)[-1]}.rels"
            styles_name = _target(package, rels, folder, _STYLES) or f"{folder}styles.xml"
            used = {
                str(p.get(f"{_W}val"))
                for p in document.iter(f"{_W}pStyle")
                if p.get(f"{_W}val") is not None
            }
            styles = (
                _styles(_raw_part(package, styles_name), used)
                if styles_name in package.namelist()
                else {}
            )
    except Unreadable:
        raise
    except (KeyError, zipfile.BadZipFile, ET.ParseError, ExpatError, ValueError, OSError, EOFError):
        raise Unreadable(words(*_DAMAGED)) from None
    body = document.find(f"{_W}body")
    if document.tag != f"{_W}document" or body is None:
        raise Unreadable(words(*_DAMAGED))
    levels = _style_levels(styles)
    content = Content(words("Word 标题样式", "Word heading styles"))
    for paragraph in body.iterfind(f"{_W}p"):  # the body's own paragraphs, not tables'
        text = normal("".join(t.text or "" for t in paragraph.iter(f"{_W}t")))
        if text and _level(paragraph, levels):
            content.add_heading(text)
        elif text and len(content.lines) < 100_000:
            content.add_line(text)
    if not content.headings:
        raise Unverifiable(
            words(
                "文件没有使用标题样式（标题 1、标题 2 等），无法识别章节",
                "the file uses no heading styles (Heading 1, Heading 2, …), so its chapters "
                "cannot be told",
            )
        )
    return content


def _part(package: zipfile.ZipFile, name: str) -> ET.Element:
    return ET.fromstring(_raw_part(package, name))


def _raw_part(package: zipfile.ZipFile, name: str) -> bytes:
    raw = package.read(name)
    if b"<!DOCTYPE" in raw.upper():
        raise Unreadable(
            words(
                "文件的 XML 部件声明了 DTD（Word 从不这样写，可能是实体扩展炸弹），未打开",
                "an XML part of the file declares a DTD (Word never writes one; an entity "
                "expansion bomb?); not opened",
            )
        )
    return raw


def _target(package: zipfile.ZipFile, rels: str, folder: str, kind: str) -> str | None:
    """The part a relationship of type …`kind` in `rels` points to, as a name in the zip."""
    if rels not in package.namelist():
        return None
    for rel in _part(package, rels).iter(f"{_PACKAGE_RELS}Relationship"):
        if str(rel.get("Type", "")).endswith(kind) and rel.get("TargetMode") != "External":
            target = str(rel.get("Target", ""))
            return target.lstrip("/") if target.startswith("/") else folder + target
    return None


def _guard_zip(data: bytes) -> None:
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Unreadable(
            words("文件不是有效的 .docx（不是 zip 包）", "the file is not a valid .docx (no zip)")
        ) from None
    unpacked = sum(i.file_size for i in infos)
    bomb = any(
        i.file_size > 1 << 20 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos
    )
    if len(infos) > MAX_ENTRIES or unpacked > MAX_UNPACKED or bomb:
        mb = f"{unpacked / (1 << 20):.0f}"
        raise Unreadable(
            words(
                f"文件解压后有 {len(infos)} 个部件、{mb} MB，或压缩比异常（疑为压缩炸弹），未打开",
                f"the file unpacks to {len(infos)} parts and {mb} MB, or is compressed "
                "abnormally (a zip bomb?); not opened",
            )
        )


_Style = tuple[str, "str | None", "str | None"]  # name, based on, outline level


_STYLE_TAG = re.compile(rb"<w:style\b([^>]*)>")
_STYLE_ID = re.compile(rb'\bw:styleId="([^"]*)"')
_PARAGRAPH = re.compile(rb'\bw:type="paragraph"')
_DEFAULT = re.compile(rb'\bw:default="(?:1|true|on)"')


def _styles(raw: bytes, used: set[str]) -> dict[str | None, _Style]:
    """The paragraph styles the document uses (and those they are based on, and the default),
    found by their start tags and parsed one by one: Word's styles part lists every built-in
    style and is large, while a document uses a handful. A part written otherwise (another
    namespace prefix, say) is read whole."""
    try:
        found = _styles_by_search(raw, used)
    except (ET.ParseError, ValueError, UnicodeDecodeError):
        found = None
    return found if found is not None else _style_table(raw)


def _styles_by_search(raw: bytes, used: set[str]) -> dict[str | None, _Style] | None:
    where: dict[str, re.Match[bytes]] = {}
    default: str | None = None
    for tag in _STYLE_TAG.finditer(raw):
        attrs = tag.group(1)
        style_id = _STYLE_ID.search(attrs)
        if style_id is None or not _PARAGRAPH.search(attrs):
            continue
        name = style_id.group(1).decode("utf-8")
        where[name] = tag
        if _DEFAULT.search(attrs):
            default = name
    if not where:
        return None
    found: dict[str | None, _Style] = {}
    wanted = [*used, *([default] if default else [])]
    for _ in range(len(wanted) + 10 * len(wanted)):  # each style's chain is at most ten long
        if not wanted:
            break
        name = wanted.pop()
        if name in found or name not in where:
            continue
        tag = where[name]
        end = tag.end() if tag.group(0).endswith(b"/>") else raw.find(b"</w:style>", tag.end())
        if end < 0:
            return None
        fragment = raw[tag.start() : end if tag.group(0).endswith(b"/>") else end + 10]
        element = ET.fromstring(b'<r xmlns:w="' + _W[1:-1].encode() + b'">' + fragment + b"</r>")
        style = element[0]
        label = style.find(f"{_W}name")
        based = style.find(f"{_W}basedOn")
        level = style.find(f"{_W}pPr/{_W}outlineLvl")
        found[name] = (
            str(label.get(f"{_W}val", "")) if label is not None else "",
            based.get(f"{_W}val") if based is not None else None,
            level.get(f"{_W}val") if level is not None else None,
        )
        if found[name][1] is not None:
            wanted.append(str(found[name][1]))
    if default is not None and default in found:
        found[None] = found[default]
    return found


def _style_table(raw: bytes) -> dict[str | None, _Style]:
    """The paragraph styles of a styles part, by id (None: the default paragraph style's id),
    read as a stream: the part is large (Word lists every built-in style) and only a few
    attributes of each style matter."""
    found: dict[str | None, _Style] = {}
    current: list[Any] = []  # [id, name, based on, outline level] of the style being read
    default: list[str] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == _X + "style":
            current.clear()
            if attrs.get(_X + "type") == "paragraph":
                style_id = attrs.get(_X + "styleId", "")
                current.extend([style_id, "", None, None])
                if attrs.get(_X + "default") in ("1", "true", "on"):
                    default.append(style_id)
        elif current and tag == _X + "name":
            current[1] = attrs.get(_X + "val", "")
        elif current and tag == _X + "basedOn":
            current[2] = attrs.get(_X + "val")
        elif current and tag == _X + "outlineLvl":
            current[3] = attrs.get(_X + "val")

    def end(tag: str) -> None:
        if tag == _X + "style" and current:
            found[current[0]] = (current[1], current[2], current[3])
            current.clear()

    parser = ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(raw, True)
    if default:
        found[None] = found.get(default[0], ("", None, None))
    return found


def _style_levels(found: dict[str | None, _Style]) -> dict[str | None, int]:
    """Each paragraph style's heading level by style id: by its built-in heading name or an
    outline level, its own or that of a style it is based on; None is the default paragraph
    style, which a paragraph naming no style or an unknown one has."""

    def level_of(style: _Style | None) -> int:
        for _ in range(10):  # a style chain never needs more; a loop in a hostile file stops here
            if style is None:
                return 0
            name, based, outline = style
            match = _HEADING_STYLE.match(name)
            if match:
                return int(match.group(2))
            if outline is not None:
                return _outline_value(outline)
            style = found.get(based) if based is not None else None
        return 0

    levels: dict[str | None, int] = {key: level_of(style) for key, style in found.items()}
    levels.setdefault(None, 0)
    return levels


def _level(paragraph: ET.Element, levels: dict[str | None, int]) -> int:
    """The heading level of a paragraph: its own outline level, or its style's. 0 for body
    text."""
    own = paragraph.find(f"{_W}pPr/{_W}outlineLvl")
    if own is not None:
        return _outline_value(own.get(f"{_W}val"))
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    style_id = style.get(f"{_W}val") if style is not None else None
    return levels.get(style_id, levels[None]) if style_id is not None else levels[None]


def _outline_value(value: str | None) -> int:
    """Word's outline level 0–8 as heading level 1–9; 9 is body text."""
    try:
        level = int(value or "9")
    except ValueError:
        return 0
    return level + 1 if 0 <= level <= 8 else 0


def _pdf(data: bytes, sought: tuple[str, ...]) -> Content:
    try:
        import pypdf
    except ImportError:
        raise Skipped("pypdf") from None
    # pypdf reports damage it recovers from through logging and warnings; the finding says it.
    logging.getLogger("pypdf").addHandler(logging.NullHandler())
    logging.getLogger("pypdf").propagate = False
    damaged = Unreadable(
        words("PDF 文件结构损坏，无法读取", "the PDF is damaged and cannot be read")
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not _decrypt(reader):
                raise Unverifiable(
                    words("PDF 已加密，无法读取文字", "the PDF is encrypted; its text is closed")
                )
            content = Content(words("PDF 书签", "PDF bookmarks"))
            _bookmarks(reader.outline, content.headings, 0)
            if not all(any(s in h for h in content.headings) for s in sought):
                _text(reader, content, sought)
        except (Unverifiable, Unreadable):
            raise
        except (Exception, RecursionError):
            raise damaged from None
    if not content.headings and not content.lines:
        raise Unverifiable(
            words(
                "PDF 没有可读取的文字（可能是扫描件），无法核对章节",
                "the PDF carries no text (a scan?), so its chapters cannot be checked",
            )
        )
    return content


def _decrypt(reader: Any) -> bool:
    """Many PDFs are encrypted with an empty user password (only printing is restricted)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False


def _bookmarks(items: Any, out: list[str], depth: int) -> None:
    if depth > MAX_DEPTH or not isinstance(items, list):
        return
    for item in items:
        if len(out) >= MAX_OUTLINE:
            return
        if isinstance(item, list):
            _bookmarks(item, out, depth + 1)
        else:
            title = normal(str(getattr(item, "title", "") or ""))
            if title:
                out.append(title)


def _text(reader: Any, content: Content, sought: tuple[str, ...]) -> None:
    """Page text as lines, short ones also as headings, until everything sought is found."""
    content.how = words("PDF 文字", "PDF text")
    total = 0
    missing = set(sought)
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or total >= MAX_TEXT or (sought and not missing):
            return
        text = page.extract_text() or ""
        total += len(text)
        for raw in text.splitlines():
            line = normal(raw)
            if not line:
                continue
            if len(line) <= HEADING_CHARS:
                content.add_heading(line)
                missing = {s for s in missing if s not in line}
            content.add_line(line)
