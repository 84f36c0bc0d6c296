"""Link previews made when a reader asks for one.

Material's preview extension marks links to pages with `data-preview`, and the theme sets up a
preview for each such link as a page starts, reading the site's sitemap once more for every one
(its sitemap is shared without replay): 270 ms of a phone's main thread for the sixty links of
a garden's home page, seconds for a page of a garden of thousands of pages. The garden's tooltip
script (assets/tooltips.js) makes the same preview from `data-garden-preview`, when a reader
first points at or focuses the link. `lazy_previews` moves the theme's marks onto it.
"""

from __future__ import annotations

import re

PREVIEW_ATTRIBUTE = "data-garden-preview"
THEME_ATTRIBUTE = "data-preview"
# An attribute of a start tag: its name, and its value, quoted or not (a `>` inside quotes
# stays inside).
NAME = r"[^\s=>/]+"
VALUE = r"""(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
LINK_TAG_RE = re.compile(rf"<a(?=[\s>/])(?:\s+{NAME}{VALUE})*\s*/?>", re.IGNORECASE)
ATTRIBUTE_RE = re.compile(rf"(\s+)({NAME}){VALUE}")
THEME_ATTRIBUTE_RE = re.compile(re.escape(THEME_ATTRIBUTE), re.IGNORECASE)


def _renamed(attribute: re.Match[str]) -> str:
    space, name = attribute.group(1, 2)
    if name.lower() != THEME_ATTRIBUTE:
        return attribute.group(0)
    return f"{space}{PREVIEW_ATTRIBUTE}"


def _lazy_link(tag: re.Match[str]) -> str:
    return tag.group(0)[:2] + ATTRIBUTE_RE.sub(_renamed, tag.group(0)[2:])


def lazy_previews(html: str) -> str:
    """`html` with the theme's preview marks on links moved to the garden's (text, and the
    rest of every tag, as they were)."""
    if not THEME_ATTRIBUTE_RE.search(html):
        return html
    return LINK_TAG_RE.sub(_lazy_link, html)
