"""The schemas as the portal publishes them, at the address the bureau serves it from. That address
is `base_uri` in spec/spec.yaml (the portal's own address followed by spec/): every schema's $id,
the `$schema` every dossier carries and the folder the portal puts the schemas in follow from it, so
that an editor or check-jsonschema given a dossier's `$schema` fetches the schema, and the schema's
relative `$ref` to defs.schema.json, from the portal itself. `publish(base)` gives the files for
another address, as a portal built there would have them (the tests serve them on localhost).

ajv, as people run it (strict mode), refuses keywords it does not know; the schemas' own
annotations (x-article: the articles a field rests on, x-form, x-cite, x-enum-titles) are declared
to it by a small module the portal publishes beside the schemas, written here from the keywords
the schemas use, so it cannot fall behind them."""

from __future__ import annotations

import json
import re

from generator import spec
from generator.paths import SPEC

AJV_MODULE = "szqz-ajv-keywords.js"


def rebase(data: bytes, base: str) -> bytes:
    """A schema or dossier file with the spec's schema address replaced by `base` (a folder URI
    ending in /spec/<version>/)."""
    return data.replace(spec.base_uri().encode(), base.encode())


def annotation_keywords() -> list[str]:
    found: set[str] = set()
    for path in (SPEC / "schemas").glob("*.schema.json"):
        found.update(re.findall(r'"(x-[a-z-]+)"\s*:', path.read_text(encoding="utf-8")))
    return sorted(found)


def ajv_module() -> bytes:
    keywords = json.dumps(annotation_keywords())
    return (
        "// The annotation keywords of the 数字钦州 schemas, for ajv's strict mode: they describe\n"
        "// fields (the articles they rest on, names of options) and never change validation.\n"
        f"// ajv validate --spec=draft2020 -c ajv-formats -c ./{AJV_MODULE} \\\n"
        "//   -s approval.schema.json -r defs.schema.json -d example.json\n"
        "module.exports = function (ajv) {\n"
        f"  for (const keyword of {keywords}) ajv.addKeyword({{ keyword }});\n"
        "  return ajv;\n"
        "};\n"
    ).encode()


def publish(base: str | None = None) -> dict[str, bytes]:
    """Path in the portal → bytes: the schemas under spec/<version>/ (their $id), the keyword
    module for ajv beside them, and the JSON report's schema at its $id."""
    base = base or spec.base_uri()
    files = {
        f"spec/{spec.version()}/{path.name}": rebase(path.read_bytes(), base)
        for path in sorted((SPEC / "schemas").glob("*.schema.json"))
    }
    files[f"spec/{spec.version()}/{AJV_MODULE}"] = ajv_module()
    # The schema of szqz validate's JSON report, at its own $id below the same address.
    report = SPEC / "report.schema.json"
    report_id = str(json.loads(report.read_text(encoding="utf-8"))["$id"])
    root = str(spec.index()["base_uri"])
    if report_id.startswith(root):
        files["spec/" + report_id.removeprefix(root)] = report.read_bytes()
    return files
