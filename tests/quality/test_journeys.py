"""A reader's journeys through the built garden in a real browser (system Chromium).

Pages and queries come from the built site itself (sitemap, search index, HTML files), so the
journeys keep working as the garden grows.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest

from support.search_dialog import wait_for_final_results

pytestmark = pytest.mark.browser

SEARCH_INPUT = "input[data-md-component=search-query]"
RESULT_LINK = "a.md-search-result__link"
RUSSIAN_QUERIES = ("Задержка", "пропускная")
CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]{6,}")
PLAIN_TITLE = re.compile(r"[A-Za-z]+(?: [A-Za-z]+){2,}")
MAX_TABS = 400


def site_relative(url: str, site_url: str) -> str:
    """`http://host/garden/web/?h=x#y` -> `web/#y`: a search-index location."""
    parts = urlsplit(url)
    path = unquote(parts.path).removeprefix(urlsplit(site_url).path)
    return f"{path}#{unquote(parts.fragment)}" if parts.fragment else path


def search(page, query: str, site_url: str) -> list[str]:
    """Type `query` into the header search; the locations of the results, best first."""
    page.keyboard.press("/")
    field = page.locator(SEARCH_INPUT)
    assert field.evaluate("element => element === document.activeElement"), "`/` focuses search"
    field.fill(query)
    field.press("End")  # the theme reads the query on keyup, which fill() does not send
    page.wait_for_selector(f"{RESULT_LINK}", state="attached")
    wait_for_final_results(page)
    hrefs = page.eval_on_selector_all(RESULT_LINK, "links => links.map(l => l.href)")
    return [site_relative(href, site_url) for href in hrefs]


def english_section(docs: list[dict]) -> tuple[dict, str]:
    """A section on a page inside a section, and the word of its title fewest documents hold."""
    sections = [doc for doc in docs if "#" in doc["location"]
                and doc["location"].count("/") >= 2 and PLAIN_TITLE.fullmatch(doc["title"])]
    assert sections, "the search index has no section with a plain English title"
    texts = [f"{doc['title']} {doc['text']}".casefold() for doc in docs]

    def rarity(word: str) -> tuple[int, int]:
        return sum(word.casefold() in text for text in texts), -len(word)

    section = sections[0]
    return section, min(section["title"].split(), key=rarity)


def russian_query(docs: list[dict]) -> str:
    text = " ".join(doc["text"] for doc in docs)
    for query in RUSSIAN_QUERIES:
        if query.casefold() in text.casefold():
            return query
    words = CYRILLIC_WORD.findall(text)
    assert words, "the search index holds no Russian text"
    return words[0]


def test_search_in_english_finds_the_section(page, site_url: str, search_docs) -> None:
    section, word = english_section(search_docs)
    page.goto(site_url)
    results = search(page, word, site_url)
    assert section["location"] in results, (word, section["location"], results)


def test_search_in_russian_finds_the_section(page, site_url: str, search_docs) -> None:
    query = russian_query(search_docs)
    holders = {doc["location"] for doc in search_docs
               if "#" in doc["location"] and query.casefold() in doc["text"].casefold()}
    page.goto(site_url)
    results = search(page, query, site_url)
    assert results, f"no result for {query!r}"
    assert holders & set(results), (query, holders, results)


def test_search_highlight_carries_to_the_page(page, site_url: str, search_docs) -> None:
    section, word = english_section(search_docs)
    page.goto(site_url)
    search(page, word, site_url)
    # The section's result carries the query (`?h=`); open its "more on this page" if folded.
    link = page.locator(f"{RESULT_LINK}[href*='#{section['location'].split('#')[1]}']").first
    if not link.is_visible():
        link.locator("xpath=ancestor::details/summary").click()
    link.click()
    page.wait_for_url(re.compile(r"[?&]h=[^&#]"))
    marks = page.locator("article.md-content__inner mark")
    marks.first.wait_for()
    # Every form of the word the search matched is marked (`addresses` also marks `address`):
    # the word itself among them, and nothing but those forms.
    terms = {term.casefold() for term in parse_qs(urlsplit(page.url).query)["h"][0].split()}
    # (a mark inside a folded box has no rendered text)
    marked = [text.casefold() for text in marks.all_inner_texts() if text]
    assert word.casefold() in terms and word.casefold() in marked, (word, terms, marked)
    assert set(marked) <= terms, (terms, marked)


# Marks a visible link, in the sidebar or the content, to another page of the site.
MARK_PAGE_LINK = """site => {
    const here = location.href.split("#")[0];
    const links = [...document.querySelectorAll(
        ".md-sidebar--primary a.md-nav__link[href], .md-content a[href]")];
    const link = links.find(a => a.offsetParent !== null && a.href.startsWith(site)
        && a.href.split("#")[0] !== here && !a.href.includes("#"));
    if (link) link.setAttribute("data-journey", "next");
    return link ? link.href : null;
}"""


def test_instant_navigation_keeps_header_and_search(page, site_url: str, search_docs) -> None:
    page.goto(site_url, wait_until="networkidle")  # instant navigation starts with the sitemap
    page.evaluate("window.__sameDocument = true")
    tabs = page.locator("a.md-tabs__link")
    assert tabs.count() > 1, "the header has navigation tabs"
    target = None
    for index in range(1, tabs.count()):  # the first tab whose page links on
        page.evaluate("window.__before = document.querySelector('[data-md-component=container]')")
        tabs.nth(index).click()
        # The address changes before the new page's content is swapped in: mark a link of the
        # content once the theme has replaced the page's container, not one about to go.
        page.wait_for_function("() => !window.__before.isConnected")
        target = page.evaluate(MARK_PAGE_LINK, site_url)
        if target:
            break
    assert target, "no tab's page links another page"
    page.locator("[data-journey=next]").click()
    page.wait_for_function("url => location.href === url", arg=target)
    assert page.evaluate("window.__sameDocument === true"), "a click reloaded the page"
    assert page.locator("header.md-header").is_visible()
    assert page.locator(".md-content h1").first.is_visible()
    section, word = english_section(search_docs)
    assert section["location"] in search(page, word, site_url)


def palette_scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def test_palette_choice_persists_across_pages(page, site_url: str, page_paths) -> None:
    page.goto(site_url)
    assert palette_scheme(page) == "default"
    for _ in range(3):  # the toggle cycles: system preference -> light -> dark
        if palette_scheme(page) == "slate":
            break
        page.locator("[data-md-component=palette] label:not([hidden])").click()
    assert palette_scheme(page) == "slate"
    stored = page.evaluate(
        "Object.keys(localStorage).filter(key => key.endsWith('__palette'))"
        ".map(key => JSON.parse(localStorage.getItem(key)))")
    assert [entry["color"]["scheme"] for entry in stored] == ["slate"]
    page.goto(urljoin(site_url, page_paths[-1]))
    assert palette_scheme(page) == "slate"


def test_code_copy_button_copies_the_code(browser, site_url: str, built_site: Path,
                                          page_paths) -> None:
    with_code = next((path for path in page_paths
                      if "<pre" in (built_site / path / "index.html").read_text("utf-8")), None)
    assert with_code is not None, "no page of the site has a code block"
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(urljoin(site_url, with_code))
        button = page.locator("button[data-clipboard-target]").first
        target = button.get_attribute("data-clipboard-target")
        button.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        code = page.locator(target).text_content()
        assert copied.strip() and copied.strip() == code.strip()
    finally:
        context.close()


def test_missing_page_renders_404_that_links_home(page, site_url: str) -> None:
    response = page.goto(urljoin(site_url, "no/such/page/"))
    assert response.status == 404
    assert "404" in page.locator(".md-content").inner_text()
    page.locator("a.md-header__button.md-logo").click()
    page.wait_for_url(site_url)
    assert page.locator(".md-content h1").first.is_visible()


def focus_by_tab(page, predicate: str) -> int:
    """Press Tab until `predicate(document.activeElement)` holds; how many presses it took."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(element => {predicate})(document.activeElement)"):
            return presses
    pytest.fail(f"{MAX_TABS} Tab presses never reached: {predicate}")


def test_keyboard_reaches_search_nav_and_glossary_tooltip(page, site_url: str, built_site: Path,
                                                          page_paths) -> None:
    page.goto(site_url)
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.matches('[data-md-component=search-query]')")
    page.keyboard.press("Escape")
    page.goto(site_url)
    focus_by_tab(page, "element.matches('.md-tabs a, .md-sidebar--primary a')")
    with_term = next((path for path in page_paths if 'class="glossary-term' in
                      (built_site / path / "index.html").read_text("utf-8")), None)
    assert with_term is not None, "no page links a glossary term"
    page.goto(urljoin(site_url, with_term))
    focus_by_tab(page, "element.matches('.md-content a.glossary-term')")
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip--active")
    tooltip.first.wait_for()
    assert tooltip.first.inner_text().strip()
