"""mkdocs hooks: add the pages and downloads generated from the spec to the build. Listed under
`hooks:` in mkdocs.yml."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from generator import spec
from generator.paths import ASSETS, BUILD, FORMS, SPEC
from generator.portal import formpage, guide, pages, printed, publish, rawmd, search, updated

# Served by the portal itself, so that it works offline and asks nothing of anyone else.
VENDORED = (
    "mermaid.min.js",
    "hash-wasm-sha256.umd.min.js",
    "fflate.umd.js",
    "iframe-worker-shim.js",
)
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


_segmenter: search.Segmenter | None = None


def on_config(config: Any) -> Any:
    # Before any page is indexed: the search plugin cuts every page's text with jieba, taught the
    # spec's words, through a cache of earlier builds' cuts.
    global _segmenter
    _segmenter = search.install_segmenter()
    config["site_url"] = config.get("site_url") or portal_url(spec.index()["base_uri"])
    return config


EXAMPLE_HOST = "szqz.example"


def portal_url(schemas: str) -> str | None:
    """The portal's own address, from the schemas' (“门户地址 + spec/”): the theme's 404 page
    links its styles and menu from it, so that it works under a sub-folder too. None while the
    setting is still the example address, which no one can serve (links then start at /)."""
    if EXAMPLE_HOST in schemas or not schemas.endswith("/spec/"):
        return None
    return schemas[: -len("spec/")]


# After the search plugin has written the site's search files (priority 0), before the theme's
# offline plugin inlines the index (-100).
@event_priority(-50)
def on_post_build(config: Any) -> None:
    search.add_short_forms(Path(config["site_dir"]))
    try:
        search.patch_worker(Path(config["site_dir"]))
    except search.PatchFailed as exc:
        raise PluginError(str(exc)) from None
    if _segmenter is not None:
        _segmenter.save()


def on_env(env: Any, config: Any, files: Any) -> Any:
    """The theme's templates are compiled once and kept (Jinja2's bytecode cache, which checks
    each template's source time before using it), not compiled again by every build."""
    import jinja2

    folder = BUILD / "cache" / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Every page says when it last changed, at its foot. Hand-written pages name the schemas'
    address as {{ base_uri }}, the build setting."""
    date = updated.last_changed(page.file.src_uri, page.file.generated_by is not None)
    markdown = markdown.replace("{{ base_uri }}", spec.base_uri())
    return f'{markdown.rstrip()}\n\n<p class="szqz-updated">本页最后更新：{date}</p>\n'


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    found = rawmd.leftovers(html)
    if found:
        raise PluginError(
            f"{page.file.src_uri} 中有未能转换的 Markdown，会原样显示给读者："
            + "；".join(found[:5])
        )
    return html


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
    download("assets/portal.css", (ASSETS / "portal.css").read_bytes())
    page("regulation.md", pages.regulation_page())
    page("glossary.md", guide.glossary_page())
    page("about.md", guide.about_page())
    page("guide/index.md", guide.index_page())
    for stage in spec.guide():
        page(f"guide/{stage['id']}.md", guide.stage_page(stage))
    page("checks.md", pages.checks_page())
    page("deadlines.md", pages.deadlines_page())
    # The printed forms (blank and example of each), in parallel and reused while unchanged.
    for uri, data in printed.render_all().items():
        download(uri, data)
    for form in spec.forms():
        page(f"forms/{form.id}.md", formpage.form_page(form))
        folder = FORMS / form.id
        download(f"downloads/{form.id}/template.json", (folder / "template.json").read_bytes())
        download(f"downloads/{form.id}/example.json", (folder / "example.json").read_bytes())
        download(f"downloads/{form.id}/{form.id}.schema.json", form.schema_file.read_bytes())
        # Beside the form's schema, which refers to it by a relative address.
        download(
            f"downloads/{form.id}/defs.schema.json",
            (SPEC / "schemas" / "defs.schema.json").read_bytes(),
        )
        download(f"downloads/{form.id}/{form.id}-example.zip", formpage.example_zip(form.id))
        download(f"downloads/{form.id}/{publish.AJV_MODULE}", publish.ajv_module())
        for attachment in sorted((folder / "attachments").glob("*")):
            download(f"downloads/{form.id}/attachments/{attachment.name}", attachment.read_bytes())
    from generator.outline import portal

    for kind in portal.kinds():
        download(portal.download_path(kind), portal.blank_outline(kind))
    # The schemas also live under their $id path, so that a portal served at its base_uri
    # resolves each dossier's $schema.
    for uri, data in publish.publish().items():
        download(uri, data)
    return files
