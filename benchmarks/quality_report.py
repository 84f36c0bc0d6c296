"""The garden's quality report: Lighthouse scores, first-view weight, search index and latency.

Builds the site for a loopback address, serves it with gzip like a static host, runs Lighthouse
(from node_modules, on the system Chromium) on the home page and the longest content page,
measures the search, writes reports/quality.md and prints the figures. Exit status 1 when a
budget is missed. Run it with `make report`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from garden.search_index import SITE_BUNDLE, bundles, read_bundle
from garden.site import load_config

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' loopback server, shared with them
from static_server import serve_site  # noqa: E402

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


@dataclass
class Audit:
    label: str
    path: str
    scores: dict[str, int]
    metrics: dict[str, str]
    transferred: int
    requests: int
    performance_runs: list[int]


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


def lighthouse_run(url: str) -> dict:
    """One Lighthouse run: its result (LHR) as a dict."""
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def lighthouse(url: str, label: str, path: str) -> Audit:
    """The median of LIGHTHOUSE_RUNS runs by performance score."""
    runs = sorted((lighthouse_run(url) for _ in range(LIGHTHOUSE_RUNS)),
                  key=lambda lhr: lhr["categories"]["performance"]["score"])
    lhr = runs[len(runs) // 2]
    audits = lhr["audits"]
    failing = [audit["id"] for audit in audits.values()
               if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0]
    if failing:
        print(f"{label}: failing audits: {', '.join(failing)}", file=sys.stderr)
    return Audit(
        label=label, path=path,
        scores={name: round(lhr["categories"][name]["score"] * 100) for name in CATEGORIES},
        metrics={name: audits[name]["displayValue"] for name in METRICS},
        transferred=int(audits["total-byte-weight"]["numericValue"]),
        requests=len(audits["network-requests"]["details"]["items"]),
        performance_runs=[round(run["categories"]["performance"]["score"] * 100) for run in runs],
    )


def search_latencies(browser_url: str) -> dict[str, float]:
    """Median milliseconds from typing a query on a freshly loaded page to its first result."""
    from playwright.sync_api import sync_playwright

    field = "input[data-md-component=search-query]"
    medians: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROME_FLAGS.replace("--headless=new ", "").split())
        for query in SEARCH_QUERIES:
            runs = []
            for _ in range(SEARCH_RUNS):
                context = browser.new_context()
                page = context.new_page()
                page.goto(browser_url, wait_until="load")
                start = time.perf_counter()
                page.locator(field).fill(query)
                page.locator(field).press("End")  # the theme reads the query on keyup
                page.wait_for_selector(".md-search-result__item")
                runs.append((time.perf_counter() - start) * 1000)
                context.close()
            medians[query] = statistics.median(runs)
        browser.close()
    return medians


def kb(size: int) -> str:
    return f"{size / 1000:.1f} kB"


def render(audits: list[Audit], bundle_names: list[str], bundle_size: int, documents: int,
           latencies: dict[str, float], problems: list[str]) -> str:
    lines = [
        "# Quality report",
        "",
        "Generated by `make report` (benchmarks/quality_report.py): Lighthouse "
        "(default mobile emulation and simulated throttling) on the system Chromium, against the "
        f"built site served with gzip on loopback; each page is the median of {LIGHTHOUSE_RUNS} "
        "runs by performance score.",
        "",
        "## Budgets",
        "",
        f"- Performance ≥ {MIN_SCORES['performance']}; accessibility, best practices and SEO "
        "= 100 on the home page and the longest content page.",
        f"- First view of a content page ≤ {kb(FIRST_VIEW_BUDGET)} transferred (gzip).",
        "",
        f"**Result: {'all budgets met' if not problems else 'budgets missed'}.**",
        *([""] + [f"- {problem}" for problem in problems] if problems else []),
        "",
        "## Lighthouse",
        "",
        "| Page | Performance | Accessibility | Best practices | SEO | Transferred | Requests |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for audit in audits:
        scores = " | ".join(str(audit.scores[name]) for name in CATEGORIES)
        lines.append(f"| {audit.label} (`/{audit.path}`) | {scores} | {kb(audit.transferred)} "
                     f"| {audit.requests} |")
    lines += ["", "| Page | " + " | ".join(METRICS.values()) + " | Performance of each run |",
              "| --- |" + " ---: |" * (len(METRICS) + 1)]
    for audit in audits:
        runs = ", ".join(map(str, audit.performance_runs))
        lines.append(f"| {audit.label} | " + " | ".join(audit.metrics.values()) + f" | {runs} |")
    lines += [
        "",
        "## Search",
        "",
        f"- Pagefind bundles ({', '.join(f'`{b}/`' for b in bundle_names)}): "
        f"{kb(bundle_size)} on disk, {documents} pages; a search downloads only the chunks "
        "and pages it needs (`benchmarks/search_bench.py` measures how much).",
        f"- First results, from typing on a freshly loaded home page (median of {SEARCH_RUNS}):",
        "",
        *[f"  - `{query}`: {ms:.0f} ms" for query, ms in latencies.items()],
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `npm ci` (make report does).", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="garden-report-") as directory:
        site = Path(directory)
        server, url = serve_site(site, load_config(ROOT / "mkdocs.yml").raw.get("site_url"),
                                 compress=True)
        try:
            build_site(site, url)
            content = longest_content_page(site)
            audits = [lighthouse(url, "Home", ""),
                      lighthouse(urljoin(url, content), "Longest content page", content)]
            found = bundles(site)
            bundle_names = [bundle.name for bundle in found]
            bundle_size = sum(path.stat().st_size for bundle in found
                              for path in bundle.rglob("*") if path.is_file())
            documents = len(read_bundle(site / SITE_BUNDLE))
            latencies = search_latencies(url)
        finally:
            server.shutdown()
    problems = [f"{audit.label}: {name} {audit.scores[name]} < {minimum}"
                for audit in audits for name, minimum in MIN_SCORES.items()
                if audit.scores[name] < minimum]
    content_view = audits[1].transferred
    if content_view > FIRST_VIEW_BUDGET:
        problems.append(f"content page first view {kb(content_view)} > {kb(FIRST_VIEW_BUDGET)}")
    report = render(audits, bundle_names, bundle_size, documents, latencies, problems)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")
    print(report)
    print(f"written to {REPORT.relative_to(ROOT)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
