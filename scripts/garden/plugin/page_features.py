"""The garden's features as the plugin runs them: each made once per configuration (in
`on_config`), and only when its option turns it on.

A feature changes what pages show through the steps of `PageFeature`, reading the build's
`BuildContext`; whatever a page shows of other pages' data it declares in `inputs`, so that a
dirty rebuild renders again every page the data changed on (garden.plugin.incremental). The
plugin runs every feature's steps in turn, with no test of an option of its own.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from garden.features.backlinks import collect_backlinks
from garden.features.freshness import (
    by_maturity,
    maturity,
    maturity_markdown,
    recent_markdown,
    recently_updated,
)
from garden.features.glossary_build import GlossaryBuild
from garden.features.graph import (
    GRAPH_FILE,
    GRAPH_SCRIPTS,
    build_graph,
    graph_parts,
    graph_scripts,
    neighbourhood_file,
    to_json,
)
from garden.features.graph_layout import LayoutCache, with_positions
from garden.features.link_previews import lazy_previews
from garden.features.linker import DEFINITION_ATTRIBUTE
from garden.model.options import GardenConfig
from garden.model.site import Garden
from garden.plugin.context import BuildContext, ServeSession
from garden.plugin.incremental import (
    SITE_INPUTS,
    CrossPageInput,
    each_key,
    every_page,
    pages_where,
)
from garden.plugin.theme import theme_sets_up_tooltips
from garden.text.directives import find_directives, replace_directives

log = logging.getLogger("mkdocs.plugins.garden")

ASSETS_URL = "assets/garden"  # where the package's assets land in the site
# Glossary links' definitions, where the theme would be slow, and previews of pages.
TOOLTIP_SCRIPT = "tooltips.js"
# The glossary page a site without one (docs/glossary.md, or its `glossary_page`) gets: its
# entries follow the heading.
GENERATED_GLOSSARY = "---\ntitle: Glossary\n---\n\n# Glossary\n"
LISTING_DIRECTIVES = ("recent", "maturity")
# What a page's template gets from a feature that is off.
PAGE_DEFAULTS: dict[str, Any] = {"garden_backlinks": [], "garden_graph_node": None,
                                  "garden_graph_data": None, "garden_graph_scripts": []}


class PageFeature:
    """A feature's steps in a build, each doing nothing unless the feature says otherwise."""

    # What its pages show of other pages; None: not declared (a feature that changes what a
    # page shows says what, even that it is nothing).
    inputs: tuple[CrossPageInput, ...] | None = None

    def configure(self, config: MkDocsConfig) -> None:
        """on_config: what the feature adds to the site's configuration."""

    def add_files(self, garden: Garden, files: Files, config: MkDocsConfig) -> None:
        """on_files, before the pages' URLs are read: the pages the feature makes."""

    def start(self, ctx: BuildContext, session: ServeSession | None) -> None:
        """on_files: what the feature computes from the build's garden."""

    def markdown(self, ctx: BuildContext, src: str, markdown: str) -> str:
        """on_page_markdown: the page's Markdown."""
        return markdown

    def content(self, ctx: BuildContext, src: str, html: str) -> str:
        """on_page_content, before other plugins read the HTML."""
        return html

    def env(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """on_env: every page's content is rendered, no page's template yet."""

    def page_context(self, ctx: BuildContext, src: str, meta: dict[str, Any]) -> dict[str, Any]:
        """on_page_context: what the page's template gets from the feature."""
        return {}

    def scripts(self) -> tuple[str, ...]:
        """Scripts of the package's assets its pages load themselves (for their policy)."""
        return ()


class Status(PageFeature):
    """Every page's maturity badge and date, and the home page's "recently updated" and
    pages-by-maturity lists (`<!-- garden:recent -->`, `<!-- garden:maturity -->`)."""

    def __init__(self, options: GardenConfig) -> None:
        self.stages = options.maturity
        self.recent = options.recent
        self.exclude = set(options.recent_exclude)
        self.inputs = (
            CrossPageInput("status", self._statuses, each_key),
            CrossPageInput("listings", self._listings, pages_where(listing_pages)),
        )

    def _statuses(self, ctx: BuildContext) -> dict[str, Any]:
        return {src: self.status(ctx, src, page.meta) for src, page in ctx.garden.pages.items()}

    def _listings(self, ctx: BuildContext) -> dict[str, Any]:
        return {"recent": recently_updated(ctx.freshness, self.exclude, self.recent),
                "maturity": by_maturity(ctx.garden, self.stages)}

    def markdown(self, ctx: BuildContext, src: str, markdown: str) -> str:
        if src not in ctx.garden.pages:
            return markdown
        garden, stages = ctx.garden, self.stages
        return replace_directives(markdown, "garden", {
            "recent": lambda: recent_markdown(garden, ctx.freshness, src, self.exclude,
                                              self.recent, stages),
            "maturity": lambda: maturity_markdown(garden, src, stages),
        })

    def page_context(self, ctx: BuildContext, src: str, meta: dict[str, Any]) -> dict[str, Any]:
        return {"garden_status": self.status(ctx, src, meta)}

    def status(self, ctx: BuildContext, src: str, meta: dict[str, Any]) -> dict[str, Any]:
        stage = maturity(meta, self.stages)
        fresh = ctx.freshness.get(src)
        return {
            "maturity": stage,
            "badge": self.stages.get(stage or ""),
            "date": fresh.date if fresh else None,
            "label": fresh.label if fresh else None,
            "source": fresh.source if fresh else None,
        }


def listing_pages(garden: Garden) -> set[str]:
    """The pages showing the home page's lists."""
    return {src for src, page in garden.pages.items()
            if any(d.name in LISTING_DIRECTIVES for d in find_directives(page.text, "garden"))}


class Backlinks(PageFeature):
    """"Linked from" under every page: the pages linking to it, with the linking sentence."""

    def __init__(self) -> None:
        self.inputs = (CrossPageInput("backlinks", lambda ctx: {
            target: tuple(links) for target, links in ctx.backlinks.items()}, each_key),)

    def start(self, ctx: BuildContext, session: ServeSession | None) -> None:
        if session is None:
            ctx.backlinks = collect_backlinks(ctx.garden)
            return
        ctx.backlinks = collect_backlinks(ctx.garden, session.paragraphs)
        session.paragraphs.next_build()

    def page_context(self, ctx: BuildContext, src: str, meta: dict[str, Any]) -> dict[str, Any]:
        return {"garden_backlinks": [
            {"title": link.title, "url": ctx.urls[link.source], "context": link.context}
            for link in ctx.backlinks.get(src, []) if link.source in ctx.urls]}


class Glossary(PageFeature):
    """Glossary terms linked in every page, and the glossary page's entries with the pages
    each term is used in."""

    TERMS = "terms"

    def __init__(self) -> None:
        self.definition_attribute = "title"  # where links carry definitions (configure)
        self.inputs = (
            CrossPageInput(self.TERMS, lambda ctx: {"": tuple(ctx.garden.glossary.terms)},
                           every_page),
            CrossPageInput("used_in", self._used_in,
                           pages_where(lambda garden: {garden.config.glossary_page})),
        )

    @staticmethod
    def _used_in(ctx: BuildContext) -> dict[str, tuple[str, ...]]:
        return {term: tuple(pages) for term, pages in glossary_of(ctx).used_in().items()}

    def configure(self, config: MkDocsConfig) -> None:
        if "attr_list" not in config.markdown_extensions:
            # The glossary page's entries carry their ids and classes as attribute lists.
            config.markdown_extensions.append("attr_list")
            log.info("garden: added the attr_list Markdown extension for the glossary page")
        if theme_sets_up_tooltips(config.theme.name, config.theme.get("features") or ()):
            self.definition_attribute = DEFINITION_ATTRIBUTE
            load_tooltip_script(config)

    def add_files(self, garden: Garden, files: Files, config: MkDocsConfig) -> None:
        """A glossary page for the entries when docs/ has none (as the tags plugin makes
        its listing): the entries and their anchors need a page to live on."""
        page = garden.config.glossary_page
        if not garden.glossary.terms or files.get_file_from_path(page) is not None:
            return
        files.append(File.generated(config, page, content=GENERATED_GLOSSARY))
        log.info(f"garden: no docs/{page}: the glossary's entries get a generated "
                 f"page (write docs/{page} to give it an introduction of your own)")

    def start(self, ctx: BuildContext, session: ServeSession | None) -> None:
        files = ctx.files
        glossary_page = files.get_file_from_path(ctx.garden.config.glossary_page)
        if glossary_page is not None:  # pages render in file order: the glossary last
            files.remove(glossary_page)
            files.append(glossary_page)
        pages = [file.src_uri for file in files.documentation_pages() if file.abs_src_path]
        reuse = session.reusable_plans(ctx.garden, self.TERMS) if session is not None else {}
        ctx.glossary = GlossaryBuild(ctx.garden, pages, ctx.urls, reuse=reuse,
                                     definition_attribute=self.definition_attribute)

    def markdown(self, ctx: BuildContext, src: str, markdown: str) -> str:
        return glossary_of(ctx).page_markdown(src, markdown)

    def content(self, ctx: BuildContext, src: str, html: str) -> str:
        return glossary_of(ctx).page_content(src, html)


def glossary_of(ctx: BuildContext) -> GlossaryBuild:
    """The build's glossary, which the glossary feature made in on_files."""
    assert ctx.glossary is not None, "the glossary feature starts in on_files"
    return ctx.glossary


class Graph(PageFeature):
    """The site's graph (assets/graph.json), each page's neighbourhood graph and the map."""

    def __init__(self, options: GardenConfig) -> None:
        self.stages = options.maturity
        self.graph_page = options.graph_page
        self.layouts = LayoutCache()  # the serve session's, while serving (start)
        # Each neighbourhood's layout by its shape: kept while serving only (start).
        self.neighbourhood_layouts: LayoutCache | None = None
        self.session: ServeSession | None = None  # while serving with --dirty (start)
        # A page shows its node when the site builds it (the nodes are drawn from graph.json).
        self.inputs = (CrossPageInput("graph_node", self._nodes_shown, each_key),)

    def _nodes_shown(self, ctx: BuildContext) -> dict[str, bool]:
        built = set(ctx.urls)
        return {src: self._shows_node(src, built) for src in ctx.garden.pages}

    def start(self, ctx: BuildContext, session: ServeSession | None) -> None:
        # The layout by the graph's shape, kept while serving: an edit that keeps the shape
        # lays nothing out again.
        self.layouts = session.graph_layouts if session is not None else LayoutCache()
        self.neighbourhood_layouts = (session.neighbourhood_layouts if session is not None
                                      else None)
        self.session = session if session is not None and session.dirty else None

    def scripts(self) -> tuple[str, ...]:
        return GRAPH_SCRIPTS

    def env(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """Every glossary plan is in now: the mention edges cost no wait."""
        glossary = ctx.glossary
        terms = ctx.garden.glossary.terms if glossary is not None else []
        used_in = glossary.used_in() if glossary is not None else {}
        graph = with_positions(build_graph(ctx.garden, ctx.urls, terms, used_in, self.stages),
                               self.layouts)
        ctx.graph_nodes = {node["id"] for node in graph["nodes"]}
        written = self.session.graph_parts if self.session is not None else {}
        # An edit that leaves the graph as it was (most do) leaves every neighbourhood too.
        parts = (written if written.get(GRAPH_FILE) == graph
                 else graph_parts(graph, self.neighbourhood_layouts))
        for path, part in parts.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(graph_file(path, part, written.get(path), config))
        if self.session is not None:
            self.session.graph_parts = parts

    def page_context(self, ctx: BuildContext, src: str, meta: dict[str, Any]) -> dict[str, Any]:
        """The page's node and neighbourhood file, and the graph's scripts where a graph is
        drawn (garden-local-graph.html adds them): its neighbourhood, or the map in its text."""
        shown = self._shows_node(src, ctx.graph_nodes)
        page = ctx.garden.pages.get(src)
        scripts = graph_scripts(shown, page.text if page is not None else None)
        return {"garden_graph_node": src if shown else None,
                "garden_graph_data": neighbourhood_file(src) if shown else None,
                "garden_graph_scripts": [f"{ASSETS_URL}/{name}" for name in scripts]}

    def _shows_node(self, src: str, nodes: set[str]) -> bool:
        return src in nodes and src != self.graph_page


class Previews(PageFeature):
    """Previews of pages in the theme's tooltip, made when a reader first points at a link
    (assets/tooltips.js, with Material, whose tooltip it is): the "Linked from" links', and, with
    `lazy_previews`, those of the links the theme's preview extension marks."""

    def __init__(self, options: GardenConfig) -> None:
        self.lazy = options.lazy_previews
        self.shown = False  # the theme has the tooltip (configure)
        self.inputs = ()  # a page's marks are its own links': nothing of other pages

    def configure(self, config: MkDocsConfig) -> None:
        self.shown = config.theme.name == "material"
        if self.shown:
            load_tooltip_script(config)

    def content(self, ctx: BuildContext, src: str, html: str) -> str:
        return lazy_previews(html) if self.shown and self.lazy else html


def load_tooltip_script(config: MkDocsConfig) -> None:
    """The garden's tooltip script on every page, once whichever features need it."""
    url = f"{ASSETS_URL}/{TOOLTIP_SCRIPT}"
    if url not in (str(script) for script in config.extra_javascript):
        config.extra_javascript.append(url)


def graph_file(path: str, part: Any, written: Any, config: MkDocsConfig) -> File:
    """The graph file at `path`, written into the site now, its output its source (which
    MkDocs does not copy): held as text until MkDocs copies it, the 10,000 neighbourhoods of a
    large garden would stay in memory through the build. While serving with --dirty, a file the
    last build `written` with the same data stays as it is (an edit changes a few of 10,000
    neighbourhoods; writing them all took seconds)."""
    output = os.path.join(config.site_dir, path)
    if written != part or not os.path.isfile(output):
        os.makedirs(os.path.dirname(output), exist_ok=True)
        with open(output, "w", encoding="utf-8") as file:
            file.write(to_json(part))
    return File.generated(config, path, abs_src_path=output)


def page_features(options: GardenConfig) -> tuple[PageFeature, ...]:
    """The features the options turn on, in the order each step runs them."""
    return (Status(options),
            *((Backlinks(),) if options.backlinks else ()),
            *((Previews(options),) if options.backlinks or options.lazy_previews else ()),
            *((Glossary(),) if options.glossary_links else ()),
            *((Graph(options),) if options.graph else ()))


def declared_inputs(features: tuple[PageFeature, ...]) -> tuple[CrossPageInput, ...]:
    """What the pages of a build are made from: the site's own inputs and every feature's."""
    return SITE_INPUTS + tuple(item for feature in features for item in feature.inputs or ())
