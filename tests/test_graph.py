"""The garden's graph: pages and glossary terms as nodes, links and term usage as edges."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from garden.features.glossary_build import GlossaryBuild
from garden.features.graph import (
    GRAPH_FILE,
    GRAPH_SCRIPTS,
    build_graph,
    graph_parts,
    graph_scripts,
    neighbourhood_file,
    neighbourhoods,
    neighbours,
    section_of,
    to_json,
)
from garden.features.graph_layout import EXTENT, LayoutCache, compute_layout, with_positions
from garden.model.terms import load_glossary
from support.garden_project import make_garden

GLOSSARY = """\
- id: tls
  term: Transport Layer Security
  aliases: [TLS]
  definition: Encryption for connections.
  page: web/tls.md#tls
- id: quic
  term: QUIC
  definition: A transport over UDP.
"""


def used_in(garden, urls: dict[str, str]) -> dict[str, list[str]]:
    """The mentions the build's glossary plans give the graph."""
    return GlossaryBuild(garden, list(urls), urls, parallel=False).used_in()


def urls_for(garden) -> dict[str, str]:
    return {src: src.removesuffix("index.md").removesuffix(".md") + ("/" if not src.endswith(
        "index.md") else "") for src in garden.pages}


def test_graph_has_pages_terms_and_typed_edges(tmp_path: Path) -> None:
    garden = make_garden(tmp_path, {
        "index.md": "---\ntags: [home]\nmaturity: evergreen\n---\n# Home\n\n[TLS](web/tls.md)\n",
        "glossary.md": "# Glossary\n",
        "web/tls.md": "# TLS\n\nTLS protects QUIC too; see [the term](../glossary.md#quic).\n\n"
                      "`TLS` in code is not a mention of TLSv2.\n",
        "web/http.md": "# HTTP\n\nNo terms here: TLSish is not TLS-like.\n",
    }, GLOSSARY)
    urls = urls_for(garden)
    graph = build_graph(garden, urls, load_glossary(tmp_path).terms, used_in(garden, urls))
    nodes = {node["id"]: node for node in graph["nodes"]}
    assert set(nodes) == {"index.md", "glossary.md", "web/tls.md", "web/http.md",
                          "term:tls", "term:quic"}
    assert nodes["index.md"]["group"] == "home" and nodes["web/tls.md"]["group"] == "web"
    assert nodes["index.md"]["tags"] == ["home"] and nodes["index.md"]["maturity"] == "evergreen"
    assert nodes["term:quic"] == {"id": "term:quic", "label": "QUIC", "url": "glossary/#quic",
                                  "kind": "term", "group": "glossary", "maturity": None,
                                  "tags": []}
    edges = {(e["source"], e["target"]): e["kind"] for e in graph["edges"]}
    assert edges == {
        ("index.md", "web/tls.md"): "link",
        ("web/tls.md", "term:quic"): "link",  # a link to a glossary entry points at the term
        ("term:tls", "web/tls.md"): "term-page",
        ("web/tls.md", "term:tls"): "mention",
    }
    assert neighbours(graph, "web/tls.md") == {"index.md", "term:quic", "term:tls"}
    assert json.loads(to_json(graph)) == graph


def test_pages_outside_the_build_and_terms_without_glossary_page_are_left_out(
        tmp_path: Path) -> None:
    garden = make_garden(tmp_path, {"a.md": "# A\n\n[B](b.md)\n", "b.md": "# B\n"}, GLOSSARY)
    graph = build_graph(garden, {"a.md": "a/"}, load_glossary(tmp_path).terms,
                        used_in(garden, {"a.md": "a/"}))
    assert [n["id"] for n in graph["nodes"]] == ["a.md"]
    assert graph["edges"] == []


def test_section_of() -> None:
    assert section_of("index.md") == "home"
    assert section_of("web/grpc/index.md") == "web"


def ring_graph(count: int, chords: int = 0) -> dict:
    """Pages in a ring, with `chords` links across it, and a term two of them mention."""
    nodes = [{"id": f"s{i % 3}/p{i}.md", "label": f"P{i}", "url": f"p{i}/", "kind": "page",
              "group": f"s{i % 3}", "maturity": None, "tags": []} for i in range(count)]
    nodes.append({"id": "term:t", "label": "T", "url": "glossary/#t", "kind": "term",
                  "group": "glossary", "maturity": None, "tags": []})
    edges = [(nodes[i]["id"], nodes[(i + 1) % count]["id"]) for i in range(count)]
    edges += [(nodes[i]["id"], nodes[(i * 7 + 3) % count]["id"]) for i in range(chords)]
    edges += [(nodes[0]["id"], "term:t"), (nodes[count // 2]["id"], "term:t")]
    return {"nodes": nodes, "edges": [{"source": a, "target": b, "kind": "link"}
                                      for a, b in dict.fromkeys(edges) if a != b]}


def test_layout_places_every_node_in_the_fixed_square_the_same_way_each_time() -> None:
    graph = ring_graph(60, chords=20)
    laid = with_positions(graph)
    assert [{k: v for k, v in n.items() if k not in ("x", "y")} for n in laid["nodes"]] \
        == graph["nodes"] and laid["edges"] == graph["edges"]
    xs, ys = [n["x"] for n in laid["nodes"]], [n["y"] for n in laid["nodes"]]
    assert all(isinstance(v, int) and -EXTENT <= v <= EXTENT for v in xs + ys)
    assert EXTENT in (max(xs), max(ys), -min(xs), -min(ys))  # scaled to fill the square
    assert len(set(zip(xs, ys, strict=True))) == len(xs)  # no two nodes on one spot
    assert with_positions(graph) == laid  # deterministic: two builds, one site
    # Linked nodes sit nearer each other than nodes picked at random.
    place = {n["id"]: (n["x"], n["y"]) for n in laid["nodes"]}
    linked = sum(math.dist(place[e["source"]], place[e["target"]])
                 for e in laid["edges"]) / len(laid["edges"])
    ids = list(place)
    apart = sum(math.dist(place[ids[i]], place[ids[(i * 13 + 29) % len(ids)]])
                for i in range(len(ids)))
    assert linked < apart / len(ids) / 2


def test_layout_is_cached_by_the_graph_shape() -> None:
    cache = LayoutCache()
    graph = ring_graph(30)
    first = with_positions(graph, cache)
    relabelled = {**graph, "nodes": [{**n, "label": n["label"] + "!"} for n in graph["nodes"]]}
    assert [(n["x"], n["y"]) for n in with_positions(relabelled, cache)["nodes"]] \
        == [(n["x"], n["y"]) for n in first["nodes"]]
    assert cache.computed == 1  # a title changed, not the shape: laid out once
    grown = {**graph, "edges": [*graph["edges"], {"source": "s0/p0.md", "target": "s0/p3.md",
                                                  "kind": "link"}]}
    with_positions(grown, cache)
    assert cache.computed == 2
    with_positions(graph, cache)
    assert cache.computed == 2  # the shape before is still kept
    assert compute_layout({"nodes": [], "edges": []}) == {}


def with_hubs(graph: dict) -> dict:
    """`graph` with a term most pages mention and a page that links to every page: nodes
    with more edges than a neighbourhood has members."""
    pages = [n["id"] for n in graph["nodes"] if n["kind"] == "page"]
    hub = {"id": "term:hub", "label": "Hub", "url": "glossary/#hub", "kind": "term",
           "group": "glossary", "maturity": None, "tags": []}
    edges = [(src, "term:hub") for src in pages[1:-1]]
    edges += [(pages[0], other) for other in pages[1:]]
    known = {(e["source"], e["target"]) for e in graph["edges"]}
    return {"nodes": [*graph["nodes"], hub],
            "edges": graph["edges"] + [{"source": a, "target": b, "kind": "mention"}
                                       for a, b in edges if (a, b) not in known]}


def test_each_page_gets_exactly_its_neighbourhood() -> None:
    graph = with_positions(with_hubs(ring_graph(12, chords=6)))
    parts = neighbourhoods(graph)
    pages = {n["id"] for n in graph["nodes"] if n["kind"] == "page"}
    assert set(parts) == pages  # terms have no page to show a neighbourhood on
    for src, part in parts.items():
        ids = [n["id"] for n in part["nodes"]]
        assert set(ids) == neighbours(graph, src) | {src} and len(ids) == len(set(ids))
        assert all("x" not in n and "y" not in n for n in part["nodes"])
        assert part["edges"] == [e for e in graph["edges"]
                                 if e["source"] in ids and e["target"] in ids]
    files = graph_parts(graph)
    assert json.loads(to_json(files[GRAPH_FILE])) == graph
    assert len(files) == len(pages) + 1
    for src, part in parts.items():
        # Each neighbourhood comes laid out on its own: x and y of each node, in its order.
        laid = files[neighbourhood_file(src)]
        assert {k: v for k, v in laid.items() if k != "layout"} == part
        positions = compute_layout(part)
        assert laid["layout"] == [v for n in part["nodes"] for v in positions[n["id"]]]
    assert neighbourhood_file("web/grpc/index.md") == "assets/graph/web/grpc/index.json"


def test_neighbourhood_layouts_are_kept_by_shape_and_only_those_of_the_last_build() -> None:
    cache = LayoutCache()
    graph = with_hubs(ring_graph(12, chords=6))
    first = graph_parts(graph, cache)
    assert first == graph_parts(graph)  # the same positions as laid out without a cache
    count = cache.computed
    assert count == len(cache.entries) <= len(first) - 1
    retitled = {**graph, "nodes": [{**n, "label": n["label"] + "!"} for n in graph["nodes"]]}
    graph_parts(retitled, cache)
    assert cache.computed == count  # no neighbourhood changed its shape: none laid out again
    linked = {**graph, "edges": [*graph["edges"], {"source": "s1/p1.md", "target": "s2/p5.md",
                                                   "kind": "link"}]}
    again = graph_parts(linked, cache)
    changed = {path for path, part in again.items() if first.get(path) != part}
    # The neighbourhoods holding both ends of the new link: theirs, and their common
    # neighbours' (the page linking to every page among them).
    holding = {neighbourhood_file(src) for src, part in neighbourhoods(linked).items()
               if {"s1/p1.md", "s2/p5.md"} <= {n["id"] for n in part["nodes"]}}
    assert {neighbourhood_file("s1/p1.md"), neighbourhood_file("s0/p0.md")} < holding
    assert changed == {GRAPH_FILE, *holding}
    assert cache.computed == count + len(holding)
    assert len(cache.entries) <= len(again) - 1  # shapes no build has now are dropped


def test_only_pages_that_draw_a_graph_load_its_script() -> None:
    assert graph_scripts(True, "<p>A page.</p>") == GRAPH_SCRIPTS == ("graph.js",)
    assert graph_scripts(False, '<div data-garden-graph="full"></div>') == GRAPH_SCRIPTS
    assert graph_scripts(False, "<p>No graph here.</p>") == ()
    assert graph_scripts(False, None) == ()


ROOT = Path(__file__).resolve().parent.parent
VENDORED_D3 = ROOT / "scripts/garden/plugin/assets/vendor/d3-force.js"
D3_FORCE_PARTS = ("dispatch", "quadtree", "timer", "force")  # the Makefile's `vendor` order


def test_vendored_layout_library_is_the_pinned_npm_build() -> None:
    """The plugin's assets/vendor/d3-force.js is d3-force and the d3 modules it needs, at the
    versions package-lock.json pins, byte for byte when node_modules is installed."""
    root = ROOT
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    vendored = VENDORED_D3.read_text(encoding="utf-8")
    headers = re.findall(r"^// https://d3js\.org/(d3-[a-z]+)/ v(\S+) ", vendored, re.MULTILINE)
    assert headers == [(f"d3-{part}", lock[f"node_modules/d3-{part}"]["version"])
                       for part in D3_FORCE_PARTS]
    built = [root / "node_modules" / f"d3-{part}" / "dist" / f"d3-{part}.min.js"
             for part in D3_FORCE_PARTS]
    if all(path.exists() for path in built):
        assert vendored == "".join(path.read_text(encoding="utf-8") + "\n" for path in built)
