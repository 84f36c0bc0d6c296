"""`mkdocs serve` starts on a free loopback port, serves the garden and live-reloads edits; a
`--dirty` rebuild serves what a full build serves."""

from __future__ import annotations

import argparse
import difflib
import gc
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

from garden.features.search_index import KEPT_FILE
from garden.plugin.context import IdleCollection
from garden.safety.csp import source_hash
from support.mkdocs_process import BIN, mkdocs_env

pytestmark = pytest.mark.build

# Bounds for waiting on a real process; they only limit how long a broken server can hang a test.
STARTUP_LIMIT_SECONDS = 90
RELOAD_LIMIT_SECONDS = 90
LIVERELOAD_CALL_RE = re.compile(r"livereload\((\d+),\s*(\d+)\)")


def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    base: str
    log: Path

    def get(self, path: str = "", timeout: float = 10) -> str:
        """GET a path; redirects (to the site_url's mount path) are followed."""
        with urllib.request.urlopen(self.base + path.lstrip("/"), timeout=timeout) as response:
            return response.read().decode("utf-8")

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


def wait_until_serving(server: Server) -> str:
    deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
    while time.monotonic() < deadline:
        assert server.process.poll() is None, f"mkdocs serve exited:\n{server.output()}"
        try:
            return server.get()
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.25)
    pytest.fail(f"mkdocs serve did not answer within {STARTUP_LIMIT_SECONDS}s:\n{server.output()}")


@contextmanager
def serving(project: Path, port: int, log: Path, dirty: bool = True) -> Iterator[Server]:
    """`mkdocs serve` of `project` on a loopback port, stopped on leaving the block."""
    with log.open("w") as sink:
        process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", *(["--dirty"] if dirty else []),
             "-a", f"127.0.0.1:{port}"],
            cwd=project, env=mkdocs_env(), stdout=sink, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        yield Server(process, f"http://127.0.0.1:{port}/", log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def server(scratch_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`mkdocs serve --dirty` (live reload on) of a scratch copy of the garden, as `make serve`
    runs it: the garden plugin renders again the pages an edit changes, strict as the site is."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serving(scratch_project, free_loopback_port(), log) as served:
        yield served


def wait_for_reload(server: Server, epoch: int) -> int:
    """What the browser's live reload script does: long-poll until the site's epoch moves on."""
    deadline = time.monotonic() + RELOAD_LIMIT_SECONDS
    new_epoch = epoch
    while new_epoch <= epoch and time.monotonic() < deadline:
        assert server.process.poll() is None, f"mkdocs serve exited:\n{server.output()}"
        new_epoch = int(server.get(f"livereload/{epoch}/0", timeout=RELOAD_LIMIT_SECONDS))
    assert new_epoch > epoch, f"no rebuild was announced after the edit:\n{server.output()}"
    return new_epoch


def test_serves_the_garden_and_live_reloads_an_edit(server: Server, scratch_project: Path) -> None:
    home = wait_until_serving(server)
    assert "<title>" in home and "md-search" in home, home[:500]
    live_reload = LIVERELOAD_CALL_RE.search(home)
    assert live_reload, "the served page has no live reload script"
    epoch = int(live_reload[1])
    # The content's policy holds while serving: the live-reload script by its hash only.
    script_src = re.search(r'Content-Security-Policy" content="[^"]*script-src ([^;"]*)', home)
    scripts = re.findall(r"<script>(.*?)</script>", home, re.DOTALL)
    assert script_src and "'unsafe-inline'" not in script_src[1]
    assert source_hash(next(s for s in scripts if "livereload(" in s)) in script_src[1]

    marker = f"Freshly planted line {time.time_ns()}"
    page = scratch_project / "docs" / "index.md"
    page.write_text(page.read_text("utf-8") + f"\n\n{marker}\n", "utf-8")

    new_epoch = wait_for_reload(server, epoch)

    reloaded = server.get()
    assert marker in reloaded, f"the edit is not served:\n{server.output()}"
    assert int(LIVERELOAD_CALL_RE.search(reloaded)[1]) >= new_epoch


# What search reads first: the bundles' folders, and each bundle's entry (naming its index).
SEARCH_FILES = ("garden/search/search_index.json", "garden/pagefind/pagefind-entry.json",
                "garden/pagefind-ru/pagefind-entry.json")
# The graph, and the neighbourhoods of the page the edit links from, the page it links to (both
# changed) and a page it leaves as it was (kept, not written again, by the dirty rebuild).
GRAPH_FILES = ("garden/assets/graph.json", "garden/assets/graph/web/http-versions.json",
               "garden/assets/graph/web/grpc.json", "garden/assets/graph/web/networking.json")


def wait_for_search_index(server: Server) -> None:
    """While serving with --dirty the search index is written after the pages: until the
    Russian bundle, the last, is swapped in (the list of the files it supersedes appears)."""
    deadline = time.monotonic() + RELOAD_LIMIT_SECONDS
    while time.monotonic() < deadline:
        try:
            server.get(f"garden/pagefind-ru/{KEPT_FILE}")
            return
        except urllib.error.HTTPError:
            time.sleep(0.25)
    pytest.fail(f"the search index was not written again:\n{server.output()}")


def page_and_neighbours(server: Server, path: str, html: str) -> set[str]:
    """`path` and the pages its served HTML leads to: previous and next, and every page its
    article links to (site paths ending in `/`, fragments dropped)."""
    here = urljoin(server.base, path)
    tree = LexborHTMLParser(html)
    found = {path}
    for link in tree.css("a.md-footer__link, article a[href]"):
        target = urlsplit(urljoin(here, link.attributes.get("href") or ""))
        if f"{target.scheme}://{target.netloc}/" == server.base and target.path.endswith("/"):
            found.add(target.path.lstrip("/"))
    return found


def test_a_dirty_rebuild_serves_what_a_full_build_serves(
        scratch_project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """After an ordinary edit, `mkdocs serve --dirty` serves the edited page, its neighbours,
    the pages it links to, the search index (both languages) and the graph exactly as a fresh
    `mkdocs serve` of the same tree does (the live reload script, which carries the server's epoch,
    aside)."""
    logs = tmp_path_factory.mktemp("serve-equal")
    port = free_loopback_port()
    edited = scratch_project / "docs" / "web" / "http-versions.md"
    path = "garden/web/http-versions/"
    with serving(scratch_project, port, logs / "dirty.log") as server:
        epoch = int(LIVERELOAD_CALL_RE.search(wait_until_serving(server))[1])
        edited.write_text(edited.read_text("utf-8") + "\n\nA new paragraph on how HTTP/2 "
                          "streams compare with [gRPC](grpc.md) calls.\n", "utf-8")
        wait_for_reload(server, epoch)
        pages = (page_and_neighbours(server, path, server.get(path)) | set(SEARCH_FILES)
                 | set(GRAPH_FILES))
        wait_for_search_index(server)
        dirty = {page: server.get(page) for page in sorted(pages)}
    with serving(scratch_project, port, logs / "full.log", dirty=False) as server:
        wait_until_serving(server)
        full = {page: server.get(page) for page in sorted(pages)}

    assert {"garden/web/grpc/", "garden/web/networking/", "garden/web/http3-browser-support/"} \
        <= pages, pages  # the link the edit added, the page before it and the page after it

    def normalised(html: str) -> str:
        """The live reload script and its hash in the policy, without the server's epoch."""
        scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
        for script in (s for s in scripts if LIVERELOAD_CALL_RE.search(s)):
            html = html.replace(source_hash(script), "'live-reload'")
        return LIVERELOAD_CALL_RE.sub("livereload()", html)

    differing = [page for page in pages if normalised(dirty[page]) != normalised(full[page])]
    assert differing == [], "\n".join(
        "".join(difflib.unified_diff(normalised(full[page]).splitlines(True),
                                     normalised(dirty[page]).splitlines(True),
                                     f"full build: {page}", f"dirty rebuild: {page}", n=1))[:3000]
        for page in differing)


def test_the_idle_server_sets_what_a_build_left_aside_from_the_collector() -> None:
    """Once a build is done and the server idle, what is alive is collected and set aside (the
    next build's collections walk only what it makes); a build that starts first cancels it,
    and the end of the session puts everything back."""
    collection = IdleCollection(delay=0.05)
    try:
        collection.after_build()
        collection.cancel()
        time.sleep(0.2)
        assert gc.get_freeze_count() == 0  # a build started: nothing set aside
        leftover = argparse.Namespace()
        leftover.itself = leftover  # a build's leftover: a cycle, unreachable
        gone = weakref.ref(leftover)
        del leftover
        kept = [[]]  # alive: set aside
        collection.after_build()
        deadline = time.monotonic() + 5
        while gc.get_freeze_count() == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert gc.get_freeze_count() > 0 and gone() is None
        assert not any(obj is kept for obj in gc.get_objects())  # not walked any more
    finally:
        collection.stop()
    assert gc.get_freeze_count() == 0
