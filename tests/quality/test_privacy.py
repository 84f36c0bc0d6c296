"""Privacy: the walk through every page (tests/quality/test_accessibility.py) catches any request
to another host, and this shows it does."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.page_walk import walk
from support.static_server import serve_site

pytestmark = pytest.mark.browser


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
