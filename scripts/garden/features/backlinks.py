"""Backlinks: for every page, the pages that link to it and the sentence each link sits in.

Built from the links the garden's scanner found (authored links only: inline, reference and raw
HTML `href`s), so backlinks agree with what `garden check` validates.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from garden.features.kept import KeptResults
from garden.model.site import Garden, Page
from garden.text.markdown_scan import Link
from garden.text.plain import Piece, inline_pieces

CONTEXT_LIMIT = 240  # characters of context shown at most
WINDOW = 4 * CONTEXT_LIMIT  # characters of Markdown read for them, markup included
# A line that starts a new block ends the paragraph a link sits in.
BLOCK_START_RE = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\||`{3,}|~{3,}|!!!|\?\?\?|===)")
LIST_OR_QUOTE_RE = re.compile(r"^\s*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+|>\s*)")
# An admonition's first line (`!!! warning "Title"`, `???+ note`): its title is a paragraph
# of its own, the box's body another.
BOX_OPENER_RE = re.compile(
    r'^\s*(?:!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+[\w-]+)*(?:[ \t]+"(?P<title>.*)")?[ \t]*$')
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[*_`]?[A-Z0-9])")


@dataclass(frozen=True)
class Edge:
    """An authored link from one page to another page of the garden."""

    source: str  # docs-relative src of the linking page
    target: str  # docs-relative src of the linked page
    fragment: str
    link: Link


@dataclass(frozen=True)
class Backlink:
    source: str
    title: str
    context: tuple[Piece, ...]  # the sentence around the link: its words, code apart
    line: int

    @property
    def text(self) -> str:
        """The sentence as plain text."""
        return "".join(piece.text for piece in self.context)


def page_edges(garden: Garden) -> Iterator[Edge]:
    """Every authored link between two different pages of the garden, in page order."""
    for src, page in sorted(garden.pages.items()):
        for target, link in page.outgoing:
            if target.src in garden.pages:
                yield Edge(src, target.src, target.fragment, link)


class Paragraphs:
    """The paragraphs (or list items) of one page, each joined on one line and split into
    sentences once: every link of a page finds its sentence in time independent of the
    paragraph's length, so a page's backlinks take time linear in its size."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._sentences: dict[tuple[int, int], str] = {}
        count = len(lines)
        self._first = list(range(count))
        for index in range(1, count):
            if lines[index - 1].strip() and not BLOCK_START_RE.match(lines[index]) \
                    and not BOX_OPENER_RE.match(lines[index - 1]):
                self._first[index] = self._first[index - 1]
        self._joined: dict[int, tuple[str, list[int], list[int], list[int]]] = {}

    def _paragraph(self, first: int) -> tuple[str, list[int], list[int], list[int]]:
        """Joined text, the offset of each of its lines, and its sentence starts and ends."""
        if first not in self._joined:
            lines, parts, offsets, position = self._lines, [], [], 0
            index = first
            while index < len(lines) and (index == first or (
                    lines[index].strip() and self._first[index] == first)):
                offsets.append(position - (len(lines[index]) - len(lines[index].lstrip())))
                parts.append(lines[index].strip())
                position += len(parts[-1]) + 1
                index += 1
            text = " ".join(parts)
            bounds = list(SENTENCE_END_RE.finditer(text))
            self._joined[first] = (text, offsets, [m.end() for m in bounds],
                                   [m.start() for m in bounds])
        return self._joined[first]

    def sentence(self, line: int, column: int) -> tuple[Piece, ...]:
        """The sentence at (line, column), 1-based, as the words a reader sees."""
        if (line, column) not in self._sentences:
            self._sentences[line, column] = self._read_sentence(line, column)
        return self._sentences[line, column]

    def _read_sentence(self, line: int, column: int) -> tuple[Piece, ...]:
        first = self._first[line - 1]
        text, offsets, starts, ends = self._paragraph(first)
        offset = max(offsets[line - 1 - first] + column - 1, offsets[line - 1 - first] + (
            len(self._lines[line - 1]) - len(self._lines[line - 1].lstrip())))
        before = bisect.bisect_right(starts, offset) - 1
        start = starts[before] if before >= 0 else 0
        after = bisect.bisect_left(ends, offset)
        end = ends[after] if after < len(ends) else len(text)
        # Only the sentence's opening is shown: markup is stripped from a bounded window.
        return _cut(_plain(text[start: min(end, start + WINDOW)]))


def _plain(markdown_text: str) -> list[Piece]:
    """Markdown of one sentence as reading text: its list or quote marker and table pipes
    left out, the rest read as inline Markdown (garden.text.plain)."""
    opener = BOX_OPENER_RE.match(markdown_text)
    if opener:
        return inline_pieces(html.unescape(opener.group("title") or ""))
    return inline_pieces(LIST_OR_QUOTE_RE.sub("", markdown_text, count=1).replace("|", " "))


def _cut(pieces: list[Piece]) -> tuple[Piece, ...]:
    """The sentence's opening, cut on a word after CONTEXT_LIMIT characters."""
    shown = "".join(piece.text for piece in pieces)
    if len(shown) <= CONTEXT_LIMIT:
        return tuple(pieces)
    left = len(shown[: CONTEXT_LIMIT - 1].rsplit(" ", 1)[0])
    kept: list[Piece] = []
    for piece in pieces:
        if left <= 0:
            break
        kept.append(Piece(piece.text[:left], piece.code))
        left -= len(piece.text)
    return (*kept, Piece("…"))


def page_paragraphs(page: Page) -> Paragraphs:
    """The paragraphs of a page, from the lines its scan read."""
    return Paragraphs(page.scan.lines)


def kept_paragraphs() -> KeptResults[Page, Paragraphs]:
    """Pages' paragraphs and the sentences read from them, kept from one build to the next of
    a `mkdocs serve` by page text: an edit changes a page or two, and reading the others'
    sentences again was a tenth of a typical edit's build at 1,000 pages."""
    return KeptResults(page_paragraphs, key=lambda page: page.text)


def sentence_around(lines: list[str], line: int, column: int) -> str:
    """The sentence of the paragraph at (line, column), 1-based, as plain text."""
    return "".join(piece.text for piece in Paragraphs(lines).sentence(line, column))


def collect_backlinks(garden: Garden,
                      paragraphs: Callable[[Page], Paragraphs] = page_paragraphs
                      ) -> dict[str, list[Backlink]]:
    """For each linked page, one backlink per linking page (its first link), sorted by title;
    `paragraphs` reads a page's (`kept_paragraphs()` while serving)."""
    found: dict[str, dict[str, Backlink]] = {}
    read: dict[str, Paragraphs] = {}
    for edge in page_edges(garden):
        by_source = found.setdefault(edge.target, {})
        if edge.source in by_source:
            continue
        source = garden.pages[edge.source]
        if edge.source not in read:
            read[edge.source] = paragraphs(source)
        context = read[edge.source].sentence(edge.link.line, edge.link.column)
        by_source[edge.source] = Backlink(edge.source, source.title, context, edge.link.line)
    return {
        target: sorted(links.values(), key=lambda b: (b.title.casefold(), b.source))
        for target, links in found.items()
    }
