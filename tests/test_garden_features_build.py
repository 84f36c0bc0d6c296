"""The built garden carries backlinks, graph data, freshness, maturity, tags and diagrams."""

from __future__ import annotations

import json
import posixpath
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from garden.features.backlinks import collect_backlinks, page_edges
from garden.features.graph import neighbours
from garden.features.graph_layout import EXTENT, with_positions
from garden.features.search_index import read_bundle, sections
from garden.model.site import Garden, load_config
from garden.model.terms import GLOSSARY_PAGE, load_glossary
from garden.plugin.page_features import TOOLTIP_SCRIPT
from garden.tools.diagrams import DIAGRAMS_DIR, light_sources, stale_variants
from support.mkdocs_process import ROOT, run_mkdocs

pytestmark = pytest.mark.build


class Collector(HTMLParser):
    """Tags with their attributes and the text of elements of chosen classes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str], list[str]]] = []  # tag, attrs, open classes
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values, list(self.open)))
        if tag not in ("img", "br", "hr", "input", "meta", "link"):
            self.open.append(values.get("class", ""))

    def handle_endtag(self, tag: str) -> None:
        if self.open and tag not in ("img", "br", "hr", "input", "meta", "link"):
            self.open.pop()

    def inside(self, css_class: str) -> list[tuple[str, dict[str, str]]]:
        return [(tag, attrs) for tag, attrs, open_ in self.tags
                if any(css_class in c.split() for c in open_)]


def parse(path: Path) -> Collector:
    collector = Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def built_html(site: Path, url: str) -> Path:
    return site / url / "index.html" if url.endswith("/") or not url else site / url


@pytest.fixture(scope="module")
def garden() -> Garden:
    return Garden.load(load_config(ROOT / "mkdocs.yml"))


@pytest.fixture(scope="module")
def graph(built_site: Path) -> dict:
    return json.loads((built_site / "assets" / "graph.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def urls(graph: dict) -> dict[str, str]:
    return {node["id"]: node["url"] for node in graph["nodes"] if node["kind"] == "page"}


def test_graph_data_covers_every_page_and_term(garden: Garden, graph: dict) -> None:
    ids = {node["id"] for node in graph["nodes"]}
    assert {src for src in garden.pages} <= ids
    terms = load_glossary(ROOT).terms if GLOSSARY_PAGE in garden.pages else []
    assert {f"term:{term.id}" for term in terms} == {i for i in ids if i.startswith("term:")}
    for edge in graph["edges"]:
        assert edge["source"] in ids and edge["target"] in ids and edge["source"] != edge["target"]
    linked = {(e["source"], e["target"]) for e in graph["edges"] if e["kind"] == "link"}
    term_ids = {term.id for term in terms}
    for edge in page_edges(garden):
        term = edge.target == GLOSSARY_PAGE and edge.fragment in term_ids
        target = f"term:{edge.fragment}" if term else edge.target
        assert (edge.source, target) in linked, edge
    print(f"graph: {len(graph['nodes'])} nodes, {len(graph['edges'])} edges")


def test_graph_data_is_laid_out_and_each_page_has_its_neighbourhood(
        built_site: Path, graph: dict, urls: dict[str, str]) -> None:
    """The full map's positions come with the data; a page's neighbourhood graph reads its own
    small file (exactly its neighbours), and only pages that draw a graph load its scripts."""
    assert all(-EXTENT <= node["x"] <= EXTENT and -EXTENT <= node["y"] <= EXTENT
               for node in graph["nodes"])
    assert graph == with_positions({**graph, "nodes": [
        {k: v for k, v in node.items() if k not in ("x", "y")} for node in graph["nodes"]]})
    for src, url in urls.items():
        if src == "graph.md":
            continue
        html = parse(built_html(built_site, url))
        (local,) = [attrs for tag, attrs, _ in html.tags if attrs.get("data-garden-graph")]
        assert local["data-garden-graph"] == "local" and local["data-garden-node"] == src
        data = built_site / local["data-garden-neighbourhood"]
        part = json.loads(data.read_text(encoding="utf-8"))
        assert {n["id"] for n in part["nodes"]} == neighbours(graph, src) | {src}, src
        assert len(part["layout"]) == 2 * len(part["nodes"]), src  # laid out: drawn only
        assert garden_scripts(html) == ["graph.js", TOOLTIP_SCRIPT], src
    # The map draws from its own data; a page without a graph loads no graph script.
    assert garden_scripts(parse(built_site / "graph" / "index.html")) == ["graph.js",
                                                                          TOOLTIP_SCRIPT]
    assert garden_scripts(parse(built_site / "404.html")) == [TOOLTIP_SCRIPT]


def garden_scripts(html: Collector) -> list[str]:
    """The scripts of the garden's plugin a page loads."""
    return [attrs["src"].rsplit("assets/garden/", 1)[1] for tag, attrs, _ in html.tags
            if tag == "script" and "assets/garden/" in attrs.get("src", "")]


def test_every_page_ends_with_its_backlinks(garden: Garden, built_site: Path,
                                            urls: dict[str, str]) -> None:
    backlinks = collect_backlinks(garden)
    assert backlinks, "no page of the garden links to another"
    for src in garden.pages:
        page_url = urls[src]
        html = parse(built_html(built_site, page_url))
        items = [attrs["href"] for tag, attrs in html.inside("garden-backlinks__item")
                 if tag == "a"]
        expected = [b.source for b in backlinks.get(src, [])]
        resolved = [posixpath.normpath(posixpath.join(page_url, href)) + "/" for href in items]
        assert resolved == [posixpath.normpath(urls[s]) + "/" for s in expected], src
        # The section adds no anchors: the checker's model of the page stays the truth.
        assert not [attrs for _, attrs in html.inside("garden-backlinks") if "id" in attrs], src


def test_links_preview_their_pages_when_asked_and_the_theme_sets_up_none(
        garden: Garden, built_site: Path, urls: dict[str, str]) -> None:
    """`lazy_previews`: the links the theme's preview extension marks, and every "Linked
    from" link, carry the garden's mark (its tooltip script makes the preview when a reader
    points at one), none the theme's (which it would set up for every link as a page starts)."""
    marked = 0
    for src in garden.pages:
        html = parse(built_html(built_site, urls[src]))
        links = [attrs for tag, attrs, _ in html.tags if tag == "a"]
        assert not [attrs for attrs in links if "data-preview" in attrs], src
        assert all("data-garden-preview" in attrs
                   for tag, attrs in html.inside("garden-backlinks__item") if tag == "a"), src
        marked += sum("data-garden-preview" in attrs and not attrs["href"].startswith("#")
                      for attrs in links)
        assert TOOLTIP_SCRIPT in garden_scripts(html), src
    assert marked > len(garden.pages)  # content links too, not the backlinks alone


def test_backlinks_show_the_sentence_of_the_link(built_site: Path, garden: Garden,
                                                 urls: dict[str, str]) -> None:
    target, links = next(iter(sorted(collect_backlinks(garden).items())))
    text = built_html(built_site, urls[target]).read_text(encoding="utf-8")
    for link in links:
        shown = "".join(f"<code>{escape(piece.text)}</code>" if piece.code
                        else str(escape(piece.text)) for piece in link.context)
        assert shown and shown.replace("&#39;", "'") in text.replace("&#39;", "'")


def test_pages_show_maturity_and_freshness(garden: Garden, built_site: Path,
                                           urls: dict[str, str]) -> None:
    for src, page in garden.pages.items():
        html = parse(built_html(built_site, urls[src]))
        times = [attrs for tag, attrs in html.inside("garden-status") if tag == "time"]
        assert len(times) == 1 and times[0]["datetime"], src
        badges = [attrs for tag, attrs in html.inside("garden-status")
                  if "garden-badge" in attrs.get("class", "")]
        assert bool(badges) == (page.meta.get("maturity") in ("seedling", "budding",
                                                               "evergreen")), src


def test_home_lists_recent_and_maturity(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "garden:recent" not in home and "garden:maturity" not in home
    assert "Last updated" in home or "File modified" in home
    assert "<strong>Evergreen</strong>" in home or "<strong>Budding</strong>" in home


def test_every_page_is_tagged_and_tags_are_searchable(garden: Garden, built_site: Path) -> None:
    untagged = sorted(src for src, page in garden.pages.items() if not page.meta.get("tags"))
    assert not untagged, f"pages without tags: {untagged}"
    tags_page = (built_site / "tags" / "index.html").read_text(encoding="utf-8")
    # Search finds a tag as its section of the tags page, which lists the pages carrying it.
    indexed = {section.location for page in read_bundle(built_site / "pagefind")
               for section in sections(page)}
    for page in garden.pages.values():
        for tag in page.meta["tags"]:
            assert f"tags/#tag:{str(tag).lower()}" in indexed
            assert f'id="tag:{str(tag).lower()}"' in tags_page or str(tag) in tags_page


def test_diagrams_have_current_dark_variants_and_open_in_the_lightbox(
        garden: Garden, built_site: Path) -> None:
    directory = garden.config.docs_dir / DIAGRAMS_DIR
    assert len(light_sources(directory)) >= 4
    assert stale_variants(directory) == {}, "run `garden diagrams`"
    embedded = {}
    for html_file in built_site.rglob("*.html"):
        for tag, attrs, _ in parse(html_file).tags:
            if tag == "a" and "/diagrams/" in attrs.get("href", ""):
                embedded[attrs["href"].rsplit("/", 1)[1]] = attrs
    for source in light_sources(directory):
        light = embedded.get(f"{source.name}#only-light")
        dark = embedded.get(f"{source.stem}.dark.svg#only-dark")
        assert light and dark, f"{source.name} is not embedded in light and dark variants"
        assert "glightbox" in light["class"] and light["data-title"] == dark["data-title"]
        assert light["data-gallery"] == "light" and dark["data-gallery"] == "dark"


def time_text(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[text.index("garden-updated--file"):].split("</time>", 1)[0]


def test_without_git_history_dates_are_labelled_file_dates(scratch_project: Path) -> None:
    out = scratch_project / "site"
    result = run_mkdocs("build", "--site-dir", str(out), cwd=scratch_project)
    assert result.returncode == 0, result.stderr
    html = parse(out / "index.html")
    (time,) = [attrs for tag, attrs in html.inside("garden-status") if tag == "time"]
    assert "garden-updated--file" in time["class"]
    assert "File modified" in time_text(out / "index.html")
    assert "(no git history)" not in (out / "index.html").read_text(encoding="utf-8")
    assert result.stderr.count("no git history") == 1  # said once, at INFO, not per page
    assert (out / "assets" / "graph.json").is_file()
