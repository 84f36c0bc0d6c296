"""Privacy: loading every page of the site sends no request anywhere but the site's own server."""

from __future__ import annotations

from pathlib import Path

import pytest

from page_walk import walk
from static_server import serve_site

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("page_walk")]


def test_every_page_stays_on_the_local_server(page_walks) -> None:
    offenders = page_walks("light").off_site
    assert not offenders, "requests off the site:\n" + "\n".join(
        f"{url} (from {', '.join(sorted(pages))})" for url, pages in sorted(offenders.items()))


def test_an_off_site_request_is_caught(browser, tmp_path: Path, axe_script: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<img src="https://fonts.example.invalid/a.png"><script src="local.js"></script>')
    (tmp_path / "local.js").write_text("fetch('https://api.example.invalid/stars')")
    server, url = serve_site(tmp_path)
    try:
        offenders = walk(browser, url, [""], axe_script, "light").off_site
    finally:
        server.shutdown()
    assert offenders == {"https://fonts.example.invalid/a.png": {"/"},
                         "https://api.example.invalid/stars": {"/"}}
