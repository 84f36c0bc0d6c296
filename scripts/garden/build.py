"""One Garden per MkDocs build, shared by every hook of that build.

Each hook asks `garden_for(config)` instead of loading the garden itself, so that a build reads
and scans docs/ once. `mkdocs serve` loads a fresh MkDocs config for every rebuild, so a new
config object means a new build and a fresh garden.
"""

from __future__ import annotations

from typing import Any

from garden.site import Garden, load_config

_current: tuple[Any, Garden] | None = None


def garden_for(mkdocs_config: Any) -> Garden:
    """The garden of the build that `mkdocs_config` (a MkDocsConfig) belongs to."""
    global _current
    if _current is None or _current[0] is not mkdocs_config:
        garden = Garden.load(load_config(mkdocs_config.config_file_path))
        _current = (mkdocs_config, garden)
    return _current[1]


def page_urls(files: Any) -> dict[str, str]:
    """Site-root-relative URL of every documentation page, by its docs-relative source path."""
    return {file.src_uri: file.url for file in files.documentation_pages()}
