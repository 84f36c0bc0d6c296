"""Where the graph's nodes sit: laid out once at build time, so the page only draws.

igraph's Fruchterman–Reingold layout (C, with its grid approximation for large graphs) places
every node; the positions go into the graph data as `x` and `y`, scaled into a fixed square
(`EXTENT`). The layout starts from positions derived from the node ids and runs igraph's random
numbers from a fixed seed, so two builds of the same graph give the same positions. A
`LayoutCache`, kept by the host across the rebuilds of one `mkdocs serve`, lays out a graph of
an unchanged shape (the same node ids and edges) only once: the whole map, and each page's
neighbourhood, which is laid out on its own (its nodes placed for it, not where the map has
them).
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import igraph

# Positions lie in [-EXTENT, EXTENT] on the graph's longer side, centred on 0, as integers.
EXTENT = 1000
SEED = 22
ITERATIONS = 500  # igraph's default; from 3,000 nodes on its grid variant keeps each fast
Positions = dict[str, tuple[int, int]]


def shape_key(graph: Mapping[str, Any]) -> str:
    """What the layout depends on: the node ids, in order, and the edges."""
    digest = hashlib.sha256()
    for node in graph["nodes"]:
        digest.update(f"n{node['id']}\0".encode())
    for edge in graph["edges"]:
        digest.update(f"e{edge['source']}\0{edge['target']}\0".encode())
    return digest.hexdigest()


def start_position(node_id: str, spread: float) -> tuple[float, float]:
    """A node's place before the layout: a point of the disc fixed by its id alone."""
    value = int.from_bytes(hashlib.sha256(node_id.encode()).digest()[:8], "big")
    angle = (value & 0xFFFFFFFF) / 2**32 * 2 * math.pi
    radius = spread * math.sqrt((value >> 32) / 2**32)
    return radius * math.cos(angle), radius * math.sin(angle)


@contextmanager
def seeded_random(seed: int) -> Iterator[None]:
    """igraph's random numbers from a generator of its own while the layout runs (igraph
    uses Python's `random` module by default, and gets it back afterwards)."""
    igraph.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)


def scaled(coords: list[list[float]]) -> list[tuple[int, int]]:
    """The coordinates moved and scaled uniformly into the fixed square, rounded."""
    if not coords:
        return []
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    mid_x, mid_y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    side = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return [(round((x - mid_x) / side * EXTENT), round((y - mid_y) / side * EXTENT))
            for x, y in coords]


def compute_layout(graph: Mapping[str, Any], seed: int = SEED) -> Positions:
    """Positions of the graph's nodes by id, laid out by igraph (Fruchterman–Reingold)."""
    ids = [node["id"] for node in graph["nodes"]]
    index = {node_id: i for i, node_id in enumerate(ids)}
    edges = sorted({(index[e["source"]], index[e["target"]]) for e in graph["edges"]
                    if e["source"] in index and e["target"] in index})
    laid = igraph.Graph(n=len(ids), edges=edges)
    spread = math.sqrt(len(ids)) / 2 or 1.0  # as igraph spreads its own random start
    start = [list(start_position(node_id, spread)) for node_id in ids]
    with seeded_random(seed):
        layout = laid.layout_fruchterman_reingold(seed=start, niter=ITERATIONS) if ids else []
    return dict(zip(ids, scaled([list(point) for point in layout]), strict=True))


class LayoutCache:
    """The layouts of the last few graph shapes, so a rebuild that keeps the graph's shape
    (most edits while serving) reuses its positions."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self.entries: OrderedDict[str, Positions] = OrderedDict()
        self.computed = 0  # layouts computed, not found in the cache

    def positions(self, graph: Mapping[str, Any]) -> Positions:
        key = shape_key(graph)
        if key in self.entries:
            self.entries.move_to_end(key)
        else:
            self.entries[key] = compute_layout(graph)
            self.computed += 1
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return self.entries[key]

    def positions_of_each(self, graphs: Iterable[Mapping[str, Any]]) -> list[Positions]:
        """The positions of each graph; the cache then holds these graphs' shapes and no
        others (a build's neighbourhoods: the next build lays out only those that changed)."""
        kept: OrderedDict[str, Positions] = OrderedDict()
        found = []
        for graph in graphs:
            key = shape_key(graph)
            positions = kept.get(key) or self.entries.get(key)
            if positions is None:
                positions = compute_layout(graph)
                self.computed += 1
            kept[key] = positions
            found.append(positions)
        self.entries = kept
        return found


def with_positions(graph: Mapping[str, Any], cache: LayoutCache | None = None) -> dict[str, Any]:
    """The graph with each node's `x` and `y` (from `cache` when given)."""
    positions = cache.positions(graph) if cache is not None else compute_layout(graph)
    nodes = [{**node, "x": positions[node["id"]][0], "y": positions[node["id"]][1]}
             for node in graph["nodes"]]
    return {**graph, "nodes": nodes}


def flat_layout(graph: Mapping[str, Any], positions: Positions) -> list[int]:
    """The graph's positions as one list, x and y of each node in the graph's order."""
    return [value for node in graph["nodes"] for value in positions[node["id"]]]
