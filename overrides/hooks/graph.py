"""MkDocs hook: emit the garden's graph (garden.graph) as assets/graph.json for graph.js."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File

from garden.build import garden_for, glossary_for, page_urls
from garden.graph import GRAPH_FILE, build_graph, to_json

GRAPH_PAGE = "graph.md"  # shows the whole map: no neighbourhood map under it

_node_ids: set[str] = set()


def on_files(files: Any, config: Any) -> Any:
    global _node_ids
    garden = garden_for(config)
    # Mention edges come from the glossary's plans of this build (planned once, shared); on
    # a garden large enough for a planning worker this waits until the worker is done.
    graph = build_graph(garden, page_urls(files), garden.glossary.terms,
                        glossary_for(config, files).used_in())
    _node_ids = {node["id"] for node in graph["nodes"]}
    existing = files.get_file_from_path(GRAPH_FILE)
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, GRAPH_FILE, content=to_json(graph)))
    return files


def on_page_context(context: dict, page: Any, config: Any, nav: Any) -> dict:
    src = page.file.src_uri
    context["garden_graph_node"] = src if src in _node_ids and src != GRAPH_PAGE else None
    return context
