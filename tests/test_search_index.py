"""The Pagefind bundles written over a built site, and the Russian passages given their own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from garden.search_index import (
    MATERIAL_INDEX,
    IndexedPage,
    SearchIndexError,
    bundles,
    index_site,
    passage_pages,
    passages,
    read_bundle,
    sections,
    sentences_in,
)

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
DOCS = [
    {"location": "ops/", "title": "Latency", "text": "<p>Latency is time.</p>"},
    {"location": "ops/#latency", "title": "Latency (Задержка)",
     "text": "<p>Что это: время ответа. In English: time to answer.</p><p>Пример: 200 мс.</p>"},
    {"location": "ops/#throughput", "title": "Throughput", "text": "<p>Operations per second.</p>"},
]
PAGE = """<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>
<nav>Everything else</nav><div class="md-content"><article class="md-content__inner">
<h1 id="top">{title}<a class="headerlink" href="#top">¶</a></h1><p>{intro}</p>
<h2 id="latency">Latency (Задержка)</h2><p>Что это: время ответа. Waiting for answers.</p>
<aside class="garden-backlinks"><p>Linked from elsewhere</p></aside>
</article></div></body></html>"""


def test_sentences_in_keeps_only_sentences_with_the_letters() -> None:
    markup = "<p>Что это: время ответа. In English: time.</p><li>Пример</li><li>Example</li>"
    assert sentences_in(markup, CYRILLIC) == ("Что это:", "время ответа.", "Пример")


def test_passages_keep_each_section_and_its_page_title() -> None:
    found = passages(DOCS, CYRILLIC)
    assert [(p.url, p.anchor, p.page_title, p.section_title) for p in found] == [
        ("/ops/", "latency", "Latency", "Latency (Задержка)")]
    assert found[0].sentences == ("Что это:", "время ответа.", "Пример:", "200 мс.")


def test_passage_pages_are_russian_pages_at_the_same_url_and_anchor() -> None:
    pages = passage_pages(passages(DOCS, CYRILLIC), "ru")
    assert list(pages) == ["/ops/"]
    page = pages["/ops/"]
    assert page.startswith('<!DOCTYPE html><html lang="ru">')
    assert '<h2 id="latency">Latency (Задержка)</h2>' in page
    assert "<p>время ответа.</p>" in page and "English" not in page


def test_sections_split_a_page_at_its_headings_but_the_one_naming_it() -> None:
    page = IndexedPage(url="/ops/", title="Ops", content="Ops. Intro words. Latency. Is time.",
                       headings=(("ops", "Ops", 0), ("latency", "Latency", 3)))
    assert [(s.location, s.title, s.text) for s in sections(page)] == [
        ("ops/", "Ops", "Ops. Intro words."), ("ops/#latency", "Latency", "Latency. Is time.")]


def built_site(directory: Path) -> Path:
    """A built site as Material leaves it: two pages and the theme's search index."""
    for name, title, intro in (("index.html", "Home", "Welcome home."),
                               ("ops/index.html", "Ops", "Operations and waiting.")):
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=title, intro=intro), encoding="utf-8")
    index = directory / MATERIAL_INDEX
    index.parent.mkdir()
    index.write_text(json.dumps({"config": {"lang": ["en", "ru"], "separator": "[\\s]+"},
                                 "docs": DOCS}), encoding="utf-8")
    return directory


def test_index_site_writes_a_bundle_per_language_and_trims_the_theme_index(
        tmp_path: Path) -> None:
    site = built_site(tmp_path)

    assert index_site(site) == ["pagefind/", "pagefind-ru/"]

    assert [bundle.name for bundle in bundles(site)] == ["pagefind", "pagefind-ru"]
    english = {page.url: page for page in read_bundle(site / "pagefind")}
    assert sorted(english) == ["/", "/ops/"]
    # The article only: no navigation, heading permalinks or backlinks.
    assert english["/ops/"].content.startswith("Ops. Operations and waiting.")
    assert "Everything else" not in english["/ops/"].content
    assert "¶" not in english["/ops/"].content and "Linked from" not in english["/ops/"].content
    assert [heading[0] for heading in english["/ops/"].headings] == ["top", "latency"]
    russian = read_bundle(site / "pagefind-ru")
    assert [(page.url, page.headings[-1][0]) for page in russian] == [("/ops/", "latency")]
    entry = json.loads((site / "pagefind-ru" / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["ru"]
    trimmed = json.loads((site / MATERIAL_INDEX).read_text("utf-8"))
    assert trimmed["docs"] == []
    assert trimmed["config"]["separator"] == "[\\s]+"
    assert trimmed["config"]["pagefind"] == [
        {"folder": "pagefind/"}, {"folder": "pagefind-ru/", "letters": "[А-Яа-яЁё]"}]


def test_index_site_without_the_theme_index_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match=re.escape(str(tmp_path / MATERIAL_INDEX))):
        index_site(tmp_path)
