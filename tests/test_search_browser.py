"""A reader types into the search box of the built garden (headless Chromium) and finds pages.

Queries come from the built search index, so the tests follow the garden's content instead of
naming pages: a word that occurs in few pages is typed, and a page holding it must be offered.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

# Longer than every English stop word of lunr ("however"), which search would drop.
LATIN_WORD_RE = re.compile(r"[a-z]{8,}")
CYRILLIC_WORD_RE = re.compile(r"[а-яё]{6,}")
STOP_WORDS_RE = re.compile(r'generateStopWordFilter\("([^"]*)"')
# Material splits the index on whitespace and hyphens; lunr trims punctuation at token edges.
TOKEN_SEPARATOR_RE = re.compile(r"[\s\-]+")
EDGE_PUNCTUATION = ".,;:!?()[]{}«»\"'`*…/"
RESULTS = ".md-search-result__item"


def page_of(location: str) -> str:
    return location.split("#", 1)[0]


def words_by_page(index: dict, word_re: re.Pattern[str]) -> dict[str, set[str]]:
    """The index's whole words matching `word_re`, mapped to the pages that contain them."""
    pages: dict[str, set[str]] = {}
    for entry in index["docs"]:
        text = re.sub(r"<[^>]+>", " ", f"{entry['title']} {entry['text']}").casefold()
        for token in TOKEN_SEPARATOR_RE.split(text):
            word = token.strip(EDGE_PUNCTUATION)
            if word_re.fullmatch(word):
                pages.setdefault(word, set()).add(page_of(entry["location"]))
    return pages


def rare_word(pages: dict[str, set[str]], stop_words: frozenset[str] = frozenset()) -> str:
    """The word found on the fewest pages (ties broken alphabetically), for a precise query."""
    candidates = [word for word in pages if word not in stop_words]
    return min(candidates, key=lambda word: (len(pages[word]), word))


def russian_stop_words(built_site: Path) -> frozenset[str]:
    """The stop words of the Russian lunr pipeline the site ships (search ignores them)."""
    script = built_site / "assets" / "javascripts" / "lunr" / "min" / "lunr.ru.min.js"
    return frozenset(STOP_WORDS_RE.search(script.read_text("utf-8"))[1].split())


@pytest.fixture(scope="module")
def search_index(built_site: Path) -> dict:
    return json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))


def search(page, site_url: str, query: str) -> set[str]:
    """Open the garden, type `query` into the search box, return the pages offered."""
    page.goto(site_url)
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    # Playwright enters characters missing from its US key map (Cyrillic) without key events, and
    # the search box listens for keyup, as a real keyboard would send: end with a key press.
    page.keyboard.press("End")
    page.locator(RESULTS).first.wait_for(state="visible")
    hrefs = page.locator(f"{RESULTS} a.md-search-result__link").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    base = urlsplit(site_url).path
    return {
        page_of(urlsplit(urljoin(page.url, href)).path.removeprefix(base)) for href in hrefs
    }


@pytest.fixture
def requests(page) -> list[str]:
    """Every URL the page and its search worker request."""
    seen: list[str] = []
    page.context.on("request", lambda request: seen.append(request.url))
    return seen


def assert_stayed_on_site(requests: list[str], site_url: str) -> None:
    off_site = [url for url in requests if not url.startswith((site_url, "data:", "blob:"))]
    assert not off_site, f"requests left the site: {off_site}"


def test_english_query_finds_its_page(page, site_url, search_index, requests) -> None:
    pages = words_by_page(search_index, LATIN_WORD_RE)
    assert pages, "the search index holds no English words"
    word = rare_word(pages)

    offered = search(page, site_url, word)

    assert offered & pages[word], f"searching {word!r} offered {offered}, not {pages[word]}"
    assert_stayed_on_site(requests, site_url)


def test_russian_query_finds_its_page(
    page, site_url, built_site, search_index, requests,
) -> None:
    pages = words_by_page(search_index, CYRILLIC_WORD_RE)
    if not pages:
        pytest.fail("the garden has no Russian text to search, though its notes contain Russian")
    word = rare_word(pages, russian_stop_words(built_site))

    offered = search(page, site_url, word)

    assert offered & pages[word], f"searching {word!r} offered {offered}, not {pages[word]}"
    # Russian is stemmed by the lunr language files shipped with the site.
    assert urljoin(site_url, "assets/javascripts/lunr/min/lunr.ru.min.js") in requests
    assert_stayed_on_site(requests, site_url)
