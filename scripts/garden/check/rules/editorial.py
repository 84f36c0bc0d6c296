"""GL8xx: the editorial model: a page says what is true today, and where the note said
otherwise, the note's wording is kept in a collapsed block after it:

    ??? quote "As written in the note"

        > The note's words, quoted (`…` marks a cut).

        What is right instead, and why. Source: [RFC 9114](https://www.rfc-editor.org/...),
        as of 2026-12.

- GL901 the block names no source (no external link);
- GL902 the block has no "as of" date;
- GL903 a quotation in the block is not in the note lines the page's `source` names;
- GL904 an "Editor's note" box (the older model, which kept the wrong claim in the body).

The quoted note lines still count as on the page for provenance (GL604), which reads the page
text as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from garden.check.rules import diagnostic
from garden.model.provenance import SourceEntry, declared_sources, read_note, tokens
from garden.model.site import Garden, Page
from garden.text.diagnostics import Diagnostic, Severity
from garden.text.markdown_scan import Container

AS_WRITTEN_TITLE = "As written in the note"
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November"
          "|December")
DATE = rf"\d{{4}}-\d{{2}}(?:-\d{{2}})?|(?:{MONTHS})\s+\d{{4}}|\d{{4}}"
AS_OF_RE = re.compile(rf"\bas of\s+(?:{DATE})\b", re.IGNORECASE)
QUOTE_LINE_RE = re.compile(r"^[ \t]*>[ \t]?(?P<text>.*)$")
# An editor's cut inside a quotation: the words on either side are checked separately.
ELLIPSIS_RE = re.compile(r"…|\.\.\.|\[…\]|\[\.\.\.\]")
EDITORS_NOTE_RE = re.compile(r"^editor['’]s note\b", re.IGNORECASE)


@dataclass(frozen=True)
class Quotation:
    line: int  # first line of the quotation in the page
    column: int
    text: str  # the quoted words, `>` markers removed


def is_as_written(container: Container) -> bool:
    """A `??? quote "As written in the note"` block (collapsed or open, `???+`)."""
    return (container.marker.startswith("???") and container.kind.split()[:1] == ["quote"]
            and (container.title or "").strip().casefold() == AS_WRITTEN_TITLE.casefold())


def as_written_blocks(page: Page) -> list[Container]:
    return [c for c in page.scan.containers if is_as_written(c)]


def body_lines(page: Page, container: Container) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line of a container's body."""
    for number in range(container.line + 1, container.end_line + 1):
        yield number, page.scan.lines[number - 1]


def quotations(page: Page, container: Container) -> list[Quotation]:
    """The `>` quotations of a block: consecutive quoted lines, split at empty `>` lines."""
    found: list[Quotation] = []
    current: list[str] = []
    start = (0, 0)
    for number, line in [*body_lines(page, container), (0, "")]:
        match = QUOTE_LINE_RE.match(line)
        text = match["text"].strip() if match else ""
        if text:
            if not current:
                start = (number, match.start("text") + 1)
            current.append(text)
            continue
        if current:
            found.append(Quotation(start[0], start[1], " ".join(current)))
            current = []
    return found


def _note_words(garden: Garden, entries: list[SourceEntry]) -> str:
    """The words of the note lines a page holds, as one space-delimited string."""
    words: list[str] = []
    for entry in entries:
        path = garden.config.root / entry.note
        span = entry.span
        if span is None or not path.is_file():
            continue
        lines = read_note(Path(path))
        for line in lines[span[0] - 1: span[1]]:
            words.extend(tokens(line))
    return " " + " ".join(words) + " "


def _quoted_elsewhere(quotation: Quotation, haystack: str) -> bool:
    pieces = [tokens(piece) for piece in ELLIPSIS_RE.split(quotation.text)]
    return all(" " + " ".join(words) + " " in haystack for words in pieces if words)


def check_block(garden: Garden, page: Page, block: Container,
                note_words: str | None) -> Iterator[Diagnostic]:
    lines = list(body_lines(page, block))
    at = (page.src, block.line, block.column)
    if not any(link.target.startswith(("http://", "https://")) for link in page.scan.links
               if block.line < link.line <= block.end_line):
        yield diagnostic(garden, *at, "GL901", f'"{AS_WRITTEN_TITLE}" block names no source: '
                         "link the RFC, official documentation or release notes that say "
                         "what is right")
    if not any(AS_OF_RE.search(text) for _, text in lines):
        yield diagnostic(garden, *at, "GL902", f'"{AS_WRITTEN_TITLE}" block has no date: say '
                         'when the correction was checked ("as of 2026-12")')
    for quotation in quotations(page, block):
        if note_words is None:
            yield diagnostic(garden, page.src, quotation.line, quotation.column, "GL903",
                             "quotation of a note, but the page's `source` names no note lines")
        elif not _quoted_elsewhere(quotation, note_words):
            yield diagnostic(garden, page.src, quotation.line, quotation.column, "GL903",
                             "quotation not found in the note lines the page's `source` names; "
                             "quote the note word for word (mark cuts with …)")


def check_as_written(garden: Garden) -> Iterable[Diagnostic]:
    """GL901-GL903 on every "As written in the note" block."""
    sources: dict[str, list[SourceEntry]] = {}
    for entry in declared_sources(garden):
        if isinstance(entry, SourceEntry):
            sources.setdefault(entry.page.src, []).append(entry)
    for src, page in garden.checked_pages():
        blocks = as_written_blocks(page)
        if not blocks:
            continue
        note_words = _note_words(garden, sources[src]) if src in sources else None
        for block in blocks:
            yield from check_block(garden, page, block, note_words)


def check_editors_notes(garden: Garden) -> Iterable[Diagnostic]:
    """GL904: boxes of the older model, titled "Editor's note"."""
    for src, page in garden.checked_pages():
        for container in page.scan.containers:
            if container.marker.startswith(("!!!", "???")) and EDITORS_NOTE_RE.match(
                    (container.title or "").strip()):
                yield diagnostic(garden, src, container.line, container.column, "GL904",
                                 "\"Editor's note\" box: say what is right in the text and keep "
                                 f'the note\'s wording in a ??? quote "{AS_WRITTEN_TITLE}" '
                                 "block after it", Severity.WARNING)


RULES = (check_as_written, check_editors_notes)
