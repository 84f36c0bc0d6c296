"""GL1xx: the nav, the files and the pages as files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from garden.check.rules import diagnostic
from garden.model.site import Garden, find_snippet, is_external
from garden.text.diagnostics import Diagnostic

if TYPE_CHECKING:
    pass


def nav_paths(nav: object) -> Iterator[str]:
    """Every page path named in a nav tree (titles, sections and links skipped)."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_paths(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_paths(value)


def _config_line(config_text: str, needle: str) -> int:
    """The line of mkdocs.yml that names `needle`, for a diagnostic (1 when not found)."""
    index = config_text.find(needle)
    return config_text.count("\n", 0, index) + 1 if index >= 0 else 1


def check_nav(garden: Garden) -> Iterable[Diagnostic]:
    config = garden.config
    nav = config.nav
    if not nav:
        return
    config_text = config.config_file.read_text(encoding="utf-8", errors="replace")
    config_rel = config.relative(config.config_file)
    listed: set[str] = set()
    for entry in nav_paths(nav):
        if is_external(entry) or entry.startswith("/"):
            continue
        path = entry.split("#", 1)[0].strip()
        listed.add(path)
        if not garden.serves(path):
            yield Diagnostic(config_rel, _config_line(config_text, entry), 1, "GL101",
                             f"nav entry '{entry}' points to a missing file "
                             f"(not under {config.relative(config.docs_dir)}/)")
    exempt = config.not_in_nav
    for src, _ in garden.checked_pages():
        if src not in listed and not (exempt and exempt.match_file(src)):
            yield diagnostic(garden, src, 1, 1, "GL102",
                             "page is not in the nav; add it to `nav:` in mkdocs.yml "
                             "(or to `not_in_nav:` if it is meant to be reachable only by links)")


def check_unreadable(garden: Garden) -> Iterable[Diagnostic]:
    for src, reason in sorted(garden.unreadable.items()):
        yield diagnostic(garden, src, 1, 1, "GL103",
                         f"page cannot be read: {reason}; save it as UTF-8")


def check_snippets(garden: Garden) -> Iterable[Diagnostic]:
    config = garden.config
    if "pymdownx.snippets" not in config.extensions:
        return
    bases = config.extension_configs.get("pymdownx.snippets", {}).get("base_path", ".")
    tried = ", ".join([bases] if isinstance(bases, str) else bases)
    for src, page in garden.checked_pages():
        for line, target in page.scan.snippets:
            if not is_external(target) and find_snippet(config, target) is None:
                yield diagnostic(garden, src, line, 1, "GL104",
                                 f"snippet '{target}' not found (looked in: {tried})")


RULES = (check_nav, check_unreadable, check_snippets)
