"""While serving, without a server: the builder's guard, the dirty-build warning, and the
plugin's state by lifetime (a session only while serving, kept across its builds)."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

import pytest

from garden.plugin import GardenPlugin
from garden.plugin.context import ServeSession
from garden.plugin.incremental import DirtyBuildIsAccurate
from garden.plugin.serve import PROBLEMS_FILE, BuildGuard, Problem, problems_since
from support.garden_project import make_garden

MKDOCS_LINK = ("Doc file 'a.md' contains a link 'gone.md', but the target is not found among "
               "documentation files.")


def shown(site: Path) -> dict[str, Any]:
    return json.loads((site / PROBLEMS_FILE).read_text(encoding="utf-8"))


def guard(site: Path, build: Any, checked: list[Problem] | None = None) -> BuildGuard:
    return BuildGuard(build, site, lambda: list(checked or []))


def test_a_good_build_shows_no_problem(tmp_path: Path) -> None:
    calls = []
    guard(tmp_path, lambda *args, **kwargs: calls.append((args, kwargs)))("config", dirty=True)
    assert calls == [(("config",), {"dirty": True})]
    assert shown(tmp_path) == {"failed": False, "problems": []}


def test_a_build_that_raises_returns_and_shows_why(tmp_path: Path) -> None:
    def build() -> None:
        raise ValueError("no such page")

    guard(tmp_path, build)()  # returns: the server carries on
    found = shown(tmp_path)
    assert found["failed"] is True
    assert [p["message"] for p in found["problems"]] == [
        "the build stopped: ValueError: no such page"]


def test_warnings_are_shown_and_the_strict_abort_is_folded_into_them(tmp_path: Path) -> None:
    def build() -> None:
        logging.getLogger("mkdocs.structure.pages").warning("something odd")
        raise SystemExit("Aborted with 1 warnings in strict mode!")

    guard(tmp_path, build)()
    found = shown(tmp_path)
    assert found["failed"] is True
    assert [(p["message"], p["severity"]) for p in found["problems"]] == [
        ("something odd", "warning")]


def test_mkdocs_warning_about_a_link_the_checker_reported_is_one_problem(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    checked = [Problem("link to 'gone.md' finds no page", "docs/a.md", 3, 5, "GL201",
                       src="a.md", url="a/")]

    def build() -> None:
        logging.getLogger("mkdocs.structure.pages").warning(MKDOCS_LINK)

    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.garden"):
        guard(tmp_path, build, checked)()
    found = shown(tmp_path)
    assert found["failed"] is True  # the checker's error fails the build
    assert [(p["path"], p["line"], p["code"]) for p in found["problems"]] == [
        ("docs/a.md", 3, "GL201")]
    assert "docs/a.md:3:5: GL201 link to 'gone.md' finds no page" in caplog.messages


def test_the_dirty_build_warning_is_information_with_the_plugin() -> None:
    record = logging.LogRecord("mkdocs.commands.build", logging.WARNING, __file__, 1,
                               "A 'dirty' build is being performed, this will likely lead to "
                               "inaccurate navigation and other links", None, None)
    other = logging.LogRecord("mkdocs.commands.build", logging.WARNING, __file__, 1,
                              "Something else", None, None)
    assert DirtyBuildIsAccurate().filter(record) and DirtyBuildIsAccurate().filter(other)
    assert (record.levelno, record.levelname) == (logging.INFO, "INFO")
    assert other.levelno == logging.WARNING


def test_a_session_exists_only_while_serving_and_lasts_its_builds() -> None:
    plugin = GardenPlugin()
    plugin.on_startup(command="build", dirty=False)
    assert plugin.session is None and plugin.context is None
    plugin.on_startup(command="serve", dirty=True)
    session = plugin.session
    assert isinstance(session, ServeSession) and session.indexer is not None
    plugin.on_startup(command="serve", dirty=True)  # a tool driving the builds itself
    assert plugin.session is session
    plugin.on_shutdown()
    assert plugin.session is None
    plugin.on_startup(command="serve", dirty=False)
    assert plugin.session is not None and plugin.session.indexer is None
    plugin.on_shutdown()


def test_problems_while_serving_are_the_changed_pages_errors(tmp_path: Path) -> None:
    """The checker's errors on the pages an edit changed since the last good build, each with
    its page's URL; an unchanged page's error (it was built before) is not shown again, and
    links between changed and unchanged pages are judged against every page."""
    pages = {"a.md": "# A\n\nSee [b](b.md) and [gone](gone.md).\n",
             "b.md": "# B\n\nSee [a](a.md) and [lost](lost.md).\n"}
    garden = make_garden(tmp_path, pages)
    found = problems_since(garden, {"a.md": "# A\n", "b.md": pages["b.md"]}, {"a.md": "a/"})
    assert [(p.src, p.line, p.code, p.url) for p in found] == [("a.md", 3, "GL201", "a/")]
    assert "gone.md" in found[0].message
    assert problems_since(garden, pages, {}) == []


def test_the_search_index_is_written_for_the_latest_build_without_holding_the_next(
        caplog: pytest.LogCaptureFixture) -> None:
    """While one build's index is written, the next builds go on; of those made meanwhile,
    only the latest is indexed after it, and a failed indexing is logged, not raised."""
    session = ServeSession.start(dirty=True)
    started, release = threading.Event(), threading.Event()
    written: list[str] = []

    def write(prepared: Any) -> None:
        started.set()
        release.wait(timeout=30)
        if prepared == "broken":
            raise RuntimeError("Pagefind stopped")
        written.append(prepared)

    session.index_later("first", write)
    assert started.wait(timeout=30)
    session.index_later("second", write)
    session.index_later("third", write)  # takes the second's place: it is not written
    assert written == [] and session.indexing is not None  # nothing waited for the first
    release.set()
    session.wait_for_index()
    assert written == ["first", "third"] and session.indexing is None
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.garden"):
        session.index_later("broken", write)
        session.wait_for_index()
    session.index_later("fourth", write)
    session.wait_for_index()
    assert written[-1] == "fourth"
    assert "the search index of a build failed: Pagefind stopped" in caplog.text
    session.shutdown()
