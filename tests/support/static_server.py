"""Serve a built site on loopback the way its static host would.

The site is mounted under the path of its `site_url` (Material writes that path into 404.html),
a missing path answers 404 with the site's own 404.html, and text responses can be gzipped so
that transferred sizes are the ones a visitor's browser would see.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

NOT_FOUND_PAGE = "404.html"
COMPRESSIBLE_TYPES = ("text/", "application/javascript", "application/json", "application/xml",
                      "image/svg+xml")


def base_path(site_url: str | None) -> str:
    """The path a site is published under, `/` or `/name/`."""
    path = urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else f"{path}/"


class StaticSiteHandler(http.server.SimpleHTTPRequestHandler):
    """Quiet, mounted under `base`, 404.html for missing paths, optional gzip."""

    base = "/"
    compress = False

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def translate_path(self, path: str) -> str:
        request_path = urlsplit(path).path
        if request_path == self.base.rstrip("/"):
            request_path = self.base
        if not request_path.startswith(self.base):
            return ""  # outside the site: no such file, so the 404 page answers
        return super().translate_path("/" + path[len(self.base):])

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(self.directory) / NOT_FOUND_PAGE
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        self._send_body(404, "text/html; charset=utf-8", page.read_bytes())

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        if not self.compress:
            super().do_GET()
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") \
                or not content_type.startswith(COMPRESSIBLE_TYPES):
            super().do_GET()
            return
        self._send_body(200, content_type, gzip.compress(path.read_bytes()), encoding="gzip")

    def _send_body(self, code: int, content_type: str, body: bytes,
                   encoding: str | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve_site(directory: Path, site_url: str | None = None,
               compress: bool = False) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` on a free loopback port; return the server and the site's URL."""
    base = base_path(site_url)
    handler_class = type("SiteHandler", (StaticSiteHandler,), {"base": base, "compress": compress})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{base}"
