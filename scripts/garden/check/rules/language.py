"""GL407: passages in another script carry their language, so screen readers switch voice.

The site is English (`theme.language: en`); a Russian passage is read as English unless an
element around it says `lang="ru"`: a `<div lang="ru" markdown>` block (md_in_html), a
`<span lang="ru">`, an attr_list `{ lang=ru }` on the same line, or the page's front matter
(`lang: ru`, for a page written in Russian: the garden plugin marks its content). A run of
Cyrillic words (three or more) outside such an element is reported; a single word in an English
sentence is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from garden.check.rules import diagnostic
from garden.model.site import Garden, Page
from garden.text.diagnostics import Diagnostic, Severity
from garden.text.languages import CYRILLIC_WORD, CYRILLIC_WORD_RE, MIN_WORDS
from garden.text.markdown_scan import VOID_TAGS

# Cyrillic words joined by spaces, digits and punctuation (no Latin letters in between).
CYRILLIC_RUN_RE = re.compile(
    rf"{CYRILLIC_WORD}(?:[\s\d.,:;!?()«»\"'—–*/%-]+{CYRILLIC_WORD})*")
ATTR_LANG_RU_RE = re.compile(r"\{:?[^}\n]*\blang=[\"']?ru\b[^}\n]*\}")

Position = tuple[int, int]  # (line, column), 1-based


def is_russian(lang: str) -> bool:
    return lang.strip().lower().split("-")[0] == "ru"


def russian_regions(page: Page) -> list[tuple[Position, Position]]:
    """From each opening tag with `lang="ru"` to its closing tag (the end of the page when
    it is never closed)."""
    end = (len(page.scan.lines) + 1, 1)
    if isinstance(page.meta.get("lang"), str) and is_russian(page.meta["lang"]):
        return [((1, 1), end)]
    regions: list[tuple[Position, Position]] = []
    stack: list[tuple[str, Position | None]] = []  # (tag, start when it sets lang="ru")
    for tag in page.scan.tags:
        if tag.name in VOID_TAGS:
            continue
        if not tag.closing:
            lang = dict(tag.attrs).get("lang")
            stack.append((tag.name, (tag.line, tag.column) if lang and is_russian(lang)
                          else None))
            continue
        while stack:
            name, start = stack.pop()
            if start is not None:
                regions.append((start, (tag.line, tag.column)))
            if name == tag.name:
                break
    regions.extend((start, end) for _, start in stack if start is not None)
    return regions


def unmarked_runs(page: Page) -> Iterator[tuple[int, int, str]]:
    """(line, column, text) of every long Cyrillic run of prose without `lang="ru"`."""
    regions = russian_regions(page)
    for span in page.scan.spans:
        if not CYRILLIC_WORD_RE.search(span.text):
            continue
        if ATTR_LANG_RU_RE.search(page.scan.lines[span.line - 1]):
            continue
        for run in CYRILLIC_RUN_RE.finditer(span.text):
            if len(CYRILLIC_WORD_RE.findall(run.group())) < MIN_WORDS:
                continue
            at = (span.line, span.column + run.start())
            if not any(start <= at <= stop for start, stop in regions):
                yield at[0], at[1], run.group()


def check_language(garden: Garden) -> Iterable[Diagnostic]:
    for src, page in garden.checked_pages():
        for line, column, text in unmarked_runs(page):
            preview = text if len(text) <= 40 else text[:39] + "…"
            yield diagnostic(garden, src, line, column, "GL407",
                             f"Russian text '{preview}' is not marked: wrap the passage in "
                             '<div lang="ru" markdown> (or <span lang="ru">) so screen readers '
                             "read it in Russian", Severity.WARNING)


RULES = (check_language,)
