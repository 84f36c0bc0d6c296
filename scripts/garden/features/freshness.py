"""Freshness and maturity of pages: when each page last changed, and how grown it is.

Dates come from ONE `git log` over docs/ per build. Without git history (a tarball, a fresh
copy, a page not committed yet) a page falls back to its file's modification time, labelled
as such, so a reader never mistakes a file date for a commit date.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from garden.model.options import MATURITY_STAGES
from garden.model.site import Garden
from garden.text.urls import relative_url

GIT = "git"
# Every commit starts with a NUL and its ISO committer date; the changed files follow.
GIT_FORMAT = "%x00%cI"


@dataclass(frozen=True)
class Freshness:
    updated: datetime
    source: str  # "git": last commit touching the page; "file": file modification time

    @property
    def date(self) -> str:
        return self.updated.date().isoformat()

    @property
    def label(self) -> str:
        if self.source == "git":
            return f"Last updated {self.date}"
        return f"File modified {self.date}"


def parse_git_log(output: str) -> dict[str, datetime]:
    """Newest commit date per path from `git log --name-only --format=%x00%cI` output."""
    dates: dict[str, datetime] = {}
    for commit in output.split("\0")[1:]:
        lines = commit.split("\n")
        when = datetime.fromisoformat(lines[0].strip())
        for name in lines[1:]:
            name = name.strip()
            if name and name not in dates:  # git log lists newest commits first
                dates[name] = when
    return dates


def git_dates(docs_dir: Path) -> dict[str, datetime]:
    """Last commit date of every file under docs_dir (docs-relative paths); {} without git."""
    command = [GIT, "-c", "core.quotePath=false", "-C", str(docs_dir), "log", "--relative",
               "--name-only", f"--format={GIT_FORMAT}", "--", "."]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return {}
    if result.returncode != 0:
        return {}
    return parse_git_log(result.stdout)


def file_date(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def page_freshness(garden: Garden, dates: dict[str, datetime] | None = None
                   ) -> dict[str, Freshness]:
    """Freshness of every page: from git when the page has history, else its file date."""
    if dates is None:
        dates = git_dates(garden.config.docs_dir)
    result = {}
    for src, page in garden.pages.items():
        if src in dates:
            result[src] = Freshness(dates[src], "git")
        else:
            result[src] = Freshness(file_date(page.path), "file")
    return result


def maturity(meta: dict, stages: Mapping[str, str] = MATURITY_STAGES) -> str | None:
    """The page's maturity stage when its front matter names a known one."""
    stage = meta.get("maturity")
    return stage if isinstance(stage, str) and stage in stages else None


def recently_updated(freshness: dict[str, Freshness], exclude: set[str], limit: int = 8
                     ) -> list[str]:
    """Page sources, most recently updated first (ties by path)."""
    candidates = [src for src in freshness if src not in exclude]
    candidates.sort(key=lambda src: src)
    candidates.sort(key=lambda src: freshness[src].updated, reverse=True)
    return candidates[:limit]


def by_maturity(garden: Garden, stages: Mapping[str, str] = MATURITY_STAGES
                ) -> dict[str, list[str]]:
    """Page sources grouped by maturity stage, in stage order; pages without one left out."""
    groups: dict[str, list[str]] = {stage: [] for stage in stages}
    for src, page in sorted(garden.pages.items()):
        stage = maturity(page.meta, stages)
        if stage:
            groups[stage].append(src)
    return groups


def recent_markdown(garden: Garden, freshness: dict[str, Freshness], page_src: str,
                    exclude: set[str], limit: int = 8,
                    stages: Mapping[str, str] = MATURITY_STAGES) -> str:
    """The home page's "recently updated" list, as Markdown."""
    lines = []
    for src in recently_updated(freshness, exclude | {page_src}, limit):
        page = garden.pages[src]
        badge = stages.get(maturity(page.meta, stages) or "", "")
        label = f"{badge} " if badge else ""
        lines.append(f"- {label}[{page.title}]({relative_url(src, page_src)}) "
                     f"<small>{freshness[src].label}</small>")
    return "\n".join(lines) if lines else "*Nothing planted yet.*"


def maturity_markdown(garden: Garden, page_src: str,
                      stages: Mapping[str, str] = MATURITY_STAGES) -> str:
    """The home page's pages-by-maturity listing, as Markdown (no headings: no new anchors)."""
    blocks = []
    for stage, sources in by_maturity(garden, stages).items():
        if not sources:
            continue
        links = ", ".join(f"[{garden.pages[s].title}]({relative_url(s, page_src)})"
                          for s in sorted(sources, key=lambda s: garden.pages[s].title.casefold()))
        blocks.append(f"{stages[stage]} **{stage.capitalize()}** ({len(sources)}): "
                      f"{links}")
    return "\n\n".join(blocks) if blocks else "*No page has a maturity stage yet.*"
