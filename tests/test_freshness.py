"""Freshness from one `git log`, a labelled file-date fallback, and maturity listings."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from garden.features import freshness
from garden.features.freshness import (
    Freshness,
    by_maturity,
    git_dates,
    maturity_markdown,
    page_freshness,
    parse_git_log,
    recent_markdown,
    recently_updated,
)
from support.garden_project import make_garden

LOG = (
    "\0" "2026-11-20T10:00:00+00:00\n\nweb/http.md\nindex.md\n"
    "\0" "2026-11-01T09:30:00+01:00\n\nweb/http.md\nweb/old.md\n"
)


def test_parse_git_log_keeps_the_newest_date_per_path() -> None:
    dates = parse_git_log(LOG)
    assert dates == {
        "web/http.md": datetime(2026, 11, 20, 10, tzinfo=UTC),
        "index.md": datetime(2026, 11, 20, 10, tzinfo=UTC),
        "web/old.md": datetime.fromisoformat("2026-11-01T09:30:00+01:00"),
    }
    assert parse_git_log("") == {}


def test_pages_without_history_fall_back_to_a_labelled_file_date(tmp_path: Path) -> None:
    garden = make_garden(tmp_path, {"index.md": "# Home\n", "web/new.md": "# New\n"})
    stamp = datetime(2025, 5, 4, 12, tzinfo=UTC).timestamp()
    os.utime(tmp_path / "docs" / "web" / "new.md", (stamp, stamp))
    result = page_freshness(garden, {"index.md": datetime(2026, 11, 20, tzinfo=UTC)})
    assert result["index.md"] == Freshness(datetime(2026, 11, 20, tzinfo=UTC), "git")
    assert result["index.md"].label == "Last updated 2026-11-20"
    assert result["web/new.md"].source == "file"
    assert result["web/new.md"].label == "File modified 2025-05-04"


def test_no_git_repository_means_every_page_uses_its_file_date(tmp_path: Path) -> None:
    garden = make_garden(tmp_path, {"index.md": "# Home\n"})
    assert git_dates(garden.config.docs_dir) == {}
    assert page_freshness(garden)["index.md"].source == "file"


def test_missing_git_binary_is_a_fallback_not_a_crash(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(freshness, "GIT", str(tmp_path / "no-such-git"))
    assert git_dates(tmp_path) == {}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_dates_come_from_one_log_of_docs(tmp_path: Path) -> None:
    garden = make_garden(tmp_path, {"index.md": "# Home\n", "web/a.md": "# A\n"})
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}

    def git(*args: str, date: str | None = None) -> None:
        extra = {"GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date} if date else {}
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True,
                       env={**env, **extra})

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "one", date="2026-01-02T03:04:05+00:00")
    (tmp_path / "docs" / "web" / "a.md").write_text("# A\n\nmore\n", encoding="utf-8")
    git("commit", "-q", "-am", "two", date="2026-02-03T04:05:06+00:00")
    dates = git_dates(garden.config.docs_dir)
    assert dates == {"index.md": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
                     "web/a.md": datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC)}


def test_recent_and_maturity_listings(tmp_path: Path) -> None:
    garden = make_garden(tmp_path, {
        "index.md": "# Home\n",
        "tags.md": "# Tags\n",
        "web/a.md": "---\ntitle: Alpha\nmaturity: seedling\n---\n",
        "web/b.md": "---\ntitle: Beta\nmaturity: evergreen\n---\n",
        "web/c.md": "---\ntitle: Gamma\nmaturity: unknown\n---\n",
    })

    def at(day: int) -> Freshness:
        return Freshness(datetime(2026, 11, day, tzinfo=UTC), "git")

    fresh = {"index.md": at(9), "tags.md": at(9), "web/a.md": at(1), "web/b.md": at(5),
             "web/c.md": at(5)}
    assert recently_updated(fresh, {"index.md", "tags.md"}) == ["web/b.md", "web/c.md",
                                                                "web/a.md"]
    assert recently_updated(fresh, set(), limit=1) == ["index.md"]
    recent = recent_markdown(garden, fresh, "index.md", {"tags.md"})
    assert recent.splitlines()[0] == ("- 🌳 [Beta](web/b.md) <small>Last updated 2026-11-05"
                                      "</small>")
    assert "[Gamma](web/c.md)" in recent and "[Home]" not in recent
    assert by_maturity(garden) == {"seedling": ["web/a.md"], "budding": [],
                                   "evergreen": ["web/b.md"]}
    listing = maturity_markdown(garden, "web/c.md")
    assert listing == ("🌱 **Seedling** (1): [Alpha](a.md)\n\n"
                       "🌳 **Evergreen** (1): [Beta](b.md)")
