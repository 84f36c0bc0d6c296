"""A reader wanders the garden in headless Chromium: graph, local graph, lightbox, previews."""

from __future__ import annotations

import json
import math
import posixpath
import random
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError

from garden.features.backlinks import collect_backlinks
from garden.features.glossary import letter_anchor
from garden.features.graph import neighbours
from garden.features.graph_layout import with_positions
from garden.model.site import Garden, load_config
from support.mkdocs_process import BIN, ROOT, mkdocs_env

pytestmark = pytest.mark.browser

FULL = "[data-garden-graph=full]"
LOCAL = "[data-garden-graph=local]"
READY = "[data-garden-ready=true]"


@pytest.fixture(scope="module")
def graph(built_site: Path) -> dict:
    return json.loads((built_site / "assets" / "graph.json").read_text(encoding="utf-8"))


def drawn_pixels(page, selector: str) -> int:
    """How many pixels of the graph's canvas are not transparent."""
    return page.evaluate(
        """selector => {
            const canvas = document.querySelector(selector + ' canvas');
            const context = canvas.getContext('2d');
            const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
            let count = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
            return count;
        }""",
        selector,
    )


def node_on_screen(page, selector: str, wanted: str | None = None) -> dict:
    """A node that a click at its centre would hit, with the page coordinates of that centre."""
    return page.evaluate(
        """([selector, wanted]) => {
            const container = document.querySelector(selector);
            const graph = container.gardenGraph;
            const rect = graph.canvas.getBoundingClientRect();
            for (const node of graph.nodes) {
                if (wanted ? node.data.id !== wanted : node.data.kind !== 'page') continue;
                const p = graph.toScreen(node);
                const x = rect.left + p.x, y = rect.top + p.y;
                const inside = p.x > 10 && p.y > 10 && p.x < rect.width - 10
                    && p.y < rect.height - 10 && y > 0 && y < window.innerHeight
                    && x > 0 && x < window.innerWidth;
                if (!inside) continue;
                if (graph.nodeAt(p.x, p.y) !== node.i) continue;
                return {id: node.data.id, url: node.data.url,
                        x: rect.left + p.x, y: rect.top + p.y};
            }
            return null;
        }""",
        [selector, wanted],
    )


def test_graph_draws_every_node_and_a_click_opens_the_page(page, site_url: str,
                                                            graph: dict) -> None:
    page.goto(urljoin(site_url, "graph/"))
    page.locator(FULL + READY).wait_for(timeout=30000)
    container = page.locator(FULL)
    assert int(container.get_attribute("data-garden-nodes")) == len(graph["nodes"])
    assert int(container.get_attribute("data-garden-edges")) == len(graph["edges"])
    assert drawn_pixels(page, FULL) > 1000
    page.locator(FULL + " canvas").scroll_into_view_if_needed()
    target = node_on_screen(page, FULL)
    assert target, "no page node can be clicked"
    page.mouse.click(target["x"], target["y"])
    page.wait_for_url(urljoin(site_url, target["url"]) + "**")
    assert page.locator("article h1").count() == 1


def test_search_box_highlights_matching_nodes(page, site_url: str, graph: dict) -> None:
    page.goto(urljoin(site_url, "graph/"))
    page.locator(FULL + READY).wait_for(timeout=30000)
    label = next(n["label"] for n in graph["nodes"] if n["kind"] == "page")
    page.locator(".garden-graph__search").fill(label)
    expected = sum(label.lower() in n["label"].lower() or label.lower() in n["tags"]
                   for n in graph["nodes"])
    assert page.locator(FULL).get_attribute("data-garden-matches") == str(expected)


def test_graph_survives_instant_navigation_and_local_graphs_render(page, site_url: str) -> None:
    page.goto(site_url)
    page.wait_for_load_state("networkidle")  # instant navigation needs Material's sitemap first
    page.evaluate("() => { window.notReloaded = true; }")
    page.locator(".md-tabs__link", has_text="Graph").click()
    page.locator(FULL + READY).wait_for(timeout=30000)
    assert page.evaluate("() => window.notReloaded === true"), "navigation was not instant"
    page.locator(FULL + " canvas").scroll_into_view_if_needed()
    target = node_on_screen(page, FULL, "web/http-versions.md")
    if target is None:  # hidden under another node: open it the way a reader would, by link
        page.goto(urljoin(site_url, "web/http-versions/"))
    else:
        page.mouse.click(target["x"], target["y"])
        page.wait_for_url(urljoin(site_url, "web/http-versions/"))
        assert page.evaluate("() => window.notReloaded === true"), "a node click reloaded"
    page.locator(LOCAL).scroll_into_view_if_needed()
    page.locator(LOCAL + READY).wait_for(timeout=30000)
    assert int(page.locator(LOCAL).get_attribute("data-garden-nodes")) >= 2
    assert drawn_pixels(page, LOCAL) > 200


def synthetic_graph(count: int, seed: int = 7) -> dict:
    """A garden-shaped random graph: sections, a few links per page, some hubs."""
    rng = random.Random(seed)
    groups = ["fundamentals", "web", "architecture", "operations", "security", "glossary"]
    nodes = [{"id": f"n{i}.md", "label": f"Note {i}", "url": "graph/", "kind": "page",
              "group": groups[i % len(groups)], "maturity": None, "tags": []}
             for i in range(count)]
    edges = set()
    for i in range(count):
        for _ in range(rng.randint(1, 3)):
            hub = rng.random() < 0.3  # a third of the links go to a few popular notes
            j = int(abs(rng.gauss(0, math.sqrt(count)))) if hub else rng.randrange(count)
            if i != j:
                edges.add((f"n{i}.md", f"n{j % count}.md"))
    return {"nodes": nodes,
            "edges": [{"source": s, "target": t, "kind": "link"} for s, t in sorted(edges)]}


def test_a_thousand_nodes_stay_smooth(page, site_url: str) -> None:
    data = with_positions(synthetic_graph(1000))  # laid out as a build lays it out
    page.route("**/assets/graph.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(data)))
    page.goto(urljoin(site_url, "graph/"))
    page.locator(FULL + READY).wait_for(timeout=60000)
    container = page.locator(FULL)
    assert container.get_attribute("data-garden-nodes") == "1000"
    box = page.locator(FULL + " canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    timing = page.evaluate(
        """async () => {
            const graph = document.querySelector('[data-garden-graph=full]').gardenGraph;
            const before = [graph.frames, graph.frameMs];
            const start = performance.now();
            for (let i = 0; i < 60; i++) {
                graph.offsetX += 3; graph.scale *= 1.01; graph.draw();
                await new Promise(requestAnimationFrame);
            }
            return {frames: graph.frames - before[0], drawMs: graph.frameMs - before[1],
                    wallMs: performance.now() - start};
        }""")
    for _ in range(10):
        page.mouse.wheel(0, -120)
    draw = timing["drawMs"] / timing["frames"]
    fps = 1000 * timing["frames"] / timing["wallMs"]
    print(f"\n1,000 nodes / {len(data['edges'])} edges: layout "
          f"{container.get_attribute('data-garden-layout-ms')} ms over "
          f"{container.get_attribute('data-garden-layout-ticks')} ticks, "
          f"draw {draw:.2f} ms per frame, {fps:.0f} frames/s while panning and zooming")
    assert drawn_pixels(page, FULL) > 1000


def test_legend_hides_and_shows_a_section(page, site_url: str, graph: dict) -> None:
    page.goto(urljoin(site_url, "graph/"))
    page.locator(FULL + READY).wait_for(timeout=30000)
    web = sum(n["group"] == "web" for n in graph["nodes"])
    toggle = page.locator(".garden-graph__filter", has_text="web")
    assert toggle.get_attribute("aria-pressed") == "true"
    before = drawn_pixels(page, FULL)
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false"
    status = page.locator(".garden-graph__status").inner_text()
    assert status == f"{len(graph['nodes']) - web} of {len(graph['nodes'])} nodes shown"
    assert drawn_pixels(page, FULL) < before
    assert node_on_screen(page, FULL, "web/http-versions.md") is None  # hidden: not clickable
    toggle.click()
    assert page.locator(".garden-graph__status").inner_text().endswith(" links")


def test_a_local_graph_is_drawn_from_its_own_layout_without_the_worker(page,
                                                                     site_url: str) -> None:
    """A page's neighbourhood comes laid out from the build: the page draws it where its data
    places it, with no layout of its own and no worker."""
    page.add_init_script("""(() => {
        const Original = window.Worker;
        window.layoutWorkers = 0;
        window.Worker = function (url, options) {
            if (String(url).includes("graph-layout")) window.layoutWorkers++;
            return new Original(url, options);
        };
    })()""")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(urljoin(site_url, "web/http-versions/"))
    page.locator(LOCAL).scroll_into_view_if_needed()
    page.locator(LOCAL + READY).wait_for(timeout=30000)
    assert int(page.locator(LOCAL).get_attribute("data-garden-nodes")) >= 2
    assert page.locator(LOCAL).get_attribute("data-garden-layout-ticks") == "0"
    assert page.evaluate("() => window.layoutWorkers") == 0
    assert not [url for url in fetched if "d3-force" in url or "graph-layout" in url], fetched
    data = json.loads(page.evaluate("""url => fetch(url).then(r => r.text())""",
                                    urljoin(site_url, "assets/graph/web/http-versions.json")))
    # Drawn as laid out: the nodes keep the proportions of their positions in the data.
    drawn = page.evaluate("""() => document.querySelector('[data-garden-graph=local]')
        .gardenGraph.nodes.map(n => [n.data.id, n.x, n.y])""")
    given = dict(zip([n["id"] for n in data["nodes"]],
                     zip(data["layout"][::2], data["layout"][1::2], strict=True), strict=True))
    place = {node_id: (x, y) for node_id, x, y in drawn}
    left = min(given, key=lambda node_id: given[node_id][0])
    right = max(given, key=lambda node_id: given[node_id][0])
    scale = (place[right][0] - place[left][0]) / (given[right][0] - given[left][0])
    assert scale > 0 and set(place) == set(given)
    for node_id, (x, y) in place.items():
        assert math.isclose(x - place[left][0], scale * (given[node_id][0] - given[left][0]),
                            abs_tol=0.01), node_id
        assert math.isclose(y - place[left][1], scale * (given[node_id][1] - given[left][1]),
                            abs_tol=0.01), node_id


def test_a_page_fetches_only_its_neighbourhood_for_its_graph(page, site_url: str,
                                                            graph: dict) -> None:
    """A content page's graph reads the page's own small neighbourhood file, never the whole
    site's graph.json; the full map is drawn from the positions in graph.json, with no layout
    to wait for and no d3."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(urljoin(site_url, "web/http-versions/"))
    page.locator(LOCAL).scroll_into_view_if_needed()
    page.locator(LOCAL + READY).wait_for(timeout=30000)
    data = [url for url in fetched if url.startswith(urljoin(site_url, "assets/graph"))]
    assert data == [urljoin(site_url, "assets/graph/web/http-versions.json")], data
    shown = page.evaluate("""() => document.querySelector('[data-garden-graph=local]')
        .gardenGraph.nodes.map(n => n.data.id)""")
    assert set(shown) == neighbours(graph, "web/http-versions.md") | {"web/http-versions.md"}
    fetched.clear()
    page.goto(urljoin(site_url, "graph/"))
    page.locator(FULL + READY).wait_for(timeout=30000)
    assert page.locator(FULL).get_attribute("data-garden-layout-ticks") == "0"
    assert not [url for url in fetched if "d3-force" in url or "graph-layout" in url], fetched
    placed = page.evaluate("""() => document.querySelector('[data-garden-graph=full]')
        .gardenGraph.nodes.map(n => [n.data.id, n.data.x, n.data.y])""")
    assert {node_id: (x, y) for node_id, x, y in placed} == {
        node["id"]: (node["x"], node["y"]) for node in graph["nodes"]}


def test_layout_runs_off_the_main_thread(page, site_url: str) -> None:
    """While a large graph is laid out, the page keeps answering: its longest pause is a small
    part of the layout's time (a layout on the page's own thread would pause it throughout)."""
    data = synthetic_graph(3000)
    page.route("**/assets/graph.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(data)))
    page.goto(urljoin(site_url, "graph/"))
    page.wait_for_selector(FULL + " canvas")
    longest = page.evaluate(
        """async () => {
            const container = document.querySelector('[data-garden-graph=full]');
            let last = performance.now(), longest = 0;
            while (!container.hasAttribute('data-garden-ready')) {
                await new Promise(resolve => setTimeout(resolve, 0));
                const now = performance.now();
                longest = Math.max(longest, now - last);
                last = now;
            }
            return longest;
        }""")
    assert page.locator(FULL).get_attribute("data-garden-nodes") == "3000"
    layout = float(page.locator(FULL).get_attribute("data-garden-layout-ms"))
    assert longest < layout / 2, f"the page froze for {longest:.0f} ms of a {layout:.0f} ms layout"


def test_diagram_opens_in_the_lightbox_with_its_caption_and_escape_closes_it(
        page, site_url: str) -> None:
    page.goto(urljoin(site_url, "web/http-versions/"))
    link = page.locator("figure.garden-diagram a.glightbox[data-gallery=light]").first
    caption = link.get_attribute("data-title")
    assert caption
    link.scroll_into_view_if_needed()
    link.click()
    lightbox = page.locator(".glightbox-container")
    lightbox.wait_for(state="visible")
    page.locator(".gslide.current img").wait_for(state="visible")
    assert page.locator(".gslide.current .gslide-title").inner_text().strip() == caption
    page.wait_for_timeout(600)  # the opening animation ignores keys until it ends
    page.keyboard.press("Escape")
    lightbox.wait_for(state="detached")


def hovered_preview(page, link) -> str:
    """The text of the preview that opens while the pointer rests on `link`."""
    link.scroll_into_view_if_needed()
    link.hover()
    preview = page.locator(".md-tooltip2--active[role=dialog] .md-tooltip2__inner")
    preview.wait_for(state="visible", timeout=15000)
    return preview.inner_text()


def fetched_by_script(page) -> list[str]:
    """What the page's scripts fetch from now on (`fetch`, XMLHttpRequest): not its own
    loading, nor the theme's prefetching of the pages the pointer passes over (`<link
    rel=prefetch>`)."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url)
            if request.resource_type in ("fetch", "xhr") else None)
    return fetched


def test_hovering_an_internal_link_shows_a_preview_fetched_only_then(page, site_url: str) -> None:
    """A content link to another page previews its section when pointed at; the page is
    fetched then, once, and not as this page loads (the theme's own previews read the sitemap
    once per link as a page starts: the garden's page reads no sitemap at all)."""
    fetched = fetched_by_script(page)
    page.goto(urljoin(site_url, "web/http-versions/"))
    page.wait_for_load_state("networkidle")
    # Material's instant navigation reads the sitemap once; the search its index; no page.
    loaded = list(fetched)
    assert [url for url in loaded if url.endswith("sitemap.xml")] == [
        urljoin(site_url, "sitemap.xml")]
    assert not [url for url in loaded if url.endswith("/")], loaded
    target = urljoin(site_url, "web/http3-browser-support/")
    link = page.locator("article p a[href$='/web/http3-browser-support/']").first
    assert link.get_attribute("data-garden-preview") is not None  # lazy_previews
    assert link.get_attribute("data-preview") is None  # the theme sets up nothing for it
    assert "HTTP/3" in hovered_preview(page, link)
    assert fetched[len(loaded):] == [target]
    page.mouse.move(0, 0)
    page.locator(".md-tooltip2--active").wait_for(state="detached")
    assert "HTTP/3" in hovered_preview(page, link)
    assert fetched[len(loaded):] == [target]  # kept for the page's life


def test_a_preview_opens_on_focus_and_closes_on_escape(page, site_url: str) -> None:
    page.goto(urljoin(site_url, "web/http-versions/"))
    link = page.locator("article p a[href$='/web/http3-browser-support/']").first
    link.focus()
    dialog = page.locator(".md-tooltip2--active[role=dialog]")
    dialog.wait_for(state="visible", timeout=15000)
    assert "HTTP/3" in dialog.inner_text()
    assert link.get_attribute("aria-describedby") is None  # a section is no description
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")


def test_a_preview_mark_on_another_site_s_link_fetches_nothing(page, site_url: str) -> None:
    """A contributor may write the attribute on any link: only the site's own pages are
    fetched for a preview, never another address, nor this page again."""
    page.goto(urljoin(site_url, "web/http-versions/"))
    page.wait_for_load_state("networkidle")
    requested = fetched_by_script(page)
    page.evaluate("""() => {
        for (const href of ["https://example.org/", "#http3", "../../../elsewhere/"]) {
            const link = document.createElement("a");
            link.href = href;
            link.textContent = href;
            link.setAttribute("data-garden-preview", "");
            document.querySelector("article p").append(" ", link);
        }
    }""")
    for href in ("https://example.org/", "#http3", "../../../elsewhere/"):
        page.locator(f"article p a[href='{href}']").hover()
        page.wait_for_timeout(300)
    assert requested == []
    assert page.locator(".md-tooltip2--active").count() == 0


def test_a_heading_s_permalink_shows_its_title_only_when_pointed_at(page, site_url: str) -> None:
    """The theme sets up a tooltip for every titled element as a page starts; a permalink's
    title waits in `data-garden-title` until a reader points at the link or focuses it."""
    page.goto(urljoin(site_url, "about/checks/"))
    page.wait_for_load_state("networkidle")
    permalinks = page.locator("article a.headerlink")
    assert permalinks.count() > 20
    assert page.locator("article a.headerlink[title]").count() == 0
    assert page.locator(".md-tooltip2").count() < 5  # the theme's, for the few titles left
    permalink = permalinks.nth(3)
    permalink.scroll_into_view_if_needed()
    permalink.hover()
    tooltip = page.locator(".md-tooltip2--active[role=tooltip]")
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text().strip() == "Permanent link"
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden")
    permalink.focus()
    tooltip.wait_for(state="visible", timeout=5000)
    assert permalink.get_attribute("aria-describedby") == tooltip.get_attribute("id")


def test_hovering_a_backlink_shows_a_preview(page, site_url: str) -> None:
    page.goto(urljoin(site_url, "web/http-versions/"))
    page.wait_for_load_state("networkidle")
    backlink = page.locator(".garden-backlinks__item > a").first
    assert backlink.get_attribute("data-garden-preview") is not None
    assert hovered_preview(page, backlink).strip().startswith(backlink.inner_text().strip())


def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served_scratch(scratch_project: Path) -> Iterator[tuple[Path, str]]:
    """`mkdocs serve` (live reload on) of a scratch copy of the garden, and its URL."""
    port = free_loopback_port()
    url = f"http://127.0.0.1:{port}/garden/"
    log = scratch_project / "serve.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=scratch_project,
            env={**mkdocs_env(), "GARDEN_SITE_URL": url}, stdout=sink,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        yield scratch_project, url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_backlinks_and_graphs_follow_edits_under_mkdocs_serve(page, served_scratch) -> None:
    project, url = served_scratch
    target = urljoin(url, "web/http-versions/")
    for _ in range(360):  # the first build takes a few seconds
        try:
            page.goto(target)
            break
        except PlaywrightError:
            page.wait_for_timeout(250)
    page.locator(LOCAL).scroll_into_view_if_needed()
    page.locator(LOCAL + READY).wait_for(timeout=60000)
    before = int(page.locator(LOCAL).get_attribute("data-garden-nodes"))
    page.evaluate("() => { window.beforeReload = true; }")
    garden = Garden.load(load_config(project / "mkdocs.yml"))
    linking = {b.source for b in collect_backlinks(garden).get("web/http-versions.md", [])}
    source = next(src for src in sorted(garden.pages) if src.startswith("security/")
                  and src not in linking)
    path = project / "docs" / source
    link = posixpath.relpath("web/http-versions.md", posixpath.dirname(source))
    path.write_text(path.read_text(encoding="utf-8") + "\n\nPlanted while serving, it points at "
                    f"[the HTTP versions]({link}).\n", encoding="utf-8")
    page.wait_for_function("() => window.beforeReload === undefined", timeout=90000)
    page.locator(LOCAL).scroll_into_view_if_needed()
    page.locator(LOCAL + READY).wait_for(timeout=60000)
    texts = page.locator(".garden-backlinks__item").all_inner_texts()
    assert any(garden.pages[source].title in text for text in texts), texts
    assert "Planted while serving, it points at the HTTP versions." in page.content()
    assert int(page.locator(LOCAL).get_attribute("data-garden-nodes")) == before + 1


# True once the page has not scrolled over two animation frames.
SCROLL_SETTLED = """() => new Promise(settled => {
  const y = scrollY
  requestAnimationFrame(() => requestAnimationFrame(() => settled(scrollY === y)))
})"""


def glossary_targets() -> list[str]:
    """A term far down the real glossary page and the letter heading above it."""
    entries = yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8"))
    last = max(entries, key=lambda entry: str(entry["term"]).casefold())
    return [str(last["id"]), letter_anchor(str(last["term"])[0])]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800},
                                      {"width": 390, "height": 844}], ids=["desktop", "mobile"])
def test_a_link_into_the_glossary_lands_below_the_sticky_letter_bar(browser, site_url,
                                                                   viewport) -> None:
    context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 600)
    page = context.new_page()
    try:
        for anchor in glossary_targets():
            page.goto(urljoin(site_url, f"glossary/#{anchor}"))
            page.wait_for_load_state("networkidle")
            # A fragment on the same page scrolls smoothly: measure once the page stands still.
            page.wait_for_function(SCROLL_SETTLED)
            where = page.evaluate("""id => {
                const box = element => document.querySelector(element).getBoundingClientRect();
                const target = document.getElementById(id).getBoundingClientRect();
                return {top: target.top, bottom: target.bottom, bar: box('.glossary-jump').bottom,
                        header: box('.md-header').bottom, height: innerHeight, scrolled: scrollY};
            }""", anchor)
            assert where["scrolled"] > 0, where  # the target is far down: the page moved to it
            assert where["top"] >= max(where["bar"], where["header"]), (anchor, where)
            assert where["bottom"] <= where["height"] and where["top"] - where["bar"] < 120, \
                (anchor, where)  # right below the bar, not somewhere further down
    finally:
        context.close()


def legend_colours(page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '.garden-graph__filter')].map(toggle => [toggle.textContent.trim(),
        toggle.querySelector('span').style.background]))""")


def test_a_new_section_recolours_no_other(page, site_url: str, graph: dict) -> None:
    page.goto(urljoin(site_url, "graph/"))
    page.locator(FULL + READY).wait_for(timeout=30000)
    before = legend_colours(page)
    # A section whose name sorts first: it moves every other section one place down the legend.
    grown = {**graph, "nodes": [*graph["nodes"], {
        "id": "aaa/index.md", "label": "A new section", "url": "aaa/", "kind": "page",
        "group": "aaa", "maturity": None, "tags": []}]}
    page.route("**/assets/graph.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(grown)))
    page.reload()
    page.locator(FULL + READY).wait_for(timeout=30000)
    after = legend_colours(page)
    assert list(after)[0] == "aaa" and set(after) == {*before, "aaa"}
    assert {section: after[section] for section in before} == before
    assert len(set(before.values())) == len(before)  # this garden's sections look apart


def test_a_neighbourhood_graph_labels_its_page_and_neighbours_without_overlap(
        page, site_url: str, graph: dict) -> None:
    """The home page links to many pages: its neighbourhood graph used to be a tangle of
    labels drawn over each other."""
    page.add_init_script("""(() => {
        const fillText = CanvasRenderingContext2D.prototype.fillText;
        window.drawnLabels = [];
        CanvasRenderingContext2D.prototype.fillText = function (text, x, y) {
            if (this.canvas.closest('[data-garden-graph=local]'))
                window.drawnLabels.push({text, x, y, width: this.measureText(text).width});
            return fillText.apply(this, arguments);
        };
    })()""")
    page.goto(site_url)
    page.locator(LOCAL).scroll_into_view_if_needed()
    page.locator(LOCAL + READY).wait_for(timeout=30000)
    page.locator(LOCAL + " canvas").scroll_into_view_if_needed()
    labels = page.evaluate("""() => {
        window.drawnLabels = [];
        document.querySelector('[data-garden-graph=local]').gardenGraph.draw();
        return window.drawnLabels;
    }""")
    home = next(n["label"] for n in graph["nodes"] if n["id"] == "index.md")
    near = {n["label"] for n in graph["nodes"]
            if n["id"] in neighbours(graph, "index.md")}
    drawn = [label["text"] for label in labels]
    assert home in drawn and len(drawn) > 3 and set(drawn) <= near | {home}
    overlapping = [(a["text"], b["text"]) for number, a in enumerate(labels)
                   for b in labels[number + 1:]
                   if abs(a["x"] - b["x"]) < (a["width"] + b["width"]) / 2
                   and abs(a["y"] - b["y"]) < 14]
    assert overlapping == []
