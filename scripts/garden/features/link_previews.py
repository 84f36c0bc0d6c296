"""Link previews made when a reader asks for one.

Material's preview extension marks links to pages with `data-preview`, and the theme sets up a
preview for each such link as a page starts, reading the site's sitemap once more for every one
(its sitemap is shared without replay): 270 ms of a phone's main thread for the sixty links of
a garden's home page, seconds for a page of a garden of thousands of pages. The garden's tooltip
script (assets/tooltips.js) makes the same preview from `data-garden-preview`, when a reader
first points at or focuses the link. `lazy_previews` moves the theme's marks onto it.

A marked link's `title` moves with its mark, to `data-garden-title`. The theme never shows the
title of a link it previews (it takes the title away as it sets the preview up), and it sets
up a tooltip for every element with a title as a page starts, `[title]:not([data-preview])`:
without its mark, every heading's "Permanent link" would get one, 94 on the garden's longest
page. The tooltip script shows the title instead of a preview where there is none to show (a
link to a place on the same page).
"""

from __future__ import annotations

import re

PREVIEW_ATTRIBUTE = "data-garden-preview"
THEME_ATTRIBUTE = "data-preview"
TITLE_ATTRIBUTE = "data-garden-title"
MARK_ONLY = {THEME_ATTRIBUTE: PREVIEW_ATTRIBUTE}
MARK_AND_TITLE = {**MARK_ONLY, "title": TITLE_ATTRIBUTE}
# An attribute of a start tag: its name, and its value, quoted or not (a `>` inside quotes
# stays inside).
NAME = r"[^\s=>/]+"
VALUE = r"""(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
LINK_TAG_RE = re.compile(rf"<a(?=[\s>/])(?:\s+{NAME}{VALUE})*\s*/?>", re.IGNORECASE)
ATTRIBUTE_RE = re.compile(rf"(\s+)({NAME})({VALUE})")
THEME_ATTRIBUTE_RE = re.compile(re.escape(THEME_ATTRIBUTE), re.IGNORECASE)


def _renamed(attribute: re.Match[str], renames: dict[str, str]) -> str:
    space, name, value = attribute.group(1, 2, 3)
    renamed = renames.get(name.lower())
    if renamed is None:
        return attribute.group(0)
    # The mark's value says nothing (`data-preview=""`); the title's is the title.
    return f"{space}{renamed}{value if renamed == TITLE_ATTRIBUTE else ''}"


def _lazy_link(tag: re.Match[str]) -> str:
    start, attributes = tag.group(0)[:2], tag.group(0)[2:]
    names = {attribute[2].lower() for attribute in ATTRIBUTE_RE.finditer(attributes)}
    if THEME_ATTRIBUTE not in names:
        return tag.group(0)
    # A link with a garden title already keeps its title: moved, it would be a second one.
    renames = MARK_ONLY if TITLE_ATTRIBUTE in names else MARK_AND_TITLE
    return start + ATTRIBUTE_RE.sub(lambda attribute: _renamed(attribute, renames), attributes)


def lazy_previews(html: str) -> str:
    """`html` with the theme's preview marks on links moved to the garden's, and those links'
    titles with them (text, and the rest of every tag, as they were)."""
    if not THEME_ATTRIBUTE_RE.search(html):
        return html
    return LINK_TAG_RE.sub(_lazy_link, html)
