"""MkDocs hook: every page ends with "Linked from", the pages linking to it (garden.backlinks)."""

from __future__ import annotations

from typing import Any

from garden.backlinks import Backlink, collect_backlinks
from garden.build import garden_for, page_urls

_backlinks: dict[str, list[Backlink]] = {}
_urls: dict[str, str] = {}


def on_files(files: Any, config: Any) -> Any:
    global _backlinks, _urls
    _backlinks = collect_backlinks(garden_for(config))
    _urls = page_urls(files)
    return files


def on_page_context(context: dict, page: Any, config: Any, nav: Any) -> dict:
    context["garden_backlinks"] = [
        {"title": link.title, "url": _urls[link.source], "context": link.context}
        for link in _backlinks.get(page.file.src_uri, [])
        if link.source in _urls
    ]
    return context
