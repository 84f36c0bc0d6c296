"""Search on a freshly loaded page: Pagefind (the garden's search) against Material's lunr.

For the real garden and for synthetic gardens (benchmarks/glossary_bench.py's generator) of
`--pages` pages (default 1,000 and 10,000), builds each site once with Material's search plugin,
copies it, and makes of the two copies:

- lunr: the theme's own search, its full `search/search_index.json` and its lunr worker;
- pagefind: the same pages indexed by `garden.features.search_index.index_site`, the garden worker.

Each query is typed into the header search box of a freshly loaded home page in headless
Chromium (`GARDEN_CHROMIUM`, default /usr/bin/chromium), `--runs` times (median counts).
First results: milliseconds from the keystroke to the first result in the dialog, timed inside
the page ("no result": the dialog said there is none, or nothing came within 120 s, as with
lunr on 10,000 pages). Downloaded: bytes of every search request of the page (index, worker,
engine and its chunks), as a static host sends them: text gzip-compressed, Pagefind's
pre-compressed files as they are. The site is served from loopback without compression, so no
on-the-fly gzip counts. Pages show at most 10 results, Pagefind's best.

    .venv/bin/python benchmarks/search_bench.py               # real garden, 1,000, 10,000
    .venv/bin/python benchmarks/search_bench.py --pages 1000  # real garden and 1,000 only
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import mimetypes
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from bench_paths import ROOT
from glossary_bench import CONFIG, generate

from garden.features.search_index import index_site
from garden.model.site import load_config
from support.mkdocs_process import copy_sources
from support.static_server import COMPRESSIBLE_TYPES, serve_site

MKDOCS = Path(sys.executable).parent / "mkdocs"
CHROMIUM = os.environ.get("GARDEN_CHROMIUM", "/usr/bin/chromium")
# The garden's Pagefind worker, as the plugin ships it.
WORKER = ROOT / "scripts" / "garden" / "plugin" / "assets" / "workers" / "garden-search.js"
# Both sites are built with Material's lunr search (the plugin's `pagefind: false`); the Pagefind
# copy gets the bundles and the garden's worker in the theme's worker file.
LUNR_ONLY = "  - garden:\n      pagefind: false\n"
REAL_QUERIES = ("latency", "websocket", "Задержки")
TIMEOUT_MS = 120_000
NO_RESULT_MS = 5_000
# Typed into the search box on a loaded page; resolves with ms to the first result rendered.
# Resolves with null when the dialog has said for NO_RESULT_MS that there is no result (an
# answer to an earlier, empty query can say so for a moment), or after `timeout` ms.
TYPE_AND_TIME = """([query, timeout, NO_RESULT_MS]) => new Promise(resolve => {
    const input = document.querySelector("input[data-md-component=search-query]")
    const result = document.querySelector("[data-md-component=search-result]")
    const list = result.querySelector("ol")
    const meta = result.querySelector(".md-search-result__meta")
    const none = JSON.parse(document.getElementById("__config").textContent)
        .translations["search.result.none"]
    const start = performance.now()
    let noResult = null
    const observer = new MutationObserver(() => {
        if (list.querySelector(".md-search-result__item")) {
            observer.disconnect()
            clearTimeout(noResult)
            resolve(performance.now() - start)
        } else if (meta.textContent.trim() === none && noResult === null) {
            noResult = setTimeout(() => { observer.disconnect(); resolve(null) }, NO_RESULT_MS)
        }
    })
    observer.observe(result, { childList: true, subtree: true, characterData: true })
    setTimeout(() => { observer.disconnect(); resolve(null) }, timeout)
    input.focus()
    input.value = query
    input.dispatchEvent(new KeyboardEvent("keyup", { key: "End", bubbles: true }))
})"""


@dataclass
class Figures:
    first_results_ms: float | None  # None: no result, or none within TIMEOUT_MS
    downloaded: int


def mkdocs_build(config: Path, site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run([str(MKDOCS), "build", "--quiet", "-f", str(config), "-d", str(site)],
                            cwd=config.parent, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build -f {config} failed:\n{result.stderr[-4000:]}")
    return time.perf_counter() - start


def real_garden(root: Path) -> Path:
    """A copy of the garden's sources whose build leaves search to Material (no Pagefind)."""
    if (root / "mkdocs.yml").is_file():
        return root / "mkdocs.yml"
    copy_sources(root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - garden\n", LUNR_ONLY), encoding="utf-8")
    return config


def synthetic_garden(root: Path, pages: int) -> Path:
    """A generated garden on Material, with the garden plugin's search off (the sites get it
    after the build) and its other features off too: the search is what is measured."""
    config_file = root / "search.yml"
    if config_file.is_file():
        return config_file
    generate(root, pages, 500, 41)
    config = CONFIG.replace("plugins: [search]", "plugins: [search, {garden: {pagefind: false, "
                            "glossary_links: false, backlinks: false, graph: false}}]")
    config = config.replace("features: [content.tooltips]",
                            "features: [content.tooltips, search.suggest, search.highlight]")
    config_file.write_text(config, encoding="utf-8")
    return config_file


def lunr_worker(site: Path) -> Path:
    return next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))


def sent_size(path: Path) -> int:
    """Bytes a static host sends for `path`: gzip for text, as it is for the rest."""
    data = path.read_bytes()
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return len(gzip.compress(data, 6)) if kind.startswith(COMPRESSIBLE_TYPES) else len(data)


def is_search_file(relative: str) -> bool:
    first = relative.split("/", 1)[0]
    return (first == "search" or first.startswith("pagefind")
            or relative.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/",
                                    "assets/garden/workers/")))


def measure(browser, site: Path, url: str, query: str) -> Figures:
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url, wait_until="load")
    elapsed = page.evaluate(TYPE_AND_TIME, [query, TIMEOUT_MS, NO_RESULT_MS])
    page.wait_for_load_state("networkidle")
    context.close()
    base = urlsplit(url).path
    files = {unquote(urlsplit(address).path).removeprefix(base) for address in requested
             if address.startswith(url)}
    downloaded = sum(sent_size(site / name) for name in files
                     if is_search_file(name) and (site / name).is_file())
    return Figures(elapsed, downloaded)


def median_figures(browser, site: Path, url: str, query: str, runs: int) -> Figures:
    figures = [measure(browser, site, url, query) for _ in range(runs)]
    times = [f.first_results_ms for f in figures if f.first_results_ms is not None]
    return Figures(statistics.median(times) if len(times) == runs else None,
                   int(statistics.median(f.downloaded for f in figures)))


def milliseconds(value: float | None) -> str:
    return "no result" if value is None else f"{value:.0f} ms"


def prepare_sites(config: Path, work: Path) -> tuple[Path, Path, str]:
    """Build once; the lunr copy and the Pagefind copy, and how long each step took. Sites
    left by an earlier run in the same `--work` folder are measured again, with today's worker."""
    lunr, pagefind = work / "site-lunr", work / "site-pagefind"
    if (lunr / "index.html").is_file() and (pagefind / "pagefind").is_dir():
        shutil.copy2(WORKER, lunr_worker(pagefind))
        return lunr, pagefind, "sites of an earlier run, search worker updated; " + sizes(
            lunr, pagefind)
    build = mkdocs_build(config, pagefind)
    shutil.copytree(pagefind, lunr)
    shutil.copy2(WORKER, lunr_worker(pagefind))
    start = time.perf_counter()
    index_site(pagefind)
    indexing = time.perf_counter() - start
    return lunr, pagefind, (f"build {build:.1f} s; Pagefind indexing {indexing:.1f} s; "
                            + sizes(lunr, pagefind))


def sizes(lunr: Path, pagefind: Path) -> str:
    bundle = sum(f.stat().st_size for f in pagefind.glob("pagefind*/**/*") if f.is_file())
    lunr_index = (lunr / "search" / "search_index.json").stat().st_size
    return (f"lunr index {lunr_index / 1e6:.2f} MB raw; Pagefind bundles {bundle / 1e6:.2f} MB "
            "on disk")


def compare(browser, label: str, sites: tuple[Path, Path, str], queries: tuple[str, ...],
            runs: int, site_url: str | None) -> None:
    lunr, pagefind, note = sites
    print(f"\n{label}: {note}", flush=True)
    print(f"{'query':<14} {'lunr first results':>20} {'lunr download':>14} "
          f"{'Pagefind first results':>23} {'Pagefind download':>18} {'ratio':>6}")
    for query in queries:
        row = {}
        for name, site in (("lunr", lunr), ("pagefind", pagefind)):
            server, url = serve_site(site, site_url)
            try:
                row[name] = median_figures(browser, site, url, query, runs)
            finally:
                server.shutdown()
        lunr_row, pagefind_row = row["lunr"], row["pagefind"]
        ratio = (f"{pagefind_row.first_results_ms / lunr_row.first_results_ms:.2f}"
                 if lunr_row.first_results_ms and pagefind_row.first_results_ms else "-")
        print(f"{query:<14} {milliseconds(lunr_row.first_results_ms):>20} "
              f"{lunr_row.downloaded / 1000:>11.1f} kB "
              f"{milliseconds(pagefind_row.first_results_ms):>23} "
              f"{pagefind_row.downloaded / 1000:>15.1f} kB {ratio:>6}", flush=True)


def synthetic_queries(root: Path) -> tuple[str, ...]:
    """A glossary term (few pages), a common word (most pages), a page title word."""
    terms = yaml.safe_load((root / "glossary.yml").read_text(encoding="utf-8"))
    return (terms[7]["term"].split()[0].lower(), "network", "page 4242")


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=3, help="median of this many (default 3)")
    parser.add_argument("--work", type=Path,
                        help="keep the gardens and sites in this folder, and measure the sites "
                             "an earlier run left there again instead of building them")
    args = parser.parse_args()
    print("First results: ms from the keystroke on a freshly loaded home page to the first "
          f"result (median of {args.runs}); download: gzip bytes of the page's search requests")
    with contextlib.ExitStack() as stack:
        directory = args.work or stack.enter_context(
            tempfile.TemporaryDirectory(prefix="search-bench-"))
        gardens = [("real garden", real_garden(Path(directory) / "real" / "src"), REAL_QUERIES,
                    load_config(ROOT / "mkdocs.yml").site_url)]
        for pages in args.pages:
            work = Path(directory) / f"synthetic-{pages}"
            gardens.append((f"synthetic garden, {pages} pages", synthetic_garden(work, pages),
                            synthetic_queries(work), None))
        # Every site is built before the browser starts: builds and searches never overlap.
        sites = [prepare_sites(config, config.parent.parent if label == "real garden"
                               else config.parent) for label, config, _, _ in gardens]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--disable-gpu"])
            for (label, _, queries, site_url), built in zip(gardens, sites, strict=True):
                compare(browser, label, built, queries, args.runs, site_url)
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
