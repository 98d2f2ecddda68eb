"""mkdocs hooks: add the pages and downloads generated from the spec to the build. Listed under
`hooks:` in mkdocs.yml."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator import spec
from generator.paths import ASSETS, BUILD, FORMS, SPEC
from generator.portal import pages, printed

# Served by the portal itself, so that it works offline and asks nothing of anyone else.
VENDORED = ("mermaid.min.js", "hash-wasm-sha256.umd.min.js", "fflate.umd.js")
PYODIDE = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)


def _fill_pages(page: Callable[[str, str], None], download: Callable[[str, bytes], None]) -> None:
    """The 在线填写 pages, their glue scripts and the checker's Python (one zip)."""
    from generator.fill import bundle
    from generator.fill import page as fill

    try:
        runtime = bundle.build()
    except bundle.MissingWheels as exc:
        raise PluginError(str(exc)) from None
    download("assets/fill/szqz-runtime.zip", runtime)
    for asset in sorted((ASSETS / "fill").iterdir()):
        download(f"assets/fill/{asset.name}", asset.read_bytes())
    # The printed form's stylesheet and watermark beside the fill pages: their print view links
    # them as the PDFs do (form.css, draft.svg), the same files.
    for asset in sorted(ASSETS.glob("*.*")):
        download(f"fill/{asset.name}", asset.read_bytes())
    page("fill/index.md", fill.index_page())
    for form in spec.forms():
        page(f"fill/{form.id}.md", fill.fill_page(form))


def on_files(files: Files, config: Any) -> Files:
    def page(uri: str, content: str) -> None:
        files.append(File.generated(config, uri, content=content))

    def download(uri: str, data: bytes) -> None:
        files.append(File.generated(config, uri, content=data))

    vendor = BUILD / "vendor"
    needed = [vendor / n for n in VENDORED] + [vendor / "pyodide" / n for n in PYODIDE]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        raise PluginError(
            f"缺少 {'、'.join(missing)}：请用 make site 构建（它运行 scripts/vendor-web.sh，"
            "从 npm 和 PyPI 取得门户自带的脚本）。"
        )
    for name in VENDORED:
        download(f"assets/vendor/{name}", (vendor / name).read_bytes())
    for name in PYODIDE:
        download(f"assets/vendor/pyodide/{name}", (vendor / "pyodide" / name).read_bytes())
    _fill_pages(page, download)
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
    from generator.outline import docx, portal

    for kind in portal.kinds():
        download(portal.download_path(kind), docx.build(kind))
    for schema in sorted((SPEC / "schemas").glob("*.schema.json")):
        # The schemas also live under their $id path, so that a portal served at base_uri
        # resolves each dossier's $schema.
        download(f"spec/{spec.version()}/{schema.name}", schema.read_bytes())
    return files
