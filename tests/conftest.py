"""Shared fixtures: the project, a real build of the site, a loopback server and a browser."""

from __future__ import annotations

import http.server
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from garden.site import load_config
from garden.static_server import serve_site
from mkdocs_process import ROOT, run_mkdocs

SYSTEM_CHROMIUM = Path(os.environ.get("GARDEN_CHROMIUM", "/usr/bin/chromium"))
# Chromium flags for a closed network and a root user (see the README's testing notes).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_BROWSER = (
    "No Chromium for the browser tests. Install one: `apt-get install chromium` (Debian/Ubuntu, "
    "as root), or `.venv/bin/playwright install chromium` elsewhere; or point GARDEN_CHROMIUM "
    "at a Chromium binary. `make test` does this for you."
)


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real garden, built once per session with `mkdocs build --strict`."""
    out = tmp_path_factory.mktemp("site")
    result = run_mkdocs("build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return out


def serve_directory(
    directory: Path, site_url: str | None = None
) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a built site like its host: under site_url's path, 404.html for missing paths."""
    return serve_site(directory, site_url)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on a free loopback port, under the path of its site_url."""
    server, url = serve_directory(built_site, load_config(ROOT / "mkdocs.yml").raw.get("site_url"))
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium: the system one if present, else Playwright's own; never a skip."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        options = {"headless": True, "args": CHROMIUM_ARGS}
        if SYSTEM_CHROMIUM.exists():
            options["executable_path"] = str(SYSTEM_CHROMIUM)
        try:
            instance = playwright.chromium.launch(**options)
        except Error as error:
            pytest.fail(f"{NO_BROWSER}\n{error}", pytrace=False)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def scratch_project(tmp_path: Path) -> Path:
    """A copy of the site sources (mkdocs.yml, docs/, overrides/, glossary, notes) to modify."""
    for name in ("mkdocs.yml", "docs", "overrides", "glossary.yml", "notes"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        elif source.exists():
            shutil.copy2(source, tmp_path / name)
    return tmp_path
