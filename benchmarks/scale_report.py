"""The scale benchmark's report: its figures as Markdown tables, with how each was taken."""

from __future__ import annotations

from dataclasses import dataclass

from scale_measure import (
    COMMON_QUERIES,
    ENGINE,
    ENGINE_REPEATS,
    PAN_FRAMES,
    REDRAWS,
    SEARCH_KINDS,
    BuildFigures,
    GraphFigures,
    SearchFigures,
    ServeFigures,
)
from search_reader import TYPING_MS


@dataclass
class SizeFigures:
    pages: int
    documents: int
    build: BuildFigures
    plain: BuildFigures
    plain_nav: BuildFigures
    without_plugin: BuildFigures
    check: BuildFigures
    search_raw: int
    search_gzip: int
    search: SearchFigures
    graph: GraphFigures
    serve: ServeFigures | None
    rare_search: SearchFigures
    rare_word: str
    rare_pages: int  # of the garden's pages, how many hold the rare word
    largest_index: int = 0  # the most pages one Pagefind index (a bundle's part) holds


def size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.0f} kB"


def ms(value: float | None, cut_off: float | None = None) -> str:
    if value is None:
        return f"> {cut_off:.0f} s (cut off)" if cut_off else "—"
    if value >= 1000:
        return f"{value / 1000:.2f} s"
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def ratio(before: float | None, after: float | None, cut_off: float | None = None) -> str:
    if after is None or after == 0:
        return "—"
    if before is None:
        return f"> {cut_off * 1000 / after:.0f}×" if cut_off else "—"
    return f"{before / after:.1f}×"


def fps(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def cpu(figures: BuildFigures) -> str:
    return f"{figures.cpu_seconds:.1f} s"


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


def build_table(rows: list[SizeFigures]) -> list[str]:
    lines = ["| pages | garden build (wall) | CPU | plain Material | ratio | plain Material "
             "with the garden's nav | ratio | the garden's site without the plugin | ratio "
             "| peak memory | `garden check` | of the build | load |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
             "| ---: | ---: |"]
    for row in rows:
        build = row.build.cpu_seconds
        loads = [row.plain.load, row.plain_nav.load, row.without_plugin.load, row.build.load,
                 row.check.load]
        lines.append(
            f"| {row.pages:,} | {row.build.seconds:.1f} s | {cpu(row.build)} "
            f"| {cpu(row.plain)} | {build / row.plain.cpu_seconds:.2f} "
            f"| {cpu(row.plain_nav)} | {build / row.plain_nav.cpu_seconds:.2f} "
            f"| {cpu(row.without_plugin)} | {build / row.without_plugin.cpu_seconds:.2f} "
            f"| {size(row.build.peak_bytes)} | {cpu(row.check)} "
            f"| {row.check.cpu_seconds / build:.2f} | {min(loads):.1f}–{max(loads):.1f} |")
    return lines


def search_serve_table(rows: list[SizeFigures]) -> list[str]:
    lines = ["| pages | search files raw / gzip | first search fetched: common / rare word "
             "| first results: common / rare word | serve: a sentence | serve: a title "
             "| load |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        serve = row.serve
        lines.append(
            f"| {row.pages:,} | {size(row.search_raw)} / {size(row.search_gzip)} "
            f"| {size(row.search.bytes)} / {size(row.rare_search.bytes)} "
            f"| {ms(row.search.milliseconds)} / {ms(row.rare_search.milliseconds)} "
            f"| {seconds(serve.sentence_seconds if serve else None)} "
            f"| {seconds(serve.title_seconds if serve else None)} "
            f"| {'—' if serve is None else f'{serve.load:.1f}'} |")
    return lines


def graph_table(graphs: list[tuple[str, GraphFigures]], cut_off: float) -> list[str]:
    lines = ["| pages | nodes / links | full graph ready | before | speed-up | pan fps "
             "| before | idle fps | full redraw | before | local graph ready | before |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
             "| ---: |"]
    for label, g in graphs:
        lines.append(
            f"| {label} | {g.nodes:,} / {g.edges:,} | {ms(g.ready_ms)} "
            f"| {ms(g.reference_ready_ms, cut_off)} "
            f"| {ratio(g.reference_ready_ms, g.ready_ms, cut_off)} | {fps(g.pan_fps)} "
            f"| {fps(g.reference_pan_fps)} | {fps(g.idle_fps)} | {ms(g.redraw_ms)} "
            f"| {ms(g.reference_redraw_ms)} "
            f"| {ms(g.local_ms)} | {ms(g.reference_local_ms)} |")
    return lines


def rare_words(rows: list[SizeFigures]) -> str:
    return "; ".join(f"`{row.rare_word}` on {row.rare_pages:,} of the {row.pages:,} pages"
                     for row in rows)


def methods(runs: tuple[int, int], reference: str, rows: list[SizeFigures]) -> list[str]:
    queries = ", ".join(f"`{q}`" for q in COMMON_QUERIES)
    return [
        "## How each figure was taken",
        "",
        f"Every figure is the median of {runs[0]} run(s) ({runs[1]} for builds) on this "
        "machine, in headless Chromium (the system one) against the built site served on "
        "loopback with gzip, as a static host serves it.",
        "",
        "- **pages**: synthetic pages of benchmarks/synthetic_garden.py (plus an index page per "
        "section and subsection): five sections, 1–3 links per page (a third to popular "
        "pages), a glossary of pages/4 terms (20–500), every fifth page in Russian, all "
        "listed in the nav; built with the project's own mkdocs.yml, overrides and assets.",
        "- **garden build**: wall and CPU time (user + system of the build and the workers it "
        "waited for, Pagefind included) of `mkdocs build` of that garden. The references, "
        "built in the same run, are compared by CPU time: **plain Material**, the same pages "
        "with Material and its search plugin only, a two-entry nav, no hooks; **plain "
        "Material with the garden's nav**, the same with the whole nav and the garden's nav "
        "features (tabs, indexes, prune): what Material's nav costs; **the "
        "garden's site without the plugin**: the garden's own mkdocs.yml (its other plugins, "
        "extensions, theme overrides) without the `garden` plugin: what the plugin costs. "
        "Each **ratio** is the garden build's CPU time over the reference's.",
        "- **peak memory**: the most memory the build's processes held at one time, "
        "together: `mkdocs` and what it runs beside itself (Pagefind, the glossary's planning "
        "worker), each process's proportional set size (its own pages and its share of pages "
        "shared after a fork, from /proc/PID/smaps_rollup) summed every 50 ms; the maximum "
        "over the runs; *made of*: each process's share at that moment (a fork of `mkdocs`, "
        "the glossary's planning worker, is `mkdocs worker`), Pagefind's per page of the "
        "largest index it wrote (a bundle or a part of one, as its `pagefind-entry.json` "
        "counts them), and the same for the garden's site built without the plugin.",
        "- **`garden check`**: CPU time of `garden check` of the garden (as `make check` runs "
        "it), and its share of the garden build's CPU time.",
        "- **load**: the machine's one-minute load average as each build, check or serve "
        "session started (lowest–highest).",
        "- **search files**: every file in the built site's folders named `search…`, "
        "`pagefind…` or `lunr…` (Material's index, each Pagefind bundle and its parts), raw "
        "and gzip-compressed.",
        f"- **first results**: on a freshly loaded home page, the reader enters the header "
        f"search box (the page starts loading the search engine then) and completes a query "
        f"{TYPING_MS} ms later, in a browser that prefers the query's language (Russian for "
        f"a word in Cyrillic); the time from the keyup completing it until the first result "
        f"is drawn: words on most pages "
        f"({queries}: the site's language and the Russian passages' bundle; the slower of "
        f"the two, and the heavier for the bytes), and a rare word (the last glossary term's "
        f"first word: {rare_words(rows) or 'none'}); *made of*: the slower word searched by "
        f"Pagefind alone, in its language's bundle with its parts merged, after one search "
        f"that fetched what it needs: the median of {ENGINE_REPEATS} searches (its ranking of "
        f"the pages holding the word), and how many pages it ranked; "
        "**first search fetched**: bytes (headers and encoded bodies) of the search's files "
        "(a path segment starting with `search`, `pagefind` or `lunr`) fetched from page load "
        "until the network is idle after the first result.",
        "- **full graph ready**: time from navigation start of `graph/` until the full "
        "graph is drawn at its settled positions (`data-garden-ready`; the layout is computed "
        "at build time and not counted here); **before**: the same with graph.js "
        f"of commit {reference[:10]} (the hand-written layout) served in its place, cut off "
        "after --reference-timeout; **speed-up** = before / today.",
        f"- **pan fps**: frames drawn per second while the view pans a few pixels every frame "
        f"for {PAN_FRAMES} frames, as a drag does (while the view moves, a map of more than "
        "4,000 links leaves them out until it rests); **idle fps**: frames per second of the "
        "same page doing nothing, the ceiling the browser allows on this machine; **full "
        f"redraw**: script time of one complete frame, nodes and links, at rest (mean of "
        f"{REDRAWS}; the raster work that follows it is in the frame rates).",
        "- **local graph ready**: time from navigation start of a content page until its "
        "neighbourhood graph is ready, scrolled into view at load (it is fetched, laid out "
        "already, and drawn when it comes near the view).",
        "- **serve**: under `mkdocs serve --dirty` (as `make serve` runs it), the time from "
        "saving an edit to a page until the served page shows it: a sentence added, then "
        "the page's title changed (every page's nav shows it, so every page is rendered "
        "again).",
        "- **made of** (against the targets): the build's ratio as the product of what each "
        "layer adds to the one before it, in the same run (plain Material, then with the "
        "garden's nav, then the garden's site without the plugin, then the garden build), "
        "and the garden build's CPU time by process: each process it started, by its last "
        "reading of /proc/PID/stat (every 50 ms), and `mkdocs` itself, what they leave of "
        "the whole (a process no reading saw, one of under 50 ms, counts as its); "
        "the first search's bytes by kind of file (Pagefind's engine: its scripts, "
        "WebAssembly and entry file; the index metadata, one file per bundle part; the word "
        "index; the result fragments); a serve edit's time as MkDocs' own build of it, as "
        "its log gives it, and the rest (the watcher noticing the save, mkdocs.yml read "
        "again, the page served and fetched).",
        "- Rows marked *graph only* serve the graph a garden of that size would have "
        "(`plan_graph`, no build), laid out as a build lays it out (`with_positions` of "
        "garden.features.graph_layout), in place of the built site's assets/graph.json.",
    ]


# The targets: a build at most this many times plain Material's CPU time, at most this
# much memory, a check at most this share of the build, search first results within these, a
# typical serve edit within SERVE_GOAL (by garden size), the full graph ready within GRAPH_GOAL.
BUILD_GOAL = 1.2
MEMORY_GOAL = 1e9
CHECK_GOAL = 0.10
SEARCH_GOALS = (300.0, 300_000)
SERVE_GOAL = {1000: 3.0, 10000: 10.0}
GRAPH_GOAL = {3000: 2000.0, 10000: 5000.0}


def verdict(value: float | None, goal: float) -> str:
    return "—" if value is None else ("met" if value <= goal else "**not met**")


def build_parts(row: SizeFigures) -> str:
    """The build's ratio to plain Material as the product of what each layer adds."""
    steps = [("Material's nav", row.plain, row.plain_nav),
             ("the site's own configuration", row.plain_nav, row.without_plugin),
             ("the plugin", row.without_plugin, row.build)]
    layers = ", ".join(f"{name} ×{after.cpu_seconds / before.cpu_seconds:.2f}"
                       for name, before, after in steps if before.cpu_seconds)
    processes = ", ".join(f"{name} {used:.1f} s" for name, used in row.build.cpu_processes)
    parts = f"{layers}; the build's CPU time: {processes}" if processes else layers
    if row.plain.cpu_seconds and row.without_plugin.cpu_seconds:
        # What no plugin could take away: the site built without it, against plain Material.
        floor = row.without_plugin.cpu_seconds / row.plain.cpu_seconds
        if floor > BUILD_GOAL:
            parts += f"; the site without the plugin alone is ×{floor:.2f}"
    return parts


def memory_parts(build: BuildFigures) -> str:
    """The processes holding the build's peak, as `mkdocs 861 MB, pagefind 518 MB`."""
    return ", ".join(f"{name} {size(memory)}" for name, memory in build.peak_processes)


def peak_parts(row: SizeFigures) -> str:
    """The garden build's peak by process, Pagefind's with the pages of its largest index,
    beside the peak of the garden's site built without the plugin."""
    parts = memory_parts(row.build)
    pagefind = dict(row.build.peak_processes).get("pagefind")
    if pagefind and row.largest_index:
        per_page = pagefind / row.largest_index
        parts += (f" (its largest index {row.largest_index:,} pages: "
                  f"{per_page / 1e6:.2f} MB a page)")
        # Pagefind's index parts are the one size the site chooses (`search_part_pages`).
        fitting = int((MEMORY_GOAL - (row.build.peak_bytes - pagefind)) // per_page)
        if row.build.peak_bytes > MEMORY_GOAL and fitting > 0:
            parts += (f"; parts of at most {fitting:,} pages would keep it within the goal, "
                      f"and a query fetches a word chunk from each part")
    return f"{parts}; without the plugin: {memory_parts(row.without_plugin)}"


def search_parts(search: SearchFigures) -> str:
    kinds = [ENGINE, *(kind for _, kind in SEARCH_KINDS)]
    return ", ".join(f"{kind} {size(search.by_kind[kind])}" for kind in kinds
                     if search.by_kind.get(kind))


def serve_parts(serve: ServeFigures) -> str:
    if serve.rebuild_seconds is None or serve.sentence_seconds is None:
        return ""
    return (f"the rebuild {serve.rebuild_seconds:.1f} s (as MkDocs logs it), the rest "
            f"{serve.sentence_seconds - serve.rebuild_seconds:.1f} s")


def engine_part(search: SearchFigures) -> str:
    if search.engine is None:
        return ""
    milliseconds, pages = search.engine
    return f"Pagefind's search alone, on its loaded index: {ms(milliseconds)} ({pages:,} pages)"


def search_rows(search: SearchFigures, words: str) -> list[tuple[str, str, str, str, str]]:
    return [(f"first results, {words}", f"≤ {ms(SEARCH_GOALS[0])}", ms(search.milliseconds),
             verdict(search.milliseconds, SEARCH_GOALS[0]), engine_part(search)),
            (f"first search fetched, {words}", f"≤ {size(SEARCH_GOALS[1])}",
             size(search.bytes), verdict(search.bytes, SEARCH_GOALS[1]),
             search_parts(search))]


def target_rows(row: SizeFigures) -> list[tuple[str, str, str, str, str]]:
    """(target, goal, figure, verdict, what the figure is made of) for one garden size."""
    build = row.build.cpu_seconds / row.plain.cpu_seconds if row.plain.cpu_seconds else None
    check = row.check.cpu_seconds / row.build.cpu_seconds if row.build.cpu_seconds else None
    found = [
        ("build CPU / plain Material", f"≤ {BUILD_GOAL}", "—" if build is None else
         f"{build:.2f}", verdict(build, BUILD_GOAL), build_parts(row)),
        ("peak memory", f"≤ {MEMORY_GOAL / 1e9:.0f} GB", size(row.build.peak_bytes),
         verdict(row.build.peak_bytes, MEMORY_GOAL), peak_parts(row)),
        ("`garden check` / build", f"≤ {CHECK_GOAL:.2f}", "—" if check is None else
         f"{check:.3f}", verdict(check, CHECK_GOAL),
         f"{cpu(row.check)} of {cpu(row.build)}"),
        *search_rows(row.search, "common words"),
        *search_rows(row.rare_search, "a rare word"),
    ]
    goal = SERVE_GOAL.get(row.pages)
    if goal is not None and row.serve is not None:
        found.append(("serve: a sentence edit", f"≤ {goal:.0f} s",
                      seconds(row.serve.sentence_seconds),
                      verdict(row.serve.sentence_seconds, goal), serve_parts(row.serve)))
    return found


def targets_table(rows: list[SizeFigures], graphs: dict[int, GraphFigures]) -> list[str]:
    lines = ["| pages | target | goal | figure | | made of |",
             "| ---: | --- | ---: | ---: | --- | --- |"]
    for row in rows:
        lines += [f"| {row.pages:,} | {name} | {goal} | {figure} | {met} | {parts} |"
                  for name, goal, figure, met, parts in target_rows(row)]
    for pages, graph in sorted(graphs.items()):
        goal = GRAPH_GOAL.get(pages)
        if goal is not None:
            lines.append(f"| {pages:,} (graph only) | full graph ready | ≤ {ms(goal)} | "
                         f"{ms(graph.ready_ms)} | {verdict(graph.ready_ms, goal)} | |")
    return lines


def render(rows: list[SizeFigures], graphs: dict[int, GraphFigures], runs: tuple[int, int],
           reference: str, command: str, cut_off: float = 120) -> str:
    graph_rows = [(f"{row.pages:,}", row.graph) for row in rows]
    graph_rows += [(f"{pages:,} (graph only)", g) for pages, g in sorted(graphs.items())]
    lines = ["# Scale report", "",
             f"Generated by `benchmarks/scale.py {command}`".rstrip() + " (`make bench`).", ""]
    if rows or graphs:
        lines += ["## Against the targets", "", *targets_table(rows, graphs), ""]
    if rows:
        lines += ["## Build", "", *build_table(rows), "", "## Search and serve", "",
                  *search_serve_table(rows), ""]
    lines += ["## Graph", "", *graph_table(graph_rows, cut_off), "",
              *methods(runs, reference, rows), ""]
    return "\n".join(lines)
