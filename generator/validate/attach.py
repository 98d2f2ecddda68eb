"""`szqz hash FILE…` and `szqz attach DOSSIER`: the type and SHA-256 digest of attachment files,
so that nobody has to run sha256sum and copy 64 characters by hand. `hash` prints them; `attach`
goes through every attachment of a dossier, checks that its file is there, and fills in (or with
--check only compares) its `type` and `sha256`, writing the dossier back atomically, with the same
layout as the portal's templates, only when something changed."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

from generator.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from generator.fileio import READ_FLAGS, os_reason, shown, write_atomic
from generator.validate import catalogue, locations, near, reader
from generator.validate.engine import known_forms

# What a file's first bytes say it is; zip-based formats are told apart by their extension.
_MAGIC = ((b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"))
_ZIPPED = {".docx": "docx", ".xlsx": "xlsx", ".ofd": "ofd"}


def describe(path: Path) -> tuple[str | None, str]:
    """(type, sha256) of a file; the type is None when it is none the forms accept."""
    h = hashlib.sha256()
    fd = os.open(path, READ_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "不是普通文件（如文件夹、命名管道或设备）", str(path))
        head = os.read(fd, 1 << 20)
        block = head
        while block:
            h.update(block)
            block = os.read(fd, 1 << 20)
    finally:
        os.close(fd)
    kind = next((name for magic, name in _MAGIC if head.startswith(magic)), None)
    if kind is None and head.startswith(b"PK\x03\x04"):
        kind = _ZIPPED.get(path.suffix.lower(), "zip")
    return kind, h.hexdigest()


def run_hash(files: list[Path]) -> int:
    code = EXIT_OK
    for path in files:
        try:
            kind, digest = describe(path)
        except OSError as exc:
            print(f"szqz: 无法读取 {shown(str(path))}：{os_reason(exc)['zh']}", file=sys.stderr)
            code = EXIT_USAGE
            continue
        print(f"{digest}  {kind or '-'}  {shown(str(path))}")
    return code


def run_attach(dossier: Path, check_only: bool) -> int:
    limit = int(catalogue.settings()["max_file_bytes"]["default"])
    parsed = reader.read(str(dossier), limit)
    if parsed.issue is not None or parsed.data is None:
        assert parsed.issue is not None
        message = catalogue.word(parsed.issue.code, "message", "zh", parsed.issue.params)
        raise UsageError(f"{shown(str(dossier))}：{message}")
    data = parsed.data
    form = known_forms().get(str(data.get("$schema")))
    if form is None:
        raise UsageError(f"{shown(str(dossier))} 没有写明本规范的表单（$schema），不是一份申报材料")
    folder = dossier.parent
    changes: list[str] = []
    problems: list[str] = []
    for path, att in locations.find(form, data, "attachment"):
        if not isinstance(att, dict) or not isinstance(att.get("file"), str):
            continue
        where = "/" + "/".join(str(p) for p in path)
        problem = _update(folder, where, att, changes)
        if problem:
            problems.append(problem)
    for line in (*changes, *problems):
        print(line)
    if check_only:
        return EXIT_FINDINGS if changes or problems else EXIT_OK
    if changes:
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        write_atomic(dossier, text)
        print(f"已更新 {shown(str(dossier))}：{len(changes)} 处。")
    elif not problems:
        print(f"{shown(str(dossier))}：每个附件的类型和摘要都已正确填写。")
    return EXIT_FINDINGS if problems else EXIT_OK


def _update(folder: Path, where: str, att: dict[str, Any], changes: list[str]) -> str | None:
    """Compare one attachment with its file and note (and make) what changes; or the reason it
    cannot be checked."""
    name = att["file"]
    target = folder / name.replace("\\", "/")
    parts = Path(name.replace("\\", "/")).parts
    if "\0" in name or ".." in parts or Path(name).is_absolute():
        return f"{where}/file：{near.printable(name)} 不是材料文件夹内的相对路径，未处理"
    try:
        kind, digest = describe(target)
    except OSError as exc:
        hint = near.near_miss(str(target))["zh"] if exc.errno == 2 else ""
        return f"{where}/file：{name} 无法读取（{os_reason(exc)['zh']}）。{hint}".rstrip()
    if kind is not None and att.get("type") != kind:
        changes.append(f"{where}/type：{att.get('type') or '（未填）'} → {kind}")
        att["type"] = kind
    if att.get("sha256") != digest:
        changes.append(f"{where}/sha256：{att.get('sha256') or '（未填）'} → {digest}")
        att["sha256"] = digest
    return None
