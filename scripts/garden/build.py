"""One Garden per MkDocs build, shared by every hook of that build.

Each hook asks `garden_for(config)` instead of loading the garden itself, so that a build reads
and scans docs/ once; likewise `glossary_for(config, files)`, so that a build finds the
glossary terms on its pages once. `mkdocs serve` loads a fresh MkDocs config for every
rebuild, so a new config object means a new build and a fresh garden.
"""

from __future__ import annotations

from typing import Any

from garden.glossary_build import GlossaryBuild
from garden.site import Garden, load_config

_current: tuple[Any, Garden] | None = None
_current_glossary: tuple[Any, GlossaryBuild] | None = None


def garden_for(mkdocs_config: Any) -> Garden:
    """The garden of the build that `mkdocs_config` (a MkDocsConfig) belongs to."""
    global _current
    if _current is None or _current[0] is not mkdocs_config:
        garden = Garden.load(load_config(mkdocs_config.config_file_path))
        _current = (mkdocs_config, garden)
    return _current[1]


def glossary_for(mkdocs_config: Any, files: Any) -> GlossaryBuild:
    """The glossary plans of the build that `mkdocs_config` belongs to, over its pages
    (`files`, a MkDocs Files, in rendering order: the first caller's order counts)."""
    global _current_glossary
    if _current_glossary is None or _current_glossary[0] is not mkdocs_config:
        documents = [file for file in files.documentation_pages() if file.abs_src_path]
        build = GlossaryBuild(garden_for(mkdocs_config), [file.src_uri for file in documents],
                              page_urls(files))
        _current_glossary = (mkdocs_config, build)
    return _current_glossary[1]


def page_urls(files: Any) -> dict[str, str]:
    """Site-root-relative URL of every documentation page, by its docs-relative source path."""
    return {file.src_uri: file.url for file in files.documentation_pages()}
