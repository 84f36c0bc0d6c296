"""What the garden plugin adds to a build: a synthetic garden built with and without it.

Generates a garden of `--pages` pages (default 10,000) and a glossary of `--terms` terms
(default 500) in a temporary directory, runs `mkdocs build` on it with plain Material, with the
plugin's glossary links alone, with every feature but Pagefind and the sanitizer, and with the
whole plugin (`plugins: [search, garden]`), and prints the wall times and their ratios to plain
Material (goals: glossary at most 1.15, the plugin at most 1.10).

    .venv/bin/python benchmarks/glossary_bench.py              # the full measurement
    .venv/bin/python benchmarks/glossary_bench.py --pages 500  # a quick run

Builds alternate and the best of `--repeat` runs counts, as other work on the machine
only ever slows a build down.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from synthetic_garden import CONFIG, make_page, make_terms

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
# The builds compared, by the `plugins:` line of their mkdocs.yml.
CONFIGS = {
    "plain": "plugins: [search]",
    # The glossary links alone, as the glossary hook was measured before the plugin.
    "glossary": "plugins: [search, {garden: {backlinks: false, graph: false, pagefind: false, "
                "safety: false}}]",
    # Every feature of the plugin but the search engine and the sanitizer.
    "features": "plugins: [search, {garden: {pagefind: false, safety: false}}]",
    # The whole plugin, as a site gets it: Pagefind indexing and the sanitizer included.
    "garden": "plugins: [search, garden]",
}
GOALS = {"glossary": 1.15, "features": 1.10, "garden": 1.10}


def generate(root: Path, pages: int, term_count: int, seed: int) -> None:
    rng = random.Random(seed)
    terms = make_terms(term_count, rng)
    docs = root / "docs"
    docs.mkdir(parents=True)
    (root / "glossary.yml").write_text(yaml.safe_dump(terms, allow_unicode=True),
                                       encoding="utf-8")
    (docs / "index.md").write_text("# Benchmark garden\n\nA synthetic garden.\n",
                                   encoding="utf-8")
    (docs / "glossary.md").write_text("# Glossary\n\nThe terms.\n", encoding="utf-8")
    for number in range(pages):
        section = docs / f"section-{number // 100:03d}"
        section.mkdir(exist_ok=True)
        (section / f"page-{number:05d}.md").write_text(make_page(number, rng, terms),
                                                       encoding="utf-8")
    for name, plugins in CONFIGS.items():
        (root / f"mkdocs-{name}.yml").write_text(CONFIG.replace("plugins: [search]", plugins),
                                          encoding="utf-8")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(root: Path, config: str, site: str) -> tuple[float, float]:
    """Wall time and CPU time (the build and its worker, on every core) of one build."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cpu, start = children_cpu(), time.perf_counter()
    result = subprocess.run([str(MKDOCS), "build", "--quiet", "-f", config, "-d", site],
                            cwd=root, env=env, capture_output=True, text=True)
    elapsed, cpu = time.perf_counter() - start, children_cpu() - cpu
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build -f {config} failed:\n{result.stderr[-4000:]}")
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--seed", type=int, default=41)
    parser.add_argument("--repeat", type=int, default=2,
                        help="builds of each kind; the best time counts (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep the generated garden")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="glossary-bench-"))
    try:
        generate(root, args.pages, args.terms, args.seed)
        print(f"garden: {args.pages} pages, {args.terms} terms in {root}", flush=True)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in CONFIGS}
        for run in range(1, args.repeat + 1):  # alternate, so load changes hit all alike
            for name in CONFIGS:
                runs[name].append(build(root, f"mkdocs-{name}.yml", f"site-{name}"))
            print(f"run {run}: " + ", ".join(f"{name} {times[-1][0]:.1f} s (CPU "
                                             f"{times[-1][1]:.1f} s)"
                                             for name, times in runs.items()), flush=True)
        best = {name: min(times) for name, times in runs.items()}
        cpu = {name: min(c for _, c in times) for name, times in runs.items()}
        for name, (wall, _) in best.items():
            ratio = "" if name == "plain" else (
                f"  ratio {wall / best['plain'][0]:.3f} (goal <= {GOALS[name]:.2f}), CPU ratio "
                f"{cpu[name] / cpu['plain']:.3f}")
            print(f"{name:9} {wall:8.1f} s (best of {args.repeat}){ratio}")
        links = sum(html.read_text(encoding="utf-8").count('class="glossary-term"')
                    for html in (root / "site-garden").rglob("*.html"))
        print(f"glossary links in the built site: {links} ({links / max(args.pages, 1):.1f} "
              "per page)")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
