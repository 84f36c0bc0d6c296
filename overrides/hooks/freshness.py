"""MkDocs hook: last-updated date and maturity badge on every page (garden.freshness), and the
home page's "recently updated" and maturity lists in place of their markers."""

from __future__ import annotations

from typing import Any

from garden.build import garden_for
from garden.freshness import (
    MATURITY_STAGES,
    Freshness,
    maturity,
    maturity_markdown,
    page_freshness,
    recent_markdown,
)
from garden.site import Garden

RECENT_MARKER = "<!-- garden:recent -->"
MATURITY_MARKER = "<!-- garden:maturity -->"
NOT_RECENT = {"tags.md", "graph.md"}  # index pages, not notes

_garden: Garden | None = None
_freshness: dict[str, Freshness] = {}


def on_files(files: Any, config: Any) -> Any:
    global _garden, _freshness
    _garden = garden_for(config)
    _freshness = page_freshness(_garden)
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    src = page.file.src_uri
    if _garden is None or (RECENT_MARKER not in markdown and MATURITY_MARKER not in markdown):
        return markdown
    markdown = markdown.replace(
        RECENT_MARKER, recent_markdown(_garden, _freshness, src, NOT_RECENT))
    return markdown.replace(MATURITY_MARKER, maturity_markdown(_garden, src))


def on_page_context(context: dict, page: Any, config: Any, nav: Any) -> dict:
    src = page.file.src_uri
    stage = maturity(page.meta)
    fresh = _freshness.get(src)
    context["garden_status"] = {
        "maturity": stage,
        "badge": MATURITY_STAGES.get(stage or ""),
        "date": fresh.date if fresh else None,
        "label": fresh.label if fresh else None,
        "source": fresh.source if fresh else None,
    }
    return context
