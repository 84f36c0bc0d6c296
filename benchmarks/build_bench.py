"""Build time and memory with the whole navigation, against plain Material without it.

Generates synthetic gardens (benchmarks/glossary_bench.py's generator: 100 pages per folder, the
folders are the top-level sections) of `--pages` pages (default 1,000 and 10,000) and builds
each with `mkdocs build` in these configurations:

- plain: Material and its search plugin, a navigation of two pages (the reference);
- pruned nav: every page in the navigation, with the garden's navigation features (tabs,
  indexes) and `navigation.prune`, which renders on each page only its own section;
- pruned nav + Pagefind: the same, plus the garden's search hook indexing the site afterwards;
- full nav: every page in the navigation on every page, without pruning (the garden before;
  only up to `--full-nav-limit` pages, as it grows with the square of the page count).

Prints wall time, CPU time and peak memory (max RSS of the build process) of each, and each
wall time's ratio to plain (the goal is at most 1.2). Builds alternate; the best of `--repeat`.

    .venv/bin/python benchmarks/build_bench.py                 # 1,000 and 10,000 pages
    .venv/bin/python benchmarks/build_bench.py --pages 1000    # a quicker run
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from glossary_bench import CONFIG, generate

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
# The garden plugin with only its Pagefind search on: what the search adds to a build.
PAGEFIND_ONLY = ("plugins: [search, {garden: {glossary_links: false, backlinks: false, "
                 "graph: false, safety: false}}]")
NAV_FEATURES = ("navigation.tabs", "navigation.indexes")
TWO_PAGE_NAV = "nav:\n  - index.md\n  - glossary.md\n"


@dataclass(frozen=True)
class Build:
    wall: float
    cpu: float
    max_rss_mb: float


def config_text(nav: bool, prune: bool, search_hook: bool) -> str:
    features = ["content.tooltips", *(NAV_FEATURES if nav else ()),
                *(("navigation.prune",) if prune else ())]
    text = CONFIG.replace("features: [content.tooltips]", f"features: [{', '.join(features)}]")
    if nav:
        text = text.replace(TWO_PAGE_NAV, "")  # no `nav`: MkDocs lists every page
    if search_hook:
        text = text.replace("plugins: [search]", PAGEFIND_ONLY)
    return text


CONFIGS = {
    "plain": config_text(nav=False, prune=False, search_hook=False),
    "pruned nav": config_text(nav=True, prune=True, search_hook=False),
    "pruned nav + Pagefind": config_text(nav=True, prune=True, search_hook=True),
    "full nav": config_text(nav=True, prune=False, search_hook=False),
}


def build(root: Path, name: str) -> Build:
    """One build in a process of its own, so its peak memory is its own."""
    config = root / f"{name.replace(' ', '-').replace('+', 'and')}.yml"
    config.write_text(CONFIGS[name], encoding="utf-8")
    site = root / "site"
    shutil.rmtree(site, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    process = subprocess.Popen([str(MKDOCS), "build", "--quiet", "-f", str(config), "-d",
                                str(site)], cwd=root, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    errors = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"mkdocs build -f {config} failed:\n{errors[-4000:]}")
    return Build(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def measure(pages: int, repeat: int, full_nav_limit: int) -> None:
    names = [name for name in CONFIGS if name != "full nav" or pages <= full_nav_limit]
    root = Path(tempfile.mkdtemp(prefix="build-bench-"))
    try:
        generate(root, pages, 500, 41)
        runs: dict[str, list[Build]] = {name: [] for name in names}
        for _ in range(repeat):  # alternate, so load changes hit every configuration alike
            for name in names:
                runs[name].append(build(root, name))
                print(f"  {pages} pages, {name}: {runs[name][-1].wall:.1f} s", flush=True)
        best = {name: min(results, key=lambda b: b.wall) for name, results in runs.items()}
        plain = best["plain"].wall
        print(f"\n{pages} pages (best of {repeat}):")
        print(f"{'configuration':<24} {'wall':>9} {'CPU':>9} {'max RSS':>10} {'vs plain':>9}")
        for name, result in best.items():
            print(f"{name:<24} {result.wall:>7.1f} s {result.cpu:>7.1f} s "
                  f"{result.max_rss_mb:>7.0f} MB {result.wall / plain:>9.2f}", flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--full-nav-limit", type=int, default=1_000,
                        help="build the unpruned navigation only up to this many pages")
    args = parser.parse_args()
    for pages in args.pages:
        measure(pages, args.repeat, args.full_nav_limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
