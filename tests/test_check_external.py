"""`garden check --external` against a loopback server: status, timeouts, HEAD refusal, cache."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from garden.check.rules.external import CACHE_NAME, ExternalOptions, url_problem
from garden.check.runner import all_rules, check_garden
from garden.model.site import Garden, load_config
from support.check_projects import write_config


class Handler(http.server.BaseHTTPRequestHandler):
    requests: list[tuple[str, str]] = []

    def _answer(self) -> None:
        Handler.requests.append((self.command, self.path))
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path in ("/ok", "/slow", "/no-head"):
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Handler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def project(tmp_path: Path, base: str) -> Garden:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        f"# Home\n\n[ok]({base}/ok) [gone]({base}/gone) [slow]({base}/slow)\n\n"
        f"[again]({base}/ok#part) [no head]({base}/no-head)\n", encoding="utf-8")
    write_config(tmp_path)
    return Garden.load(load_config(tmp_path / "mkdocs.yml"))


def test_reachability_with_timeout_and_cache(tmp_path: Path, server: str) -> None:
    garden = project(tmp_path, server)
    cache = tmp_path / ".cache" / CACHE_NAME
    options = ExternalOptions(timeout=0.5, workers=4, cache_file=cache)
    found = check_garden(garden, all_rules(options), ran_optional=True)
    assert [(d.line, d.code) for d in found] == [(3, "GL702"), (3, "GL702")]
    assert "answers HTTP 404" in found[0].message and "/gone" in found[0].message
    assert "unreachable" in found[1].message and "/slow" in found[1].message
    assert ("GET", "/no-head") in Handler.requests  # HEAD refused, GET asked
    assert sum(path == "/ok" for _, path in Handler.requests) == 1  # one request per URL
    assert cache.is_file()

    Handler.requests = []
    again = check_garden(garden, all_rules(options), ran_optional=True)
    assert again == found
    asked = {path for _, path in Handler.requests}
    assert "/ok" not in asked and "/no-head" not in asked  # answered from the cache
    assert {"/gone", "/slow"} <= asked  # failures are asked again


def test_default_run_never_requests(tmp_path: Path, server: str) -> None:
    garden = project(tmp_path, server)
    assert check_garden(garden, all_rules()) == []
    assert Handler.requests == []


@pytest.mark.parametrize(("url", "problem"), [
    ("http:/example.org", "no host"),
    ("https://exa mple.org/", "whitespace"),
    ("https://example.org:99999/", "Port out of range"),
    ("https://-bad-.org/", "not a valid domain"),
    ("https://intranet/", "no top-level domain"),
    ("mailto:nobody", "without an address"),
])
def test_malformed_urls(url: str, problem: str) -> None:
    assert problem in (url_problem(url) or "")


@pytest.mark.parametrize("url", [
    "https://example.org/a?b=c#d", "http://127.0.0.1:8000/", "http://localhost/",
    "https://пример.рф/", "http://[::1]:80/", "mailto:me@example.org",
])
def test_well_formed_urls(url: str) -> None:
    assert url_problem(url) is None
