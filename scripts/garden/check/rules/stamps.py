"""GL907, GL908: what a reader of a page sees of its dates and boxes.

- GL907 an "as of" stamp names a version older than the one the page's samples run against:
  `as of 2026-12 (FastAPI 0.160)` while the project's `samples` extra (pyproject.toml) tests
  the samples with FastAPI 0.165 or later. The stamp says what was true when checked; the
  samples prove a later release.
- GL908 a box (`!!!`, `???`) between the items of a list: Python-Markdown ends the list before
  the box and starts a new one after it, so the numbering restarts and the items read as two
  lists. Place the box after the list, or indent it under the item it belongs to.

Both are warnings.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from garden.check.rules import diagnostic
from garden.check.rules.security import masked_markdown
from garden.model.site import Garden, Page
from garden.text.diagnostics import Diagnostic, Severity
from garden.text.markdown_scan import LIST_MARKER_RE, Container

# `as of 2026-12 (FastAPI 0.165, Starlette 1.10)`: the versions the stamp names.
STAMP_RE = re.compile(r"\bas of\s+\d{4}-\d{2}(?:-\d{2})?\s*\((?P<names>[^()]*)\)",
                      re.IGNORECASE)
NAMED_VERSION_RE = re.compile(r"(?P<name>[A-Za-z][\w.-]*)\s+(?P<version>\d+(?:\.\d+)+)")
SAMPLES_EXTRA = "samples"


def sample_floors(root: Path) -> dict[str, Version]:
    """The lowest version of each package the project's `samples` extra admits (none when the
    project has no such extra)."""
    try:
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    extras = project.get("project", {}).get("optional-dependencies", {})
    floors: dict[str, Version] = {}
    for line in extras.get(SAMPLES_EXTRA, ()):
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        lows = [Version(spec.version) for spec in requirement.specifier
                if spec.operator in (">=", "==", "~=")]
        if lows:
            floors[canonicalize_name(requirement.name)] = max(lows)
    return floors


def stale_stamps(text: str, floors: dict[str, Version]) -> Iterator[tuple[int, int, str]]:
    """(line, column, message) of each version a stamp names older than its floor."""
    for stamp in STAMP_RE.finditer(text):
        for named in NAMED_VERSION_RE.finditer(stamp.group("names")):
            floor = floors.get(canonicalize_name(named.group("name")))
            try:
                stated = Version(named.group("version"))
            except InvalidVersion:
                continue
            if floor is not None and stated < floor:
                offset = stamp.start("names") + named.start()
                line = text.count("\n", 0, offset) + 1
                column = offset - (text.rfind("\n", 0, offset) + 1) + 1
                yield line, column, (f"the stamp says {named.group(0)} while the samples run "
                                     f"against {named.group('name')} {floor} or later: check "
                                     "the claim against that release and update the stamp")


def _list_item(line: str) -> bool:
    return bool(LIST_MARKER_RE.match(line))


def splits_a_list(page: Page, box: Container) -> bool:
    """A box at the left margin with a list item before it (its block) and after it."""
    lines = page.scan.lines
    if box.column != 1 or lines[box.line - 1][:1].isspace():
        return False
    # The block before: the nearest line at the margin (an item's indented lines belong to it).
    before = next((line for line in reversed(lines[:box.line - 1])
                   if line.strip() and (_list_item(line) or not line[0].isspace())), "")
    after = next((line for line in lines[box.end_line:] if line.strip()), "")
    return _list_item(before) and _list_item(after)


def check_stamps(garden: Garden) -> Iterable[Diagnostic]:
    floors = sample_floors(garden.config.root)
    for src, page in garden.checked_pages():
        if floors and "as of" in page.text.lower():
            for line, column, message in stale_stamps(masked_markdown(page), floors):
                yield diagnostic(garden, src, line, column, "GL907", message, Severity.WARNING)
        for box in page.scan.containers:
            if box.marker.startswith(("!!!", "???")) and splits_a_list(page, box):
                yield diagnostic(garden, src, box.line, box.column, "GL908",
                                 "box between the items of a list: the list ends before it "
                                 "and starts again after it; place the box after the list, or "
                                 "indent it under its item", Severity.WARNING)


RULES = (check_stamps,)
