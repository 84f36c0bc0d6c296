"""MkDocs hook: link glossary terms in every page and render the glossary page's entries.

Thin on purpose: the garden package does the work (`garden.linker.GlossaryBuild`). The
garden is read and every page planned once per build, in `on_files`; each page then only
applies its own plan.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from garden.linker import GlossaryBuild

_build: GlossaryBuild | None = None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _build
    srcs = [file.src_uri for file in files.documentation_pages()]
    _build = GlossaryBuild.load(config.config_file_path, srcs)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _build is None:
        return markdown
    return _build.page_markdown(page.file.src_uri, markdown)
