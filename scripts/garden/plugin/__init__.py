"""The garden as one MkDocs plugin: glossary links, backlinks, freshness and the graph.

    plugins:
      - search
      - garden

One `Garden` is built per build from the `Files` and configuration MkDocs hands over, in the
build's `BuildContext` (garden.plugin.context), and every feature reads it; the plugin only says
when each step runs. The features the options turn on are made once, in on_config
(garden.plugin.page_features, garden.plugin.page_safety); each declares what its pages show of
other pages, which is what `mkdocs serve --dirty` compares between builds
(garden.plugin.incremental). Its templates and assets ship with
the package: the plugin puts its template folder between the site's `custom_dir` (which still
wins) and the theme, and adds its stylesheets and script to the site. Problems are logged
through `mkdocs.plugins.garden`, so `mkdocs build --strict` fails on them.

The MkDocs adapter (this package: the plugin, incremental rebuilds, serve, the theme's templates
and assets) may import text, model, safety, the build features and the checker.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from garden.check.codes import VALIDATED_BY
from garden.features.freshness import page_freshness
from garden.features.glossary import glossary_problems
from garden.features.kept import KeptResults
from garden.model.obsidian import AMBIGUOUS, UNWRITTEN
from garden.model.options import GardenConfig
from garden.model.site import Garden, config_from_mkdocs, with_inline_tags
from garden.plugin.built import BuildObservation
from garden.plugin.context import BuildContext, ServeSession, page_urls
from garden.plugin.incremental import SITE_INPUTS, CrossPageInput
from garden.plugin.memory import release_memory, release_rendered_pages, runs_last
from garden.plugin.page_features import (
    ASSETS_URL,
    PAGE_DEFAULTS,
    PageFeature,
    declared_inputs,
    page_features,
)
from garden.plugin.page_safety import NoSafety, safety_of
from garden.plugin.theme import template_fit, with_blocks
from garden.text.diagnostics import Severity

log = logging.getLogger("mkdocs.plugins.garden")

PACKAGE_DIR = Path(__file__).parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ASSETS_DIR = PACKAGE_DIR / "assets"
STYLESHEETS = ("garden.css", "glossary.css")
SEARCH_WORKER = "workers/garden-search.js"  # named in the theme's config by main.html
OVERLAY_SCRIPT = "serve-overlay.js"  # only while serving: see garden.plugin.serve


class GardenPlugin(BasePlugin[GardenConfig]):
    """The steps of one build, in MkDocs' event order; the work is in the garden package.

    Its state, by lifetime: the features the options turn on (made in on_config), the
    `ServeSession` of a `mkdocs serve` (None in a build) and the `BuildContext` of the build
    under way (made in on_files)."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.session: ServeSession | None = None
        self.context: BuildContext | None = None
        self.features: tuple[PageFeature, ...] = ()
        self.inputs: tuple[CrossPageInput, ...] = SITE_INPUTS
        self.safety = NoSafety()
        self.tags_variable = "tags"  # where Material's tags plugin puts a page's tags
        self.observed: BuildObservation | None = None  # set by `garden check --from-build`

    @property
    def ctx(self) -> BuildContext:
        """The build under way (every page event comes after on_files)."""
        assert self.context is not None, "a page event before on_files"
        return self.context

    # Configuration ------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Also makes the plugin persistent: `mkdocs serve` keeps this instance across
        rebuilds, so it can compare each build with the last good one (a second call, as
        when a tool drives the builds of one session itself, keeps the session)."""
        if command != "serve":
            self.session = None
        elif self.session is None or self.session.dirty != dirty:
            self.session = ServeSession.start(dirty)

    def on_shutdown(self) -> None:
        if self.session is not None:
            self.session.shutdown()
            self.session = None

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.session is not None:
            self.session.collection.cancel()  # a build, not an idle server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.safety = safety_of(self.config, config)
        self.features = page_features(self.config)
        self.inputs = declared_inputs(self.features)
        tags = config.plugins.get("material/tags")
        if tags is not None:
            self.tags_variable = tags.config.tags_name_variable
        dirs = config.theme.dirs
        # After the site's custom_dir, so a site can still override a garden partial.
        dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES_DIR))
        # Before the site's own, so a site's stylesheet can restyle the garden's.
        config.extra_css[:0] = [f"{ASSETS_URL}/{name}" for name in STYLESHEETS]
        for feature in self.features:
            feature.configure(config)
        if self.session is not None:
            config.extra_javascript.append(f"{ASSETS_URL}/{OVERLAY_SCRIPT}")
        return config

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        glossary = Path(config.config_file_path).parent / self.config.glossary
        if glossary.is_file():
            server.watch(str(glossary))
        from garden.plugin.serve import BuildGuard, write_problems  # only while serving

        if self.session is not None and self.context is not None:
            self.session.remember_good_build(self.context)
        write_problems(Path(config.site_dir), [], failed=False)  # none until a rebuild
        server.builder = BuildGuard(server.builder, Path(config.site_dir), self._serve_problems)
        self.safety.serve(server)
        return server

    def _serve_problems(self) -> list[Any]:
        """`garden check` errors of the pages changed since the last good build (and of the
        glossary), at path:line:col; remembers this build as good when it has none."""
        from garden.plugin.serve import problems_since

        session, ctx = self.session, self.context
        if session is None or ctx is None:
            return []
        found = problems_since(ctx.garden, session.good_pages, ctx.urls)
        if not any(problem.severity == "error" for problem in found):
            session.remember_good_build(ctx)
        return found

    # The build's garden -------------------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.context is not None:
            self.context.finish()  # a rebuild after a failed one starts clean
        loaded_scripts = self.safety.files(files, config) + [
            urljoin(config.site_url or "", f"{ASSETS_URL}/{name}")
            for feature in self.features for name in feature.scripts()]
        session = self.session
        garden = Garden.from_files(config_from_mkdocs(config), files,
                                   session.page_cache if session is not None else None)
        self._report(garden)
        self._add_assets(files, config)
        for feature in self.features:
            feature.add_files(garden, files, config)
        ctx = self.context = BuildContext(garden, files, page_urls(files),
                                          page_freshness(garden), loaded_scripts=loaded_scripts)
        if garden.pages and not any(f.source == "git" for f in ctx.freshness.values()):
            log.info("garden: no git history for the pages: their dates are the files' "
                     "modification times")
        for feature in self.features:
            feature.start(ctx, session)
        if session is not None:
            session.forget_stale(ctx, self.inputs)
        return files

    def _report(self, garden: Garden) -> None:
        for item in glossary_problems(garden):
            if item.severity == Severity.ERROR:
                log.warning(str(item))
        for src, reason in sorted(garden.unreadable.items()):
            log.warning(f"{garden.rel(src)}:1:1: GL103 page {reason}")
        for src, page in sorted(garden.pages.items()):
            for found in page.dialect:  # at the level the site's `validation:` gives links
                setting = ".".join(VALIDATED_BY.get(found.code, ()))
                level = logging.INFO if found.code in (UNWRITTEN, AMBIGUOUS) else logging.WARNING
                log.log(garden.config.validation.get(setting, level),
                        f"{garden.rel(src)}:{found.line}:{found.column}: {found.code} "
                        f"{found.message}")

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        """The package's assets, under assets/garden/ (pages link only those in use)."""
        for path in sorted(ASSETS_DIR.rglob("*")):
            if path.is_file():
                name = path.relative_to(ASSETS_DIR).as_posix()
                files.append(File.generated(config, f"{ASSETS_URL}/{name}",
                                            abs_src_path=str(path)))

    # Pages --------------------------------------------------------------------------------

    @event_priority(50)  # before the tags plugin (-50) reads the tags
    def _plain_front_matter(self, markdown: str, page: Page, **kwargs: Any) -> str:
        return self.safety.front_matter(self.ctx, markdown, page)

    def _page_markdown(self, markdown: str, page: Page, **kwargs: Any) -> str:
        ctx, src = self.ctx, page.file.src_uri
        if src in ctx.garden.pages:
            markdown = ctx.garden.rendered_dialect(src, markdown)
            with_inline_tags(page.meta, ctx.garden.pages[src])
        for feature in self.features:
            markdown = feature.markdown(ctx, src, markdown)
        return markdown

    @event_priority(-100)  # last: the Markdown every hook and plugin has had its say on
    def _observe_markdown(self, markdown: str, page: Page, **kwargs: Any) -> str:
        if self.observed is not None:
            self.observed.markdown_rendered(page.file.src_uri, markdown)
        return markdown

    on_page_markdown = CombinedEvent(_plain_front_matter, _page_markdown, _observe_markdown)

    @event_priority(100)  # glossary links are written before other plugins read the HTML
    def _feature_content(self, html: str, page: Page, **kwargs: Any) -> str:
        for feature in self.features:
            html = feature.content(self.ctx, page.file.src_uri, html)
        return html

    @event_priority(-100)  # last: after the glossary links, the lightbox, the tags listing
    def _sanitize(self, html: str, page: Page, **kwargs: Any) -> str:
        return self.safety.sanitize(self.ctx, html, page)

    @event_priority(-110)  # after the sanitizer, which keeps no attribute it does not know
    def _search_text(self, html: str, page: Page, **kwargs: Any) -> str:
        if not self.ctx.fit.pagefind:
            return html
        from garden.features.search_index import without_tab_labels

        return without_tab_labels(html)

    on_page_content = CombinedEvent(_feature_content, _sanitize, _search_text)

    @event_priority(-100)  # last: after the lightbox adds its inline script
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """The Content-Security-Policy: the scripts of a neutral page at this page's place."""
        return self.safety.post_page(self.ctx, output, page, config, self)

    def on_post_template(self, output_content: str, template_name: str,
                         config: MkDocsConfig) -> str:
        """The policy on the theme's static pages (404.html), from a neutral page too."""
        return self.safety.post_template(self.ctx, output_content, template_name, config)

    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        ctx = self.ctx
        self.safety.nav(nav)
        ctx.nav = nav
        # Before any page renders (MkDocs renders page content before on_env): the theme's
        # search dialog exists only with its search plugin, so nothing to drive else.
        searches = bool({"search", "material/search"} & set(config.plugins))
        ctx.fit = template_fit(config.theme.get_env(), config.theme.name, TEMPLATES_DIR,
                               self.config.pagefind and searches)
        if self.observed is not None:
            self.observed.nav = [page.file.src_uri for page in nav.pages]
        return nav

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """Every page is rendered now, so every glossary plan is in: the graph's mention
        edges cost no wait here, and the planning worker ran beside the rendering."""
        ctx = self.ctx
        ctx.env, ctx.files = env, files
        if self.session is not None:
            self.session.before_templates(env, files)
        if self.observed is not None:  # every plugin's on_files and on_nav have run
            self.observed.site_files(files)
        for feature in self.features:
            feature.env(ctx, files, config)
        return env

    @event_priority(-100)  # after the tags plugin
    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig,
                        nav: Any) -> dict:
        ctx, src = self.ctx, page.file.src_uri
        if self.observed is not None:
            self.observed.page_rendered(src, page.content or "")
        context.update(PAGE_DEFAULTS)
        for feature in self.features:
            context.update(feature.page_context(ctx, src, page.meta))
        if self.session is not None:
            self.session.page_rendered(ctx, page, context, self.tags_variable)
        context = self.on_template_context(context)
        if ctx.fit.inject_blocks and page.content is not None:
            page.content = with_blocks(page.content, ctx.env, context)
        return context

    def on_template_context(self, context: dict, **kwargs: Any) -> dict:
        """What the plugin's main.html needs on every page, 404.html included."""
        context["garden_search_worker"] = (f"{ASSETS_URL}/{SEARCH_WORKER}"
                                           if self.ctx.fit.pagefind else None)
        return context

    # End of the build ---------------------------------------------------------------------

    @event_priority(-50)  # after the theme's search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        ctx = self.ctx
        ctx.finish()
        site_dir, index = Path(config.site_dir), ctx.fit.pagefind
        if self.session is not None:
            if index:
                self._index_search(site_dir)
            self.session.built(ctx, self.inputs)
            return
        files = ctx.files
        del ctx
        if self.observed is None:
            # Nothing reads a plain build's model after this: Pagefind, which runs beside
            # this process, gets the memory it held (released before it starts).
            self.context = None
            if index and runs_last(config, self.on_post_build):
                release_rendered_pages(files, config)
        if index:
            self._index_search(site_dir)

    def _index_search(self, site_dir: Path) -> None:
        """The theme's index trimmed now (a dirty build's completed with the documents of the
        pages it did not render); the Pagefind bundles now, or, while serving with --dirty and
        a bundle is in place to search meanwhile, after the build (then swapped in whole)."""
        from garden.features.search_index import (  # when used: it imports Pagefind
            bundles,
            language_sentences,
            prepare_index,
            write_bundles,
        )

        session, part_pages = self.session, self.config.search_part_pages
        if session is None:
            # The theme's documents complete a serve session's next index only.
            prepared = replace(prepare_index(site_dir, (), part_pages=part_pages), docs=())
            release_memory()
            write_bundles(prepared)
            return
        if session.passage_sentences is None:
            session.passage_sentences = KeptResults(language_sentences)
        prepared = prepare_index(site_dir, session.search_docs if self.ctx.partial else (),
                                 session.passage_sentences, part_pages)
        session.passage_sentences.next_build()
        session.search_docs = prepared.docs
        if session.indexer is not None and bundles(site_dir):
            session.index_later(prepared, write_bundles)
        else:
            session.wait_for_index()
            write_bundles(prepared)

    def on_build_error(self, error: Exception) -> None:
        if self.context is not None:
            self.context.finish()
