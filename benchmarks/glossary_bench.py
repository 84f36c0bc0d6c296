"""What the glossary hook adds to a build: a synthetic garden built with and without it.

Generates a garden of `--pages` pages (default 10,000) and a glossary of `--terms` terms
(default 500) in a temporary directory, runs `mkdocs build` on it without and with the
glossary hook, and prints both wall times and their ratio (the goal is at most 1.15).

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
from synthetic_garden import make_page, make_terms

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
HOOK = ROOT / "overrides" / "hooks" / "glossary.py"
CONFIG = """\
site_name: Glossary benchmark
use_directory_urls: true
theme:
  name: material
  features: [content.tooltips]
plugins: [search]
validation:
  nav:
    omitted_files: ignore
nav:
  - index.md
  - glossary.md
markdown_extensions:
  - admonition
  - attr_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.inlinehilite
"""


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
    (root / "plain.yml").write_text(CONFIG, encoding="utf-8")
    (root / "with-glossary.yml").write_text(CONFIG + f"hooks:\n  - {HOOK}\n", encoding="utf-8")


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
        plain_runs, linked_runs = [], []
        for run in range(1, args.repeat + 1):  # alternate, so load changes hit both alike
            plain_runs.append(build(root, "plain.yml", "site-plain"))
            linked_runs.append(build(root, "with-glossary.yml", "site-glossary"))
            print(f"run {run}: without hook {plain_runs[-1][0]:7.1f} s "
                  f"(CPU {plain_runs[-1][1]:.1f} s), with hook {linked_runs[-1][0]:7.1f} s "
                  f"(CPU {linked_runs[-1][1]:.1f} s)", flush=True)
        plain, linked = min(plain_runs), min(linked_runs)
        print(f"without glossary hook: {plain[0]:8.1f} s (best of {args.repeat})")
        print(f"with glossary hook:    {linked[0]:8.1f} s (best of {args.repeat})")
        links = sum(html.read_text(encoding="utf-8").count('class="glossary-term"')
                    for html in (root / "site-glossary").rglob("*.html"))
        print(f"glossary links in the built site: {links} ({links / max(args.pages, 1):.1f} "
              "per page)")
        print(f"ratio: {linked[0] / plain[0]:.3f} (goal <= 1.15); CPU ratio, both cores: "
              f"{min(c for _, c in linked_runs) / min(c for _, c in plain_runs):.3f}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
