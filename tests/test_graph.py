"""The garden's graph: pages and glossary terms as nodes, links and term usage as edges."""

from __future__ import annotations

import json
import re
from pathlib import Path

from garden.features.glossary_build import GlossaryBuild
from garden.features.graph import build_graph, neighbours, section_of, to_json
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
