"""Imported pages into mkdocs.yml's `nav`, by a round-trip YAML edit.

ruamel.yaml's round-trip mode keeps the file as written: comments, quoting, `!ENV` and
`!!python/...` tags and key order all survive, and only the new entries are added. A section
already in the nav (found by its index page) gets the pages it lacks at its end; a new section
goes after the sections of notes, before the single pages that follow them (Graph, Tags,
Glossary, and a Contributing section after those). Nothing already in the nav is moved or
removed. A config without `nav` lets MkDocs list every page itself, so it is left alone.
"""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq


def round_trip_yaml() -> YAML:
    """ruamel.yaml in round-trip mode, indented as the garden's YAML files are."""
    yaml = YAML()  # round-trip
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def _paths(node: object) -> set[str]:
    if isinstance(node, str):
        return {node}
    if isinstance(node, list):
        return set().union(*map(_paths, node)) if node else set()
    if isinstance(node, dict):
        return set().union(*map(_paths, node.values())) if node else set()
    return set()


def _section_list(nav: CommentedSeq, index: str) -> CommentedSeq | None:
    """The nav list that holds the section's index page."""
    for item in nav:
        if isinstance(item, dict):
            for value in item.values():
                if isinstance(value, list):
                    if index in value:
                        return value
                    found = _section_list(value, index)
                    if found is not None:
                        return found
    return None


def _is_section(item: object) -> bool:
    return isinstance(item, dict) and any(isinstance(v, list) for v in item.values())


def _new_section_position(nav: CommentedSeq) -> int:
    """After the sections of notes, before the single pages that follow them (Graph, Tags,
    Glossary) and whatever comes after those (a Contributing section)."""
    sections = [i for i, item in enumerate(nav) if _is_section(item)]
    if not sections:
        return len(nav)
    after = next((i for i in range(sections[0], len(nav)) if not _is_section(nav[i])), None)
    return after if after is not None else sections[-1] + 1


def _flat(entries: list) -> list[str]:
    """The pages of nav entries (pages and `{subsection: [entries]}`), in order."""
    found: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            found.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                found += _flat(value)
    return found


def _without(entries: list, present: set[str]) -> CommentedSeq:
    """Nav entries less the pages already present (and subsections left empty)."""
    kept = CommentedSeq()
    for entry in entries:
        if isinstance(entry, str) and entry not in present:
            kept.append(entry)
        elif isinstance(entry, dict):
            for name, value in entry.items():
                inner = _without(value, present)
                if inner:
                    kept.append(CommentedMap([(name, inner)]))
    return kept


def add_section(config_text: str, title: str, pages: list) -> tuple[str, list[str]]:
    """mkdocs.yml's text with `pages` (docs-relative, the section's index first; a
    `{title: [pages]}` entry is a subsection) in its nav, and the pages that were added; the
    text unchanged when there is no nav or nothing to add."""
    yaml = round_trip_yaml()
    data = yaml.load(config_text)
    nav = data.get("nav") if isinstance(data, CommentedMap) else None
    if not isinstance(nav, CommentedSeq):
        return config_text, []
    present = _paths(nav)
    missing = [page for page in _flat(pages) if page not in present]
    if not missing:
        return config_text, []
    section = _section_list(nav, _flat(pages)[0])
    if section is not None:
        section.extend(missing)
    else:
        nav.insert(_new_section_position(nav), CommentedMap([(title, _without(pages, present))]))
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue(), missing


def add_to_nav(config_file: Path, title: str, pages: list, write: bool) -> list[str]:
    """Add the pages to the nav of `config_file` (when `write`); the pages added."""
    text = config_file.read_text(encoding="utf-8")
    new_text, added = add_section(text, title, pages)
    if write and new_text != text:
        config_file.write_text(new_text, encoding="utf-8")
    return added
