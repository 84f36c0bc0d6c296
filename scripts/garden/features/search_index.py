"""The garden's search index: Pagefind bundles written over a built site.

Material's search plugin still writes `search/search_index.json` (its header search box and
dialog only exist with the plugin on), but a browser would download all of it on every page. After
the build, `index_site(site_dir)` reads that file once, hands the built pages to Pagefind (one
bundle per language, loaded piecemeal by the browser), and leaves in the file only the small
`config` the theme needs to highlight `?h=` terms on a page, plus the bundles' locations for the
search worker (the plugin's assets/workers/garden-search.js).

A rebuild never leaves a page without search: the bundles are written beside the ones in place
(`STAGING`) and moved in file by file, each bundle's `pagefind-entry.json`, which names the
others, last (`swap_in`); the files of the index before stay until the next one, so a page that
loaded it while the new one was written still finds what it asks for. While `mkdocs serve
--dirty` renders some pages only, the theme's index holds those only: the plugin hands over the
documents of the others from the build before (`prepare_index`).

A bundle of many pages is written in parts (`PART_PAGES` pages each, in the order of their
paths): Pagefind holds a whole index in memory while it writes it, about 0.15 MB a page, and
each part is written by a Pagefind process of its own, one after the other. The browser merges
the parts into the bundle's search (Pagefind's `mergeIndex`, one WebAssembly for all), so a
query fetches about what it would from one index.

Pagefind gives each page one language, the `<html lang>` of the page: the garden's pages are
English, with the author's Russian passages inside them. The pages are indexed as English; each
section holding Russian sentences is also indexed, those sentences only, as a Russian page at the
same URL and anchor in a second bundle, so that both stemmers apply. The worker searches both
and merges the results by page.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pagefind.service import get_executable

from garden.text.plain import html_text

MATERIAL_INDEX = "search/search_index.json"
SITE_BUNDLE = "pagefind"
STAGING = ".pagefind-next"  # where a build's bundles are written before they are swapped in
ENTRY_FILE = "pagefind-entry.json"  # what pagefind.js reads first: it names the other files
KEPT_FILE = "garden-kept.json"  # in a bundle: the files of the index before, kept for a while
# Pages per Pagefind index: its writer's memory grows with the pages it holds (0.15 MB a page,
# 0.5 GB for a third of 10,000 pages, beside what the build's own process still holds, 0.5 GB
# once it has let go of the pages), and a query fetches a chunk of the word index from every
# part, words on few pages too. At 10,000 pages, three parts keep the build within 1 GB, and a
# common word's first search fetches 321 kB, a rare word's 245 kB (411 and 418 kB in parts of
# 1,750): a site chooses (`search_part_pages`).
PART_PAGES = 4000
# Extra languages, each with the letters (a regular expression for Python and JavaScript alike)
# that mark its sentences inside an English page, and its words in a query.
PASSAGE_LANGUAGES = {"ru": "[А-Яа-яЁё]"}
LETTERS = {language: re.compile(letters) for language, letters in PASSAGE_LANGUAGES.items()}
# What a reader searches is the article; not the theme's chrome, nor what the garden adds
# around it (status line, backlinks, neighbourhood graph), which names other pages.
CONTENT_ROOT = "article.md-content__inner"
NOT_CONTENT = (".headerlink", ".md-content__button", ".garden-status", ".garden-backlinks",
               ".garden-local", ".md-source-file", ".tabbed-labels")
# A sentence ends at . ! ? or : followed by a space, or at the end of a block element.
SENTENCE_END_RE = re.compile(r"(?<=[.!?:])\s+|</(?:p|li|h\d|td|th|dd|dt|blockquote)>")
# Content tabs' labels: theme chrome, not text (Pagefind leaves them out by NOT_CONTENT). In the
# theme's index they would run into the passage after them ("Русский (оригинал)English
# summary"), so the page's HTML marks them for the theme's search to leave out as well.
TAB_LABELS_RE = re.compile(r'<div class="tabbed-labels(?=[ "])')
# A fragment is gzip-compressed JSON after a short signature.
FRAGMENT_PREFIX_RE = re.compile(rb"^[^{]*")
HEADING_RE = re.compile(r"h[1-6]")


class SearchIndexError(Exception):
    """The built site has no search index of the theme's to start from, or Pagefind failed."""


@dataclass(frozen=True)
class Passage:
    """The sentences of one section written in another language than the page's."""

    url: str  # site-root path of the page, `/web/http/`
    anchor: str  # the section's id, "" for the top of the page
    page_title: str
    section_title: str
    sentences: tuple[str, ...]
    weight: float | None = None  # the page's `search: {boost: N}`, if it sets one


def without_tab_labels(page_html: str) -> str:
    """A page's HTML with its content tabs' labels marked `data-search-exclude` (Material's
    attribute), so the theme's search index holds only the tabs' text."""
    return TAB_LABELS_RE.sub(r'<div data-search-exclude class="tabbed-labels', page_html)


def bundle_dir(language: str, part: int = 1) -> str:
    """The site-relative folder of a language's bundle (`pagefind`, `pagefind-ru`), or of a
    further part of it (`pagefind-part2`)."""
    folder = SITE_BUNDLE if language == "" else f"{SITE_BUNDLE}-{language}"
    return folder if part == 1 else f"{folder}-part{part}"


def in_parts(items: Sequence[str], most: int) -> list[Sequence[str]]:
    """`items` in their order, cut into as few parts of near-equal size as hold at most `most`
    each (one part, maybe empty, for few)."""
    count = max(1, -(-len(items) // most))
    size = max(1, -(-len(items) // count))
    return [items[start:start + size] for start in range(0, len(items), size)] or [items]


def language_sentences(markup: str) -> dict[str, tuple[str, ...]]:
    """The sentences of `markup` (HTML) in each passage language: those holding its letters.
    Most documents hold none of them, and are not read sentence by sentence (an entity, `&#1071;`
    or `&YAcy;`, may write a letter: those are)."""
    if "&" not in markup and not any(letters.search(markup) for letters in LETTERS.values()):
        return dict.fromkeys(LETTERS, ())
    sentences = [html_text(part) for part in SENTENCE_END_RE.split(markup)]
    return {language: tuple(sentence for sentence in sentences if letters.search(sentence))
            for language, letters in LETTERS.items()}


def passages(docs: Iterable[dict], language: str,
             sentences: Callable[[str], Mapping[str, tuple[str, ...]]] = language_sentences
             ) -> list[Passage]:
    """Sections of Material's search documents with sentences in `language`; `sentences`
    reads a document's (`language_sentences`, kept between builds while serving)."""
    docs = list(docs)
    page_titles = {doc["location"]: html_text(doc["title"])
                   for doc in docs if "#" not in doc["location"]}
    # Material gives a page's `search: {boost: N}` to its documents as "boost".
    boosts = {doc["location"].partition("#")[0]: min(float(doc["boost"]), 10.0)
              for doc in docs if isinstance(doc.get("boost"), int | float)}
    found = []
    for doc in docs:
        page, _, anchor = doc["location"].partition("#")
        held = sentences(doc.get("text", ""))[language]
        if held:
            title = html_text(doc["title"])
            found.append(Passage(url=f"/{page}", anchor=anchor,
                                 page_title=page_titles.get(page, title),
                                 section_title=title, sentences=held,
                                 weight=boosts.get(page)))
    return found


def passage_pages(found: Iterable[Passage], language: str) -> dict[str, str]:
    """One HTML page per page URL holding its passages under their headings, for Pagefind."""
    sections: dict[str, list[Passage]] = {}
    for passage in found:
        sections.setdefault(passage.url, []).append(passage)
    pages = {}
    for url, held in sections.items():
        body = [f"<h1>{html.escape(held[0].page_title)}</h1>"]
        for passage in held:
            if passage.anchor:
                body.append(f'<h2 id="{html.escape(passage.anchor)}">'
                            f"{html.escape(passage.section_title)}</h2>")
            body.extend(f"<p>{html.escape(sentence)}</p>" for sentence in passage.sentences)
        weight = held[0].weight
        content = "".join(body)
        if weight is not None:  # as the page itself is weighted in the site's bundle
            content = f'<div data-pagefind-weight="{weight}">{content}</div>'
        pages[url] = (f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
                      f"<title>{html.escape(held[0].page_title)}</title></head>"
                      f"<body>{content}</body></html>")
    return pages


def _index_folder(folder: Path, output: Path, site: bool) -> None:
    """One Pagefind index of the HTML pages under `folder`, written to `output` by Pagefind's
    command; `site`: built pages, of which the article only is read.

    The command, not Pagefind's Python service: the service answers that the files are written
    while its last writes are still on their way to the disk, and is stopped then, which cut
    them short (seen in builds of 10,000 pages: an empty `pagefind-entry.json`, a `pagefind.js`
    cut at 32 kB, and search failing for every reader). The command finishes its writes before
    it exits. It runs in the folder that receives the bundles, where no configuration file of
    Pagefind's is found that is not the garden's."""
    executable = get_executable()
    if executable is None:
        raise SearchIndexError("Pagefind's executable is not installed (the pagefind_bin package)")
    command = [str(executable), "--site", str(folder), "--output-path", str(output), "--quiet"]
    if site:
        command += ["--root-selector", CONTENT_ROOT]
        for selector in NOT_CONTENT:
            command += ["--exclude-selectors", selector]
    shutil.rmtree(output, ignore_errors=True)
    result = subprocess.run(command, cwd=output.parent, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        said = " ".join((result.stderr or result.stdout).split())
        raise SearchIndexError(f"{folder}: Pagefind stopped (exit status {result.returncode}): "
                               f"{said}")


def link_pages(site_dir: Path, paths: Iterable[str], root: Path) -> None:
    """The built pages at `paths` (relative to `site_dir`) at the same paths under `root`,
    as hard links where the file system allows them."""
    for path in paths:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / path, target)
        except OSError:
            shutil.copyfile(site_dir / path, target)


def _write_bundles(prepared: PreparedIndex, staging: Path) -> None:
    """Each part of each bundle, one Pagefind process at a time."""
    site_dir = prepared.site_dir
    site_parts = prepared.parts[""]
    if len(site_parts) == 1:
        _index_folder(site_dir, staging / SITE_BUNDLE, site=True)
    else:
        for number, paths in enumerate(site_parts, start=1):
            # Inside the site, on its file system: the pages are hard links, not copies.
            with tempfile.TemporaryDirectory(dir=staging) as folder:
                link_pages(site_dir, paths, Path(folder))
                _index_folder(Path(folder), staging / bundle_dir("", number), site=True)
    for language, pages in prepared.extra.items():
        for number, urls in enumerate(prepared.parts[language], start=1):
            with tempfile.TemporaryDirectory() as folder:
                write_pages_as_site(Path(folder), {url: pages[url] for url in urls})
                _index_folder(Path(folder), staging / bundle_dir(language, number),
                              site=False)


def write_pages_as_site(root: Path, pages: dict[str, str]) -> None:
    """Each page at the file its site URL is served from, under `root`.

    One directory is one run of Pagefind's command, and the passages' URLs are then made as
    the site bundle's are, from the same file paths."""
    for url, page in pages.items():
        relative = unquote(url.lstrip("/"))
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        path = (root / relative).resolve()
        if not path.is_relative_to(root.resolve()):
            raise SearchIndexError(f"{url}: a page URL outside the site")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")


@dataclass(frozen=True)
class PreparedIndex:
    """A built site whose theme index is trimmed, with what its bundles are written from."""

    site_dir: Path
    docs: tuple[dict, ...]  # the theme's search documents of every page
    extra: dict[str, dict[str, str]]  # language -> passage pages by URL
    # language ("" the site's) -> the pages of each part of its bundle: built pages' paths
    # relative to the site, passage pages' URLs
    parts: dict[str, list[Sequence[str]]]
    folders: tuple[str, ...]  # the bundles' site-relative folders, the site's language first


def _by_page(docs: Iterable[dict]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for doc in docs:
        found.setdefault(str(doc["location"]).partition("#")[0], []).append(doc)
    return found


def with_earlier_docs(docs: Iterable[dict], earlier: Iterable[dict]) -> list[dict]:
    """The theme's documents of a build that rendered some pages only, completed with the
    `earlier` documents of the pages it did not render, in the earlier order (a full
    build's)."""
    fresh = _by_page(docs)
    merged = [doc for page, held in _by_page(earlier).items()
              for doc in fresh.pop(page, held)]
    return merged + [doc for held in fresh.values() for doc in held]


def built_pages(site_dir: Path) -> list[str]:
    """The HTML files of a built site, relative to it, in the order of their paths (walked
    with os.walk: Path.rglob took 1.2 s of a serve rebuild at 10,000 pages, os.walk 0.3 s)."""
    found = []
    for folder, subfolders, names in os.walk(site_dir):
        here = Path(folder).relative_to(site_dir).as_posix()
        if here == ".":
            subfolders[:] = [name for name in subfolders if name != STAGING]
        prefix = "" if here == "." else here + "/"
        found += [prefix + name for name in names if name.endswith(".html")]
    return sorted(found)


def _bundle_entry(language: str, parts: Sequence[Sequence[str]]) -> dict[str, Any]:
    """A bundle as the search worker reads it from the theme's index configuration."""
    entry: dict[str, Any] = {"folder": f"{bundle_dir(language)}/"}
    if language:
        entry.update(lang=language, letters=PASSAGE_LANGUAGES[language])
    if len(parts) > 1:
        entry["parts"] = [f"{bundle_dir(language, number)}/"
                          for number in range(2, len(parts) + 1)]
    return entry


def prepare_index(site_dir: Path, earlier_docs: Iterable[dict] = (),
                  sentences: Callable[[str], Mapping[str, tuple[str, ...]]] = language_sentences,
                  part_pages: int | None = None) -> PreparedIndex:
    """Read the theme's index of the built site (completed with `earlier_docs`, see
    `with_earlier_docs`), find the passages each bundle needs (`sentences` reads a
    document's, see `passages`), cut each bundle into parts of at most `part_pages` pages
    (`PART_PAGES` when None), and trim the index to its configuration and the bundles'
    folders. Quick: the bundles are written by `write_bundles`."""
    material_index = site_dir / MATERIAL_INDEX
    try:
        index = json.loads(material_index.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"{material_index}: no search index of the theme's to read: "
                               f"{error}") from error
    docs = with_earlier_docs(index.get("docs", []), earlier_docs)
    extra = {}
    for language in PASSAGE_LANGUAGES:
        found = passages(docs, language, sentences)
        if found:
            extra[language] = passage_pages(found, language)
    part_pages = part_pages or PART_PAGES
    parts = {"": in_parts(built_pages(site_dir), part_pages),
             **{language: in_parts(sorted(pages), part_pages)
                for language, pages in extra.items()}}
    written = [_bundle_entry(language, held) for language, held in parts.items()]
    trimmed = {"config": {**index.get("config", {}), "pagefind": written}, "docs": []}
    material_index.write_text(json.dumps(trimmed, ensure_ascii=False), encoding="utf-8")
    folders = [folder for bundle in written
               for folder in (bundle["folder"], *bundle.get("parts", ()))]
    return PreparedIndex(site_dir, tuple(docs), extra, parts, tuple(folders))


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def kept_files(bundle: Path) -> set[str]:
    """The files of the index before the current one that a bundle still holds."""
    try:
        return set(json.loads((bundle / KEPT_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return set()


def swap_in(staged: Path, live: Path) -> None:
    """Put the bundle written at `staged` in place of `live` with no moment without a whole
    bundle there: a new folder is renamed into place; else the new files move in beside the old
    ones (Pagefind names its index files by their content, so they do not clash), each by an
    atomic rename and `pagefind-entry.json`, which names the others, last. The old files stay,
    listed in `KEPT_FILE`, until the next swap; the ones kept before are removed."""
    if not live.is_dir():
        staged.rename(live)
        return
    new = _files(staged)
    superseded = kept_files(live)
    current = _files(live) - superseded - {KEPT_FILE}
    for name in sorted(new - {ENTRY_FILE}) + [ENTRY_FILE]:
        (live / name).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged / name, live / name)
    for name in superseded - new:
        (live / name).unlink(missing_ok=True)
    listing = live / f"{KEPT_FILE}.next"
    listing.write_text(json.dumps(sorted(current - new)), encoding="utf-8")
    os.replace(listing, live / KEPT_FILE)
    shutil.rmtree(staged)


def write_bundles(prepared: PreparedIndex) -> list[str]:
    """Write the Pagefind bundles of a prepared site beside those in place and swap them in;
    remove bundles of languages the site no longer has. Returns the bundles' folders."""
    site_dir = prepared.site_dir
    staging = site_dir / STAGING
    shutil.rmtree(staging, ignore_errors=True)  # what a failed indexing left
    staging.mkdir()
    try:
        _write_bundles(prepared, staging)
    except (SearchIndexError, OSError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise SearchIndexError(f"{site_dir}: Pagefind could not index the site: {error}") \
            from error
    for folder in prepared.folders:
        swap_in(staging / folder, site_dir / folder)
    staging.rmdir()
    for old in site_dir.glob(f"{SITE_BUNDLE}-*"):  # a language or part no longer needed
        if old.is_dir() and f"{old.name}/" not in prepared.folders:
            shutil.rmtree(old)
    return list(prepared.folders)


def index_site(site_dir: Path, part_pages: int = PART_PAGES) -> list[str]:
    """Write the Pagefind bundles of the built site at `site_dir` and trim the theme's index to
    its configuration; return the bundles' site-relative folders (each bundle's parts after
    it), the site's language first."""
    return write_bundles(prepare_index(site_dir, part_pages=part_pages))


@dataclass(frozen=True)
class IndexedPage:
    """One page as a Pagefind bundle holds it (for tests, link checks and reports)."""

    url: str  # site-root path, `/web/http/`
    title: str
    content: str
    headings: tuple[tuple[str, str, int], ...]  # (id, text, position of its first word)


@dataclass(frozen=True)
class IndexedSection:
    """A part of an indexed page: its top, or a heading and the words up to the next one."""

    location: str  # site-relative, `web/http/` or `web/http/#http3`
    title: str
    text: str


def bundles(site_dir: Path) -> list[Path]:
    """The Pagefind bundles written into a built site, the site's language first."""
    found = [site_dir / SITE_BUNDLE, *sorted(site_dir.glob(f"{SITE_BUNDLE}-*"))]
    return [bundle for bundle in found if (bundle / ENTRY_FILE).is_file()]


def read_bundle(bundle: Path) -> list[IndexedPage]:
    """The pages in a written Pagefind bundle, read from its gzip-compressed fragments."""
    pages = []
    kept = kept_files(bundle)
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        if fragment.relative_to(bundle).as_posix() in kept:
            continue
        raw = FRAGMENT_PREFIX_RE.sub(b"", gzip.decompress(fragment.read_bytes()), count=1)
        data = json.loads(raw)
        headings = tuple((anchor["id"], anchor["text"], anchor["location"])
                         for anchor in data.get("anchors", [])
                         if HEADING_RE.fullmatch(anchor.get("element", "")) and anchor.get("id"))
        pages.append(IndexedPage(url=data["url"], title=data["meta"].get("title", ""),
                                 content=data["content"], headings=headings))
    return pages


def sections(page: IndexedPage) -> list[IndexedSection]:
    """The page's sections as search results show them (Pagefind counts words by spaces); the
    heading that names the page belongs to the page's top, as in the search dialog."""
    words = page.content.split()
    location = page.url.lstrip("/")
    starts = [("", page.title, 0), *(heading for heading in page.headings
                                     if heading[1] != page.title)]
    found = []
    for number, (anchor, title, start) in enumerate(starts):
        end = starts[number + 1][2] if number + 1 < len(starts) else len(words)
        found.append(IndexedSection(location=f"{location}#{anchor}" if anchor else location,
                                    title=title, text=" ".join(words[start:end])))
    return found
