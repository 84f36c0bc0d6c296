"""The theme's preview marks moved onto the garden's, which makes previews when asked."""

from __future__ import annotations

import pytest

from garden.features.link_previews import lazy_previews


@pytest.mark.parametrize(("html", "expected"), [
    # As Python-Markdown writes them (material.extensions.preview), and as a person would.
    ('<a data-preview="" href="../web/dns/">DNS</a>',
     '<a data-garden-preview href="../web/dns/">DNS</a>'),
    ('<a href="../web/dns/#ttl" data-preview>TTL</a>',
     '<a href="../web/dns/#ttl" data-garden-preview>TTL</a>'),
    ("<A HREF='x/' DATA-PREVIEW=''>x</A>", "<A HREF='x/' data-garden-preview>x</A>"),
    ('<a class="headerlink" data-preview="" href="#ttl" title="Permanent link">¶</a>',
     '<a class="headerlink" data-garden-preview href="#ttl" title="Permanent link">¶</a>'),
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
])
def test_everything_else_is_left_as_it_was(html: str) -> None:
    assert lazy_previews(html) == html
