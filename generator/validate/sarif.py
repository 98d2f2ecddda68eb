"""SARIF 2.1.0 output, for code-hosting review tools that show findings beside the lines of a
file. Every catalogue entry is a rule (so the rules come first and the results can be written as
they arrive); each finding is a result at its file, line and column, with its JSON pointer as
the logical location."""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from generator import __version__
from generator.validate import catalogue

if TYPE_CHECKING:
    from generator.validate.report import Summary
    from generator.validate.results import FileResult

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"error": "error", "warning": "warning"}


def _rules(lang: str) -> list[dict[str, Any]]:
    rules = []
    for code, entry in catalogue.entries().items():
        rules.append(
            {
                "id": code,
                "name": code,
                "shortDescription": {"text": entry["title"][lang]},
                "fullDescription": {"text": catalogue.template_words(entry["message"][lang], lang)},
                "help": {"text": catalogue.template_words(entry["remedy"][lang], lang)},
                "defaultConfiguration": {"level": LEVELS[entry["severity"]]},
                "properties": {"articles": list(entry["articles"]), "kind": entry["kind"]},
            }
        )
    return rules


def _uri(file: str) -> str:
    """A relative URI reference for the file: its exact bytes, percent-encoded (lossless for
    names that are not UTF-8 too)."""
    raw = os.fsencode(file).replace(os.sep.encode(), b"/")
    return urllib.parse.quote(raw, safe="/")


def write(results: Iterable[FileResult], lang: str, out: TextIO, summary: Summary) -> None:
    index = {code: i for i, code in enumerate(catalogue.entries())}
    driver = {
        "name": "szqz",
        "version": __version__,
        "informationUri": "https://szqz.example/",
        "rules": _rules(lang),
    }
    head = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "language": "zh-CN" if lang == "zh" else "en"}],
    }
    text = json.dumps(head, ensure_ascii=False, indent=2)
    # Open the run object again to stream its results into it.
    out.write(text[: text.rindex("}", 0, text.rindex("]"))].rstrip() + ',\n      "results": [')
    first = True
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for f in results:
        if not summary.add(f):
            continue
        uri = _uri(f.file)
        for x in f.findings:
            location: dict[str, Any] = {"artifactLocation": {"uri": uri}}
            if x.line:
                location["region"] = {"startLine": x.line, "startColumn": x.column or 1}
            result = {
                "ruleId": x.code,
                "ruleIndex": index[x.code],
                "level": LEVELS[x.severity],
                "message": {"text": f"{x.message} {x.remedy}"},
                "locations": [
                    {
                        "physicalLocation": location,
                        "logicalLocations": [{"fullyQualifiedName": x.pointer or "/"}],
                    }
                ],
                "properties": {"field": x.field, "articles": list(x.articles)},
            }
            out.write(("\n        " if first else ",\n        ") + dumps(result))
            first = False
    out.write("\n      ]\n    }\n  ]\n}\n")
