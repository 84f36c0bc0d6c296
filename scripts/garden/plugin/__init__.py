"""The garden as one MkDocs plugin: glossary links, backlinks, freshness and the graph.

    plugins:
      - search
      - garden

One `Garden` is built per build from the `Files` and configuration MkDocs hands over, and every
feature reads it; the plugin only says when each step runs. Its templates and assets ship with
the package: the plugin puts its template folder between the site's `custom_dir` (which still
wins) and the theme, and adds its stylesheets and script to the site. Problems are logged
through `mkdocs.plugins.garden`, so `mkdocs build --strict` fails on them.

The MkDocs adapter (this package: the plugin, incremental rebuilds, serve, the theme's templates
and assets) may import text, model, safety, the build features and the checker.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from garden.check.codes import HOUSE_RULES, VALIDATED_BY
from garden.features.backlinks import Backlink, collect_backlinks
from garden.features.freshness import (
    Freshness,
    by_maturity,
    maturity,
    maturity_markdown,
    page_freshness,
    recent_markdown,
    recently_updated,
)
from garden.features.glossary import glossary_problems
from garden.features.glossary_build import GlossaryBuild, PlannedPage
from garden.features.graph import (
    NEIGHBOURHOOD_SCRIPTS,
    build_graph,
    graph_files,
    graph_scripts,
    neighbourhood_file,
)
from garden.features.graph_layout import LayoutCache, with_positions
from garden.model.obsidian import UNWRITTEN
from garden.model.options import GardenConfig
from garden.model.site import Garden, PageCache, config_from_mkdocs, with_inline_tags
from garden.model.terms import GLOSSARY_PAGE
from garden.plugin.built import BuildObservation
from garden.plugin.incremental import (
    BuildState,
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
from garden.plugin.safety import (
    live_reload_keeps_policy,
    neutral_page,
    plain_nav,
    plain_title,
    refuse_active_files,
    refuse_escaping_snippets,
    refuse_unsafe_inputs,
    report_left_out,
    report_removals,
    safe_front_matter,
    site_facts,
    site_script_files,
    unclosed_tags_as_text,
    with_plugin_scripts,
)
from garden.plugin.theme import TemplateFit, template_fit, with_blocks
from garden.safety.csp import (
    SiteScripts,
    Source,
    by_directive,
    config_sources,
    content_sources,
    site_scripts,
    with_policy,
)
from garden.safety.front_matter import Field, Theme, key_line, site_schema
from garden.safety.sanitize import STANDARD, clean_page
from garden.text.diagnostics import Severity
from garden.text.directives import replace_directives

log = logging.getLogger("mkdocs.plugins.garden")

PACKAGE_DIR = Path(__file__).parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ASSETS_DIR = PACKAGE_DIR / "assets"
# Where the package's assets land in the site: a folder of their own, clear of the site's.
ASSETS_URL = "assets/garden"
STYLESHEETS = ("garden.css", "glossary.css")
SEARCH_WORKER = "workers/garden-search.js"  # named in the theme's config by main.html
OVERLAY_SCRIPT = "serve-overlay.js"  # only while serving: see garden.plugin.serve
# The glossary page a site without docs/glossary.md gets: its entries follow the heading.
GENERATED_GLOSSARY = "---\ntitle: Glossary\n---\n\n# Glossary\n"


def page_urls(files: Files) -> dict[str, str]:
    """Site-root-relative URL of every documentation page, by its docs-relative source path."""
    return {file.src_uri: file.url for file in files.documentation_pages()}


class GardenPlugin(BasePlugin[GardenConfig]):
    """The steps of one build, in MkDocs' event order; the work is in the garden package."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.pagefind = False  # Pagefind drives the theme's search dialog in this build
        # What the site's templates leave to the garden, known once the theme's env is.
        self.fit = TemplateFit(pagefind=False, inject_blocks=False)
        self.env: Any = None
        # While serving with --dirty, the search index is written after the build returns,
        # so an edit reaches the browser without waiting for it (one indexing at a time).
        self.indexer: ThreadPoolExecutor | None = None
        self.indexing: Future[Any] | None = None
        # Kept between the builds of one `mkdocs serve` (the plugin is persistent there).
        self.page_cache = PageCache()
        self.templates = MemoryBytecodeCache()
        self.previous: BuildState | None = None
        self.previous_plans: dict[str, PlannedPage] = {}
        self.rendered: dict[str, RenderedPage] = {}  # what each page showed, while serving
        self.partial = False  # this dirty build renders some pages only
        self.search_docs: tuple[dict, ...] = ()  # the theme's search documents, every page's
        self.tags_variable = "tags"  # where Material's tags plugin puts a page's tags
        self.good_pages: dict[str, str] = {}  # page texts of the last good build, while serving
        self.garden: Garden | None = None
        self.urls: dict[str, str] = {}
        self.glossary: GlossaryBuild | None = None
        self.backlinks: dict[str, list[Backlink]] = {}
        self.freshness: dict[str, Freshness] = {}
        self.graph_nodes: set[str] = set()
        self.graph_layouts = LayoutCache()  # the graph's positions, by its shape
        self.observed: BuildObservation | None = None  # set by `garden check --from-build`
        self.front_matter: tuple[dict[str, Field], Theme] = ({}, Theme(frozenset()))
        # What the theme renders for a neutral page, by (template, base_url), and the site's
        # script files its scripts load themselves: the policy allows only those scripts.
        self.nav: Any = None
        self.files: Files | None = None
        self.neutral: dict[tuple[str, str], str] = {}
        self.content_hosts: dict[str, list[Source]] = {}  # what each page's content loads
        self.left_out: set[str] = set()  # hosts the strict profile's warning named
        self.loaded_scripts: list[str] = []

    # Configuration ------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Also makes the plugin persistent: `mkdocs serve` keeps this instance across
        rebuilds, so it can compare each build with the last good one."""
        self.serving = command == "serve"
        self.dirty = dirty
        if self.serving and dirty:
            self.indexer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="garden-index")
            logging.getLogger("mkdocs.commands.build").addFilter(DirtyBuildIsAccurate())

    def on_shutdown(self) -> None:
        self._wait_for_index()
        if self.indexer is not None:
            self.indexer.shutdown()

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self._wait_for_index()  # the theme's search plugin rewrites what it reads

    def _wait_for_index(self) -> None:
        """The search index of the build before, written (its problems logged)."""
        if self.indexing is None:
            return
        indexing, self.indexing = self.indexing, None
        try:
            indexing.result()
        except Exception as error:  # noqa: BLE001 - a dev server goes on without search
            log.warning(f"garden: the search index of the last build failed: {error}")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.safety:
            refuse_unsafe_inputs(config)
        tags = config.plugins.get("material/tags")
        if tags is not None:
            self.tags_variable = tags.config.tags_name_variable
        self.front_matter = site_schema(list(config.plugins), self.config,
                                        Path(config.theme.custom_dir)
                                        if config.theme.custom_dir else None)
        dirs = config.theme.dirs
        # After the site's custom_dir, so a site can still override a garden partial.
        dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES_DIR))
        # Before the site's own, so a site's stylesheet can restyle the garden's.
        config.extra_css[:0] = [f"{ASSETS_URL}/{name}" for name in STYLESHEETS]
        if self.serving:
            config.extra_javascript.append(f"{ASSETS_URL}/{OVERLAY_SCRIPT}")
        if self.config.glossary_links and "attr_list" not in config.markdown_extensions:
            # The glossary page's entries carry their ids and classes as attribute lists.
            config.markdown_extensions.append("attr_list")
            log.info("garden: added the attr_list Markdown extension for the glossary page")
        return config

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        glossary = Path(config.config_file_path).parent / self.config.glossary
        if glossary.is_file():
            server.watch(str(glossary))
        from garden.plugin.serve import BuildGuard, write_problems  # only while serving

        self._remember_good_build()
        write_problems(Path(config.site_dir), [], failed=False)  # none until a rebuild
        server.builder = BuildGuard(server.builder, Path(config.site_dir), self._serve_problems)
        if self.config.safety:
            live_reload_keeps_policy(server)
        return server

    def _serve_problems(self) -> list[Any]:
        """`garden check` errors of the pages changed since the last good build (and of the
        glossary), at path:line:col; remembers this build as good when it has none."""
        from garden.plugin.serve import problems_since

        if self.garden is None:
            return []
        found = problems_since(self.garden, self.good_pages, self.urls)
        if not any(problem.severity == "error" for problem in found):
            self._remember_good_build()
        return found

    def _remember_good_build(self) -> None:
        if self.garden is not None:
            self.good_pages = {src: page.text for src, page in self.garden.pages.items()}

    # The build's garden -------------------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self._finish_glossary()  # a rebuild after a failed one starts clean
        if self.config.safety:
            refuse_active_files(files, config)
            # The graph's scripts: the pages that draw a graph load them (garden-local-graph.html).
            scripts = NEIGHBOURHOOD_SCRIPTS if self.config.graph else ()
            self.loaded_scripts = site_script_files(files, config) + [
                urljoin(config.site_url or "", f"{ASSETS_URL}/{name}") for name in scripts]
        cache = self.page_cache if self.serving else None
        garden = self.garden = Garden.from_files(config_from_mkdocs(config), files, cache)
        self._report(garden)
        self._add_assets(files, config)
        if self.config.glossary_links and garden.glossary.terms:
            self._add_glossary_page(files, config)
        self.urls = page_urls(files)
        self.freshness = page_freshness(garden)
        if garden.pages and not any(f.source == "git" for f in self.freshness.values()):
            log.info("garden: no git history for the pages: their dates are the files' "
                     "modification times")
        self.backlinks = collect_backlinks(garden) if self.config.backlinks else {}
        self.glossary = None
        if self.config.glossary_links:
            glossary_page = files.get_file_from_path(GLOSSARY_PAGE)
            if glossary_page is not None:  # pages render in file order: the glossary last
                files.remove(glossary_page)
                files.append(glossary_page)
            pages = [file.src_uri for file in files.documentation_pages() if file.abs_src_path]
            self.glossary = GlossaryBuild(garden, pages, self.urls,
                                          reuse=self._reusable_plans(garden))
        self.partial = False
        if self.serving and self.dirty and self.previous is not None:
            stale = stale_pages(self.previous, self._state(quick=True), garden)
            count = forget_outputs(files, stale, self.rendered)
            self.partial = count < len(files.documentation_pages())
            log.info(f"garden: rendering {count} page(s) again")
        return files

    def _reusable_plans(self, garden: Garden) -> dict[str, PlannedPage]:
        """Glossary plans of the last build for pages whose text and terms are the same."""
        old = self.previous
        if old is None or old.terms != tuple(garden.glossary.terms):
            return {}
        return {src: plan for src, plan in self.previous_plans.items()
                if src in garden.pages and old.texts.get(src) == garden.pages[src].text}

    def _state(self, quick: bool = False) -> BuildState:
        """What this build renders pages from. `quick`: skip the glossary's "Used in" when
        a change of titles, terms or tags renders every page anyway."""
        garden = self.garden
        assert garden is not None
        statuses = {src: self._status(src, page.meta) for src, page in garden.pages.items()}
        listings = (recently_updated(self.freshness, set(self.config.recent_exclude),
                                     self.config.recent),
                    by_maturity(garden, self.config.maturity))
        state = build_state(garden, self.backlinks, statuses, listings, {})
        old = self.previous
        everything = old is not None and (old.titles != state.titles
                                          or old.terms != state.terms or old.tags != state.tags)
        if self.glossary is not None and not (quick and everything):
            state = replace(state, used_in={term: tuple(pages) for term, pages
                                            in self.glossary.used_in().items()})
        return state

    def _report(self, garden: Garden) -> None:
        for item in glossary_problems(garden):
            if item.severity == Severity.ERROR:
                log.warning(str(item))
        for src, reason in sorted(garden.unreadable.items()):
            log.warning(f"{garden.rel(src)}:1:1: GL103 page {reason}")
        for src, page in sorted(garden.pages.items()):
            for found in page.dialect:  # at the level the site's `validation:` gives links
                setting = ".".join(VALIDATED_BY.get(found.code, ()))
                level = logging.INFO if found.code == UNWRITTEN else logging.WARNING
                log.log(garden.config.validation.get(setting, level),
                        f"{garden.rel(src)}:{found.line}:{found.column}: {found.code} "
                        f"{found.message}")

    def _add_glossary_page(self, files: Files, config: MkDocsConfig) -> None:
        """A glossary page for the entries when docs/ has none (as the tags plugin makes
        its listing): the entries and their anchors need a page to live on."""
        if files.get_file_from_path(GLOSSARY_PAGE) is not None:
            return
        files.append(File.generated(config, GLOSSARY_PAGE, content=GENERATED_GLOSSARY))
        log.info(f"garden: no docs/{GLOSSARY_PAGE}: the glossary's entries get a generated "
                 f"page (write docs/{GLOSSARY_PAGE} to give it an introduction of your own)")

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
        """Front matter through the site's schema: problems warned at their line (the strict
        build fails), every value plain text."""
        if not self.config.safety:
            return markdown
        problems = safe_front_matter(page.meta, *self.front_matter)
        model = self.garden.pages.get(page.file.src_uri) if self.garden is not None else None
        if model is not None and self.garden is not None:
            refuse_escaping_snippets(model, self._rel(page), self.garden.config)
            markdown = unclosed_tags_as_text(markdown, model, self._rel(page))
        for problem in problems:
            line = (key_line(model.scan.lines, model.scan.body_line, problem.key)
                    if model is not None else 1)
            # A house rule warns under the strict profile only (docs/about/checks.md).
            level = (logging.INFO if problem.code in HOUSE_RULES
                     and self.config.profile != "strict" else logging.WARNING)
            log.log(level, f"{self._rel(page)}:{line}:1: {problem.code} {problem.message}"
                    + (" (the build left it out)" if problem.key not in page.meta else ""))
        return markdown

    def _rel(self, page: Page) -> str:
        """A page's path as diagnostics show it (from the project root)."""
        if self.garden is None:
            return page.file.src_uri
        return self.garden.rel(page.file.src_uri)

    def _page_markdown(self, markdown: str, page: Page, **kwargs: Any) -> str:
        src = page.file.src_uri
        if self.garden is not None and src in self.garden.pages:
            markdown = self.garden.rendered_dialect(src, markdown)
            with_inline_tags(page.meta, self.garden.pages[src])
            markdown = self._home_lists(markdown, src)
        if self.glossary is not None:
            markdown = self.glossary.page_markdown(src, markdown)
        return markdown

    def _home_lists(self, markdown: str, src: str) -> str:
        """The "recently updated" and pages-by-maturity lists in place of their markers."""
        assert self.garden is not None
        garden, stages = self.garden, self.config.maturity
        return replace_directives(markdown, "garden", {
            "recent": lambda: recent_markdown(garden, self.freshness, src,
                                              set(self.config.recent_exclude),
                                              self.config.recent, stages),
            "maturity": lambda: maturity_markdown(garden, src, stages),
        })

    @event_priority(-100)  # last: the Markdown every hook and plugin has had its say on
    def _observe_markdown(self, markdown: str, page: Page, **kwargs: Any) -> str:
        if self.observed is not None:
            self.observed.markdown_rendered(page.file.src_uri, markdown)
        return markdown

    on_page_markdown = CombinedEvent(_plain_front_matter, _page_markdown, _observe_markdown)

    @event_priority(100)  # glossary links are written before other plugins read the HTML
    def _glossary_links(self, html: str, page: Page, **kwargs: Any) -> str:
        if self.glossary is None:
            return html
        return self.glossary.page_content(page.file.src_uri, html)

    @event_priority(-100)  # last: after the glossary links, the lightbox, the tags listing
    def _sanitize(self, html: str, page: Page, **kwargs: Any) -> str:
        """The page's HTML through the allowlist: our own markup is built first, then all of
        it, glossary definitions included, is cleaned."""
        if not self.config.safety:
            return html
        plain_title(page.meta, page.title)
        cleaned = clean_page(html, self.config.profile)
        report_removals(self._rel(page), cleaned.removed, self.config.profile)
        self.content_hosts[page.file.src_uri] = content_sources(cleaned.resources)
        return cleaned.html

    @event_priority(-110)  # after the sanitizer, which keeps no attribute it does not know
    def _search_text(self, html: str, page: Page, **kwargs: Any) -> str:
        if not self.pagefind:
            return html
        from garden.features.search_index import without_tab_labels

        return without_tab_labels(html)

    on_page_content = CombinedEvent(_glossary_links, _sanitize, _search_text)

    @event_priority(-100)  # last: after the lightbox adds its inline script
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """The Content-Security-Policy: the scripts of a neutral page at this page's place."""
        if not self.config.safety:
            return output
        template = page.meta.get("template") or "main.html"
        neutral = with_plugin_scripts(self._neutral(template, config, page), page, config,
                                      skip=self)
        hosts = self._hosts(neutral, config) + self.content_hosts.get(page.file.src_uri, [])
        return with_policy(output, self._scripts(neutral, page.url, config), by_directive(hosts))

    def on_post_template(self, output_content: str, template_name: str,
                         config: MkDocsConfig) -> str:
        """The policy on the theme's static pages (404.html), from a neutral page too."""
        if not self.config.safety or not template_name.endswith(".html"):
            return output_content
        neutral = self._neutral(template_name, config)
        return with_policy(output_content, self._scripts(neutral, "", config),
                           by_directive(self._hosts(neutral, config)))

    def _hosts(self, neutral: str, config: MkDocsConfig) -> list[Source]:
        """The other hosts the site's configuration needs: under the standard profile, for
        the policy; under the strict one, none, each named in a warning once per build."""
        needed = config_sources(site_facts(config, neutral))
        if self.config.profile == STANDARD:
            return needed
        report_left_out(Path(config.config_file_path).name, needed, self.left_out)
        return []

    def _neutral(self, template: str, config: MkDocsConfig, page: Page | None = None) -> str:
        """The neutral page of `template` at the place of `page` (at the site's root, as
        MkDocs renders 404.html, without one), rendered once per place."""
        base_url = (get_relative_url(".", page.url) if page is not None
                    else urlsplit(config.site_url or "/").path)
        key = (template, base_url)
        if key not in self.neutral:
            self.neutral[key] = neutral_page(self.env, template, config, self.nav,
                                             self.files or Files([]), page, base_url)
        return self.neutral[key]

    def _scripts(self, neutral: str, url: str, config: MkDocsConfig) -> SiteScripts:
        page_url = urljoin(config.site_url or "", url)
        return site_scripts(neutral, page_url, self.loaded_scripts)

    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        if self.config.safety:
            plain_nav(nav.items)
        self.nav = nav
        self.neutral = {}
        self.left_out = set()
        # Before any page renders (MkDocs renders page content before on_env): the theme's
        # search dialog exists only with its search plugin, so nothing to drive else.
        searches = bool({"search", "material/search"} & set(config.plugins))
        self.fit = template_fit(config.theme.get_env(), config.theme.name, TEMPLATES_DIR,
                                self.config.pagefind and searches)
        self.pagefind = self.fit.pagefind
        if self.observed is not None:
            self.observed.nav = [page.file.src_uri for page in nav.pages]
        return nav

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """Every page is rendered now, so every glossary plan is in: the graph's mention
        edges cost no wait here, and the planning worker ran beside the rendering."""
        self.env, self.files = env, files
        if self.serving:
            env.bytecode_cache = self.templates
            restore_unread(files, self.rendered)  # before any page shows them in its nav
        if self.observed is not None:  # every plugin's on_files and on_nav have run
            self.observed.site_files(files)
        used_in = self.glossary.used_in() if self.glossary is not None else {}
        if self.config.graph and self.garden is not None:
            terms = self.garden.glossary.terms if self.glossary is not None else []
            graph = with_positions(build_graph(self.garden, self.urls, terms, used_in,
                                               self.config.maturity), self.graph_layouts)
            self.graph_nodes = {node["id"] for node in graph["nodes"]}
            for path, content in graph_files(graph).items():
                existing = files.get_file_from_path(path)
                if existing is not None:
                    files.remove(existing)
                files.append(File.generated(config, path, content=content))
        return env

    @event_priority(-100)  # after the tags plugin
    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig,
                        nav: Any) -> dict:
        src = page.file.src_uri
        if self.observed is not None:
            self.observed.page_rendered(src, page.content or "")
        context["garden_backlinks"] = [
            {"title": link.title, "url": self.urls[link.source], "context": link.context}
            for link in self.backlinks.get(src, []) if link.source in self.urls]
        context["garden_status"] = self._status(src, page.meta)
        shows_node = src in self.graph_nodes and src != self.config.graph_page
        context["garden_graph_node"] = src if shows_node else None
        context["garden_graph_data"] = neighbourhood_file(src) if shows_node else None
        context["garden_graph_scripts"] = [f"{ASSETS_URL}/{name}" for name in graph_scripts(
            shows_node, page.content)] if self.config.graph else []
        if self.serving:
            if self.partial:
                keep_tag_links(context, self.rendered.get(src), self.tags_variable)
            self.rendered[src] = rendered_page(page, context, self.tags_variable)
        context = self.on_template_context(context)
        if self.fit.inject_blocks and page.content is not None:
            page.content = with_blocks(page.content, self.env, context)
        return context

    def on_template_context(self, context: dict, **kwargs: Any) -> dict:
        """What the plugin's main.html needs on every page, 404.html included."""
        context["garden_search_worker"] = (f"{ASSETS_URL}/{SEARCH_WORKER}"
                                           if self.pagefind else None)
        return context

    def _status(self, src: str, meta: dict[str, Any]) -> dict[str, Any]:
        stage = maturity(meta, self.config.maturity)
        fresh = self.freshness.get(src)
        return {
            "maturity": stage,
            "badge": self.config.maturity.get(stage or ""),
            "date": fresh.date if fresh else None,
            "label": fresh.label if fresh else None,
            "source": fresh.source if fresh else None,
        }

    # End of the build ---------------------------------------------------------------------

    @event_priority(-50)  # after the theme's search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.pagefind:
            self._index_search(Path(config.site_dir))
        self._finish_glossary()
        if self.serving and self.garden is not None:
            self.previous = self._state()
            self.previous_plans = self.glossary.plans() if self.glossary is not None else {}

    def _index_search(self, site_dir: Path) -> None:
        """The theme's index trimmed now (a dirty build's completed with the documents of the
        pages it did not render); the Pagefind bundles now, or, while serving with --dirty and
        a bundle is in place to search meanwhile, after the build (then swapped in whole)."""
        from garden.features.search_index import bundles, prepare_index, write_bundles  # when used

        prepared = prepare_index(site_dir, self.search_docs if self.partial else ())
        if self.serving:
            self.search_docs = prepared.docs
        if self.indexer is not None and bundles(site_dir):
            self.indexing = self.indexer.submit(write_bundles, prepared)
        else:
            write_bundles(prepared)

    def on_build_error(self, error: Exception) -> None:
        self._finish_glossary()

    def _finish_glossary(self) -> None:
        """Stop the glossary's planning worker, if one is still running."""
        if self.glossary is not None:
            self.glossary.finish()
