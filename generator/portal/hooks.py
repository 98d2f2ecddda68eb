"""mkdocs hooks: add the pages and downloads generated from the spec to the build. Listed under
`hooks:` in mkdocs.yml."""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator import spec
from generator.paths import BUILD, FORMS, SPEC
from generator.portal import pages, printed


def on_files(files: Files, config: Any) -> Files:
    def page(uri: str, content: str) -> None:
        files.append(File.generated(config, uri, content=content))

    def download(uri: str, data: bytes) -> None:
        files.append(File.generated(config, uri, content=data))

    mermaid = BUILD / "vendor" / "mermaid.min.js"
    if not mermaid.is_file():
        raise PluginError(f"缺少 {mermaid}：请用 make site 构建（它会从 npm 取得 mermaid.js）。")
    download("assets/vendor/mermaid.min.js", mermaid.read_bytes())
    page("regulation.md", pages.regulation_page())
    page("checks.md", pages.checks_page())
    page("deadlines.md", pages.deadlines_page())
    # The printed forms (blank and example of each), in parallel and reused while unchanged.
    for uri, data in printed.render_all().items():
        download(uri, data)
    for form in spec.forms():
        page(f"forms/{form.id}.md", pages.form_page(form))
        folder = FORMS / form.id
        download(f"downloads/{form.id}/template.json", (folder / "template.json").read_bytes())
        download(f"downloads/{form.id}/example.json", (folder / "example.json").read_bytes())
        download(f"downloads/{form.id}/{form.id}.schema.json", form.schema_file.read_bytes())
        for attachment in sorted((folder / "attachments").glob("*")):
            download(f"downloads/{form.id}/attachments/{attachment.name}", attachment.read_bytes())
    for schema in sorted((SPEC / "schemas").glob("*.schema.json")):
        # The schemas also live under their $id path, so that a portal served at base_uri
        # resolves each dossier's $schema.
        download(f"spec/{spec.version()}/{schema.name}", schema.read_bytes())
    return files
