"""Shared fixtures: the project, a real build of the site, a loopback server and a browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from garden.model.site import load_config
from support.mkdocs_process import ROOT, copy_sources, run_mkdocs
from support.static_server import serve_site

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
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The real garden, built once per session with `mkdocs build --strict` for the loopback
    address it is served from (as `mkdocs serve` does): Material's instant navigation and
    previews follow only links listed in sitemap.xml, whose URLs keep site_url's port."""
    out = tmp_path_factory.mktemp("site")
    server, url = serve_site(out, load_config(ROOT / "mkdocs.yml").site_url)
    result = run_mkdocs("build", "--strict", "--site-dir", str(out), env={"GARDEN_SITE_URL": url})
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    yield out, url
    server.shutdown()


@pytest.fixture(scope="session")
def built_site(served_site: tuple[Path, str]) -> Path:
    """The built garden's directory."""
    return served_site[0]


@pytest.fixture(scope="session")
def site_url(served_site: tuple[Path, str]) -> str:
    """The URL the built garden is served at, on a free loopback port (it ends with `/`)."""
    return served_site[1]


@pytest.fixture(scope="session")
def csp_violations() -> list[str]:
    """Content-Security-Policy violations Chromium reported in any context (see `browser`)."""
    return []


@pytest.fixture(autouse=True)
def no_csp_violation(request: pytest.FixtureRequest, csp_violations: list[str]) -> Iterator[None]:
    """Every browser test also asserts that no page broke the site's policy meanwhile."""
    before = len(csp_violations)
    yield
    if request.node.get_closest_marker("browser"):
        assert csp_violations[before:] == [], "Content-Security-Policy violations"


@pytest.fixture(scope="session")
def browser(csp_violations: list[str]):
    """Headless Chromium: the system one if present, else Playwright's own; never a skip.
    Every context it opens reports CSP violations (Chromium logs them as console errors)."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        options = {"headless": True, "args": CHROMIUM_ARGS}
        if SYSTEM_CHROMIUM.exists():
            options["executable_path"] = str(SYSTEM_CHROMIUM)
        try:
            instance = playwright.chromium.launch(**options)
        except Error as error:
            pytest.fail(f"{NO_BROWSER}\n{error}", pytrace=False)
        open_context = instance.new_context

        def new_context(**options):
            context = open_context(**options)
            context.on("console", lambda message: csp_violations.append(message.text) if (
                message.type == "error" and "Content Security Policy" in message.text) else None)
            return context

        instance.new_context = new_context
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
    return copy_sources(tmp_path)
