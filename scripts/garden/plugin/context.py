"""The plugin's state, by lifetime: one build (`BuildContext`) and one `mkdocs serve`
(`ServeSession`). What lives as long as the configuration (the options, the features they turn
on) is the plugin's own, made in `on_config`.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from garden.features.backlinks import Backlink, Paragraphs, kept_paragraphs
from garden.features.freshness import Freshness
from garden.features.glossary_build import GlossaryBuild, PlannedPage
from garden.features.graph_layout import LayoutCache
from garden.features.kept import KeptResults
from garden.model.site import Garden, PageCache
from garden.model.site import Page as GardenPage
from garden.plugin.incremental import (
    BuildState,
    CrossPageInput,
    DirtyBuildIsAccurate,
    MemoryBytecodeCache,
    RenderedPage,
    build_state,
    forget_outputs,
    keep_tag_links,
    rendered_page,
    restore_unread,
    stale_pages,
)
from garden.plugin.theme import TemplateFit
from garden.safety.csp import Source

if TYPE_CHECKING:  # imported where the index is written: it imports Pagefind
    from garden.features.search_index import PreparedIndex

log = logging.getLogger("mkdocs.plugins.garden")


def page_urls(files: Files) -> dict[str, str]:
    """Site-root-relative URL of every documentation page, by its docs-relative source path."""
    return {file.src_uri: file.url for file in files.documentation_pages()}


@dataclass
class BuildContext:
    """One build, from its files on (made in `on_files`): the garden and what the features
    computed from it, then what MkDocs hands over later (the nav, the template environment)."""

    garden: Garden
    files: Files
    urls: dict[str, str]  # each page's site URL, by source path
    freshness: dict[str, Freshness]
    backlinks: dict[str, list[Backlink]] = field(default_factory=dict)
    glossary: GlossaryBuild | None = None  # made by the glossary feature: None when it is off
    graph_nodes: set[str] = field(default_factory=set)
    partial: bool = False  # this dirty build renders some pages only
    fit: TemplateFit = field(default_factory=lambda: TemplateFit(pagefind=False,
                                                                 inject_blocks=False))
    nav: Any = None  # from on_nav on
    env: Any = None  # from on_env on
    # The safety feature's: the site's script files its scripts load themselves, what each
    # page's content loads, what the theme renders for a neutral page by (template, base_url),
    # and the hosts the strict profile's warning named.
    loaded_scripts: list[str] = field(default_factory=list)
    content_hosts: dict[str, list[Source]] = field(default_factory=dict)
    neutral: dict[tuple[str, str], str] = field(default_factory=dict)
    left_out: set[str] = field(default_factory=set)

    def finish(self) -> None:
        """Stop the glossary's planning worker, if one is still running."""
        if self.glossary is not None:
            self.glossary.finish()


@dataclass
class IdleCollection:
    """While serving, what a build leaves alive (the session's thousands of page scans, the
    build's pages) is set aside from Python's cycle collector once the server is idle, so the
    collections during the next build walk only what that build makes: at 10,000 pages, two
    full collections were 4 s of a 14 s rebuild. What was set aside is put back and collected
    first, so a build's leftovers are freed one build later, never kept."""

    delay: float = 3.0  # seconds after a build: its check, the reload, the page's requests
    timer: threading.Timer | None = None

    def after_build(self) -> None:
        self.cancel()
        self.timer = threading.Timer(self.delay, self.collect)
        self.timer.daemon = True
        self.timer.start()

    def cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    @staticmethod
    def collect() -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def stop(self) -> None:
        self.cancel()
        gc.unfreeze()


@dataclass
class ServeSession:
    """What one `mkdocs serve` keeps between its builds (the plugin is persistent there)."""

    dirty: bool
    # With --dirty, the search index is written after the build returns, so an edit reaches
    # the browser without waiting for it, nor for the indexing of an earlier build: one
    # indexing at a time, of the latest build's pages (builds made meanwhile are skipped).
    indexer: ThreadPoolExecutor | None = None
    indexing: Future[Any] | None = None
    waiting: PreparedIndex | None = None  # the latest build's, not being written yet
    index_lock: threading.Lock = field(default_factory=threading.Lock)
    page_cache: PageCache = field(default_factory=PageCache)
    templates: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    previous: BuildState | None = None  # what the last build rendered its pages from
    previous_plans: dict[str, PlannedPage] = field(default_factory=dict)
    rendered: dict[str, RenderedPage] = field(default_factory=dict)  # what each page showed
    search_docs: tuple[dict, ...] = ()  # the theme's search documents, every page's
    good_pages: dict[str, str] = field(default_factory=dict)  # page texts of the last good build
    graph_layouts: LayoutCache = field(default_factory=LayoutCache)  # by the graph's shape
    # each page's neighbourhood's, by its shape
    neighbourhood_layouts: LayoutCache = field(default_factory=LayoutCache)
    paragraphs: KeptResults[GardenPage, Paragraphs] = field(default_factory=kept_paragraphs)
    # The search documents' sentences in each passage language (once the site is indexed).
    passage_sentences: KeptResults[str, dict[str, tuple[str, ...]]] | None = None
    graph_parts: dict[str, Any] = field(default_factory=dict)  # the graph files' data, by path
    collection: IdleCollection = field(default_factory=IdleCollection)

    @classmethod
    def start(cls, dirty: bool) -> ServeSession:
        if not dirty:
            return cls(dirty)
        logging.getLogger("mkdocs.commands.build").addFilter(DirtyBuildIsAccurate())
        return cls(dirty, ThreadPoolExecutor(max_workers=1, thread_name_prefix="garden-index"))

    def index_later(self, prepared: PreparedIndex,
                    write: Callable[[PreparedIndex], object]) -> None:
        """Have `write(prepared)` run after the indexing under way, if any, in its place if
        a later build asks first."""
        with self.index_lock:
            self.waiting = prepared
            if self.indexing is None:
                self.indexing = self.indexer.submit(self._write_latest, write)

    def _write_latest(self, write: Callable[[PreparedIndex], object]) -> None:
        while True:
            with self.index_lock:
                prepared, self.waiting = self.waiting, None
                if prepared is None:
                    self.indexing = None
                    return
            try:
                write(prepared)
            except Exception as error:  # noqa: BLE001 - a dev server goes on without search
                log.warning(f"garden: the search index of a build failed: {error}")

    def wait_for_index(self) -> None:
        """The search index of the builds so far, written (their problems logged)."""
        while (indexing := self.indexing) is not None:
            indexing.result()

    def shutdown(self) -> None:
        self.collection.stop()
        self.wait_for_index()
        if self.indexer is not None:
            self.indexer.shutdown()

    def reusable_plans(self, garden: Garden, terms_input: str) -> dict[str, PlannedPage]:
        """Glossary plans of the last build for pages whose text and terms are the same."""
        old = self.previous
        if old is None or old.values.get(terms_input) != {"": tuple(garden.glossary.terms)}:
            return {}
        texts = old["texts"]
        return {src: plan for src, plan in self.previous_plans.items()
                if src in garden.pages and texts.get(src) == garden.pages[src].text}

    def forget_stale(self, ctx: BuildContext, inputs: Sequence[CrossPageInput]) -> None:
        """With --dirty, after a build: remove the outputs of the pages this build shows
        differently, so MkDocs renders them again."""
        if not self.dirty or self.previous is None:
            return
        stale = stale_pages(inputs, self.previous, ctx)
        count = forget_outputs(ctx.files, stale, self.rendered)
        ctx.partial = count < len(ctx.files.documentation_pages())
        log.info(f"garden: rendering {count} page(s) again")

    def before_templates(self, env: Any, files: Files) -> None:
        env.bytecode_cache = self.templates
        restore_unread(files, self.rendered)  # before any page shows them in its nav

    def page_rendered(self, ctx: BuildContext, page: Page, context: dict,
                      tags_variable: str) -> None:
        src = page.file.src_uri
        if ctx.partial:
            keep_tag_links(context, self.rendered.get(src), tags_variable)
        self.rendered[src] = rendered_page(page, context, tags_variable)

    def built(self, ctx: BuildContext, inputs: Sequence[CrossPageInput]) -> None:
        """Remember what this build rendered its pages from, for the next one to compare."""
        self.previous = build_state(inputs, ctx)
        self.previous_plans = ctx.glossary.plans() if ctx.glossary is not None else {}
        self.collection.after_build()

    def remember_good_build(self, ctx: BuildContext) -> None:
        self.good_pages = {src: page.text for src, page in ctx.garden.pages.items()}
