"""The garden as a graph: pages and glossary terms as nodes, links as edges, sections as groups.

The data is emitted into the site at build time and drawn by the plugin's `assets/graph.js`:
the whole graph, laid out (garden.features.graph_layout), in `assets/graph.json` for the full
map, and each page's neighbourhood, laid out on its own, in a file of its own under
`assets/graph/`, so a page fetches only what its neighbourhood graph shows and only draws it.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Mapping
from typing import Any

from garden.features.backlinks import page_edges
from garden.features.freshness import maturity
from garden.features.graph_layout import LayoutCache, compute_layout, flat_layout
from garden.model.options import MATURITY_STAGES
from garden.model.site import Garden
from garden.model.terms import Term

GRAPH_FILE = "assets/graph.json"
NEIGHBOURHOOD_DIR = "assets/graph"
TERM_PREFIX = "term:"
# The graph's script among the plugin's assets: every graph a page draws comes with its
# positions, laid out at build time (graph-layout.js, with d3-force, is the worker that lays out
# only data that comes without them).
GRAPH_SCRIPTS = ("graph.js",)
GRAPH_MARKER = "data-garden-graph"  # the attribute of an element a graph is drawn in


def section_of(src: str) -> str:
    """The group a page is coloured by: its top-level folder, or "home" for root pages."""
    return src.split("/", 1)[0] if "/" in src else "home"


def page_nodes(garden: Garden, urls: Mapping[str, str],
               stages: Mapping[str, str] = MATURITY_STAGES) -> list[dict[str, Any]]:
    """A node per page the site builds (`urls` has it), by source path."""
    return [{"id": src, "label": page.title, "url": urls[src], "kind": "page",
             "group": section_of(src), "maturity": maturity(page.meta, stages),
             "tags": [str(t) for t in page.meta.get("tags") or []]}
            for src, page in sorted(garden.pages.items()) if src in urls]


def term_nodes(terms: Iterable[Term], glossary_url: str | None) -> list[dict[str, Any]]:
    """A node per glossary term, linking to its entry; none without a glossary page."""
    if glossary_url is None:
        return []
    return [{"id": TERM_PREFIX + term.id, "label": term.term,
             "url": f"{glossary_url}#{term.id}", "kind": "term", "group": "glossary",
             "maturity": None, "tags": []} for term in terms]


def graph_edges(garden: Garden, terms: list[Term], used_in: Mapping[str, Iterable[str]],
                known: set[str]) -> dict[tuple[str, str], str]:
    """Edges between known nodes, the first kind found for a pair winning: authored links
    (to a term's glossary entry too), a term's in-depth page, and pages mentioning a term."""
    edges: dict[tuple[str, str], str] = {}

    def add(source: str, target: str, kind: str) -> None:
        if source != target and source in known and target in known:
            edges.setdefault((source, target), kind)

    term_ids = {term.id for term in terms}
    for edge in page_edges(garden):
        to_term = edge.target == garden.config.glossary_page and edge.fragment in term_ids
        add(edge.source, TERM_PREFIX + edge.fragment if to_term else edge.target, "link")
    for term in terms:
        if term.page:
            add(TERM_PREFIX + term.id, term.page.split("#", 1)[0], "term-page")
    for term_id, pages in sorted(used_in.items()):
        for src in pages:
            add(src, TERM_PREFIX + term_id, "mention")
    return edges


def build_graph(garden: Garden, urls: Mapping[str, str], terms: Iterable[Term] = (),
                used_in: Mapping[str, Iterable[str]] | None = None,
                stages: Mapping[str, str] = MATURITY_STAGES) -> dict[str, Any]:
    """Nodes and edges of the garden. `urls` maps page sources to site-relative URLs;
    `used_in` maps a term id to the pages mentioning it, as the glossary build plans them."""
    terms = list(terms)
    glossary_url = urls.get(garden.config.glossary_page)
    nodes = page_nodes(garden, urls, stages) + term_nodes(terms, glossary_url)
    edges = graph_edges(garden, terms, used_in or {}, {node["id"] for node in nodes})
    return {
        "nodes": nodes,
        "edges": [{"source": s, "target": t, "kind": k} for (s, t), k in sorted(edges.items())],
    }


def neighbours(graph: Mapping[str, Any], node_id: str) -> set[str]:
    """Ids of the nodes one edge away from a node, in either direction."""
    found = set()
    for edge in graph["edges"]:
        if edge["source"] == node_id:
            found.add(edge["target"])
        elif edge["target"] == node_id:
            found.add(edge["source"])
    return found


def neighbourhood_file(src: str) -> str:
    """Where a page's neighbourhood data is in the site: assets/graph/<source path>.json."""
    return f"{NEIGHBOURHOOD_DIR}/{posixpath.splitext(src)[0]}.json"


def neighbourhoods(graph: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each page's neighbourhood, by page id: the page, the nodes one edge away from it, and
    the edges between any two of them, in graph.json's shape and order (without the map's
    positions: a neighbourhood is laid out on its own, see `graph_parts`)."""
    edges = graph["edges"]
    order = {node["id"]: number for number, node in enumerate(graph["nodes"])}
    plain = [{k: v for k, v in node.items() if k not in ("x", "y")} for node in graph["nodes"]]
    adjacent: dict[str, dict[str, list[int]]] = {node_id: {} for node_id in order}
    for number, edge in enumerate(edges):
        adjacent[edge["source"]].setdefault(edge["target"], []).append(number)
        adjacent[edge["target"]].setdefault(edge["source"], []).append(number)
    found = {}
    for node in graph["nodes"]:
        if node["kind"] != "page":
            continue
        keep = {node["id"], *adjacent[node["id"]]}
        members = sorted(order[member] for member in keep)
        found[node["id"]] = {"nodes": [plain[number] for number in members],
                             "edges": [edges[k] for k in sorted(_edges_among(keep, adjacent))]}
    return found


def _edges_among(keep: set[str], adjacent: Mapping[str, Mapping[str, list[int]]]) -> set[int]:
    """The numbers of the edges between two of `keep`: each member's neighbours among them,
    read from the shorter side (a tag on most pages has more neighbours than a neighbourhood
    has members; reading them all for each page made the neighbourhoods quadratic)."""
    found: set[int] = set()
    for member in keep:
        near = adjacent[member]
        if len(near) <= len(keep):
            others = [other for other in near if other in keep]
        else:
            others = [other for other in keep if other in near]
        for other in others:
            found.update(near[other])
    return found


def graph_parts(graph: Mapping[str, Any],
                layouts: LayoutCache | None = None) -> dict[str, Mapping[str, Any]]:
    """The data of the files the graph is emitted as, by their path in the site: the whole
    graph, and each page's neighbourhood with its own layout (`layout`: x and y of each node,
    in the order of its nodes, within the map's square), so that a page only draws it. The
    layouts come from `layouts` when given (a serve session's, by each neighbourhood's shape).
    """
    parts: dict[str, Mapping[str, Any]] = {GRAPH_FILE: graph}
    found = neighbourhoods(graph)
    # Without a cache each layout is dropped once written (10,209 of them held 30 MB at once).
    laid = (layouts.positions_of_each(found.values()) if layouts is not None
            else map(compute_layout, found.values()))
    for (src, part), positions in zip(found.items(), laid, strict=True):
        parts[neighbourhood_file(src)] = {**part, "layout": flat_layout(part, positions)}
    return parts


def graph_scripts(neighbourhood: bool, content: str | None) -> tuple[str, ...]:
    """The graph's script for a page that draws a graph: its neighbourhood's, or the map its
    content holds; none on a page without a graph."""
    if neighbourhood or (content and GRAPH_MARKER in content):
        return GRAPH_SCRIPTS
    return ()


def to_json(graph: Mapping[str, Any]) -> str:
    return json.dumps(graph, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
