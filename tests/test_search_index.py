"""The Pagefind bundles written over a built site, and the Russian passages given their own."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from garden.features import search_index
from garden.features.search_index import (
    ENTRY_FILE,
    KEPT_FILE,
    MATERIAL_INDEX,
    STAGING,
    IndexedPage,
    SearchIndexError,
    built_pages,
    bundles,
    index_site,
    language_sentences,
    passage_pages,
    passages,
    read_bundle,
    sections,
    with_earlier_docs,
)

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


def test_built_pages_are_the_sites_html_files_but_the_staged_bundles(tmp_path: Path) -> None:
    for name in ("index.html", "404.html", "web/http/index.html", "web/http/notes.txt",
                 "a b/ü/index.html", f"{STAGING}/pagefind/index.html", "web/.pagefind-next.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<p>page</p>", "utf-8")
    assert built_pages(tmp_path) == ["404.html", "a b/ü/index.html", "index.html",
                                     "web/.pagefind-next.html", "web/http/index.html"]


def test_language_sentences_keep_only_sentences_with_the_letters() -> None:
    markup = "<p>Что это: время ответа. In English: time.</p><li>Пример</li><li>Example</li>"
    assert language_sentences(markup) == {"ru": ("Что это:", "время ответа.", "Пример")}
    assert language_sentences("<p>English only. Fine.</p>") == {"ru": ()}
    # A letter written as a character reference is a letter of the language too.
    assert language_sentences("<p>&#1071; &#x44f;. English.</p>") == {"ru": ("Я я.",)}


def test_passages_keep_each_section_and_its_page_title() -> None:
    found = passages(DOCS, "ru")
    assert [(p.url, p.anchor, p.page_title, p.section_title) for p in found] == [
        ("/ops/", "latency", "Latency", "Latency (Задержка)")]
    assert found[0].sentences == ("Что это:", "время ответа.", "Пример:", "200 мс.")


def test_passage_pages_are_russian_pages_at_the_same_url_and_anchor() -> None:
    pages = passage_pages(passages(DOCS, "ru"), "ru")
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


def built_site(directory: Path, ops: str = "Operations and waiting.") -> Path:
    """A built site as Material leaves it: two pages and the theme's search index."""
    for name, title, intro in (("index.html", "Home", "Welcome home."),
                               ("ops/index.html", "Ops", ops)):
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=title, intro=intro), encoding="utf-8")
    index = directory / MATERIAL_INDEX
    index.parent.mkdir(exist_ok=True)
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
        {"folder": "pagefind/"}, {"folder": "pagefind-ru/", "lang": "ru", "letters": "[А-Яа-яЁё]"}]


def test_a_bundle_of_more_pages_than_a_part_holds_is_written_in_parts(tmp_path: Path) -> None:
    """Each part is an index of its own (the indexer's memory grows with the pages it holds);
    every page is in one part, and the theme's index names the parts the browser merges."""
    site = built_site(tmp_path)
    for name in ("a/index.html", "b/index.html"):
        (site / name).parent.mkdir()
        (site / name).write_text(PAGE.format(title=name[0], intro="Letters."), encoding="utf-8")

    assert index_site(site, part_pages=2) == ["pagefind/", "pagefind-part2/", "pagefind-ru/"]

    parts = [sorted(page.url for page in read_bundle(site / folder))
             for folder in ("pagefind", "pagefind-part2")]
    assert parts == [["/a/", "/b/"], ["/", "/ops/"]]  # in the order of their files' paths
    trimmed = json.loads((site / MATERIAL_INDEX).read_text("utf-8"))
    assert trimmed["config"]["pagefind"][0] == {"folder": "pagefind/",
                                                "parts": ["pagefind-part2/"]}
    assert not (site / STAGING).exists()
    # Built and indexed again in one part: the part no longer needed is removed.
    built_site(site)
    assert index_site(site) == ["pagefind/", "pagefind-ru/"]
    assert not (site / "pagefind-part2").exists()
    assert len(read_bundle(site / "pagefind")) == 4


def test_parts_are_near_equal_and_hold_at_most_the_limit() -> None:
    assert [len(part) for part in search_index.in_parts([str(n) for n in range(10)], 4)] == [
        4, 4, 2]
    assert [len(part) for part in search_index.in_parts([str(n) for n in range(9)], 4)] == [
        3, 3, 3]
    assert search_index.in_parts([], 4) == [[]]


def test_passages_have_the_url_their_page_has_in_the_site_bundle(tmp_path: Path) -> None:
    # A page in a folder named in Russian, and one written as a file (use_directory_urls off):
    # Material's index names them percent-encoded; both bundles must name them alike.
    site = built_site(tmp_path)
    for name in ("заметки/index.html", "notes.html"):
        (site / name).parent.mkdir(exist_ok=True)
        (site / name).write_text(PAGE.format(title="Notes", intro="Kept."), encoding="utf-8")
    index = json.loads((site / MATERIAL_INDEX).read_text("utf-8"))
    index["docs"] += [{"location": f"{location}#latency", "title": "Задержка",
                       "text": "<p>Время ответа.</p>"}
                      for location in ("%D0%B7%D0%B0%D0%BC%D0%B5%D1%82%D0%BA%D0%B8/", "notes.html")]
    (site / MATERIAL_INDEX).write_text(json.dumps(index), encoding="utf-8")

    index_site(site)

    english = {page.url for page in read_bundle(site / "pagefind")}
    russian = {page.url for page in read_bundle(site / "pagefind-ru")}
    assert len(russian) == 3 and russian <= english


def test_a_passage_page_outside_the_site_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match="outside the site"):
        search_index.write_pages_as_site(tmp_path / "site", {"/../../etc/": "<p>x</p>"})


def test_index_site_without_the_theme_index_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match=re.escape(str(tmp_path / MATERIAL_INDEX))):
        index_site(tmp_path)


def files_in(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def test_a_new_index_is_swapped_in_with_a_whole_bundle_in_place_at_every_moment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page that loads while the site is indexed again finds a whole bundle: the entry file
    it reads first and every file of the index that entry names, old or new."""
    site = built_site(tmp_path)
    index_site(site)
    bundle = site / "pagefind"
    first, first_entry = files_in(bundle), (bundle / ENTRY_FILE).read_text("utf-8")
    built_site(site, ops="Operations, queues and backpressure.")  # the site built again
    generations: dict[str, set[str]] = {first_entry: first}
    moments: list[str] = []
    real_replace = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        staged = site / STAGING / "pagefind"
        if len(generations) == 1 and (staged / ENTRY_FILE).is_file():  # the first move
            generations[(staged / ENTRY_FILE).read_text("utf-8")] = files_in(staged)
        real_replace(source, target)
        entry = (bundle / ENTRY_FILE).read_text("utf-8")
        needed = generations.get(entry, first)
        moments.append(f"{Path(target).name}: missing {sorted(needed - files_in(bundle))}")

    monkeypatch.setattr(search_index.os, "replace", replace)
    index_site(site)
    monkeypatch.undo()

    assert len(generations) == 2 and moments, moments
    assert [moment for moment in moments if not moment.endswith("missing []")] == []
    assert not (site / STAGING).exists()
    # The new index is the one read; the old one's files stay, listed, for pages that loaded it.
    ops = {page.url: page for page in read_bundle(bundle)}["/ops/"]
    assert "backpressure" in ops.content and "waiting" not in ops.content
    kept = set(json.loads((bundle / KEPT_FILE).read_text("utf-8")))
    assert kept and kept <= first and kept <= files_in(bundle)
    # One more index: the files of the first are gone, those of the second kept.
    built_site(site, ops="Operations, queues, backpressure and retries.")
    index_site(site)
    assert not kept & files_in(bundle)
    assert sorted(page.url for page in read_bundle(bundle)) == ["/", "/ops/"]  # no kept one


def test_a_partial_build_keeps_the_documents_of_the_pages_it_did_not_render() -> None:
    earlier = [{"location": "a/", "title": "A"}, {"location": "b/", "title": "B"},
               {"location": "b/#x", "title": "X"}, {"location": "c/", "title": "C"}]
    fresh = [{"location": "b/", "title": "B2"}]
    assert [doc["title"] for doc in with_earlier_docs(fresh, earlier)] == ["A", "B2", "C"]
    assert with_earlier_docs(fresh, []) == fresh


def test_pagefind_stopping_is_reported_and_the_bundles_in_place_stay(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind runs as its own command, which has written every file when it exits; when it
    fails, the build says what Pagefind said, and readers keep the bundles in place."""
    site = built_site(tmp_path / "site")
    index_site(site)
    entry = json.loads((site / "pagefind" / ENTRY_FILE).read_text("utf-8"))
    scripts = {path.parent.name: path.read_bytes() for path in site.glob("pagefind*/pagefind.js")}
    assert set(scripts) == {"pagefind", "pagefind-ru"}
    assert len(set(scripts.values())) == 1  # written whole, the same in every bundle
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: no space left' >&2\nexit 3\n", encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setattr(search_index, "get_executable", lambda: failing)
    with pytest.raises(SearchIndexError,
                       match=r"Pagefind stopped \(exit status 3\): Error: no space left"):
        index_site(site)
    assert json.loads((site / "pagefind" / ENTRY_FILE).read_text("utf-8")) == entry  # kept
    assert not (site / ".pagefind-next").exists()
