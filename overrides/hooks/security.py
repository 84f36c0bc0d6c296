"""MkDocs hook: what a pull request writes reaches readers as text and markup only.

Thin on purpose: garden.confinement refuses inputs that leave the project, garden.sanitize cleans
each page's HTML and the strings templates print, garden.csp adds the Content-Security-Policy.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from garden.active_content import STANDALONE_SUFFIXES, markup_findings
from garden.confinement import docs_escapes, snippet_base_problems, snippet_option_problems
from garden.csp import with_policy
from garden.sanitize import plain_text, sanitize_html

PRINTED_KEYS = ("title", "description", "author")

_serving = False  # `mkdocs serve`: its live-reload script is inline and differs per request


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Refuse symlinks leaving docs/ and snippet base paths that reach private files, before
    MkDocs walks docs/ or includes anything."""
    problems = [f"{escape.path}: symlink {escape.reason}"
                for escape in docs_escapes(Path(config.docs_dir))]
    snippets = config.mdx_configs.get("pymdownx.snippets") or {}
    if "pymdownx.snippets" in config.markdown_extensions:
        root = Path(config.config_file_path).parent
        problems += [f"snippet base_path '{base}' {why}"
                     for base, why in snippet_base_problems(root, snippets.get("base_path", "."))]
        problems += [f"snippets {why}" for why in snippet_option_problems(snippets)]
    if problems:
        raise PluginError("unsafe input (see `garden check`, GL808/GL809):\n  "
                          + "\n  ".join(problems))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Refuse SVG and HTML files that would run script or load from other hosts when opened:
    they are published as they are."""
    problems = []
    docs = Path(config.docs_dir).resolve()
    for file in files:
        if (file.abs_src_path and file.src_uri.lower().endswith(STANDALONE_SUFFIXES)
                and docs in Path(file.abs_src_path).resolve().parents):  # not the theme's
            with open(file.abs_src_path, encoding="utf-8", errors="replace") as handle:
                found = markup_findings(handle.read(), standalone=True)
            problems += [f"{file.src_uri}:{f.line}:{f.column}: {f.message}" for f in found]
    if problems:
        raise PluginError("active content in published files (GL807):\n  "
                          + "\n  ".join(problems))
    return files


@event_priority(50)  # before the tags plugin (-50) reads the tags
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Front matter strings the theme prints unescaped become plain text."""
    for key in PRINTED_KEYS:
        if isinstance(page.meta.get(key), str):
            page.meta[key] = plain_text(page.meta[key])
    if isinstance(page.meta.get("tags"), list):
        page.meta["tags"] = [plain_text(tag) if isinstance(tag, str) else tag
                             for tag in page.meta["tags"]]
    return markdown


@event_priority(-100)  # last: after the glossary links (100), the lightbox and the tags listing
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The page's HTML through the allowlist; a title taken from its first heading as text."""
    if "title" not in page.meta and page.title and plain_text(page.title) != page.title:
        page.meta["title"] = plain_text(page.title)
    return sanitize_html(html)


@event_priority(-100)  # last: after the lightbox adds its inline script
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return with_policy(output, page.content or "", live_reload=_serving)
