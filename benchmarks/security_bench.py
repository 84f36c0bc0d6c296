"""A 1 MB page through `garden check` and the garden's build, against plain MkDocs on the same page.

Writes one page of `--size` bytes (default 1,000,000) of mixed Markdown (headings, prose with
links, code spans and fences, lists, tables, inline HTML, and one paragraph of 80 kB with a link
every few words) into two scratch projects: the garden's own mkdocs.yml (its garden plugin:
glossary, backlinks, graph, freshness, sanitizer and policy) and the same file without it (plain
MkDocs with Material and the same extensions). Prints the wall time of the plain build, the
garden build and `garden check`, and their ratios; the goal is that checking and building the
page each stay within 3x of the plain build.

    .venv/bin/python benchmarks/security_bench.py
    .venv/bin/python benchmarks/security_bench.py --size 200000 --repeat 1   # a quick run

The best of `--repeat` runs counts: other work on the machine only ever slows a run down.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_paths import ROOT

from support.mkdocs_process import copy_sources

BIN = Path(sys.executable).parent
COPIED = ("overrides", "glossary.yml", "notes", "snippets")
WORDS = ("request", "the", "server", "answers", "a", "client", "with", "latency", "of", "and",
         "cache", "queue", "token", "stream", "is", "layer", "retry", "in", "under", "load")


def prose(count: int, seed: int) -> str:
    """`count` words with a link, a code span or emphasis every few words."""
    out = []
    for index in range(count):
        word = WORDS[(index * 7 + seed) % len(WORDS)]
        if index % 11 == 5:
            word = f"[{word}](#section-{(index + seed) % 40})"
        elif index % 13 == 3:
            word = f"`{word}()`"
        elif index % 17 == 8:
            word = f"**{word}**"
        out.append(word)
        if index % 19 == 18:
            out[-1] += "."
    return " ".join(out) + "."


def big_page(size: int) -> str:
    parts = ["---\ntitle: A large page\ndescription: One page of about a megabyte.\n---\n",
             "# A large page\n", prose(14000, 1) + "\n"]  # one paragraph of about 80 kB
    section = 0
    while sum(map(len, parts)) < size:
        parts += [f"## Section {section} {{#section-{section % 40}-{section}}}\n" if section >= 40
                  else f"## Section {section} {{#section-{section}}}\n",
                  prose(120, section) + "\n",
                  f"- item {section} with [a link](#section-{section % 40})\n- `code` item\n",
                  "| a | b |\n| --- | --- |\n| <kbd>Ctrl</kbd> | `x < y` |\n",
                  f"```python\ndef f{section}(x):\n    return x * {section}\n```\n"]
        section += 1
    return "\n".join(parts)


def make_project(base: Path, page: str, garden: bool) -> Path:
    project = base / ("garden" if garden else "plain")
    (project / "docs").mkdir(parents=True)
    copy_sources(project, COPIED)
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^nav:\n(?:[ \t].*\n?)*", "nav:\n  - index.md\n", config, flags=re.M)
    if not garden:
        config = re.sub(r"^[ \t]*- garden[ \t]*\n", "", config, flags=re.M)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "docs" / "index.md").write_text(page, encoding="utf-8")
    return project


def timed(command: list[str], cwd: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):  # check exits 1 on findings: still a full run
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="page size in bytes")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (best counts)")
    args = parser.parse_args()
    page = big_page(args.size)
    with tempfile.TemporaryDirectory() as tmp:
        plain = make_project(Path(tmp), page, garden=False)
        garden = make_project(Path(tmp), page, garden=True)
        build = [str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", "site"]
        check = [str(BIN / "garden"), "check", "--no-cache"]
        best = {"plain build": [], "garden build": [], "garden check": []}
        for _ in range(args.repeat):
            best["plain build"].append(timed(build, plain))
            best["garden build"].append(timed(build, garden))
            best["garden check"].append(timed(check, garden))
    times = {name: min(runs) for name, runs in best.items()}
    print(f"page: {len(page.encode()):,} bytes, {page.count(chr(10)):,} lines "
          f"(one paragraph of {len(prose(14000, 1)):,} bytes); best of {args.repeat}")
    for name, seconds in times.items():
        ratio = seconds / times["plain build"]
        print(f"  {name:<13} {seconds:7.2f} s   {ratio:5.2f}x plain build")
    worst = max(times["garden build"], times["garden check"]) / times["plain build"]
    print(f"goal: check and build each within 3x the plain build: "
          f"{'met' if worst <= 3 else 'MISSED'} ({worst:.2f}x)")
    return 0 if worst <= 3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
