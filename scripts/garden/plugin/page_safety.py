"""The safety feature as the plugin runs it: `Safety` when the `safety` option is on (every
page's HTML through the profile's sanitizer, front matter as text, a Content-Security-Policy,
unsafe inputs refused), `NoSafety`, which leaves everything as it is, when it is off. Made once
per configuration, in `on_config`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from garden.check.codes import HOUSE_RULES
from garden.model.options import GardenConfig
from garden.plugin.context import BuildContext
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
from garden.safety.csp import (
    SiteScripts,
    Source,
    by_directive,
    config_sources,
    content_sources,
    site_scripts,
    with_policy,
)
from garden.safety.front_matter import key_line, site_schema
from garden.safety.sanitize import STANDARD, STRICT, clean_page

log = logging.getLogger("mkdocs.plugins.garden")


class NoSafety:
    """The `safety` option off: pages, front matter and files as the site gives them."""

    def serve(self, server: Any) -> None:
        """on_serve: what the live-reload server must keep."""

    def files(self, files: Files, config: MkDocsConfig) -> list[str]:
        """on_files: refuse active files; the site's scripts that load themselves."""
        return []

    def nav(self, nav: Any) -> None:
        """on_nav: the nav's titles as text."""

    def front_matter(self, ctx: BuildContext, markdown: str, page: Page) -> str:
        """on_page_markdown, first: front matter through the site's schema."""
        return markdown

    def sanitize(self, ctx: BuildContext, html: str, page: Page) -> str:
        """on_page_content, last: the page's HTML through the profile's allowlist."""
        return html

    def post_page(self, ctx: BuildContext, output: str, page: Page, config: MkDocsConfig,
                  plugin: BasePlugin) -> str:
        """on_post_page, last: the page's Content-Security-Policy."""
        return output

    def post_template(self, ctx: BuildContext, output: str, template_name: str,
                      config: MkDocsConfig) -> str:
        """on_post_template: the policy on the theme's static pages (404.html)."""
        return output


class Safety(NoSafety):
    """Contributors' text reaches readers as text and markup only."""

    def __init__(self, options: GardenConfig, config: MkDocsConfig) -> None:
        """In on_config: what the site's configuration lets in unsafely is refused."""
        refuse_unsafe_inputs(config)
        self.profile = options.profile
        self.schema = site_schema(list(config.plugins), options,
                                  Path(config.theme.custom_dir) if config.theme.custom_dir
                                  else None)

    def serve(self, server: Any) -> None:
        live_reload_keeps_policy(server)

    def files(self, files: Files, config: MkDocsConfig) -> list[str]:
        refuse_active_files(files, config)
        return site_script_files(files, config)

    def nav(self, nav: Any) -> None:
        plain_nav(nav.items)

    def front_matter(self, ctx: BuildContext, markdown: str, page: Page) -> str:
        """Problems warned at their line (the strict build fails), every value plain text."""
        garden, rel = ctx.garden, ctx.garden.rel(page.file.src_uri)
        problems = safe_front_matter(page.meta, *self.schema)
        model = garden.pages.get(page.file.src_uri)
        if model is not None:
            refuse_escaping_snippets(model, rel, garden.config)
            markdown = unclosed_tags_as_text(markdown, model, rel)
        for problem in problems:
            line = (key_line(model.scan.lines, model.scan.body_line, problem.key)
                    if model is not None else 1)
            # A house rule warns under the strict profile only (docs/about/checks.md).
            level = (logging.INFO if problem.code in HOUSE_RULES and self.profile != STRICT
                     else logging.WARNING)
            log.log(level, f"{rel}:{line}:1: {problem.code} {problem.message}"
                    + (" (the build left it out)" if problem.key not in page.meta else ""))
        return markdown

    def sanitize(self, ctx: BuildContext, html: str, page: Page) -> str:
        """Our own markup is built first, then all of it, glossary definitions included, is
        cleaned."""
        plain_title(page.meta, page.title)
        cleaned = clean_page(html, self.profile)
        report_removals(ctx.garden.rel(page.file.src_uri), cleaned.removed, self.profile)
        ctx.content_hosts[page.file.src_uri] = content_sources(cleaned.resources)
        return cleaned.html

    def post_page(self, ctx: BuildContext, output: str, page: Page, config: MkDocsConfig,
                  plugin: BasePlugin) -> str:
        """The scripts of a neutral page at this page's place."""
        template = page.meta.get("template") or "main.html"
        neutral = with_plugin_scripts(self._neutral(ctx, template, config, page), page, config,
                                      skip=plugin)
        hosts = self._hosts(ctx, neutral, config) + ctx.content_hosts.get(page.file.src_uri, [])
        return with_policy(output, self._scripts(ctx, neutral, page.url, config),
                           by_directive(hosts))

    def post_template(self, ctx: BuildContext, output: str, template_name: str,
                      config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output
        neutral = self._neutral(ctx, template_name, config)
        return with_policy(output, self._scripts(ctx, neutral, "", config),
                           by_directive(self._hosts(ctx, neutral, config)))

    def _hosts(self, ctx: BuildContext, neutral: str, config: MkDocsConfig) -> list[Source]:
        """The other hosts the site's configuration needs: under the standard profile, for
        the policy; under the strict one, none, each named in a warning once per build."""
        needed = config_sources(site_facts(config, neutral))
        if self.profile == STANDARD:
            return needed
        report_left_out(Path(config.config_file_path).name, needed, ctx.left_out)
        return []

    @staticmethod
    def _neutral(ctx: BuildContext, template: str, config: MkDocsConfig,
                 page: Page | None = None) -> str:
        """The neutral page of `template` at the place of `page` (at the site's root, as
        MkDocs renders 404.html, without one), rendered once per place."""
        base_url = (get_relative_url(".", page.url) if page is not None
                    else urlsplit(config.site_url or "/").path)
        key = (template, base_url)
        if key not in ctx.neutral:
            ctx.neutral[key] = neutral_page(ctx.env, template, config, ctx.nav, ctx.files, page,
                                            base_url)
        return ctx.neutral[key]

    @staticmethod
    def _scripts(ctx: BuildContext, neutral: str, url: str, config: MkDocsConfig) -> SiteScripts:
        page_url = urljoin(config.site_url or "", url)
        return site_scripts(neutral, page_url, ctx.loaded_scripts)


def safety_of(options: GardenConfig, config: MkDocsConfig) -> NoSafety:
    return Safety(options, config) if options.safety else NoSafety()
