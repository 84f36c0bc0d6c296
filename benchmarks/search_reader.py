"""A reader searching the garden, as the benchmarks that time its search act it out.

The reader moves into the search box, then types a word: the page starts loading the search
engine when the box takes focus, so the time the word takes to type is the engine's head start.
The query is entered at once `TYPING_MS` after the focus, a fast typist's short word (five
letters at 100 words a minute take 600 ms); Material reads it on the keyup that completes it.
A word in Cyrillic letters is typed by a reader whose browser prefers Russian: the page loads the
engine of the reader's language first.
"""

from __future__ import annotations

import re

SEARCH_FIELD = "input[data-md-component=search-query]"
TYPING_MS = 300
CYRILLIC_RE = re.compile("[А-Яа-яЁё]")


def reader_locale(query: str) -> str:
    return "ru-RU" if CYRILLIC_RE.search(query) else "en-US"


def enter_search_box(page) -> None:
    """Move into the search box of `page`, and spend `TYPING_MS` typing."""
    page.locator(SEARCH_FIELD).focus()
    page.wait_for_timeout(TYPING_MS)


def complete_query(page, query: str) -> None:
    page.locator(SEARCH_FIELD).fill(query)
    page.locator(SEARCH_FIELD).press("End")  # Material reads the query on keyup


def type_query(page, query: str) -> None:
    enter_search_box(page)
    complete_query(page, query)
