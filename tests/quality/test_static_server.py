"""The loopback server behaves like the static host: mount path, 404 page, gzip."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support.static_server import base_path, serve_site


def fetch(url: str, gzip_ok: bool = False) -> tuple[int, dict[str, str], bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "web").mkdir()
    (tmp_path / "index.html").write_text("<h1>home</h1>" * 50, encoding="utf-8")
    (tmp_path / "web" / "index.html").write_text("<h1>web</h1>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>not here</h1>", encoding="utf-8")
    return tmp_path


def test_base_path_is_the_site_url_path() -> None:
    assert base_path("https://example.org/garden") == "/garden/"
    assert base_path("https://example.org/") == "/"
    assert base_path(None) == "/"


def test_site_is_mounted_under_its_path_with_its_404_page(site: Path) -> None:
    server, url = serve_site(site, "https://example.org/garden/")
    try:
        assert url.endswith("/garden/")
        assert fetch(url + "web/")[::2] == (200, b"<h1>web</h1>")
        assert fetch(url + "missing/")[::2] == (404, b"<h1>not here</h1>")
        assert fetch(url.replace("/garden/", "/web/"))[::2] == (404, b"<h1>not here</h1>")
    finally:
        server.shutdown()


def test_text_is_gzipped_when_asked(site: Path) -> None:
    server, url = serve_site(site, "https://example.org/garden/", compress=True)
    try:
        status, headers, body = fetch(url, gzip_ok=True)
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == (site / "index.html").read_bytes()
        assert "Content-Encoding" not in fetch(url)[1]
    finally:
        server.shutdown()
