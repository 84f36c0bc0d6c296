"""Emoji without a CDN: the theme's icons inline as SVG, every other emoji as its character.

Material's `to_svg` inlines its own icons (`:material-pencil:`) but renders emoji such as
`:white_check_mark:` as `<img>` tags pointing at a CDN; the garden makes no request off the
site, so those become the Unicode character itself, drawn by the reader's emoji font.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from material.extensions.emoji import to_svg as material_to_svg
from pymdownx.emoji import to_alt


def to_svg_or_unicode(
    index: str, shortname: str, alias: str, uc: str | None, alt: str, title: str,
    category: str, options: dict[str, Any], md: Markdown,
) -> Element | str:
    """An emoji generator for pymdownx.emoji (`emoji_generator` in mkdocs.yml)."""
    if not uc:  # the theme's icons have no code point
        return material_to_svg(index, shortname, alias, uc, alt, title, category, options, md)
    return to_alt(index, shortname, alias, uc, alt, title, category, options, md)
