"""MkDocs hook: link glossary terms in every page and render the glossary page's entries.

Thin on purpose: the garden package does the work (`garden.glossary_build.GlossaryBuild`,
shared with the other hooks through `garden.build.glossary_for`). Every page is planned once
per build, from the build's garden, starting in `on_files`; each page then only applies its
plan. The glossary page goes last, so its "Used in" lists see every page.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from garden.build import glossary_for
from garden.glossary import GLOSSARY_PAGE
from garden.glossary_build import GlossaryBuild

_build: GlossaryBuild | None = None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _build
    glossary_page = files.get_file_from_path(GLOSSARY_PAGE)
    if glossary_page is not None:  # pages render in file order: the glossary last
        files.remove(glossary_page)
        files.append(glossary_page)
    _build = glossary_for(config, files)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _build is None:
        return markdown
    return _build.page_markdown(page.file.src_uri, markdown)


@event_priority(100)  # before other hooks read the HTML
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _build is None:
        return html
    return _build.page_content(page.file.src_uri, html)


def on_post_build(config: MkDocsConfig) -> None:
    if _build is not None:
        _build.finish()


def on_build_error(error: Exception) -> None:
    if _build is not None:
        _build.finish()
