"""While `mkdocs serve` runs: a failed rebuild is shown in the browser, never a hung request.

MkDocs' live-reload server holds every request while a rebuild is pending, and a rebuild that
fails (strict warnings, an exception) never ends that wait. `BuildGuard` wraps the server's
builder: it collects what went wrong (MkDocs' warnings and errors, `garden check` errors of the
pages changed since the last good build, the exception) into `problems.json` in the site,
then lets the server carry on as after any build, so pages are served and browsers reload. A
small script, added to pages only while serving, shows those problems over the page as
`path:line:col: CODE message`, and the next good build clears them (and reloads the page).
The file exists from the first build on (empty), so no page view asks for a missing file.

One mistake is one problem: MkDocs' own warning about a link the checker reported already, and
the strict build's "aborted with N warnings" after the warnings it counts, are folded into
what is listed (the terminal still prints MkDocs' lines).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from garden.check.runner import all_rules, check_garden
from garden.features.glossary import check_glossary, glossary_problems
from garden.model.site import Garden

PROBLEMS_FILE = "assets/garden/problems.json"
MKDOCS_LOGGER = "mkdocs"
# MkDocs' warning about a link it cannot resolve (mkdocs.structure.pages), and the end of a
# strict build with warnings (mkdocs.commands.build).
MKDOCS_LINK_RE = re.compile(r"Doc file '(?P<src>[^']+)' contains a link '(?P<link>[^']*)'")
STRICT_ABORT_RE = re.compile(r"Aborted with .* in strict mode!")
# The build's word on what the sanitizer removed from a page (GL819), by element or attribute.
REMOVED_RE = re.compile(r"(?P<path>\S+): GL819 removed "
                        r"(?:<(?P<element>[^>\s]+)>|(?P<attribute>\S+=) on <[^>]+>):")


@dataclass(frozen=True)
class Problem:
    """One thing to show: `path:line:col: CODE message`, or a plain message."""

    message: str
    path: str = ""
    line: int = 0
    column: int = 0
    code: str = ""
    severity: str = "error"
    url: str = ""  # the site URL of the page it is on, if any
    src: str = ""  # the docs-relative source of that page

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}: " if self.path else ""
        return f"{where}{self.code + ' ' if self.code else ''}{self.message}"


class _Collector(logging.Handler):
    """Keeps the warnings and errors MkDocs and its plugins log during one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def logged_problems() -> Iterator[list[Problem]]:
    """Problem per warning or error logged under `mkdocs` while the block runs."""
    collector = _Collector()
    logger = logging.getLogger(MKDOCS_LOGGER)
    logger.addHandler(collector)
    found: list[Problem] = []
    try:
        yield found
    finally:
        logger.removeHandler(collector)
        found.extend(Problem(record.getMessage().strip(),
                             severity="error" if record.levelno >= logging.ERROR else "warning")
                     for record in collector.records)


def write_problems(site_dir: Path, problems: list[Problem], failed: bool) -> None:
    path = site_dir / PROBLEMS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"failed": failed, "problems": [asdict(p) for p in problems]},
                               ensure_ascii=False), encoding="utf-8")


def reported_by(logged: Problem, checked: list[Problem]) -> bool:
    """Whether MkDocs' warning `logged` is about a link a checker problem names already: on the
    same page, quoting the link's target or its anchor; or the build's word on an element or
    attribute it removed from a page whose checker problem names the same."""
    removed = REMOVED_RE.match(logged.message)
    if removed is not None:
        named = f"<{removed['element']}>" if removed["element"] else removed["attribute"]
        return any(problem.path == removed["path"] and named in problem.message
                   for problem in checked)
    found = MKDOCS_LINK_RE.match(logged.message)
    if found is None:
        return False
    target, _, anchor = found["link"].partition("#")
    quoted = {f"'{target}'"} if target else set()
    quoted |= {f"'#{anchor}'"} if anchor else set()
    return any(problem.src == found["src"] and any(q in problem.message for q in quoted)
               for problem in checked)


def one_per_mistake(checked: list[Problem], logged: list[Problem],
                    error: BaseException | None) -> list[Problem]:
    """The problems to show: the checker's, MkDocs' and its plugins' not among them, and the
    error that stopped the build unless it is the strict build counting the warnings shown."""
    shown = checked + [problem for problem in logged if not reported_by(problem, checked)]
    if error is not None and not (shown and STRICT_ABORT_RE.fullmatch(str(error))):
        shown.append(Problem(f"the build stopped: {type(error).__name__}: {error}"))
    return shown


class BuildGuard:
    """The server's builder, wrapped: it always returns, and records what went wrong.

    `check` gives the `garden check` problems of the build that just ran (or tried to)."""

    def __init__(self, build: Callable[..., Any], site_dir: Path,
                 check: Callable[[], list[Problem]]) -> None:
        self.build = build
        self.site_dir = site_dir
        self.check = check

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        error: BaseException | None = None
        with logged_problems() as problems:
            try:
                self.build(*args, **kwargs)
            except (Exception, SystemExit) as caught:  # noqa: BLE001 - shown, never fatal
                error = caught
        checked = self.check()
        failed = error is not None or any(p.severity == "error" for p in checked)
        write_problems(self.site_dir, one_per_mistake(checked, problems, error), failed)
        for problem in checked:  # MkDocs printed its own; the terminal gets the checker's too
            logging.getLogger("mkdocs.plugins.garden").error(str(problem))


def serve_rules() -> list[Callable[[Garden], Any]]:
    """The checker's rules cheap enough for every rebuild: all but the glossary's mention
    planning (the build plans mentions itself), with the glossary file's own checks."""
    return [rule for rule in all_rules() if rule is not check_glossary] + [glossary_problems]


def problems_since(garden: Garden, good_pages: dict[str, str],
                   urls: dict[str, str]) -> list[Problem]:
    """Errors of `garden check` on the pages whose text changed since the last good build,
    and on the glossary file, as problems (each with its page's URL, for the overlay)."""
    changed = {garden.rel(src): src for src, page in garden.pages.items()
               if good_pages.get(src) != page.text}
    watched = {*changed, garden.config.relative(garden.glossary.path)}
    found = []
    # Only the changed pages' problems are shown, so rules report on those alone (each still
    # reads every page): checking all of them was a fifth of a typical edit's wait.
    for item in check_garden(replace(garden, only=frozenset(changed.values())), serve_rules()):
        if item.path in watched and item.severity == "error":
            src = changed.get(item.path)
            found.append(Problem(item.message, item.path, item.line, item.column, item.code,
                                 url=urls.get(src, "") if src else "", src=src or ""))
    return found
