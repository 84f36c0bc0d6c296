"""Privacy: loading every page of the site sends no request anywhere but the site's own server."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from static_server import serve_site

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("data", "blob", "about")


def off_site_requests(browser, site_url: str, paths: list[str]) -> dict[str, set[str]]:
    """Load each page until the network is idle; every request off the site (aborted), with
    the pages that made it."""
    own = urlsplit(site_url).netloc
    offenders: dict[str, set[str]] = {}
    visiting = {"page": ""}

    def gate(route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in LOCAL_SCHEMES or parts.netloc == own:
            route.continue_()
            return
        offenders.setdefault(route.request.url, set()).add(visiting["page"])
        route.abort()

    context = browser.new_context()
    context.route("**/*", gate)
    try:
        page = context.new_page()
        for path in paths:
            visiting["page"] = path or "/"
            page.goto(urljoin(site_url, path), wait_until="networkidle")
    finally:
        context.close()
    return offenders


def test_every_page_stays_on_the_local_server(browser, site_url: str, page_paths) -> None:
    offenders = off_site_requests(browser, site_url, [*page_paths, "404.html"])
    assert not offenders, "requests off the site:\n" + "\n".join(
        f"{url} (from {', '.join(sorted(pages))})" for url, pages in sorted(offenders.items()))


def test_an_off_site_request_is_caught(browser, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<img src="https://fonts.example.invalid/a.png"><script src="local.js"></script>')
    (tmp_path / "local.js").write_text("fetch('https://api.example.invalid/stars')")
    server, url = serve_site(tmp_path)
    try:
        offenders = off_site_requests(browser, url, [""])
    finally:
        server.shutdown()
    assert offenders == {"https://fonts.example.invalid/a.png": {"/"},
                         "https://api.example.invalid/stars": {"/"}}
