"""Emoji render without a request off the site: icons inline, other emoji as characters."""

from __future__ import annotations

import markdown
from material.extensions.emoji import twemoji

from garden.features.emoji import to_svg_or_unicode


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["pymdownx.emoji"], extension_configs={
        "pymdownx.emoji": {"emoji_index": twemoji, "emoji_generator": to_svg_or_unicode},
    })


def test_emoji_become_their_character() -> None:
    html = render("Done :white_check_mark: or not :x:")
    assert "\u2705" in html and "\u274c" in html
    assert "<img" not in html and "http" not in html


def test_theme_icons_are_inlined_as_svg() -> None:
    html = render("Edit :material-pencil:")
    assert '<span class="twemoji"><svg' in html
    assert "http" not in html.replace("http://www.w3.org/2000/svg", "")
