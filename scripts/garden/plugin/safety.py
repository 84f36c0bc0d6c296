"""What a pull request writes reaches readers as text and markup only: the build's part.

The garden plugin calls these at its events: `garden.safety.confinement` refuses inputs that
leave the project, `garden.safety.sanitize` cleans each page's HTML and the strings templates
print, and `garden.safety.csp` adds the Content-Security-Policy. `garden check` reports the same
things at their lines first (GL402-GL405, GL8xx).
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from jinja2 import Environment
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from garden.model.site import Page as GardenPage
from garden.model.site import SiteConfig
from garden.safety.active_content import (
    SCRIPT_FOLDERS,
    SCRIPT_SUFFIXES,
    STRAY_SCRIPT,
    UNCLOSED_TAG,
    name_problem,
    stray_script,
    unclosed_tags,
)
from garden.safety.confinement import docs_escapes, snippet_escapes, snippet_option_problems
from garden.safety.csp import GOOGLE_FONTS, SOURCE_COMPONENT, SiteFacts, Source, allow_script
from garden.safety.documents import CHECKED_SUFFIXES, document_findings, suffix_of
from garden.safety.front_matter import (
    Field,
    Problem,
    Theme,
    as_text,
    front_matter_problems,
    plain_value,
)
from garden.safety.html_inventory import Removal
from garden.safety.sanitize import STANDARD, STRICT, plain_text

log = logging.getLogger("mkdocs.plugins.garden")

REMOVED = "GL819"
LEFT_OUT = "GL820"
WHY_REMOVED = {
    STANDARD: "the standard profile never publishes script, event handlers, `javascript:` "
              "URLs or embedded documents",
    STRICT: "the strict profile publishes its allowlist only: text markup, tables, images "
              "from the site, details (docs/about/checks.md#gl819)",
}


def refuse_unsafe_inputs(config: MkDocsConfig) -> None:
    """Symlinks leaving docs/ and snippet options that let a snippet leave its base path stop
    the build before MkDocs walks docs/ or includes anything."""
    problems = [f"{escape.path}: symlink {escape.reason}"
                for escape in docs_escapes(Path(config.docs_dir))]
    if "pymdownx.snippets" in config.markdown_extensions:
        snippets = config.mdx_configs.get("pymdownx.snippets") or {}
        problems += [f"snippets {why}" for why in snippet_option_problems(snippets)]
    if problems:
        raise PluginError("unsafe input (see `garden check`, GL808/GL809):\n  "
                          + "\n  ".join(problems))


def refuse_escaping_snippets(page: GardenPage, rel: str, config: SiteConfig) -> None:
    """A page that includes a snippet whose real path leaves its base path or the project, or
    lies in .git/, stops the build, naming the file (before pymdownx.snippets reads it)."""
    if "pymdownx.snippets" not in config.extensions or not page.scan.snippets:
        return
    problems = [f"{rel}:{line}:1: GL809 {why}"
                for line, _, why in snippet_escapes(config, page.scan.snippets)]
    if problems:
        raise PluginError("snippet outside its folder:\n  " + "\n  ".join(problems))


def _folders_in(docs_dir: str) -> Callable[[str], bool]:
    """Whether a folder files come from is docs/ or inside it (a theme's `custom_dir` may be),
    each folder resolved once: a build has thousands of files and a few folders."""
    docs = os.path.realpath(docs_dir)

    @functools.cache
    def inside(folder: str) -> bool:
        return os.path.commonpath([os.path.realpath(folder), docs]) == docs

    return inside


def refuse_active_files(files: Files, config: MkDocsConfig) -> None:
    """Files under docs/ that would run script or load from other hosts when opened, script
    files outside the site's script folders, and names the theme would print raw stop the
    build: they are published as they are."""
    problems = []
    listed = frozenset(str(item) for item in config.extra_javascript)
    in_docs = _folders_in(config.docs_dir)
    for file in files:
        if not file.abs_src_path or file.src_dir is None or not in_docs(file.src_dir):
            continue  # the theme's and the plugins' own files
        if file.inclusion.is_excluded():
            continue  # never published (`exclude_docs`, drafts): not the site's, as for the check
        name = name_problem(file.src_uri)
        if name:
            problems.append(f"{file.src_uri}:1:1: GL816 {name}")
        if stray_script(file.src_uri, listed):
            problems.append(f"{file.src_uri}:1:1: GL815 {STRAY_SCRIPT}")
        if not file.is_documentation_page() and not stray_script(file.src_uri, listed):
            text = ""
            if suffix_of(file.src_uri) in CHECKED_SUFFIXES:
                with open(file.abs_src_path, encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
            problems += [f"{file.src_uri}:{f.line}:{f.column}: GL807 {f.message}"
                         for f in document_findings(file.src_uri, text)]
    if problems:
        raise PluginError("unsafe files under docs/ (see `garden check`):\n  "
                          + "\n  ".join(problems))


def safe_front_matter(meta: dict[str, Any], keys: dict[str, Field],
                      theme: Theme) -> list[Problem]:
    """Every front matter value becomes plain text, recursively, whatever its YAML type; what
    breaks the schema is returned, to be reported: a key printed as text that holds something
    else becomes its plain text, any other value of the wrong type and a template that is not
    one of the site's page templates are dropped."""
    problems = list(front_matter_problems(meta, keys, theme))
    for key in list(meta):
        meta[key] = plain_value(meta[key])
    for problem in problems:
        spec = keys.get(problem.key)
        if problem.code == "GL814" or problem.key == "icon" or (
                problem.code == "GL813" and spec is not None and spec.kind != "text"):
            meta.pop(problem.key, None)
        elif problem.code == "GL813" and spec is not None:
            text = as_text(meta.get(problem.key))
            if spec.pattern is None and not spec.choices:
                meta[problem.key] = text
            else:
                meta.pop(problem.key, None)
    return problems


def site_script_files(files: Files, config: MkDocsConfig) -> list[str]:
    """URLs of the script files the site ships from its asset folders under docs/ (its own
    and the vendored builds they load)."""
    in_docs = _folders_in(config.docs_dir)
    return [urljoin(config.site_url or "", file.url) for file in files
            if file.abs_src_path and file.src_uri.endswith(SCRIPT_SUFFIXES)
            and file.src_uri.startswith(SCRIPT_FOLDERS)
            and file.src_dir is not None and in_docs(file.src_dir)]


def plain_title(meta: dict[str, Any], title: str | None) -> None:
    """A title taken from the page's first heading, with markup, becomes plain text."""
    if "title" not in meta and title and plain_text(title) != title:
        meta["title"] = plain_text(title)


def neutral_page(env: Environment, template: str, config: MkDocsConfig, nav: Navigation,
                 files: Files, at: Page | None, base_url: str = "") -> str:
    """What the theme renders for a page with no content and no front matter at the place of
    page `at` (or, without one, at `base_url`, as for 404.html): every script in it is the
    theme's, the plugins' or the site configuration's."""
    page = None
    if at is not None:
        page = Page("", File.generated(config, at.file.src_uri, content=""), config)
        page.markdown, page.content, page.meta = "", "", {}
    context = get_context(nav, files, config, page=page, base_url=base_url)
    context = config.plugins.on_template_context(context, template_name=template,
                                                 config=config)
    return env.get_template(template).render(context)


def with_plugin_scripts(neutral: str, page: Page, config: MkDocsConfig,
                        skip: BasePlugin) -> str:
    """A neutral page with what the other plugins add to every page after rendering (the
    lightbox's script), as they add it to this page."""
    for plugin in config.plugins.values():
        post_page = getattr(plugin, "on_post_page", None)
        if plugin is not skip and post_page is not None:
            neutral = post_page(neutral, page=page, config=config) or neutral
    return neutral


def live_reload_keeps_policy(server: Any) -> None:
    """The development server writes its live-reload script into every page it sends: the
    page's policy allows that script by its hash, and nothing else is loosened."""
    inject = server._inject_js_into_html

    def injected(content: bytes, epoch: int) -> bytes:
        result = inject(content, epoch)
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        added = result[end: end + len(result) - len(content)].decode("utf-8", "replace")
        body = added.removeprefix("<script>").removesuffix("</script>")
        text = result.decode("utf-8", "surrogateescape")
        return allow_script(text, body).encode("utf-8", "surrogateescape")

    server._inject_js_into_html = injected


def plain_nav(items: Iterable[Any]) -> None:
    """Titles mkdocs.yml's nav gives sections, links and pages become plain text: the theme
    prints them raw into every page's navigation."""
    for item in items:
        title = vars(item).get("title")
        if isinstance(title, str):
            item.title = plain_text(title)
        plain_nav(getattr(item, "children", None) or [])


def unclosed_tags_as_text(markdown: str, page: GardenPage, rel: str) -> str:
    """The page's Markdown with each `<` that opens a tag never closed written `&lt;` (text,
    as the reader would see it; Markdown's HTML parser would try each up to the page's end),
    warned at the first one."""
    found = unclosed_tags(page.scan)
    if not found:
        return markdown
    lines = markdown.split("\n")
    for number, column in reversed(found):
        index = number - page.scan.body_line
        if 0 <= index < len(lines) and lines[index][column - 1:column] == "<":
            lines[index] = lines[index][:column - 1] + "&lt;" + lines[index][column:]
    line, column = found[0]
    log.warning(f"{rel}:{line}:{column}: GL818 {UNCLOSED_TAG} ({len(found)} on this page)")
    return "\n".join(lines)


def report_removals(rel: str, removed: Iterable[Removal], profile: str) -> None:
    """One warning per kind of element or attribute the sanitizer removed from a page."""
    for removal in removed:
        log.warning(f"{rel}: {REMOVED} removed {removal.what}: {removal.example} "
                    f"({removal.count} on this page) — {WHY_REMOVED[profile]}")


def site_facts(config: MkDocsConfig, neutral: str) -> SiteFacts:
    """What the site's configuration makes its pages load from other hosts; web fonts and
    the repository's facts only where the rendered page still asks for them (a site's own
    templates may leave them out, Material's privacy plugin serves the fonts itself)."""
    analytics = config.extra.get("analytics")
    return SiteFacts(
        theme=config.theme.name,
        web_fonts=config.theme.get("font") is not False and GOOGLE_FONTS in neutral,
        repo_url=config.repo_url if SOURCE_COMPONENT in neutral else None,
        analytics=analytics.get("provider") if isinstance(analytics, dict) else None,
        scripts=tuple(str(item) for item in config.extra_javascript),
        stylesheets=tuple(str(item) for item in config.extra_css),
    )


def report_left_out(config_file: str, sources: Iterable[Source], warned: set[str]) -> None:
    """Under the strict profile, each host the configuration needs and the policy leaves out,
    once per build (`warned` holds the hosts already named)."""
    grouped: dict[str, list[Source]] = {}
    for source in sources:
        if source.origin not in warned:
            grouped.setdefault(source.origin, []).append(source)
    for host, needs in grouped.items():
        warned.add(host)
        directives = ", ".join(dict.fromkeys(source.directive for source in needs))
        log.warning(f"{config_file}: {LEFT_OUT} the strict profile leaves out {host} "
                    f"({needs[0].reason}) from its policy's {directives}: readers' browsers "
                    "block what the site loads from there; serve it from the site itself, or "
                    "use `profile: standard`")
