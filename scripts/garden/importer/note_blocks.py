"""A raw note's block structure, read by a CommonMark parser that keeps source positions.

Notes come from anywhere and are written for GitHub or CommonMark, not for Python-Markdown,
so the importer reads them with markdown-it-py (CommonMark, GFM tables, front matter,
footnotes, definition lists) and keeps each top-level block's line range. Rendering then
copies blocks as written and only adds what Python-Markdown needs between them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from garden.text.markdown_scan import Fence, fence_language
from garden.text.plain import inline_text

# Characters that decorate a title but are no words: emoji, their modifiers and joiners.
EMOJI_JOINERS = frozenset("\u200d\ufe0e\ufe0f\u20e3")
SHORTCODE_RE = re.compile(r":[a-z0-9_+-]+:")


@dataclass(frozen=True)
class Block:
    """One top-level block: `kind` is markdown-it's token type without `_open`
    (`paragraph`, `bullet_list`, `table`, `fence`, `heading`, `html_block`, `dl`, ...)."""

    kind: str
    start: int  # 1-based first line
    end: int  # 1-based last line, trailing blank lines excluded
    level: int = 0  # heading level
    text: str = ""  # heading: its inline Markdown


@functools.cache
def _parser() -> MarkdownIt:
    return (MarkdownIt("commonmark", {"html": True}).enable("table")
            .use(front_matter_plugin).use(footnote_plugin).use(deflist_plugin))


def _last_text_line(lines: list[str], start: int, end: int) -> int:
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end


def read_blocks(lines: list[str]) -> tuple[list[Block], list[Fence]]:
    """Top-level blocks of a note (1-based lines) and every fence in it, nested ones too."""
    tokens = _parser().parse("\n".join(lines) + "\n")
    blocks: list[Block] = []
    fences: list[Fence] = []
    for index, token in enumerate(tokens):
        if token.type == "fence" and token.map:
            fences.append(_fence(token, lines))
        if token.level != 0 or token.nesting < 0 or not token.map:
            continue
        start, end = token.map[0] + 1, _last_text_line(lines, token.map[0] + 1, token.map[1])
        kind = token.type.removesuffix("_open")
        if kind == "heading":
            blocks.append(Block(kind, start, end, int(token.tag[1]),
                                tokens[index + 1].content))
        else:
            blocks.append(Block(kind, start, end))
    return blocks, fences


def _fence(token: Token, lines: list[str]) -> Fence:
    """A markdown-it fence as the garden's scanner describes fences."""
    start, stop = token.map  # 0-based, stop exclusive
    opening = lines[start]
    indent = len(opening) - len(opening.lstrip(" "))
    last = lines[stop - 1].strip() if stop - 1 > start else ""
    closed = (stop - 1 > start and last.startswith(token.markup)
              and set(last) <= set(token.markup[0]))
    return Fence(line=start + 1, end_line=stop if closed else None, indent=indent,
                 marker=token.markup, info=token.info.strip(),
                 lang=fence_language(token.info.strip()), body_start=start + 2,
                 body=token.content)


def plain_text(markdown: str) -> str:
    """Inline Markdown as plain words for a nav label or `<title>`: markup, links and emoji
    removed (`` `kubectl` logs 🔥`` -> `kubectl logs`)."""
    text = SHORTCODE_RE.sub("", inline_text(markdown))
    text = "".join(ch for ch in text if not _decoration(ch))
    return re.sub(r"\s+", " ", text).strip(" -–—:")


def _decoration(ch: str) -> bool:
    return ch in EMOJI_JOINERS or (unicodedata.category(ch) == "So" and ord(ch) >= 0x2190)
