"""The language of prose: Russian when most words of a page are Cyrillic. One reading for the
checker's GL407 (check/rules/language.py) and the importer, which marks such a page `lang: ru`."""

from __future__ import annotations

import re

from garden.text.markdown_scan import Scan

MIN_WORDS = 3
CYRILLIC_WORD = r"[\u0400-\u04ff][\u0400-\u04ff\u0300-\u036f-]*"
CYRILLIC_WORD_RE = re.compile(CYRILLIC_WORD)
LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def prose_language(scan: Scan, usual: str | None = None) -> str | None:
    """"ru" when most words of a page's prose are Cyrillic (`garden import` marks such a page
    `lang: ru`), or when it has a passage of them and Russian is `usual` (the language of most
    notes of its vault: a page of Latin names with Russian prose between them), else None."""
    text = " ".join(span.text for span in scan.spans)
    cyrillic = len(CYRILLIC_WORD_RE.findall(text))
    if cyrillic < MIN_WORDS:
        return None
    return "ru" if usual == "ru" or cyrillic > len(LATIN_WORD_RE.findall(text)) else None
