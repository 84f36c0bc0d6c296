"""Markdown and HTML as the words a reader sees: one reading for every place that shows a
page's text outside its body (glossary tooltips, backlink sentences, nav labels and titles,
search passages).

Inline Markdown is read by markdown-it-py (CommonMark, with `~~strike~~` and `==mark==`): link
and emphasis texts are kept, code keeps its code without the ticks, images, raw tags and
attribute lists (`{ .class }`) are left out, and blanks collapse to one space. HTML loses its
tags (each one a blank) and has its entities decoded.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
from typing import NamedTuple

from markdown_it import MarkdownIt

# attr_list's `{: #id .class key=value }`, which Python-Markdown reads and shows nothing of.
ATTR_LIST_RE = re.compile(r"\{:?\s*[#.][^}]*\}|\{:?\s*[A-Za-z-]+=[^}]*\}")
# A reference link, `[text][name]`: its text (the definitions are not at hand here).
REFERENCE_LINK_RE = re.compile(r"(?<!\\)\[([^\[\]]+)\]\[[^\[\]]*\]")
# pymdownx.mark's `==highlight==` (no markdown-it-py plugin reads it).
MARK_RE = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
TAG_RE = re.compile(r"<[^>]+>")
BLANKS_RE = re.compile(r"\s+")
WORD_TOKENS = frozenset({"text", "code_inline"})
BREAK_TOKENS = frozenset({"softbreak", "hardbreak"})


@functools.cache
def _inline_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark").enable("strikethrough")
    # Only the words are kept, never a URL: a link to `javascript:` reads as its text too.
    parser.validateLink = lambda url: True
    return parser


class Piece(NamedTuple):
    """Words a reader sees, and whether they are code (shown as code where HTML is written)."""

    text: str
    code: bool = False


def inline_pieces(markdown: str) -> list[Piece]:
    """Inline Markdown as the words a reader sees, code apart, blanks collapsed."""
    words: list[Piece] = []
    markdown = MARK_RE.sub(r"\1", ATTR_LIST_RE.sub("", markdown))
    markdown = REFERENCE_LINK_RE.sub(r"\1", markdown)
    for token in _inline_parser().parseInline(markdown):
        for child in token.children or ():
            if child.type in WORD_TOKENS:
                words.append(Piece(child.content, child.type == "code_inline"))
            elif child.type in BREAK_TOKENS:
                words.append(Piece(" "))
    pieces = [Piece(BLANKS_RE.sub(" ", "".join(word.text for word in group)), code)
              for code, group in itertools.groupby(words, key=lambda word: word.code)]
    if pieces:
        pieces[0] = Piece(pieces[0].text.lstrip(), pieces[0].code)
        pieces[-1] = Piece(pieces[-1].text.rstrip(), pieces[-1].code)
    return [piece for piece in pieces if piece.text]


def inline_text(markdown: str) -> str:
    """Inline Markdown as plain words (`**Fast** [links](x.md) and `code`` -> `Fast links and
    code`)."""
    return " ".join("".join(piece.text for piece in inline_pieces(markdown)).split())


def html_text(markup: str) -> str:
    """HTML as plain words: tags dropped (each one a blank), entities decoded."""
    return " ".join(html.unescape(TAG_RE.sub(" ", markup)).split())
