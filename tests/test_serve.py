"""`mkdocs serve` starts on a free loopback port, serves the garden and live-reloads edits."""

from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from garden.csp import source_hash
from mkdocs_process import BIN, mkdocs_env

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


@pytest.fixture
def server(scratch_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`mkdocs serve --dirty` (live reload on) of a scratch copy of the garden, as `make serve`
    runs it: the garden plugin renders again the pages an edit changes, strict as the site is."""
    port = free_loopback_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=scratch_project, env=mkdocs_env(), stdout=sink, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    served = Server(process, f"http://127.0.0.1:{port}/", log)
    try:
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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

    # What the browser's live reload script does: long-poll until the site's epoch moves on.
    deadline = time.monotonic() + RELOAD_LIMIT_SECONDS
    new_epoch = epoch
    while new_epoch <= epoch and time.monotonic() < deadline:
        assert server.process.poll() is None, f"mkdocs serve exited:\n{server.output()}"
        new_epoch = int(server.get(f"livereload/{epoch}/0", timeout=RELOAD_LIMIT_SECONDS))
    assert new_epoch > epoch, f"no rebuild was announced after the edit:\n{server.output()}"

    reloaded = server.get()
    assert marker in reloaded, f"the edit is not served:\n{server.output()}"
    assert int(LIVERELOAD_CALL_RE.search(reloaded)[1]) >= new_epoch
