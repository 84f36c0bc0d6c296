"""MkDocs hook: after the build, index the site with Pagefind for the header search
(garden.search_index); the theme's own search plugin has written its index by then."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from garden.search_index import index_site


def on_post_build(config: Any) -> None:
    index_site(Path(config.site_dir))
