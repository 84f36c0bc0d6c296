"""The real garden builds strictly, and strictness really catches broken links and anchors."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest

from support.mkdocs_process import ROOT, run_mkdocs

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def theme_search_index(built_site: Path) -> dict:
    return json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))


def test_real_site_builds_strictly(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "search" / "search_index.json").is_file()


def test_search_speaks_english_and_russian(built_site: Path, theme_search_index: dict) -> None:
    # The theme's index is trimmed to what its page highlighting reads, and names the bundles.
    assert theme_search_index["docs"] == []
    folders = [bundle["folder"] for bundle in theme_search_index["config"]["pagefind"]]
    assert folders == ["pagefind/", "pagefind-ru/"]
    # Each bundle ships its language's stemmer with the site itself, never from a CDN.
    for bundle, language in (("pagefind", "en"), ("pagefind-ru", "ru")):
        entry = json.loads((built_site / bundle / "pagefind-entry.json").read_text("utf-8"))
        assert list(entry["languages"]) == [language]
        assert (built_site / bundle / f"wasm.{language}.pagefind").is_file()
        assert (built_site / bundle / "pagefind.js").is_file()


class ExternalResources(HTMLParser):
    """Collects what a page would fetch from another host as soon as it loads."""

    FETCHING = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                ("video", "src"), ("audio", "src"), ("link", "href")}
    NAVIGATION_LINKS = {"canonical", "alternate", "prev", "next", "license", "author"}

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and set((attributes.get("rel") or "").split()) <= self.NAVIGATION_LINKS:
            return
        if attributes.get("data-md-component") == "source":
            self.found.append("repository facts (GitHub API)")
        for fetching_tag, attribute in self.FETCHING:
            value = attributes.get(attribute) or ""
            if tag == fetching_tag and value.startswith(("http:", "https:", "//")):
                self.found.append(f"<{tag} {attribute}={value}>")


def test_mermaid_is_the_sites_own(built_site: Path) -> None:
    """The theme fetches mermaid from a CDN unless a global `mermaid` exists: every page gets
    the site's stand-in, which loads the vendored build (tests/test_import_foreign.py renders
    a diagram offline in Chromium)."""
    assert (built_site / "assets/vendor/mermaid/mermaid.min.js").stat().st_size > 1_000_000
    stand_in = (built_site / "assets/javascripts/mermaid.js").read_text("utf-8")
    assert '"../vendor/mermaid/mermaid.min.js"' in stand_in
    home = (built_site / "index.html").read_text("utf-8")
    # The page loads the stand-in only; its policy names the vendored build, which it may load.
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", home)
    assert any(src.endswith("assets/javascripts/mermaid.js") for src in scripts)
    assert not any("mermaid.min.js" in src for src in scripts)


# The theme's loop over all of a section's children for its index page, and ours, which stops
# at the first one (overrides/partials/nav-item.html says why).
THEME_INDEX_LOOKUP = """\
    {% set _ = namespace(index = none) %}
    {% if "navigation.indexes" in features %}
      {% for item in nav_item.children %}
        {% if item.is_index and _.index is none %}
          {% set _.index = item %}
        {% endif %}
      {% endfor %}
    {% endif %}
    {% set index = _.index %}
"""
OUR_INDEX_LOOKUP = """\
    {% set index = none %}
    {% if "navigation.indexes" in features %}
      {% set index = nav_item.children | selectattr("is_index") | first | default(none, true) %}
    {% endif %}
"""
LEADING_COMMENT_RE = re.compile(r"\A\{#-.*?-#\}\n", re.DOTALL)


def test_nav_item_is_the_themes_but_for_its_index_lookup() -> None:
    """The site's navigation item is the installed theme's: a theme update that changes it
    fails here, and the override is made again from the new one."""
    theme = Path(material.__file__).parent / "templates" / "partials" / "nav-item.html"
    theirs = LEADING_COMMENT_RE.sub("", theme.read_text("utf-8"))
    ours = LEADING_COMMENT_RE.sub("", ((ROOT / "overrides/partials/nav-item.html")
                                       .read_text("utf-8")))
    assert THEME_INDEX_LOOKUP in theirs
    assert ours == theirs.replace(THEME_INDEX_LOOKUP, OUR_INDEX_LOOKUP)


def test_a_sections_index_page_is_its_link_in_the_nav(built_site: Path) -> None:
    page = (built_site / "web" / "grpc" / "index.html").read_text("utf-8")
    nav = page[page.index("md-nav--primary"):]
    section = nav[nav.index('id="__nav_3"'):]
    container, children = section.split('<nav class="md-nav" data-md-level="1"', 1)
    assert re.search(r'<div class="md-nav__link md-nav__container">\s*<a href="\.\./" '
                     r'class="md-nav__link ">\s*<span class="md-ellipsis">\s*Web\s*</span>',
                     container)
    children = children[:children.index("</nav>")]
    assert 'href="../"' not in children and 'href="../networking/"' in children


def test_no_page_fetches_anything_from_another_host(built_site: Path) -> None:
    offenders: dict[str, list[str]] = {}
    for html in sorted(built_site.rglob("*.html")):
        parser = ExternalResources()
        parser.feed(html.read_text("utf-8"))
        if parser.found:
            offenders[html.relative_to(built_site).as_posix()] = parser.found
    assert not offenders, f"pages that make requests off the site: {offenders}"


BROKEN_REFERENCES = {
    "a link to a missing page": (
        "[gone](no-such-page.md)",
        "contains a link 'no-such-page.md', but the target is not found",
    ),
    "a link to a missing anchor on the same page": (
        "[gone](#no-such-heading)",
        "there is no such anchor on this page",
    ),
    "a link to a missing anchor on another page": (
        "[gone](target.md#no-such-heading)",
        "contains a link 'target.md#no-such-heading', but the doc 'target.md' does not contain an "
        "anchor '#no-such-heading'",
    ),
}


@pytest.mark.parametrize("markdown, warning", BROKEN_REFERENCES.values(), ids=BROKEN_REFERENCES)
def test_strict_build_fails_on_broken_reference(
    scratch_project: Path, tmp_path_factory: pytest.TempPathFactory, markdown: str, warning: str,
) -> None:
    # A page outside the nav to link to: not_in_nav keeps the build quiet about it.
    (scratch_project / "docs" / "target.md").write_text("# Target\n\nA page.\n", "utf-8")
    config = scratch_project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nnot_in_nav: /target.md\n", "utf-8")
    home = scratch_project / "docs" / "index.md"
    home.write_text(home.read_text("utf-8") + f"\n\nSee {markdown}.\n", "utf-8")

    out = tmp_path_factory.mktemp("broken-site")
    result = run_mkdocs("build", "--strict", "--site-dir", str(out), cwd=scratch_project)

    log = result.stdout + result.stderr
    assert result.returncode != 0, f"the strict build accepted {markdown}:\n{log}"
    assert warning in log, log
