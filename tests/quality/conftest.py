"""Fixtures for the quality suites: the built site's pages, its search index, axe-core."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from xml.etree import ElementTree

import pytest

from garden.features.search_index import bundles, read_bundle, sections
from support.built_links import SITEMAP_NS
from support.page_walk import Walk, covering_pages, walk

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def page_paths(built_site: Path, site_url: str) -> list[str]:
    """Every page of the built site, site-relative (`""` is home), from its sitemap.xml."""
    locations = ElementTree.parse(built_site / "sitemap.xml").iter(f"{SITEMAP_NS}loc")
    paths = [(loc.text or "").strip().removeprefix(site_url) for loc in locations]
    assert paths, "the sitemap lists no page"
    return paths


@pytest.fixture(scope="session")
def search_docs(built_site: Path) -> list[dict]:
    """The sections the built search bundles hold, every language: location, title, text."""
    return [asdict(section) for bundle in bundles(built_site)
            for page in read_bundle(bundle) for section in sections(page)]


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.is_file():
        pytest.fail("axe-core is not installed: run `npm ci` (make test does).", pytrace=False)
    return AXE_SCRIPT


@pytest.fixture(scope="session")
def page_walks(browser, built_site: Path, site_url: str, page_paths: list[str],
               axe_script: Path):
    """`page_walks(preference)`: the walk in that palette (see page_walk): through every page
    and 404.html in the light palette, and in the dark one, where only colours change, through
    the pages that show every component between them."""
    paths = [*page_paths, "404.html"]

    def walk_in(preference: str) -> Walk:
        walked = paths
        if preference == "dark":
            walked = covering_pages({path: built_page(built_site, path).read_text("utf-8")
                                     for path in paths})
        return walk(browser, site_url, walked, axe_script, preference)

    return walk_in


def built_page(built_site: Path, path: str) -> Path:
    """The built file a site-relative page path is served from."""
    return built_site / path / "index.html" if not path.endswith(".html") else built_site / path
