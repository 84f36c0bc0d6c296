"""Backlinks: for every page, the pages that link to it and the sentence each link sits in.

Built from the links the garden's scanner found (authored links only: inline, reference and raw
HTML `href`s), so backlinks agree with what `garden check` validates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from garden.markdown_scan import CODE_SPAN_RE, HTML_TAG_RE, INLINE_LINK_RE, REF_DEF_RE, Link
from garden.site import Garden, Page, resolve_link

LINK_KINDS = ("link", "ref", "html")
CONTEXT_LIMIT = 240  # characters of context shown at most
# A line that starts a new block ends the paragraph a link sits in.
BLOCK_START_RE = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\||`{3,}|~{3,}|!!!|\?\?\?|===)")
LIST_OR_QUOTE_RE = re.compile(r"^\s*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+|>\s*)")
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[*_`]?[A-Z0-9])")
EMPHASIS_RE = re.compile(r"(\*{1,3}|_{2,3}|==|~~)(?=\S)(.+?)(?<=\S)\1")
ATTR_LIST_RE = re.compile(r"\{:?\s*[#.][^}]*\}|\{:?\s*[A-Za-z-]+=[^}]*\}")


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
    context: str  # the sentence around the link, as plain text
    line: int


def _link_url(page: Page, link: Link) -> str | None:
    if link.kind == "ref":
        return page.scan.ref_defs.get(link.target.strip().lower())
    if link.kind == "link" and REF_DEF_RE.match(page.scan.lines[link.line - 1]):
        return None  # a reference definition: its uses are counted where they are
    return link.target


def page_edges(garden: Garden) -> Iterator[Edge]:
    """Every authored link between two different pages of the garden, in page order."""
    for src, page in sorted(garden.pages.items()):
        for link in page.scan.links:
            if link.kind not in LINK_KINDS:
                continue
            url = _link_url(page, link)
            target = resolve_link(src, url) if url else None
            if target is None or target.src == src or target.src not in garden.pages:
                continue
            yield Edge(src, target.src, target.fragment, link)


def _paragraph(lines: list[str], line: int, column: int) -> tuple[str, int]:
    """The paragraph (or list item) holding a position, joined on one line, and the position."""
    first = last = line - 1
    while first > 0 and lines[first - 1].strip() and not BLOCK_START_RE.match(lines[first]):
        first -= 1
    while (last + 1 < len(lines) and lines[last + 1].strip()
           and not BLOCK_START_RE.match(lines[last + 1])):
        last += 1
    parts: list[str] = []
    offset = 0
    for index in range(first, last + 1):
        text = lines[index]
        stripped = text.lstrip()
        if index == line - 1:
            indent = len(text) - len(stripped)
            offset = sum(len(p) + 1 for p in parts) + max(column - 1 - indent, 0)
        parts.append(stripped.rstrip())
    return " ".join(parts), offset


def _plain(markdown_text: str) -> str:
    """Markdown of one sentence as reading text: link texts kept, markup dropped."""
    def link_text(match: re.Match[str]) -> str:
        return "" if match.group("bang") else match.group("text")

    text = LIST_OR_QUOTE_RE.sub("", markdown_text, count=1)
    text = CODE_SPAN_RE.sub(lambda m: m.group("code").strip(), text)
    text = INLINE_LINK_RE.sub(link_text, text)
    text = HTML_TAG_RE.sub("", text)
    text = ATTR_LIST_RE.sub("", text)
    for _ in range(2):  # nested emphasis such as ***x*** or **_x_**
        text = EMPHASIS_RE.sub(lambda m: m.group(2), text)
    return re.sub(r"\s+", " ", text.replace("|", " ")).strip()


def sentence_around(lines: list[str], line: int, column: int) -> str:
    """The sentence of the paragraph at (line, column), 1-based, as plain text."""
    paragraph, offset = _paragraph(lines, line, column)
    start, end = 0, len(paragraph)
    for boundary in SENTENCE_END_RE.finditer(paragraph):
        if boundary.end() <= offset:
            start = boundary.end()
        elif boundary.start() >= offset:
            end = boundary.start()
            break
    text = _plain(paragraph[start:end])
    if len(text) > CONTEXT_LIMIT:
        text = text[: CONTEXT_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return text


def collect_backlinks(garden: Garden) -> dict[str, list[Backlink]]:
    """For each linked page, one backlink per linking page (its first link), sorted by title."""
    found: dict[str, dict[str, Backlink]] = {}
    for edge in page_edges(garden):
        by_source = found.setdefault(edge.target, {})
        if edge.source in by_source:
            continue
        source = garden.pages[edge.source]
        context = sentence_around(source.scan.lines, edge.link.line, edge.link.column)
        by_source[edge.source] = Backlink(edge.source, source.title, context, edge.link.line)
    return {
        target: sorted(links.values(), key=lambda b: (b.title.casefold(), b.source))
        for target, links in found.items()
    }
