"""How `garden import FOLDER` grows with a vault: synthetic vaults of 250, 500 and 1,000 notes.

Each vault is shaped like the ones people keep (see `make_vault`): notes in folders two deep,
each linking five others by wikilink (with aliases and headings), a callout, an embedded
section, inline tags, a fenced block under a list item, a Markdown link by file name, an
image embed; a few properties. The import runs in a fresh bare site for each size, in this
process, `--runs` times; the best time counts. Linear work doubles its time when the vault
doubles: the report prints each size's time per note and the ratio to the size before.

    .venv/bin/python benchmarks/vault_import.py                        # 250, 500, 1,000
    .venv/bin/python benchmarks/vault_import.py --sizes 1000,2000 --runs 1
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import tempfile
import time
from pathlib import Path

from garden.cli import main

SITE = """site_name: Vault
theme:
  name: material
markdown_extensions: [admonition, pymdownx.details, pymdownx.superfences, attr_list, toc]
plugins: [search, garden]
nav:
  - Home: index.md
"""
WORDS = ("queue", "latency", "broker", "message", "retry", "index", "cache", "token", "graph",
         "shard", "replica", "lease", "timeout", "backoff", "stream", "window", "batch")


def note_text(number: int, names: list[str], rng: random.Random) -> str:
    """One note: properties, a heading per part, links to five others, dialect throughout."""
    others = rng.sample(names, 5)
    words = " ".join(rng.choice(WORDS) for _ in range(60))
    return (f"---\ntags: [{rng.choice(WORDS)}]\naliases: [Note {number}]\nmobile: true\n---\n"
            f"# {names[number]}\n\n{words} #{rng.choice(WORDS)}\n\n"
            f"See [[{others[0]}]], [[{others[1]}|the other]] and [[{others[2]}#Part two]].\n\n"
            f"> [!tip] Remember\n> {words[:80]} [[{others[3]}]]\n\n"
            f"## Part two\n\n1. Step:\n   ```\n   run {number}\n   ```\n2. Then [more]"
            f"({others[4]}.md) and ![[diagram.png|200]]\n\n"
            f"![[{others[0]}#Part two]]\n\n%% private {number} %%\n")


def make_vault(root: Path, notes: int, seed: int) -> Path:
    rng = random.Random(seed)
    names = [f"Note {number:05d}" for number in range(notes)]
    vault = root / "notes" / "Vault"
    for number, name in enumerate(names):
        folder = vault / f"area-{number % 10}" / f"topic-{number % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.md").write_text(note_text(number, names, rng), encoding="utf-8")
    (vault / "attachments").mkdir()
    (vault / "attachments" / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Vault\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(SITE, encoding="utf-8")
    return vault


def import_seconds(notes: int, seed: int) -> float:
    """Seconds `garden import` takes on a fresh vault of `notes` notes."""
    with tempfile.TemporaryDirectory(prefix="garden-vault-") as work:
        root = Path(work)
        vault = make_vault(root, notes, seed)
        out = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(["import", "-f", str(root / "mkdocs.yml"), str(vault)])
        seconds = time.perf_counter() - started
        if code != 0 or " 0 problems reported" not in out.getvalue():
            raise SystemExit(f"the import of {notes} notes failed:\n{out.getvalue()[-2000:]}")
        return seconds


def main_bench() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="250,500,1000",
                        type=lambda text: [int(size) for size in text.split(",")])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'notes':>6} {'seconds':>8} {'ms/note':>8} {'x size before':>14}")
    before: tuple[int, float] | None = None
    for size in args.sizes:
        best = min(import_seconds(size, args.seed) for _ in range(args.runs))
        growth = f"{best / before[1]:.2f} ({size / before[0]:.0f}x notes)" if before else ""
        print(f"{size:>6} {best:>8.2f} {1000 * best / size:>8.2f} {growth:>14}", flush=True)
        before = (size, best)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main_bench())
