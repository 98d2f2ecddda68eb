"""The only URL fetcher WeasyPrint gets: it serves files from the project's own assets folder
and refuses everything else (network, data:, file:// outside the assets), so no value in a
dossier can make a render read a local file or reach the network."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from generator.paths import ASSETS


class AssetsOnlyFetcher(URLFetcher):  # type: ignore[misc]
    def __init__(self, root: Path = ASSETS) -> None:
        super().__init__(allowed_protocols=["file"])
        self.root = root.resolve()

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"blocked: {url}")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise ValueError(f"blocked: {url}")
        mime = "text/css" if path.suffix == ".css" else "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})
