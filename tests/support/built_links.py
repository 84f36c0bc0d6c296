"""Crawl a built site's files: every internal href/src, sitemap entry and search location resolves.

The source checks (`garden check`) see Markdown; this sees what MkDocs and the theme wrote, so
it also catches links made by templates, hooks and the theme (assets, canonical URLs, the
search bundles, the sitemap). Internal means "under the site's own origin": relative URLs, and
absolute ones that start with `site_url`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

from garden.features.search_index import bundles, read_bundle, sections
from support.static_server import base_path

# Attributes that make the browser fetch or navigate to a URL.
URL_ATTRIBUTES = {"href", "src", "poster"}
SRCSET_ATTRIBUTES = {"srcset"}
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class BrokenLink:
    source: str  # site-relative file holding the link
    line: int
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.url}: {self.reason}"


@dataclass
class BuiltPage:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str]] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = BuiltPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            elif name in URL_ATTRIBUTES:
                self.page.links.append((line, value.strip()))
            elif name in SRCSET_ATTRIBUTES:
                for candidate in value.split(","):
                    if candidate.strip():
                        self.page.links.append((line, candidate.split()[0]))

    handle_startendtag = handle_starttag


def parse_page(html: str) -> BuiltPage:
    """The ids (anchor targets) of an HTML page and the URLs it refers to, with line numbers."""
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.page


def page_url(relative_file: str) -> str:
    """The site-relative URL a built file is served at (`a/index.html` -> `a/`)."""
    if relative_file == "index.html":
        return ""
    if relative_file.endswith("/index.html"):
        return relative_file[: -len("index.html")]
    return relative_file


class BuiltSite:
    """A built site on disk, published at `site_url`."""

    def __init__(self, directory: Path, site_url: str) -> None:
        self.directory = directory
        parts = urlsplit(site_url)
        self.base = base_path(site_url)
        self.root = f"{parts.scheme}://{parts.netloc}{self.base}"
        self._pages: dict[str, BuiltPage] = {}

    def html_files(self) -> list[str]:
        return sorted(p.relative_to(self.directory).as_posix()
                      for p in self.directory.rglob("*.html"))

    def page(self, relative_file: str) -> BuiltPage:
        if relative_file not in self._pages:
            text = (self.directory / relative_file).read_text(encoding="utf-8")
            self._pages[relative_file] = parse_page(text)
        return self._pages[relative_file]

    def target_file(self, url: str) -> str | None:
        """The site-relative file an absolute internal URL names, or None if outside the site."""
        path = unquote(urlsplit(url).path)
        if not path.startswith(self.base):
            return None
        relative = posixpath.normpath(path[len(self.base):]) if path != self.base else ""
        if relative in ("", "."):
            relative = ""
        if relative == ".." or relative.startswith("../"):
            return None
        if path.endswith("/") or (self.directory / relative).is_dir():
            relative = posixpath.join(relative, "index.html") if relative else "index.html"
        return relative

    def is_internal(self, url: str) -> bool:
        parts, root = urlsplit(url), urlsplit(self.root)
        return parts.scheme in ("http", "https") and parts.netloc == root.netloc

    def check(self, source: str, line: int, url: str, from_url: str) -> BrokenLink | None:
        """Why `url` (in `source`, served at `from_url`) does not resolve; None if it does."""
        absolute = urljoin(from_url, url)
        if not self.is_internal(absolute):
            return None
        target = self.target_file(absolute)
        if target is None:
            return BrokenLink(source, line, url, "points outside the site")
        if not (self.directory / target).is_file():
            return BrokenLink(source, line, url, f"no such file: {target}")
        fragment = unquote(urlsplit(absolute).fragment)
        if fragment and target.endswith(".html") and fragment not in self.page(target).ids:
            return BrokenLink(source, line, url, f"no id {fragment!r} in {target}")
        return None

    def page_links(self) -> Iterator[BrokenLink | None]:
        for relative in self.html_files():
            here = self.root + page_url(relative)
            for line, url in self.page(relative).links:
                yield self.check(relative, line, url, here)

    def sitemap_links(self) -> Iterator[BrokenLink | None]:
        sitemap = self.directory / "sitemap.xml"
        if sitemap.is_file():
            for element in ElementTree.parse(sitemap).iter(f"{SITEMAP_NS}loc"):
                yield self.check("sitemap.xml", 0, (element.text or "").strip(), self.root)

    def search_links(self) -> Iterator[BrokenLink | None]:
        """Every page and section the search bundles lead to."""
        for bundle in bundles(self.directory):
            for page in read_bundle(bundle):
                for section in sections(page):
                    yield self.check(f"{bundle.name}/", 0, section.location, self.root)


def broken_links(directory: Path, site_url: str) -> list[BrokenLink]:
    """Every internal link of the built site in `directory` that does not resolve."""
    site = BuiltSite(directory, site_url)
    found: Iterable[BrokenLink | None] = (
        *site.page_links(), *site.sitemap_links(), *site.search_links()
    )
    return [link for link in found if link is not None]
