"""The garden's quality report: Lighthouse scores, first-view weight, search index and latency.

Builds the site for a loopback address, serves it with gzip like a static host, runs Lighthouse
(from node_modules, on the system Chromium) on the home page and the longest content page,
measures the search and prints the figures; `--write` (`make report WRITE=1`) also writes them
to reports/quality.md. Exit status 1 when a budget is missed, 3 when the machine was too busy to
judge a performance score below budget.

Lighthouse's CPU slowdown is calibrated to the machine for every run (cpu_slowdown.py): a run
counts only when the slowdown it used fits the benchmarkIndex Lighthouse measured at its start,
else it is made again with the slowdown that index calls for. So a busy machine gives slower
runs, not a lower score.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from bench_paths import ROOT
from cpu_slowdown import Slowdown, calibrated_slowdown
from search_reader import TYPING_MS, complete_query, enter_search_box, reader_locale

from garden.features.search_index import SITE_BUNDLE, bundles, read_bundle
from garden.model.site import load_config
from support.static_server import serve_site

REPORT = ROOT / "reports" / "quality.md"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", os.environ.get("GARDEN_CHROMIUM", "/usr/bin/chromium"))
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --disable-quic --no-first-run")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MIN_SCORES = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
FIRST_VIEW_BUDGET = 250_000  # bytes transferred (gzip) by a content page's first view
METRICS = {
    "first-contentful-paint": "First Contentful Paint",
    "largest-contentful-paint": "Largest Contentful Paint",
    "total-blocking-time": "Total Blocking Time",
    "cumulative-layout-shift": "Cumulative Layout Shift",
    "speed-index": "Speed Index",
}
SEARCH_QUERIES = ("latency", "Задержка", "websocket")
SEARCH_RUNS = 3
LIGHTHOUSE_RUNS = 3  # Lighthouse's advice for variance: report the median run
# Runs made again because the machine's speed changed between calibration and run, per page.
MAX_RECALIBRATIONS = 2
LIGHTHOUSE_DEFAULT_SLOWDOWN = 4.0  # where calibration starts: right for a high-end desktop


@dataclass(frozen=True)
class LighthouseRun:
    """One Lighthouse run (its result, LHR) and the CPU slowdown it was made with."""

    lhr: dict
    slowdown_used: float
    load: float  # the machine's 1-minute load average as the run ended

    @property
    def machine(self) -> Slowdown:
        """The slowdown this run's own benchmarkIndex calls for."""
        return calibrated_slowdown(self.lhr["environment"]["benchmarkIndex"])

    @property
    def calibrated(self) -> bool:
        return self.machine.fits(self.slowdown_used)

    @property
    def performance(self) -> int:
        return round(self.lhr["categories"]["performance"]["score"] * 100)

    def describe(self) -> str:
        mark = "" if self.calibrated else ", not counted: the machine's speed had changed"
        return (f"{self.performance} (index {self.machine.benchmark_index:.0f}, "
                f"{self.slowdown_used:g}x, load {self.load:.1f}{mark})")

    def on_busy_machine(self, cores: int) -> bool:
        """More tasks waited for the CPU than Lighthouse's own browser and one a core."""
        return self.load > cores + 1


@dataclass
class Audit:
    label: str
    path: str
    scores: dict[str, int]
    metrics: dict[str, str]
    transferred: int
    requests: int
    runs: list[LighthouseRun]

    def measured_on_busy_machine(self, cores: int) -> bool:
        return all(run.on_busy_machine(cores) for run in counted_runs(self.runs))


def build_site(out: Path, url: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GARDEN_SITE_URL": url}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(out)],
                   cwd=ROOT, env=env, check=True)


def longest_content_page(site: Path) -> str:
    """The page inside a section with the most indexed text."""
    sizes = {page.url.lstrip("/"): len(page.content) for page in read_bundle(site / SITE_BUNDLE)
             if page.url.strip("/").count("/") >= 1}
    return max(sizes, key=sizes.__getitem__)


def lighthouse_run(url: str, slowdown: float) -> LighthouseRun:
    """One Lighthouse run with CPU slowdown `slowdown`."""
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
         f"--throttling.cpuSlowdownMultiplier={slowdown:g}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, check=True)
    return LighthouseRun(json.loads(result.stdout), slowdown, os.getloadavg()[0])


def calibrated_runs(url: str, slowdown: float) -> tuple[list[LighthouseRun], float]:
    """LIGHTHOUSE_RUNS runs whose slowdown fits the machine as each run measured it, with the
    runs that did not fit (made again with the slowdown their index called for), and the
    slowdown the machine calls for now."""
    runs: list[LighthouseRun] = []
    while (sum(run.calibrated for run in runs) < LIGHTHOUSE_RUNS
           and len(runs) < LIGHTHOUSE_RUNS + MAX_RECALIBRATIONS):
        runs.append(lighthouse_run(url, slowdown))
        print(f"lighthouse {url}: {runs[-1].describe()}", file=sys.stderr)
        slowdown = round(runs[-1].machine.multiplier, 1)
    return runs, slowdown


def counted_runs(runs: list[LighthouseRun]) -> list[LighthouseRun]:
    """The calibrated runs (all runs if none was)."""
    return [run for run in runs if run.calibrated] or runs


def median_run(runs: list[LighthouseRun]) -> LighthouseRun:
    """The median counted run by performance score."""
    counted = sorted(counted_runs(runs), key=lambda run: run.performance)
    return counted[len(counted) // 2]


def lighthouse(url: str, label: str, path: str, slowdown: float) -> tuple[Audit, float]:
    """The page's audit from its median calibrated run, and the slowdown for the next page."""
    runs, slowdown = calibrated_runs(url, slowdown)
    lhr = median_run(runs).lhr
    audits = lhr["audits"]
    failing = [audit["id"] for audit in audits.values()
               if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0]
    if failing:
        print(f"{label}: failing audits: {', '.join(failing)}", file=sys.stderr)
    audit = Audit(
        label=label, path=path,
        scores={name: round(lhr["categories"][name]["score"] * 100) for name in CATEGORIES},
        metrics={name: audits[name]["displayValue"] for name in METRICS},
        transferred=int(audits["total-byte-weight"]["numericValue"]),
        requests=len(audits["network-requests"]["details"]["items"]),
        runs=runs,
    )
    return audit, slowdown


def search_latencies(browser_url: str) -> dict[str, float]:
    """Median milliseconds from completing a query on a freshly loaded page to its first
    result (the reader entered the search box `TYPING_MS` before: benchmarks/search_reader.py)."""
    from playwright.sync_api import sync_playwright

    medians: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROME_FLAGS.replace("--headless=new ", "").split())
        for query in SEARCH_QUERIES:
            runs = []
            for _ in range(SEARCH_RUNS):
                context = browser.new_context(locale=reader_locale(query))
                page = context.new_page()
                page.goto(browser_url, wait_until="load")
                enter_search_box(page)
                start = time.perf_counter()
                complete_query(page, query)
                page.wait_for_selector(".md-search-result__item")
                runs.append((time.perf_counter() - start) * 1000)
                context.close()
            medians[query] = statistics.median(runs)
        browser.close()
    return medians


def kb(size: int) -> str:
    return f"{size / 1000:.1f} kB"


@dataclass
class Conditions:
    """When and on what the figures were taken."""

    started: datetime
    cores: int
    load_before: float
    load_after: float = 0.0


@dataclass
class Verdict:
    """Budgets missed, and performance budgets a busy machine left unjudged."""

    missed: list[str]
    unjudged: list[str]

    def summary(self) -> str:
        if self.missed:
            return "budgets missed"
        if self.unjudged:
            return "no budget missed, but performance not judged: the machine was busy"
        return "all budgets met"

    def exit_status(self) -> int:
        return 1 if self.missed else 3 if self.unjudged else 0


@dataclass
class SearchFigures:
    bundle_names: list[str]
    bundle_size: int  # bytes on disk, every bundle
    documents: int
    latencies: dict[str, float]


def render_method(conditions: Conditions, audits: list[Audit]) -> list[str]:
    """How the figures were taken: the machine, the tools and the calibration of each run."""
    runs = [run for audit in audits for run in audit.runs]
    first = runs[0].lhr
    chromium = re.search(r"Chrome/([\d.]+)", first["environment"]["hostUserAgent"])
    indexes = [run.machine.benchmark_index for run in runs]
    slowdowns = sorted({run.slowdown_used for run in runs})
    not_counted = sum(not run.calibrated for run in runs)
    lines = [
        "## How the figures were taken",
        "",
        f"- {conditions.started:%Y-%m-%d %H:%M} UTC, on a machine with {conditions.cores} CPU "
        f"cores; load average (1 minute) {conditions.load_before:.1f} at the start, "
        f"{conditions.load_after:.1f} at the end.",
        f"- Lighthouse {first['lighthouseVersion']} on headless Chromium "
        f"{chromium.group(1) if chromium else '(unknown version)'}: default mobile emulation and "
        "simulated throttling, against the site built with `mkdocs build --strict` and served "
        "with gzip on loopback.",
        "- CPU slowdown calibrated to the machine, run by run, as Lighthouse's throttling docs "
        "recommend: each run measures the machine's speed at its start (its benchmarkIndex) and "
        "Lighthouse's CPU throttling calculator turns that into the slowdown that emulates its "
        "target phone (4x for an index of about 1533, a high-end desktop). A run counts when the "
        "slowdown it was made with fits its own index; otherwise it is made again with the "
        f"slowdown that index calls for. Here: {len(runs)} runs, {not_counted} not counted; "
        f"indexes {min(indexes):.0f} to {max(indexes):.0f}; slowdowns "
        f"{', '.join(f'{value:g}x' for value in slowdowns)}.",
        f"- Each page's figures come from its median counted run by performance score "
        f"({LIGHTHOUSE_RUNS} counted runs wanted, at most "
        f"{LIGHTHOUSE_RUNS + MAX_RECALIBRATIONS} runs a page; counted: "
        + ", ".join(f"{audit.label} {sum(run.calibrated for run in audit.runs)}"
                    for audit in audits)
        + "; a page with none counts all its runs).",
        f"- A calibrated slowdown makes up for a slow machine, not for a busy one: tasks waiting "
        f"for the CPU stretch what Lighthouse observes. A performance score below budget is "
        f"therefore judged only when a counted run was made on a machine that was not busy "
        f"(1-minute load average at most {conditions.cores + 1}: one task a core and "
        f"Lighthouse's own browser); otherwise it is reported as not judged (exit status 3).",
        f"- Search latency is wall-clock time in Chromium on this machine (median of "
        f"{SEARCH_RUNS}), not throttled: it grows with the machine's load.",
    ]
    if any(run.machine.host_too_slow for run in runs):
        lines.append("- **Some runs measured the machine slower than the target phone** (index "
                     "below 150): even with no slowdown their performance figures are too low.")
    return [*lines, ""]


def render_lighthouse(audits: list[Audit]) -> list[str]:
    lines = [
        "## Lighthouse",
        "",
        "| Page | Performance | Accessibility | Best practices | SEO | Transferred | Requests |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for audit in audits:
        scores = " | ".join(str(audit.scores[name]) for name in CATEGORIES)
        lines.append(f"| {audit.label} (`/{audit.path}`) | {scores} | {kb(audit.transferred)} "
                     f"| {audit.requests} |")
    lines += ["", "| Page | " + " | ".join(METRICS.values()) + " |",
              "| --- |" + " ---: |" * len(METRICS)]
    for audit in audits:
        lines.append(f"| {audit.label} | " + " | ".join(audit.metrics.values()) + " |")
    lines += ["", "Performance of each run (benchmarkIndex, CPU slowdown used):", ""]
    lines += [f"- {audit.label}: " + "; ".join(run.describe() for run in audit.runs)
              for audit in audits]
    return [*lines, ""]


def render_search(search: SearchFigures) -> list[str]:
    return [
        "## Search",
        "",
        f"- Pagefind bundles ({', '.join(f'`{b}/`' for b in search.bundle_names)}): "
        f"{kb(search.bundle_size)} on disk, {search.documents} pages; a search downloads only "
        "the chunks and pages it needs (`benchmarks/search_bench.py` measures how much).",
        f"- First results, from completing a query typed into the search box of a freshly "
        f"loaded home page, entered {TYPING_MS} ms before (median of {SEARCH_RUNS}):",
        "",
        *[f"  - `{query}`: {ms:.0f} ms" for query, ms in search.latencies.items()],
        "",
    ]


def render(conditions: Conditions, audits: list[Audit], search: SearchFigures,
           verdict: Verdict) -> str:
    lines = [
        "# Quality report",
        "",
        "Made by `make report` (benchmarks/quality_report.py); how the figures were taken is "
        "below.",
        "",
        "## Budgets",
        "",
        f"- Performance ≥ {MIN_SCORES['performance']}; accessibility, best practices and SEO "
        "= 100 on the home page and the longest content page.",
        f"- First view of a content page ≤ {kb(FIRST_VIEW_BUDGET)} transferred (gzip).",
        "",
        f"**Result: {verdict.summary()}.**",
        *([""] + [f"- {line}" for line in verdict.missed + verdict.unjudged]
          if verdict.missed or verdict.unjudged else []),
        "",
        *render_lighthouse(audits),
        *render_search(search),
        *render_method(conditions, audits),
    ]
    return "\n".join(lines)


def measure(conditions: Conditions) -> tuple[list[Audit], SearchFigures]:
    """Build and serve the site, audit two pages with Lighthouse, time the search."""
    with tempfile.TemporaryDirectory(prefix="garden-report-") as directory:
        site = Path(directory)
        server, url = serve_site(site, load_config(ROOT / "mkdocs.yml").site_url,
                                 compress=True)
        try:
            build_site(site, url)
            content = longest_content_page(site)
            home, slowdown = lighthouse(url, "Home", "", LIGHTHOUSE_DEFAULT_SLOWDOWN)
            page, _ = lighthouse(urljoin(url, content), "Longest content page", content,
                                 slowdown)
            found = bundles(site)
            search = SearchFigures(
                [bundle.name for bundle in found],
                sum(path.stat().st_size for bundle in found for path in bundle.rglob("*")
                    if path.is_file()),
                len(read_bundle(site / SITE_BUNDLE)), search_latencies(url))
        finally:
            server.shutdown()
    return [home, page], search


def judge(audits: list[Audit], cores: int) -> Verdict:
    """Each budget against the figures; a performance score below budget whose counted runs
    were all made on a busy machine says more about the machine than the site: unjudged."""
    verdict = Verdict([], [])
    for audit in audits:
        for name, minimum in MIN_SCORES.items():
            if audit.scores[name] >= minimum:
                continue
            problem = f"{audit.label}: {name} {audit.scores[name]} < {minimum}"
            if name == "performance" and audit.measured_on_busy_machine(cores):
                loads = ", ".join(f"{run.load:.1f}" for run in counted_runs(audit.runs))
                verdict.unjudged.append(f"{problem}, every counted run on a busy machine "
                                        f"(load average {loads} on {cores} cores)")
            else:
                verdict.missed.append(problem)
    content_view = audits[1].transferred
    if content_view > FIRST_VIEW_BUDGET:
        verdict.missed.append(
            f"content page first view {kb(content_view)} > {kb(FIRST_VIEW_BUDGET)}")
    return verdict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true",
                        help=f"also write the report to {REPORT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `npm ci` (make report does).", file=sys.stderr)
        return 2
    conditions = Conditions(datetime.now(UTC), os.cpu_count() or 1, os.getloadavg()[0])
    audits, search = measure(conditions)
    conditions.load_after = os.getloadavg()[0]
    verdict = judge(audits, conditions.cores)
    report = render(conditions, audits, search, verdict)
    print(report)
    if args.write:
        REPORT.parent.mkdir(exist_ok=True)
        REPORT.write_text(report, encoding="utf-8")
        print(f"written to {REPORT.relative_to(ROOT)}")
    return verdict.exit_status()


if __name__ == "__main__":
    sys.exit(main())
