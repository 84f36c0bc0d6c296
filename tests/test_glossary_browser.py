"""A reader hovers over, or tabs to, a linked glossary term and reads about it in a tooltip.

The garden enables Material's instant previews, which take precedence over `title` tooltips on
content links: a glossary link opens Material's preview tooltip of its target. A term without
an in-depth page links its glossary entry, whose preview opens with the definition; a term
with one previews that page's section. Previews need sitemap.xml to list the served address,
so the scratch garden is built for the loopback address it is served from.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest

from garden.static_server import serve_site
from mkdocs_process import run_mkdocs
from test_glossary_build import CONFIG, GLOSSARY, PAGES

pytestmark = pytest.mark.browser

PREVIEW = ".md-tooltip2--active .md-tooltip2__inner"
FEATURES = ("  features: [content.tooltips]\n",
            "  features: [content.tooltips, navigation.instant, navigation.instant.preview]\n")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("glossary-previews")
    server, url = serve_site(root / "site", "https://example.org/garden/")
    config = CONFIG.replace(*FEATURES)
    assert config != CONFIG
    (root / "mkdocs.yml").write_text(f"site_url: {url}\n{config}", encoding="utf-8")
    (root / "glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    for src, text in PAGES.items():
        path = root / "docs" / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    result = run_mkdocs("build", "--strict", "--site-dir", str(root / "site"), cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    yield url
    server.shutdown()


def open_term(page, site_url: str, href_end: str):
    page.goto(urljoin(site_url, "web/dns/"))
    page.wait_for_load_state("networkidle")  # previews need Material's sitemap first
    # Material turns content links into absolute URLs for instant navigation.
    link = page.locator(f"article a.glossary-term[href$='{href_end}']").first
    link.scroll_into_view_if_needed()
    return link


def test_hovering_a_term_shows_its_definition(page, site_url) -> None:
    link = open_term(page, site_url, "/glossary/#dns")
    link.hover()
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible", timeout=15000)
    assert 'Maps names to "addresses".' in preview.inner_text()


def test_keyboard_focus_shows_the_definition_too(page, site_url) -> None:
    link = open_term(page, site_url, "/glossary/#dns")
    link.focus()  # a real link: reachable with Tab like any other
    assert page.evaluate("document.activeElement.classList.contains('glossary-term')")
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible", timeout=15000)
    assert 'Maps names to "addresses".' in preview.inner_text()
    # Screen readers learn that the focused link opens the preview, and which element it is.
    assert link.get_attribute("aria-haspopup") == "dialog"
    controls = link.get_attribute("aria-controls")
    assert controls and page.locator(f"#{controls}").is_visible()


def test_a_term_with_an_in_depth_page_previews_that_section(page, site_url) -> None:
    link = open_term(page, site_url, "/security/tokens/#jwt")
    link.hover()
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible", timeout=15000)
    assert "A JWT here is not linked" in preview.inner_text()
