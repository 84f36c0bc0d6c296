"""A small run of the scale benchmark (benchmarks/scale.py): every part works end to end."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from support.mkdocs_process import ROOT, mkdocs_env

pytestmark = [pytest.mark.build, pytest.mark.browser]


def table_rows(report: str, heading: str) -> list[list[str]]:
    """The body rows of the table under `## heading`, as lists of cell texts."""
    section = report.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[1:]
            if not set(row) <= set("|-: ")]


def test_a_small_scale_run_measures_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "scale.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--sizes", "20",
         "--graph-sizes", "150", "--runs", "1", "--reference-timeout", "60", "--out", str(out)],
        cwd=ROOT, env=mkdocs_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    [build] = table_rows(report, "Build")
    assert build[0] == "20"
    assert all(re.search(r"\d", cell) for cell in build), build  # no figure missing
    [search_serve] = table_rows(report, "Search and serve")
    assert all(re.search(r"\d", cell) for cell in search_serve), search_serve
    built, graph_only = table_rows(report, "Graph")
    assert built[0] == "20" and graph_only[0] == "150 (graph only)"
    assert all(re.search(r"\d", cell) for cell in built), built
    assert all(re.search(r"\d", cell) for cell in graph_only[:-2]), graph_only  # no local graph
    assert "## How each figure was taken" in report
    targets = table_rows(report, "Against the targets")
    assert [row[1] for row in targets] == [
        "build CPU / plain Material", "peak memory", "`garden check` / build",
        "first results, common words", "first search fetched, common words",
        "first results, a rare word", "first search fetched, a rare word"]  # no serve or
    # graph goal is set at these sizes
    assert all(row[4] in ("met", "**not met**") for row in targets), targets
    made_of = {row[1]: row[5] for row in targets}
    assert re.fullmatch(r"Material's nav ×[\d.]+, the site's own configuration ×[\d.]+, "
                        r"the plugin ×[\d.]+; the build's CPU time: .+",
                        made_of["build CPU / plain Material"]), made_of
    # the build's own process by what the processes it started leave of its CPU time
    assert re.search(r"(: |, )mkdocs [\d.]+ s(, |$)", made_of["build CPU / plain Material"])
    # the slower word searched by Pagefind alone, and the pages it ranked
    for words in ("common words", "a rare word"):
        assert re.fullmatch(r"Pagefind's search alone, on its loaded index: [\d.]+ ms "
                            r"\([\d,]+ pages\)", made_of[f"first results, {words}"]), made_of
    assert re.match(r"engine \d+ kB, index metadata \d+ kB, word index \d+ kB",
                    made_of["first search fetched, common words"]), made_of
    # the build's processes at its peak, the build's own among them
    assert re.search(r"(^|, )mkdocs [\d.]+ [kMG]B(, | \(|;)", made_of["peak memory"]), made_of
    assert re.search(r"; without the plugin: mkdocs [\d.]+ [kMG]B", made_of["peak memory"])
    assert re.search(r"a rare word \(the last glossary term's first word: `[a-z]+` on \d+ of "
                     r"the 20 pages\)", report)


def test_a_build_s_cpu_time_is_told_by_process(tmp_path: Path) -> None:
    """Each process a command starts gets the CPU time it used, the command what they leave
    of the whole; a fork sharing the command's name is told apart as its worker."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scale_measure import run_once

    spin = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.6: pass"
    script = (f"import os, subprocess, sys\n"
              f"if os.fork() == 0:\n    exec({spin!r})\n    os._exit(0)\n"
              f"subprocess.run(['sleep', '0.3'])\nos.wait()\n{spin}")
    figures = run_once(tmp_path, [sys.executable, "-c", script], "cpu-by-process.log", {})
    used = dict(figures.cpu_processes)
    name = Path(sys.executable).name
    assert set(used) >= {name, f"{name} worker"}, used
    assert 0.4 < used[f"{name} worker"] < 0.9 and 0.4 < used[name] < 1.2, used
    assert sum(used.values()) == pytest.approx(figures.cpu_seconds)


def test_an_unmet_target_is_told_with_what_would_meet_it() -> None:
    """The 10,000-page figures of a run: the build's floor without the plugin, and the size
    of Pagefind's parts that would keep the peak within 1 GB, from the run's own figures."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scale_measure import BuildFigures
    from scale_report import SizeFigures, build_parts, peak_parts

    def build(cpu: float, peak: int, *processes: tuple[str, int]) -> BuildFigures:
        return BuildFigures(seconds=cpu, peak_bytes=peak, cpu_seconds=cpu,
                            peak_processes=processes)

    row = SizeFigures(
        pages=10_209, documents=0, build=build(228.0, 1_212_900_000, ("mkdocs", 693_900_000),
                                               ("pagefind", 519_000_000)),
        plain=build(51.3, 300_000_000), plain_nav=build(103.3, 400_000_000),
        without_plugin=build(139.8, 487_000_000, ("mkdocs", 487_000_000)),
        check=build(14.4, 0), search_raw=0, search_gzip=0, search=None, graph=None, serve=None,
        rare_search=None, rare_word="", rare_pages=0, largest_index=3_404)
    assert build_parts(row).endswith("; the site without the plugin alone is ×2.73")
    # (1 GB - 693.9 MB) / (519 MB / 3,404 pages) = 2,007 pages
    assert ("parts of at most 2,007 pages would keep it within the goal, and a query fetches "
            "a word chunk from each part; without the plugin: mkdocs 487.0 MB") in peak_parts(row)
