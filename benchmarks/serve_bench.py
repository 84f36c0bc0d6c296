"""Edit-to-output time of `mkdocs serve --dirty` with the garden plugin, and its correctness.

Generates a synthetic garden (benchmarks/glossary_bench.py's generator), then, in one process
as `mkdocs serve --dirty` does (the plugin persistent between builds):

1. builds it once in full (the first build of a serve session);
2. edits pages as a writer would, one at a time: a sentence linking another page (so the
   other page's "Linked from" changes), a glossary term mention (the glossary's "Used in"), a
   title (the nav of every page); after each edit, rebuilds and times it;
3. after each edit, builds the edited garden from scratch in another process and folder, as a
   `mkdocs serve` without `--dirty` would, and compares every file of the two sites, the whole
   HTML of every page: the rebuilt site must equal a full build after every edit, not only
   after the last one (a title change renders every page again and would hide what the edits
   before it left wrong).

    .venv/bin/python benchmarks/serve_bench.py --pages 1000

The edit-to-browser time is the rebuild plus live reload's 0.25 s settle delay and a page load;
the figures printed are the rebuilds, with the full build as the reference.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from glossary_bench import CONFIG, generate  # noqa: E402
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

from garden.features.search_index import KEPT_FILE, bundles, kept_files  # noqa: E402

# Files a dirty build cannot keep equal to a full one without the plugin's help and that are
# not the plugin's: Material's lunr index holds only the pages a build rendered.
NOT_COMPARED = {"search/search_index.json"}


def timed_build(root: Path, site: Path, dirty: bool = True) -> tuple[float, float]:
    """One build as `mkdocs serve [--dirty]` makes it (the plugin knows it is serving): the
    seconds until the pages are written (what live reload waits for), and until the search
    index, written after that while serving with --dirty, is written too."""
    started = time.perf_counter()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=dirty)
    build(config, dirty=dirty)
    pages = time.perf_counter() - started
    session = config.plugins["garden"].session
    if session is not None:
        session.wait_for_index()
    return pages, time.perf_counter() - started


def reference_build(root: Path, site: Path) -> None:
    """A full build in a fresh process: nothing kept from the builds before."""
    subprocess.run([sys.executable, __file__, "--reference", str(root), str(site)], check=True,
                   capture_output=True, text=True)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def edits(root: Path, terms: list[str]) -> list[tuple[str, Callable[[], None]]]:
    docs = root / "docs"
    pages = sorted(docs.glob("section-*/page-*.md"))
    first, second, third = pages[len(pages) // 3], pages[len(pages) // 2], pages[-1]
    link = os.path.relpath(second, first.parent)
    return [
        ("a link to another page", lambda: append(
            first, f"\nThe new paragraph links [a neighbour]({link}) for more.\n")),
        ("a glossary term", lambda: append(
            second, f"\nA new sentence mentions {terms[0]} again.\n")),
        ("a page title", lambda: third.write_text(third.read_text(encoding="utf-8").replace(
            "title: Page", "title: Renamed page", 1), encoding="utf-8")),
    ]


def superseded(site: Path) -> set[str]:
    """The files of the search index before the current one, kept while serving for pages
    that loaded it (and their list): no search reads them any more."""
    found = set()
    for bundle in bundles(site):
        listing = (bundle / KEPT_FILE).relative_to(site).as_posix()
        found |= {listing, *(f"{bundle.name}/{name}" for name in kept_files(bundle))}
    return found


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only (relative paths), NOT_COMPARED and the
    superseded search files of the served site (`left`) aside."""
    found = []
    skipped = NOT_COMPARED | superseded(left)
    for folder, _, names in os.walk(left):
        for name in names:
            rel = os.path.relpath(os.path.join(folder, name), left)
            other = right / rel
            if rel in skipped:
                continue
            if not other.exists() or not filecmp.cmp(left / rel, other, shallow=False):
                found.append(rel)
    found += [os.path.relpath(os.path.join(folder, name), right)
              for folder, _, names in os.walk(right) for name in names
              if not (left / os.path.relpath(os.path.join(folder, name), right)).exists()]
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--terms", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the generated garden")
    parser.add_argument("--reference", nargs=2, metavar=("ROOT", "SITE"),
                        help=argparse.SUPPRESS)  # the full build, in its own process
    args = parser.parse_args()
    if args.reference:
        timed_build(Path(args.reference[0]), Path(args.reference[1]), dirty=False)
        return 0
    root = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    try:
        generate(root, args.pages, args.terms, seed=7)
        (root / "mkdocs.yml").write_text(
            CONFIG.replace("plugins: [search]", "plugins: [search, garden]"), encoding="utf-8")
        import yaml

        terms = [entry["term"] for entry in yaml.safe_load(
            (root / "glossary.yml").read_text(encoding="utf-8"))]
        served = root / "site-served"
        full, _ = timed_build(root, served)
        print(f"garden: {args.pages} pages; first (full) build {full:.1f} s", flush=True)
        failed = False
        for number, (label, edit) in enumerate(edits(root, terms)):
            time.sleep(0.01)  # a later modification time than the built page
            edit()
            seconds, indexed = timed_build(root, served)
            print(f"edit {label:24} rebuild {seconds:6.2f} s ({seconds / full:.2f}x the full "
                  f"build); search index written after {indexed:.2f} s", flush=True)
            fresh = root / f"site-fresh-{number}"
            reference_build(root, fresh)
            found = differences(served, fresh)
            failed = failed or bool(found)
            print("  rebuilt site equals a full build of the edited garden" if not found else
                  f"  rebuilt site differs from a full build in {len(found)} file(s): "
                  f"{found[:10]}", flush=True)
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
