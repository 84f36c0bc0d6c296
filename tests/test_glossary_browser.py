"""A reader hovers over, or tabs to, a linked glossary term and reads its definition.

The garden enables Material's instant previews, which take precedence over `title` tooltips on
links: a glossary link shows Material's preview tooltip of the glossary entry, which opens
with the definition. Previews need sitemap.xml to list the served address, so the garden is
built for the loopback address it is served from.
"""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

from garden.static_server import serve_site
from mkdocs_process import BIN, ROOT, mkdocs_env

pytestmark = pytest.mark.browser

# A link to a glossary entry (not to an in-depth page), with its definition as title.
LINK_RE = re.compile(
    r'<a class="glossary-term" href="(?P<href>[^"]*glossary/#[^"]+)" title="(?P<title>[^"]+)">')
PREVIEW = ".md-tooltip2--active .md-tooltip2__inner"


@pytest.fixture(scope="module")
def local_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    out = tmp_path_factory.mktemp("glossary-site")
    server, url = serve_site(out, "https://example.org/garden/")
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(out)], cwd=ROOT,
        env={**mkdocs_env(), "GARDEN_SITE_URL": url}, capture_output=True, text=True)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    yield out, url
    server.shutdown()


@pytest.fixture(scope="module")
def linked_page(local_site: tuple[Path, str]) -> tuple[str, str, str]:
    """(page URL, link href, definition) of the first page linking a glossary entry."""
    out, url = local_site
    for html_file in sorted(out.rglob("index.html")):
        if html_file.parent.name == "glossary":
            continue
        match = LINK_RE.search(html_file.read_text(encoding="utf-8"))
        if match:
            path = html_file.parent.relative_to(out).as_posix()
            return (urljoin(url, f"{path}/"), match.group("href"),
                    html.unescape(match.group("title")))
    pytest.fail("no page of the built garden links a glossary entry")


def glossary_link(page, href: str):
    # Material turns content links into absolute URLs for instant navigation.
    fragment = href.rsplit("#", 1)[1]
    return page.locator(f"article a.glossary-term[href$='/glossary/#{fragment}']").first


def test_hovering_a_term_shows_its_definition(page, linked_page) -> None:
    page_url, href, definition = linked_page
    page.goto(page_url)
    page.wait_for_load_state("networkidle")  # previews need Material's sitemap first
    link = glossary_link(page, href)
    link.scroll_into_view_if_needed()
    link.hover()
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible", timeout=15000)
    assert definition in " ".join(preview.inner_text().split())


def test_keyboard_focus_shows_the_definition_too(page, linked_page) -> None:
    page_url, href, definition = linked_page
    page.goto(page_url)
    page.wait_for_load_state("networkidle")
    link = glossary_link(page, href)
    link.focus()  # a real link: reachable with Tab like any other
    assert page.evaluate("document.activeElement.classList.contains('glossary-term')")
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible", timeout=15000)
    assert definition in " ".join(preview.inner_text().split())
    # Screen readers learn that the focused link opens the preview, and which element it is.
    assert link.get_attribute("aria-haspopup") == "dialog"
    controls = link.get_attribute("aria-controls")
    assert controls and page.locator(f"#{controls}").is_visible()
