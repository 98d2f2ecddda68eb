"""`szqz serve`: the built portal on this computer only (127.0.0.1), for a unit without a web
server. Browsers will not run the fill pages' checker from files opened directly (file://), so
this is how a clerk uses the portal from a folder. Serves files, nothing else; sends every file
with the type browsers insist on (WebAssembly and JavaScript modules)."""

from __future__ import annotations

import functools
import http.server
import sys
import webbrowser
from pathlib import Path
from typing import Any

from generator.exits import EXIT_OK, UsageError
from generator.paths import BUILD

TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".css": "text/css",
    ".html": "text/html; charset=utf-8",
    ".zip": "application/zip",
    ".pdf": "application/pdf",
    ".svg": "image/svg+xml",
}


class PortalHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.extensions_map = {**self.extensions_map, **TYPES}
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a clerk's console is not a server log


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that stops reading (a closed tab, a cancelled download) is no error.
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"szqz serve: 处理请求时出错：{error}", file=sys.stderr)


def handler(folder: Path) -> Any:
    return functools.partial(PortalHandler, directory=str(folder))


def _portal(folder: Path | None) -> Path:
    candidates = [folder] if folder is not None else [BUILD / "site", Path.cwd()]
    for candidate in candidates:
        if candidate is not None and (candidate / "index.html").is_file():
            return candidate
    where = folder if folder is not None else BUILD / "site"
    raise UsageError(
        f"{where} 中没有构建好的门户（找不到 index.html）。请给出门户文件夹，"
        "如 szqz serve 门户/；或先在项目文件夹中运行 make site。"
    )


def run_serve(folder: Path | None, port: int, open_browser: bool) -> int:
    root = _portal(folder)
    try:
        server = _Server(("127.0.0.1", port), handler(root))
    except OSError as exc:
        raise UsageError(
            f"无法在端口 {port} 上提供门户（{exc.strerror or exc}）：端口可能已被占用，"
            "请用 --port 换一个，如 --port 8765。"
        ) from None
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"门户已在 {url} 提供（只有本机能访问）。在线填写：{url}fill/index.html", flush=True)
    print("按 Ctrl+C 停止。", flush=True)
    if open_browser:
        webbrowser.open(url + "fill/index.html")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("已停止。", file=sys.stderr)
    finally:
        server.server_close()
    return EXIT_OK
