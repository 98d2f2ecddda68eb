"""Regenerating the committed derived files (blank JSON templates) from the spec: `make templates`."""

from __future__ import annotations

from generator import blank, spec
from generator.fileio import canonical_json, write_atomic
from generator.paths import FORMS


def write_templates() -> list[str]:
    written = []
    for form in spec.forms():
        path = FORMS / form.id / "template.json"
        text = canonical_json(blank.template(form.id))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
            written.append(str(path))
    return written


if __name__ == "__main__":
    for name in write_templates():
        print(f"已更新 {name}")
