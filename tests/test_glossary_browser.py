"""A reader hovers over, or tabs to, a linked glossary term and reads its definition.

The scratch garden is configured like the real one: instant navigation, Material's tooltips,
and previews only on the links `material.extensions.preview` marks with `data-preview` (Markdown
links to pages), not the global `navigation.instant.preview`, which would take every link's
`title` away. Glossary links, written as HTML after Markdown, carry their definition for the
garden's tooltip script, which shows it in the theme's tooltip on hover and on keyboard focus
and points `aria-describedby` at it.
Previews need sitemap.xml to list the served address, so the scratch garden is built for the
loopback address it is served from.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest

from support.mkdocs_process import run_mkdocs
from support.static_server import serve_site
from test_glossary_build import CONFIG, GLOSSARY, PAGES

pytestmark = pytest.mark.browser

ACTIVE, INNER = "md-tooltip2--active", ".md-tooltip2__inner"
FEATURES = ("  features: [content.tooltips]\n",
            "  features: [content.tooltips, navigation.instant]\n")
PREVIEWS = ("markdown_extensions:\n",
            "markdown_extensions:\n"
            "  - material.extensions.preview:\n"
            "      targets:\n"
            "        include: ['*.md']\n")
# A Markdown link to a page, which gets a preview, beside the glossary links.
DNS_PAGE = PAGES["web/dns.md"] + "\n        See also [the tokens page](../security/tokens.md).\n"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("glossary-tooltips")
    server, url = serve_site(root / "site", "https://example.org/garden/")
    config = CONFIG.replace(*FEATURES).replace(*PREVIEWS)
    assert FEATURES[1] in config and PREVIEWS[1] in config
    (root / "mkdocs.yml").write_text(f"site_url: {url}\n{config}", encoding="utf-8")
    (root / "glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    for src, text in {**PAGES, "web/dns.md": DNS_PAGE}.items():
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
    assert link.get_attribute("data-preview") is None  # a preview would replace the tooltip
    return link


def shown_tooltip(page, link) -> str:
    """The text of the tooltip shown for `link`, in the theme's tooltip markup, which the link
    names as its description. (Another link's preview may still be fading out beside it.)"""
    page.wait_for_function("link => link.hasAttribute('aria-describedby')",
                           arg=link.element_handle(), timeout=15000)
    tooltip = page.locator(f"#{link.get_attribute('aria-describedby')}")
    assert tooltip.get_attribute("role") == "tooltip"
    tooltip.locator(f"xpath=self::*[contains(@class, '{ACTIVE}')]").wait_for(
        state="visible", timeout=15000)
    return tooltip.locator(INNER).inner_text()


@pytest.mark.parametrize(("href_end", "definition"), [
    ("/glossary/#dns", 'Maps names to "addresses".'),  # no in-depth page: links the entry
    ("/security/tokens/#jwt", "A compact, signed token."),  # links its in-depth section
])
def test_hovering_a_term_shows_its_definition(page, site_url, href_end, definition) -> None:
    link = open_term(page, site_url, href_end)
    link.hover()
    assert shown_tooltip(page, link).strip() == definition


@pytest.mark.parametrize(("href_end", "definition"), [
    ("/glossary/#dns", 'Maps names to "addresses".'),
    ("/security/tokens/#jwt", "A compact, signed token."),
])
def test_keyboard_focus_shows_the_definition_too(page, site_url, href_end, definition) -> None:
    link = open_term(page, site_url, href_end)
    # Tab from the link before it: the term is reached like any other link.
    link.evaluate("link => [...document.querySelectorAll('a[href]')]"
                  ".at([...document.querySelectorAll('a[href]')].indexOf(link) - 1).focus()")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('glossary-term')")
    assert shown_tooltip(page, link).strip() == definition
    assert link.inner_text() in {"DNS", "JSON Web Token", "JWT"}  # the name stays the term


def test_a_markdown_link_to_a_page_still_previews_it(page, site_url) -> None:
    page.goto(urljoin(site_url, "web/dns/"))
    page.wait_for_load_state("networkidle")
    link = page.locator("article a[data-preview][href$='/security/tokens/']").first
    link.scroll_into_view_if_needed()
    link.hover()
    preview = page.locator(f".{ACTIVE} {INNER}")
    preview.wait_for(state="visible", timeout=15000)
    assert "Tokens" in preview.inner_text()
