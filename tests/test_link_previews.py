"""The theme's preview marks moved onto the garden's, which makes previews when asked."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from garden.features.link_previews import lazy_previews
from support.mkdocs_process import ROOT, run_mkdocs


@pytest.mark.parametrize(("html", "expected"), [
    # As Python-Markdown writes them (material.extensions.preview), and as a person would.
    ('<a data-preview="" href="../web/dns/">DNS</a>',
     '<a data-garden-preview href="../web/dns/">DNS</a>'),
    ('<a href="../web/dns/#ttl" data-preview>TTL</a>',
     '<a href="../web/dns/#ttl" data-garden-preview>TTL</a>'),
    ("<A HREF='x/' DATA-PREVIEW=''>x</A>", "<A HREF='x/' data-garden-preview>x</A>"),
    # Its title goes with it (the theme shows no title of a link it previews), value intact.
    ('<a class="headerlink" data-preview="" href="#ttl" title="Permanent link">¶</a>',
     '<a class="headerlink" data-garden-preview href="#ttl" data-garden-title="Permanent link">'
     '¶</a>'),
    ("<a TITLE='1 > 0' data-preview href=x/>x</a>",
     "<a data-garden-title='1 > 0' data-garden-preview href=x/>x</a>"),
    # A garden title already there stays the one; the link's own title stays too.
    ('<a title="a" data-garden-title="b" data-preview href="x/">x</a>',
     '<a title="a" data-garden-title="b" data-garden-preview href="x/">x</a>'),
])
def test_a_link_s_preview_mark_becomes_the_garden_s(html: str, expected: str) -> None:
    assert lazy_previews(html) == expected


@pytest.mark.parametrize("html", [
    # Text and code that name the attribute, other attributes and elements, a value holding it.
    "<p>Material's data-preview attribute</p>",
    "<pre><code>&lt;a data-preview href=\"x\"&gt;</code></pre>",
    '<a title="see > data-preview here" href="x/">x</a>',
    '<a data-preview-kind="page" href="x/">x</a>',
    '<abbr data-preview title="Domain Name System">DNS</abbr>',
    '<a href="x/">no mark</a>',
    '<a href="x/" title="A title, and no mark">x</a>',
])
def test_everything_else_is_left_as_it_was(html: str) -> None:
    assert lazy_previews(html) == html


MATERIAL_DOCS = ROOT / "tests" / "fixtures" / "sites" / "material-docs"
LINK_TAG_RE = re.compile(r"<a\s[^>]*>")


def built_material_docs(root: Path, lazy: bool) -> Path:
    """Pages of Material's own documentation, with the theme's previews as it configures
    them, built with the garden plugin (`lazy_previews` on or off)."""
    shutil.copytree(MATERIAL_DOCS, root)
    config = root / "mkdocs.yml"
    plugin = "  - garden:\n      lazy_previews: true\n" if lazy else "  - garden\n"
    config.write_text(config.read_text(encoding="utf-8").replace("  - garden\n", plugin),
                      encoding="utf-8")
    result = run_mkdocs("build", "--site-dir", str(root / "site"), cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def marked_links(site: Path, attribute: str) -> dict[str, list[str]]:
    """Each page's links with `attribute`, by the page's path, as their href."""
    found = {}
    for page in sorted(site.rglob("index.html")):
        tags = LINK_TAG_RE.findall(page.read_text(encoding="utf-8"))
        found[page.relative_to(site).as_posix()] = [
            re.search(r'href="([^"]*)"', tag)[1] for tag in tags if f" {attribute}" in tag]
    return found


@pytest.mark.build
def test_a_sites_own_preview_marks_become_lazy_and_only_with_the_option(tmp_path: Path) -> None:
    """On pages someone else wrote: every link the theme's extension (or the author, with
    `{ data-preview }`) marks is marked for the garden instead, the same links; the page that
    documents the attribute keeps its examples; without the option the theme's marks stay
    (and "Linked from" links preview lazily either way)."""
    theme_site = built_material_docs(tmp_path / "theme", lazy=False)
    theme = marked_links(theme_site, "data-preview")
    backlinks = marked_links(theme_site, "data-garden-preview")
    lazy_site = built_material_docs(tmp_path / "lazy", lazy=True)
    lazy = marked_links(lazy_site, "data-garden-preview")
    assert not any(marked_links(lazy_site, "data-preview").values())
    assert sum(map(len, theme.values())) >= 3 and any(backlinks.values())
    for page, hrefs in lazy.items():
        assert Counter(hrefs) == Counter(theme[page]) + Counter(backlinks[page]), page
    # The author's own mark, and the documented example of it, as written.
    navigation = "setup/setting-up-navigation/index.html"
    assert "../extensions/python-markdown/#attribute-lists" in lazy[navigation]
    assert "{ data-preview }" in (lazy_site / navigation).read_text(encoding="utf-8")
