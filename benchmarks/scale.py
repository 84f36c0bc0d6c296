"""How the garden holds up as it grows: synthetic gardens of 100, 1,000 and 10,000 pages.

For each size it generates a garden shaped like ours (benchmarks/synthetic_garden.py: five
sections of subsections, English and Russian prose, links, glossary terms, a full nav) with the
project's own mkdocs.yml, theme overrides and assets, and measures:

- build: wall time and peak memory of `mkdocs build` of the garden, and of plain Material
  (search plugin, a two-entry nav, no hooks) on the same pages, for their ratio;
- search, whatever engine the built site uses: its files on disk, the time from typing in the
  header search box of a freshly loaded page to the first result drawn, and the bytes that first
  search fetched;
- graph: time from navigation to the full graph's layout settled, frames per second while the
  view pans, one full redraw, and the time to a page's neighbourhood graph, each for today's
  graph.js and for the layout before the d3-force worker (graph.js at REFERENCE_COMMIT, served
  in its place) in the same run;
- serve: time from saving a page under `mkdocs serve` to the served page showing the edit.

`--graph-sizes` adds graph-only sizes (the graph a garden of that size would have, served in
place of the built one), e.g. 3,000 for the issue's target. Figures are medians of `--runs`
runs. The table goes to reports/scale.md (`--out`) with how each figure was taken.

    .venv/bin/python benchmarks/scale.py                                # 100, 1,000, 10,000
    .venv/bin/python benchmarks/scale.py --sizes 100 --runs 1 --graph-sizes 3000  # short
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import scale_measure as measure
import yaml
from bench_paths import ROOT
from scale_measure import GraphFigures
from scale_report import SizeFigures, ms, render
from synthetic_garden import (
    CONFIG,
    GardenPlan,
    nav,
    plan_garden,
    plan_graph,
    write_glossary,
    write_pages,
)

from garden.features.graph_layout import with_positions
from garden.features.search_index import ENTRY_FILE, bundles
from support.static_server import serve_site

MKDOCS = Path(sys.executable).parent / "mkdocs"
DEFAULT_REPORT = ROOT / "reports" / "scale.md"
# The graph.js before the d3-force layout worker (its path in that commit): the reference.
REFERENCE_COMMIT = "0fcf14cf981fef15c18115a8c23cb42dac10e6a8"
GRAPH_SCRIPT = "docs/assets/javascripts/graph.js"
# Project pages a synthetic garden keeps (the graph, tags and glossary pages).
KEPT_PAGES = ("graph.md", "tags.md", "glossary.md")
SITE_URL = "http://127.0.0.1/garden/"
# The reference: the same pages with Material and its search plugin only.
PLAIN_CONFIG = (CONFIG.replace("site_name: Glossary benchmark", "site_name: Plain Material")
                .replace("  features: [content.tooltips]\n", ""))
# The same pages, nav and theme features as the garden's (Material's cost of the nav).
NAV_FEATURES = "  features: [navigation.tabs, navigation.indexes, navigation.prune]\n"
# The garden's own configuration without the garden plugin: what the plugin costs.
GARDEN_PLUGIN_RE = re.compile(r"^  - garden:\n(?:      .*\n)*", re.MULTILINE)
INDEX_PAGE = "# Synthetic garden\n\nA garden generated for the scale benchmark.\n"


def with_nav(config: str, entries: list) -> str:
    """mkdocs.yml text with its top-level `nav:` block replaced by `entries`."""
    lines = config.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("nav:"))
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].strip() and not lines[i][0].isspace() and lines[i][0] != "#"),
               len(lines))
    block = yaml.safe_dump({"nav": entries}, allow_unicode=True, sort_keys=False)
    return "".join(lines[:start]) + block + "".join(lines[end:])


def make_garden(root: Path, plan: GardenPlan) -> None:
    """The plan as a project: our config (full nav), overrides and assets, plus plain.yml."""
    docs = root / "docs"
    shutil.copytree(ROOT / "overrides", root / "overrides")
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    for name in KEPT_PAGES:
        shutil.copy2(ROOT / "docs" / name, docs / name)
    (docs / "index.md").write_text(INDEX_PAGE, encoding="utf-8")
    write_pages(docs, plan)
    write_glossary(root / "glossary.yml", plan.terms)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    entries = nav(plan, head=[{"Home": "index.md"}],
                  tail=[{"Graph": "graph.md"}, {"Tags": "tags.md"}, {"Glossary": "glossary.md"}])
    garden_config = with_nav(config, entries)
    (root / "mkdocs.yml").write_text(garden_config, encoding="utf-8")
    (root / "plain.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    plain_nav = with_nav(PLAIN_CONFIG, entries).replace("  name: material\n",
                                                        "  name: material\n" + NAV_FEATURES, 1)
    (root / "plain-nav.yml").write_text(plain_nav, encoding="utf-8")
    without_plugin, found = GARDEN_PLUGIN_RE.subn("", garden_config)
    if found != 1:
        raise SystemExit("mkdocs.yml: the garden plugin's entry is not where the benchmark "
                         "looks for it (`  - garden:` under plugins)")
    (root / "without-garden.yml").write_text(without_plugin, encoding="utf-8")


def search_files(site: Path) -> tuple[int, int]:
    """Raw and gzip bytes of the search engine's files in the built site."""
    raw = packed = 0
    folders = [folder for folder in site.iterdir()
               if folder.is_dir() and folder.name.startswith(measure.SEARCH_SEGMENTS)]
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                raw += len(data)
                packed += len(data) if path.suffix in (".gz", ".pf_fragment", ".pf_index",
                                                       ".pf_meta") else len(gzip.compress(data))
    return raw, packed


def largest_index(site: Path) -> int:
    """The most pages one Pagefind index of the built site holds (a bundle, or a part of
    one, as its entry file counts them); 0 without Pagefind."""
    counts = [language.get("page_count", 0) for bundle in bundles(site)
              for language in json.loads((bundle / ENTRY_FILE).read_text(encoding="utf-8"))[
                  "languages"].values()]
    return max(counts, default=0)


def reference_script() -> str:
    result = subprocess.run(["git", "show", f"{REFERENCE_COMMIT}:{GRAPH_SCRIPT}"], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{GRAPH_SCRIPT} at {REFERENCE_COMMIT[:10]} is not in this clone's "
                         f"history (a shallow clone?): {result.stderr.strip()}")
    return result.stdout


def measure_size(root: Path, pages: int, args: argparse.Namespace, browser,
                 reference: str) -> SizeFigures:
    plan = plan_garden(pages, args.seed)
    make_garden(root, plan)
    print(f"{pages} pages: garden in {root}", flush=True)
    git_init(root)  # the garden dates its pages from git, as a real garden's
    plain = measure.build(root, "plain.yml", root / "site-plain", {}, args.build_runs)
    plain_nav = measure.build(root, "plain-nav.yml", root / "site-plain-nav", {},
                              args.build_runs)
    without = measure.build(root, "without-garden.yml", root / "site-without", {},
                            args.build_runs)
    server, url = serve_site(root / "site", SITE_URL, compress=True)
    try:
        garden = measure.build(root, "mkdocs.yml", root / "site", {"GARDEN_SITE_URL": url},
                               args.build_runs)
        print(f"  build {garden.seconds:.1f} s, CPU {garden.cpu_seconds:.1f} s (plain "
              f"{plain.cpu_seconds:.1f} s, with the nav {plain_nav.cpu_seconds:.1f} s, "
              f"without the plugin {without.cpu_seconds:.1f} s)", flush=True)
        check = measure.check(root, args.build_runs)
        print(f"  garden check {check.seconds:.1f} s", flush=True)
        search = measure.first_search(browser, url, args.runs, measure.COMMON_QUERIES,
                                      root / "site")
        rare, rare_pages = rare_word(root / "docs", plan)
        rare_search = measure.first_search(browser, url, args.runs, (rare,), root / "site")
        print(f"  first results {search.milliseconds:.0f} ms, {search.bytes} bytes; "
              f"{rare!r} (on {rare_pages} pages) {rare_search.milliseconds:.0f} ms, "
              f"{rare_search.bytes} bytes", flush=True)
        content = urljoin_page(url, plan.pages[0].src)
        graph = measure.graph(browser, url, content, None, reference, args)
        print(f"  graph ready {ms(graph.ready_ms)} (before: {ms(graph.reference_ready_ms)})",
              flush=True)
    finally:
        server.shutdown()
    serve = (measure.serve_rebuilds(root, root / "docs" / plan.pages[0].src,
                                    plan.pages[0].src, args.serve_timeout)
             if not args.no_serve else None)
    raw, packed = search_files(root / "site")
    return SizeFigures(pages=pages, documents=len(plan.pages), build=garden, plain=plain,
                       plain_nav=plain_nav, without_plugin=without, check=check,
                       search_raw=raw, search_gzip=packed, search=search, graph=graph,
                       serve=serve, rare_search=rare_search, rare_word=rare,
                       rare_pages=rare_pages, largest_index=largest_index(root / "site"))


def rare_word(docs: Path, plan: GardenPlan) -> tuple[str, int]:
    """A word few pages hold (the last glossary term's first word), and how many do."""
    word = plan.terms[-1]["term"].split()[0].lower()
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    pages = sum(1 for page in docs.rglob("*.md")
                if pattern.search(page.read_text(encoding="utf-8")))
    return word, pages


def git_init(root: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "A synthetic garden"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True)


def urljoin_page(url: str, src: str) -> str:
    return url + src.removesuffix(".md") + "/"


def measure_graph_only(host: str, pages: int, args: argparse.Namespace, browser,
                       reference: str) -> GraphFigures:
    started = time.perf_counter()
    # Laid out as a build lays its graph out, so the page gets what a build would serve.
    data = json.dumps(with_positions(plan_graph(plan_garden(pages, args.seed))))
    laid_out = time.perf_counter() - started
    figures = measure.graph(browser, host, None, data, reference, args)
    print(f"{pages} pages, graph only (laid out in {laid_out:.2f} s): ready "
          f"{ms(figures.ready_ms)} (before: {ms(figures.reference_ready_ms)})", flush=True)
    return figures


def sizes(text: str) -> list[int]:
    return [int(part.replace("_", "").replace(",", "")) for part in text.split() if part]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda t: sizes(t.replace(",", " ")),
                        default=[100, 1000, 10000], help="garden sizes, e.g. '100,1000'")
    parser.add_argument("--graph-sizes", type=lambda t: sizes(t.replace(",", " ")),
                        default=[3000], help="graph-only sizes (no build); '' for none")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median counts")
    parser.add_argument("--build-runs", type=int,
                        help="builds of each kind per size (default: --runs)")
    parser.add_argument("--seed", type=int, default=41)
    parser.add_argument("--reference-timeout", type=float, default=120,
                        help="seconds the reference layout may take before it is cut off")
    parser.add_argument("--serve-timeout", type=float, default=600)
    parser.add_argument("--no-serve", action="store_true", help="skip the serve rebuilds")
    parser.add_argument("--out", type=Path, default=DEFAULT_REPORT)
    parser.add_argument("--keep", action="store_true", help="keep the generated gardens")
    args = parser.parse_args()
    args.build_runs = args.build_runs or args.runs
    return args


def main() -> int:
    args = parse_args()
    reference = reference_script()
    work = Path(tempfile.mkdtemp(prefix="garden-scale-"))
    rows: list[SizeFigures] = []
    graphs: dict[int, GraphFigures] = {}
    try:
        with measure.chromium() as browser:
            for pages in args.sizes:
                rows.append(measure_size(work / str(pages), pages, args, browser, reference))
            if args.graph_sizes:
                # A small site hosts the graph page, built for the address it is served at:
                # its Content-Security-Policy names its script files there.
                host_root = work / "host"
                make_garden(host_root, plan_garden(20, args.seed))
                server, url = serve_site(host_root / "site", SITE_URL, compress=True)
                measure.build(host_root, "mkdocs.yml", host_root / "site",
                              {"GARDEN_SITE_URL": url}, 1)
                try:
                    for pages in args.graph_sizes:
                        graphs[pages] = measure_graph_only(url, pages, args, browser, reference)
                finally:
                    server.shutdown()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report = render(rows, graphs, (args.runs, args.build_runs), REFERENCE_COMMIT,
                    " ".join(sys.argv[1:]), args.reference_timeout)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    print(f"written to {os.path.relpath(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
