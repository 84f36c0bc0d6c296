"""The scale benchmark's measurements: builds, first searches, graphs and serve rebuilds.

Each function takes one figure the same way for whatever the site uses (search engine, graph
script), so that runs on different branches, and the two graph layouts, compare.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from quality_report import CHROME_FLAGS, CHROMIUM
from search_reader import SEARCH_FIELD, reader_locale, type_query

from garden.features.search_index import ENTRY_FILE, bundle_dir

MKDOCS = Path(sys.executable).parent / "mkdocs"
# Material's header search box and a drawn result; a search engine replacing Material's own
# drives the same dialog.
SEARCH_RESULT = ".md-search-result__item"
# A request made before typing belongs to the search when a path segment starts with one of
# these: the engine's index and its worker and language scripts are fetched at page load. The
# folders of the built site whose names start so are the search engine's (Material's lunr,
# Pagefind's bundles and their parts).
SEARCH_SEGMENTS = ("search", "pagefind", "lunr")
# What a search fetches, by the end of a file's name (Pagefind's), else the engine: its
# scripts, WebAssembly and entry file.
SEARCH_KINDS = ((".pf_meta", "index metadata"), (".pf_index", "word index"),
                (".pf_fragment", "result fragments"))
ENGINE = "engine"
# Words of the synthetic prose, English and Russian (benchmarks/synthetic_garden.py).
# Words on most pages, in the site's language and in the Russian passages' own bundle; the
# rare word is the garden's own (`rare_word`).
COMMON_QUERIES = ("request", "запрос")
# How often a build's processes are read (their memory and CPU time), and where.
MEMORY_SAMPLE = 0.05
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PSS_RE = re.compile(r"^Pss:\s+(\d+) kB", re.MULTILINE)
BUILT_IN_RE = re.compile(r"Documentation built in ([\d.]+) seconds")
PAN_FRAMES = 120
REDRAWS = 10


@dataclass
class BuildFigures:
    seconds: float
    peak_bytes: int  # the most memory the command's processes held at one time, together
    cpu_seconds: float = 0.0  # user + system, of the process and the workers it waited for
    load: float = 0.0  # the machine's one-minute load average when it started
    # At that peak: each process's share, largest first, by its command name.
    peak_processes: tuple[tuple[str, int], ...] = ()
    # CPU seconds by process (`process_label`), most first: the command's own is what the
    # others leave of cpu_seconds.
    cpu_processes: tuple[tuple[str, float], ...] = ()


@dataclass
class SearchFigures:
    milliseconds: float
    bytes: int
    by_kind: dict[str, int] = field(default_factory=dict)  # bytes by SEARCH_KINDS' names
    # The slowest query searched by Pagefind alone (`engine_search`): ms, and pages ranked.
    engine: tuple[float, int] | None = None


@dataclass
class GraphFigures:
    nodes: int
    edges: int
    ready_ms: float | None
    reference_ready_ms: float | None
    pan_fps: float | None
    reference_pan_fps: float | None
    redraw_ms: float | None
    reference_redraw_ms: float | None
    idle_fps: float | None = None
    local_ms: float | None = None
    reference_local_ms: float | None = None


def median(values: list[float | None]) -> float | None:
    """The median, or None when any run did not finish (a cut-off reference layout)."""
    return None if not values or None in values else statistics.median(values)


@contextlib.contextmanager
def chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROME_FLAGS.replace("--headless=new ", "").split())
        try:
            yield browser
        finally:
            browser.close()


def proportional_memory(pid: int) -> int | None:
    """A process's proportional set size (its own pages, and its share of pages it shares
    with others, as after a fork), or None once it is gone."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    found = PSS_RE.search(rollup)
    return int(found.group(1)) * 1024 if found else None


def process_label(pid: int, name: str, root: int, root_name: str) -> str:
    """A process by its command name; a fork of the command (the glossary's planning
    worker) shares the command's name and is told apart as its worker."""
    return f"{name} worker" if pid != root and name == root_name else name


class Process(NamedTuple):
    pid: int
    name: str  # its command name
    cpu_seconds: float  # user + system, used so far


def process_tree(root: int) -> list[Process]:
    """`root` and every process descended from it, as /proc gives them now."""
    parents: dict[int, int] = {}
    found: dict[int, Process] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            name, _, rest = stat.partition(" (")[2].rpartition(") ")
            fields = rest.split()  # state, ppid, …, utime (12th), stime (13th)
            parents[int(entry)] = int(fields[1])
            found[int(entry)] = Process(int(entry), name,
                                        (int(fields[11]) + int(fields[12])) / CLOCK_TICKS)
    tree = [root]
    for pid in tree:  # grows as children are found
        tree += [child for child, parent in parents.items() if parent == pid]
    return [found.get(pid, Process(pid, "?", 0.0)) for pid in tree]


class ProcessSampler:
    """What a process and its descendants use, sampled every MEMORY_SAMPLE seconds while it
    runs: the most memory they hold together (each one's proportional set size, summed: the
    peak of a build that runs Pagefind beside itself is the two together, which neither's own
    peak shows), and the CPU time each descendant has used by its last sample."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak: tuple[tuple[str, int], ...] = ()
        self._cpu: dict[int, tuple[str, float]] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        if not Path("/proc/self/smaps_rollup").is_file():
            return  # no proportional set sizes here (not Linux): run_once falls back
        while not self._done.wait(MEMORY_SAMPLE):
            tree = process_tree(self.pid)
            labelled = [(process, process_label(process.pid, process.name, self.pid,
                                                tree[0].name)) for process in tree]
            held = [(label, memory) for process, label in labelled
                    if (memory := proportional_memory(process.pid))]
            if sum(m for _, m in held) > self.total:
                self.peak = tuple(sorted(held, key=lambda item: -item[1]))
            for process, label in labelled[1:]:
                self._cpu[process.pid] = (label, process.cpu_seconds)

    @property
    def total(self) -> int:
        return sum(memory for _, memory in self.peak)

    def cpu_by_process(self, total: float, name: str) -> tuple[tuple[str, float], ...]:
        """`total` CPU seconds of the command `name` split by process: each descendant's by
        its label, the command's own what they leave."""
        found: Counter[str] = Counter()
        for label, used in self._cpu.values():
            found[label] += used
        found[name] = total - sum(found.values())
        return tuple(found.most_common())

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def run_once(root: Path, command: list[str], log_name: str,
             env: dict[str, str]) -> BuildFigures:
    """One command: wall and CPU time (from wait4: the process and the workers it waited
    for), and the most memory it and its processes held at one time (`MemorySampler`; where
    /proc gives no proportional set sizes, its largest process's peak, ru_maxrss)."""
    log = root / log_name
    load = os.getloadavg()[0]
    with log.open("w") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
            stdout=sink, stderr=subprocess.STDOUT)
        sampler = ProcessSampler(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
        raise SystemExit(f"{' '.join(command)} in {root} failed:\n{tail}")
    # ru_maxrss also counts the benchmark itself, as the child was before it ran the command.
    peak = sampler.total or usage.ru_maxrss * 1024
    used = usage.ru_utime + usage.ru_stime
    return BuildFigures(elapsed, peak, used, load, sampler.peak,
                        sampler.cpu_by_process(used, Path(command[0]).name))


def build_once(root: Path, config: str, site: Path, env: dict[str, str]) -> BuildFigures:
    """One `mkdocs build` of `config` into `site`."""
    return run_once(root, [str(MKDOCS), "build", "--quiet", "-f", config, "-d", str(site)],
                    f"{Path(config).stem}-build.log", env)


def median_of(figures: list[BuildFigures]) -> BuildFigures:
    heaviest = max(figures, key=lambda f: f.peak_bytes)
    middle = sorted(figures, key=lambda f: f.cpu_seconds)[len(figures) // 2]
    return BuildFigures(statistics.median(f.seconds for f in figures), heaviest.peak_bytes,
                        statistics.median(f.cpu_seconds for f in figures),
                        max(f.load for f in figures), heaviest.peak_processes,
                        middle.cpu_processes)


def build(root: Path, config: str, site: Path, env: dict[str, str], runs: int) -> BuildFigures:
    return median_of([build_once(root, config, site, env) for _ in range(runs)])


def check(root: Path, runs: int) -> BuildFigures:
    """`garden check` of the garden at `root`, as `make check` runs it."""
    command = [str(MKDOCS.with_name("garden")), "check"]
    return median_of([run_once(root, command, "check.log", {}) for _ in range(runs)])


def is_search_request(url: str) -> bool:
    """A file of the search: its engine, index or results (not the theme's sitemap.xml, which
    instant navigation fetches while the reader types)."""
    return any(s.startswith(SEARCH_SEGMENTS) for s in urlsplit(url).path.split("/"))


# Taken in the page, so that the browser driver's own round trips are not counted: the key
# that completes the query (the first `keyup` in the search box holding text: Material reads the
# query on keyup, as when a reader lifts the finger from the last letter), and the frame that
# first paints a result (the animation frame after the result enters the page).
SEARCH_CLOCK = """
((FIELD, RESULT) => {
  const clock = {typed: null, drawn: null};
  window.__gardenSearchClock = clock;
  document.addEventListener('keyup', event => {
    if (clock.typed === null && event.target.matches(FIELD) && event.target.value)
      clock.typed = event.timeStamp;
  }, true);
  new MutationObserver((records, observer) => {
    if (clock.typed === null || !document.querySelector(RESULT)) return;
    observer.disconnect();
    requestAnimationFrame(now => {
      clock.drawn = now;
      document.documentElement.setAttribute('data-search-drawn', '');
    });
  }).observe(document, {subtree: true, childList: true});
})""" + f"({json.dumps(SEARCH_FIELD)}, {json.dumps(SEARCH_RESULT)});"


def search_once(browser, url: str, query: str) -> SearchFigures:
    """Type `query` in the header search box of a freshly loaded page; the time to the first
    result drawn, and the bytes (headers and encoded bodies) of the search's requests."""
    context = browser.new_context(locale=reader_locale(query))
    page = context.new_page()
    page.add_init_script(SEARCH_CLOCK)
    finished: list = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    type_query(page, query)
    page.wait_for_selector("html[data-search-drawn]", state="attached")
    clock = page.evaluate("window.__gardenSearchClock")
    elapsed = clock["drawn"] - clock["typed"]
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=3000)
    by_kind: Counter[str] = Counter()
    for request in finished:
        if is_search_request(request.url):
            sizes = request.sizes()
            by_kind[search_kind(request.url)] += (sizes["responseBodySize"]
                                                  + sizes["responseHeadersSize"])
    context.close()
    return SearchFigures(elapsed, sum(by_kind.values()), dict(by_kind))


def search_kind(url: str) -> str:
    path = urlsplit(url).path
    return next((kind for suffix, kind in SEARCH_KINDS if path.endswith(suffix)), ENGINE)


def first_search(browser, url: str, runs: int, queries: tuple[str, ...],
                 site: Path | None = None) -> SearchFigures:
    """The slowest of `queries` and the heaviest (each the median of `runs` fresh page
    loads): a target holds for every word only if it holds for the worst; with the built
    `site`, the slowest searched by Pagefind alone as well."""
    per_query = [(query, median_search([search_once(browser, url, query) for _ in range(runs)]))
                 for query in queries]
    slowest_query, slowest = max(per_query, key=lambda item: item[1].milliseconds)
    _, heaviest = max(per_query, key=lambda item: item[1].bytes)
    engine = engine_search(browser, url, site, slowest_query) if site is not None else None
    return SearchFigures(slowest.milliseconds, heaviest.bytes, heaviest.by_kind, engine)


# Pagefind's own search of a query on its bundle (its parts merged), searched once to fetch
# what the query needs, then again: the repeats fetch nothing, and time its ranking of the
# pages that hold the query's words.
ENGINE_SEARCH = """
async ([entry, parts, query, repeats]) => {
  const engine = await import(entry);
  await engine.options({excerptLength: 24});
  await engine.init();
  await Promise.all(parts.map(part => engine.mergeIndex(part)));
  let found = await engine.search(query);
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    found = await engine.search(query);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return [times[Math.floor(repeats / 2)], found.results.length];
}"""
ENGINE_REPEATS = 5


def engine_search(browser, url: str, site: Path, query: str) -> tuple[float, int] | None:
    """Pagefind's search of `query` alone, in the bundle of the query's language (the
    site's own for English): the median ms of ENGINE_REPEATS searches on the loaded index,
    and how many pages it ranked; None for a site without that bundle."""
    def written(part: int) -> bool:
        return (site / bundle_dir(language, part) / ENTRY_FILE).is_file()

    language = reader_locale(query).split("-")[0]
    if not written(1):
        language = ""  # the site's own bundle
        if not written(1):
            return None
    folder = bundle_dir(language)
    parts = [f"{url}{bundle_dir(language, number)}/"
             for number in itertools.takewhile(written, itertools.count(2))]
    page = browser.new_page()
    try:
        page.goto(f"{url}{folder}/pagefind-entry.json")  # the site's origin, no page's policy
        milliseconds, pages = page.evaluate(
            ENGINE_SEARCH, [f"{url}{folder}/pagefind.js", parts, query, ENGINE_REPEATS])
    finally:
        page.close()
    return milliseconds, pages


def median_search(figures: list[SearchFigures]) -> SearchFigures:
    kinds = {kind for f in figures for kind in f.by_kind}
    return SearchFigures(statistics.median(f.milliseconds for f in figures),
                         int(statistics.median(f.bytes for f in figures)),
                         {kind: int(statistics.median(f.by_kind.get(kind, 0) for f in figures))
                          for kind in sorted(kinds)})


# Records, from navigation start, when each kind of graph container is marked ready.
READY_PROBE = """
(() => {
  const ready = {};
  window.__gardenGraphReady = ready;
  new MutationObserver(records => {
    for (const record of records) {
      const kind = record.target.getAttribute('data-garden-graph');
      if (record.target.getAttribute('data-garden-ready') === 'true' && !(kind in ready)) {
        ready[kind] = performance.now();
      }
    }
  }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-garden-ready']});
})();
"""
# Pans the full graph by a few pixels every frame, as a drag does (`panBy` where the script
# has it, else moving the offset and drawing, as the reference script's drag did), then times
# full redraws at rest.
PAN_AND_REDRAW = """
async ([frames, redraws]) => {
  const graph = document.querySelector('[data-garden-graph=full]').gardenGraph;
  const drawn = graph.frames;
  const start = performance.now();
  for (let i = 0; i < frames; i++) {
    if (graph.panBy) graph.panBy(2, 1);
    else { graph.offsetX += 2; graph.offsetY += 1; graph.draw(); }
    await new Promise(requestAnimationFrame);
  }
  const wall = performance.now() - start;
  const count = graph.frames - drawn;
  await new Promise(resolve => setTimeout(resolve, 300));
  graph.moving = false;
  const before = performance.now();
  for (let i = 0; i < redraws; i++) graph.draw();
  const redraw = (performance.now() - before) / redraws;
  const idleStart = performance.now();
  for (let i = 0; i < frames; i++) await new Promise(requestAnimationFrame);
  const container = document.querySelector('[data-garden-graph=full]');
  return {fps: 1000 * count / wall, redraw: redraw,
          idleFps: 1000 * frames / (performance.now() - idleStart),
          layout: Number(container.getAttribute('data-garden-layout-ms')),
          nodes: graph.nodes.length, edges: graph.edges.length};
}
"""


def graph_once(browser, url: str, kind: str, script: str | None, data: str | None,
               timeout_s: float) -> dict | None:
    """Open `url` and wait for its `kind` graph ("full" or "local") to be ready; with `script`
    served as graph.js and `data` as graph.json when given. None when it is not ready in time."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(READY_PROBE)
    if script is not None:
        page.route("**/assets/garden/graph.js", lambda route: route.fulfill(
            status=200, content_type="application/javascript", body=script))
    if data is not None:
        page.route("**/assets/graph.json", lambda route: route.fulfill(
            status=200, content_type="application/json", body=data))
    try:
        page.goto(url, wait_until="load")
        if kind == "local":  # it is fetched and drawn when it comes near the view
            page.locator("[data-garden-graph=local]").scroll_into_view_if_needed()
        try:
            page.wait_for_function(f"() => '{kind}' in window.__gardenGraphReady",
                                   timeout=timeout_s * 1000, polling=100)
        except Exception:
            return None
        figures = {"ready": page.evaluate(f"() => window.__gardenGraphReady['{kind}']")}
        if kind == "full":
            figures.update(page.evaluate(PAN_AND_REDRAW, [PAN_FRAMES, REDRAWS]))
        return figures
    finally:
        context.close()


def graph_runs(browser, url: str, kind: str, script: str | None, data: str | None,
               timeout_s: float, runs: int) -> list[dict | None]:
    results = []
    for _ in range(runs):
        results.append(graph_once(browser, url, kind, script, data, timeout_s))
        if results[-1] is None:
            break  # cut off once: later runs would be too
    return results


def pick(results: list[dict | None], key: str) -> float | None:
    return median([None if r is None else r[key] for r in results])


def graph(browser, site_url: str, content_url: str | None, data: str | None, reference: str,
          args) -> GraphFigures:
    """The full graph (and a page's local graph when `content_url` is given), with today's
    graph.js and with `reference` in its place."""
    full_url = site_url + "graph/"
    timeout = max(args.reference_timeout, 60)
    today = graph_runs(browser, full_url, "full", None, data, timeout, args.runs)
    before = graph_runs(browser, full_url, "full", reference, data, args.reference_timeout,
                        args.runs)
    shape = next((r for r in today + before if r is not None), {"nodes": 0, "edges": 0})
    figures = GraphFigures(
        nodes=shape["nodes"], edges=shape["edges"],
        ready_ms=pick(today, "ready"), reference_ready_ms=pick(before, "ready"),
        pan_fps=pick(today, "fps"), reference_pan_fps=pick(before, "fps"),
        redraw_ms=pick(today, "redraw"), reference_redraw_ms=pick(before, "redraw"),
        idle_fps=pick(today, "idleFps"))
    if content_url:
        figures.local_ms = pick(graph_runs(browser, content_url, "local", None, None, timeout,
                                           args.runs), "ready")
        figures.reference_local_ms = pick(graph_runs(
            browser, content_url, "local", reference, None, timeout, args.runs), "ready")
    return figures


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_text(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def wait_for_text(url: str, text: str, deadline: float) -> bool:
    while time.monotonic() < deadline:
        body = fetch_text(url)
        if body is not None and text in body:
            return True
        time.sleep(0.1)
    return False


@dataclass
class ServeFigures:
    sentence_seconds: float | None  # a sentence added to a page
    title_seconds: float | None  # a page's title changed: every page's nav shows it
    load: float
    rebuild_seconds: float | None = None  # of the sentence's: the build, as MkDocs logs it


def serve_rebuilds(root: Path, page: Path, src: str, timeout_s: float) -> ServeFigures:
    """Seconds from saving an edit to `page` under `mkdocs serve --dirty` (as `make serve`
    runs it) until the served page shows it (None when it does not within `timeout_s`): a
    sentence added, then the page's title changed. The page is restored afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/garden/"
    page_url = url + src.removesuffix(".md") + "/"
    original = page.read_text(encoding="utf-8")
    stamp = time.time_ns()
    sentence = f"Edited for the rebuild benchmark {stamp}"
    title = f"Retitled {stamp}"
    log = (root / "serve.log").open("w")
    process = subprocess.Popen(
        [str(MKDOCS), "serve", "--dirty", "-a", f"127.0.0.1:{port}"], cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GARDEN_SITE_URL": url},
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        if not wait_for_text(page_url, "</html>", time.monotonic() + timeout_s):
            return ServeFigures(None, None, os.getloadavg()[0])
        time.sleep(1)  # let the watcher settle after the first build
        load = os.getloadavg()[0]
        edited = original + f"\n{sentence}\n"
        builds = len(built_in(root / "serve.log"))
        shown = _edit_shown(page, edited, page_url, sentence, timeout_s)
        rebuilds = built_in(root / "serve.log")[builds:]
        time.sleep(1)
        retitled = _retitled(edited, title)
        title_shown = _edit_shown(page, retitled, page_url, f"<title>{title}", timeout_s)
        return ServeFigures(shown, title_shown, load, rebuilds[0] if rebuilds else None)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        page.write_text(original, encoding="utf-8")


def built_in(log: Path) -> list[float]:
    """The seconds of each build MkDocs logged so far (`Documentation built in 1.23 seconds`)."""
    return [float(found) for found in BUILT_IN_RE.findall(log.read_text(encoding="utf-8"))]


def _retitled(text: str, title: str) -> str:
    """The page with its title changed: the front matter's `title`, else its `# ` heading."""
    lines = text.split("\n")
    for prefix in ("title: ", "# "):
        index = next((i for i, line in enumerate(lines) if line.startswith(prefix)), None)
        if index is not None:
            lines[index] = prefix + title
            return "\n".join(lines)
    raise ValueError("a page without a title")


def _edit_shown(page: Path, text: str, page_url: str, expected: str,
                timeout_s: float) -> float | None:
    page.write_text(text, encoding="utf-8")
    start = time.monotonic()
    if not wait_for_text(page_url, expected, start + timeout_s):
        return None
    return time.monotonic() - start
