"""A reader types into the search box of the built garden (headless Chromium) and finds pages.

Queries come from the built Pagefind bundles, so the tests follow the garden's content instead
of naming pages: a word that occurs in few pages is typed, and a page holding it must be among
the first three offered.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from garden.features.search_index import MATERIAL_INDEX, index_site, read_bundle
from support.search_dialog import wait_for_final_results

pytestmark = pytest.mark.browser

LATIN_WORD_RE = re.compile(r"[a-z]{8,}")
CYRILLIC_WORD_RE = re.compile(r"[а-яё]{6,}")
TOKEN_SEPARATOR_RE = re.compile(r"[\s\-]+")
EDGE_PUNCTUATION = ".,;:!?()[]{}«»\"'`*…/"
RESULTS = ".md-search-result__item"
TOP = 3
# A reader's Russian: the genitive of «задержка» (latency), a form no page holds as written,
# so only the Russian stemmer can match it to the page that does.
INFLECTED_QUERY, STEM_FORM = "задержки", "задержка"


def page_of(location: str) -> str:
    return location.split("#", 1)[0]


def words_by_page(bundle: Path, word_re: re.Pattern[str]) -> dict[str, set[str]]:
    """The bundle's whole words matching `word_re`, mapped to the pages that contain them."""
    pages: dict[str, set[str]] = {}
    for indexed in read_bundle(bundle):
        for token in TOKEN_SEPARATOR_RE.split(indexed.content.casefold()):
            word = token.strip(EDGE_PUNCTUATION)
            if word_re.fullmatch(word):
                pages.setdefault(word, set()).add(indexed.url.lstrip("/"))
    return pages


def rare_word(pages: dict[str, set[str]]) -> str:
    """The word found on the fewest pages (ties broken alphabetically), for a precise query."""
    return min(pages, key=lambda word: (len(pages[word]), word))


def search(page, site_url: str, query: str) -> list[str]:
    """Open the garden, type `query` into the search box, return the pages offered, best first."""
    page.goto(site_url)
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    # Playwright enters characters missing from its US key map (Cyrillic) without key events, and
    # the search box listens for keyup, as a real keyboard would send: end with a key press.
    page.keyboard.press("End")
    page.locator(RESULTS).first.wait_for(state="visible")
    # The theme adds the results one by one after the count above them: wait for all of them.
    wait_for_final_results(page)
    hrefs = page.locator(f"{RESULTS} a.md-search-result__link").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    base = urlsplit(site_url).path
    offered = [page_of(urlsplit(urljoin(page.url, href)).path.removeprefix(base))
               for href in hrefs]
    return list(dict.fromkeys(offered))


@pytest.fixture
def requests(page) -> list[str]:
    """Every URL the page and its search worker request."""
    seen: list[str] = []
    page.context.on("request", lambda request: seen.append(request.url))
    return seen


def assert_stayed_on_site(requests: list[str], site_url: str) -> None:
    off_site = [url for url in requests if not url.startswith((site_url, "data:", "blob:"))]
    assert not off_site, f"requests left the site: {off_site}"


def bundle_files(requests: list[str], site_url: str) -> list[str]:
    return [url.removeprefix(site_url) for url in requests
            if url.startswith(site_url) and url.removeprefix(site_url).startswith("pagefind")]


def test_a_page_downloads_no_search_engine_until_the_reader_enters_the_search_box(
        page, site_url, requests) -> None:
    """The engine and its index are most of a page's weight: a reader who does not search does
    not download them; one who moves into the search box has the site's bundle loading while
    they type."""
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert bundle_files(requests, site_url) == []

    with page.context.expect_event(
            "request", lambda request: request.url.endswith("pagefind/wasm.en.pagefind")):
        page.locator(".md-search__input").focus()
    page.wait_for_load_state("networkidle")
    assert not [url for url in bundle_files(requests, site_url)
                if url.startswith("pagefind-ru")], "the Russian bundle loaded for no query"


def test_a_reader_whose_browser_prefers_russian_gets_the_russian_bundle_ready(
        browser, site_url) -> None:
    context = browser.new_context(locale="ru-RU")
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    page = context.new_page()
    page.goto(site_url)
    with context.expect_event(
            "request", lambda request: request.url.endswith("pagefind-ru/wasm.ru.pagefind")):
        page.locator(".md-search__input").focus()
    page.wait_for_load_state("networkidle")
    context.close()
    assert not [url for url in bundle_files(seen, site_url) if url.startswith("pagefind/")]


def test_english_query_finds_its_page(page, site_url, built_site, requests) -> None:
    pages = words_by_page(built_site / "pagefind", LATIN_WORD_RE)
    assert pages, "the search index holds no English words"
    word = rare_word(pages)

    offered = search(page, site_url, word)

    assert set(offered[:TOP]) & pages[word], \
        f"searching {word!r} offered {offered}, not {pages[word]} in the first {TOP}"
    assert_stayed_on_site(requests, site_url)
    # The theme's lunr index is no longer downloaded: only its configuration is left.
    assert not any("/assets/javascripts/lunr/" in url for url in requests)


def test_russian_query_finds_its_page(page, site_url, built_site, requests) -> None:
    pages = words_by_page(built_site / "pagefind-ru", CYRILLIC_WORD_RE)
    if not pages:
        pytest.fail("the garden has no Russian text to search, though its notes contain Russian")
    word = rare_word(pages)

    offered = search(page, site_url, word)

    assert set(offered[:TOP]) & pages[word], \
        f"searching {word!r} offered {offered}, not {pages[word]} in the first {TOP}"
    # Russian passages are searched in the Russian bundle, with its own stemmer.
    assert urljoin(site_url, "pagefind-ru/wasm.ru.pagefind") in requests
    assert_stayed_on_site(requests, site_url)


def test_russian_word_form_finds_the_page_through_the_stemmer(page, site_url,
                                                             built_site) -> None:
    pages = words_by_page(built_site / "pagefind-ru", CYRILLIC_WORD_RE)
    assert STEM_FORM in pages, f"no page holds {STEM_FORM!r} any more: choose another word"
    assert INFLECTED_QUERY not in pages, f"{INFLECTED_QUERY!r} is on a page as written"

    offered = search(page, site_url, INFLECTED_QUERY)

    assert set(offered[:TOP]) & pages[STEM_FORM], \
        f"searching {INFLECTED_QUERY!r} offered {offered}, not {pages[STEM_FORM]}"


def test_english_word_form_finds_the_page_through_the_stemmer(page, site_url,
                                                              built_site) -> None:
    pages = words_by_page(built_site / "pagefind", LATIN_WORD_RE)
    # A plural no page holds, of a singular some page does: "latencies" for "latency".
    singular = next(word for word in sorted(pages, key=lambda w: (len(pages[w]), w))
                    if word.endswith("y") and f"{word[:-1]}ies" not in pages)
    plural = f"{singular[:-1]}ies"

    offered = search(page, site_url, plural)

    assert set(offered[:TOP]) & pages[singular], \
        f"searching {plural!r} offered {offered}, not {pages[singular]}"


# The tooling reference (the "Contributing" pages): `search: {boost: 0.2}` in front matter.
TOOLING = {"about/checks/", "about/importing/"}


def test_tooling_pages_rank_below_content_and_results_read_as_words(page, site_url,
                                                                   built_site) -> None:
    pages = words_by_page(built_site / "pagefind-ru", CYRILLIC_WORD_RE)
    assert pages[STEM_FORM] & TOOLING and pages[STEM_FORM] - TOOLING, \
        f"{STEM_FORM!r} is no longer on a tooling page and a content page: choose another word"

    offered = search(page, site_url, STEM_FORM)

    ranks = [number for number, found in enumerate(offered) if found in TOOLING]
    content = [number for number, found in enumerate(offered) if found not in TOOLING]
    assert ranks and content and max(content) < min(ranks), offered
    # Snippets keep words apart: the content tabs' labels are not run into the text after them.
    snippets = page.locator(f"{RESULTS} article").all_inner_texts()
    assert snippets and not any("English summary" in text for text in snippets), snippets


def test_the_search_box_suggests_words_not_heading_ids(page, site_url) -> None:
    # The checks page shows the heading id `#задержка_1`: a longer "word" to complete to.
    search(page, site_url, STEM_FORM)
    suggestion = page.locator(".md-search__suggest").inner_text()
    assert "_" not in suggestion, suggestion


@pytest.fixture
def indexed_in_parts(built_site: Path, tmp_path: Path) -> Iterator[list[Path]]:
    """The built garden's English bundle written again in parts of a few pages, as a large
    site's is; the bundles as built are put back afterwards."""
    saved = tmp_path / "saved"
    kept = [*built_site.glob("pagefind*"), built_site / MATERIAL_INDEX]
    for path in kept:
        target = saved / path.relative_to(built_site)
        if path.is_dir():
            shutil.copytree(path, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    try:
        # The theme's index was trimmed by the build: the English bundle only is written again.
        folders = index_site(built_site, part_pages=16)
        yield [built_site / folder for folder in folders]
    finally:
        for path in built_site.glob("pagefind*"):
            shutil.rmtree(path)
        shutil.copytree(saved, built_site, dirs_exist_ok=True)


def test_a_word_held_by_a_later_part_of_the_bundle_is_found(page, site_url,
                                                            indexed_in_parts) -> None:
    folders = [folder.name for folder in indexed_in_parts]
    assert folders[:2] == ["pagefind", "pagefind-part2"], folders
    first, last = (words_by_page(folder, LATIN_WORD_RE)
                   for folder in (indexed_in_parts[0], indexed_in_parts[-1]))
    word = rare_word({word: held for word, held in last.items() if word not in first})

    offered = search(page, site_url, word)

    assert set(offered[:TOP]) & last[word], \
        f"searching {word!r} offered {offered}, not {last[word]} in the first {TOP}"
