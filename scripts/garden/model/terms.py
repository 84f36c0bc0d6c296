"""Glossary terms: `glossary.yml` read into `Term`s, part of the garden's model.

`glossary.yml` (project root, or the plugin's `glossary` option) is the single source of truth:
a YAML list, one mapping per term, easy to review in a pull request. It is read with PyYAML's
composer so that every entry and field keeps its line number for diagnostics. Checking and
rendering the glossary are features built on this (`garden.features.glossary`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from garden.text.diagnostics import Finding

GLOSSARY_FILE = "glossary.yml"
# The page the entries are rendered into: the default of the plugin's `glossary_page` option.
GLOSSARY_PAGE = "glossary.md"
# Stable anchors: lower-case ASCII slugs, so `glossary.md#jwt` survives any edit of the term.
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STRING_FIELDS = ("id", "term", "definition", "page", "lang")
LIST_FIELDS = ("aliases", "tags")
REQUIRED_FIELDS = ("id", "term", "definition")
OTHER_LETTER = "#"

@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    id: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    page: str | None = None  # docs-relative in-depth page, may carry `#anchor`
    tags: tuple[str, ...] = ()
    # The language the term is written in, when not the site's (`ru`): it is linked on the
    # pages in that language only (`lang` in their front matter), and those pages link no
    # term of the site's language.
    lang: str | None = None
    line: int = 1  # line of the entry in glossary.yml
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The term and its aliases: every written form a page may use."""
        return (self.term, *self.aliases)

    @property
    def letter(self) -> str:
        """The jump-bar letter the entry files under."""
        first = unicodedata.normalize("NFD", self.term.strip()[:1])[:1].upper()
        return first if first.isalpha() else OTHER_LETTER

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


@dataclass
class Glossary:
    """The entries of glossary.yml, plus the problems met while reading it."""

    path: Path
    terms: list[Term] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    readable: bool = True  # False when the file is no list of entries: its terms are unknown

    def problem(self, line: int, column: int, message: str) -> None:
        """A problem of the file (GL501: it does not read as glossary entries)."""
        self.problems.append(Finding(line, column, "GL501", message))

    def by_id(self) -> dict[str, Term]:
        return {term.id: term for term in self.terms}

    def sorted_terms(self) -> list[Term]:
        return sorted(self.terms, key=lambda t: (t.term.casefold(), t.id))

    def letters(self) -> list[str]:
        """Letter groups present, in display order (A–Z first, then others, then `#`)."""
        present = {term.letter for term in self.terms}
        return sorted(present, key=lambda x: (x == OTHER_LETTER, not ("A" <= x <= "Z"), x))

    def anchors(self) -> set[str]:
        """Every anchor the rendered glossary page adds: entry ids and letter groups."""
        return {term.id for term in self.terms} | {letter_anchor(x) for x in self.letters()}


def letter_anchor(letter: str) -> str:
    return "glossary-other" if letter == OTHER_LETTER else f"glossary-{letter.lower()}"


def _scalar(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return "" if node.tag.endswith(":null") else str(node.value).strip()
    return None


def _entry(node: yaml.Node, glossary: Glossary) -> Term | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        glossary.problem(line, node.start_mark.column + 1,
                         "glossary entry is not a mapping (`- id: …`)")
        return None
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node)
        where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if key in STRING_FIELDS:
            value = _scalar(value_node)
            if value is None:
                glossary.problem(*where, f"`{key}` must be a string")
                continue
            values[key] = value
            lines[key] = value_node.start_mark.line + 1
        elif key in LIST_FIELDS:
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else None
            texts = [_scalar(item) for item in items or []]
            if items is None or any(text is None for text in texts):
                glossary.problem(*where, f"`{key}` must be a list of strings")
                continue
            values[key] = tuple(text for text in texts if text)
            for item, text in zip(items, texts, strict=True):
                lines[text] = item.start_mark.line + 1
        else:
            glossary.problem(*where, f"unknown glossary field `{key}` "
                             f"(known: {', '.join(STRING_FIELDS + LIST_FIELDS)})")
    missing = [name for name in ("id", "term") if not values.get(name)]
    if missing:
        glossary.problem(line, node.start_mark.column + 1,
                         f"glossary entry without {' and '.join(missing)}")
        return None
    term_id = str(values["id"])
    if not ID_RE.match(term_id):
        glossary.problem(lines["id"], 1, f"glossary id `{term_id}` is not a "
                         "lower-case slug (a-z, 0-9, `-`)")
    lines.setdefault(str(values["term"]), lines.get("term", line))
    return Term(id=term_id, term=str(values["term"]), definition=str(values.get("definition", "")),
                aliases=tuple(values.get("aliases", ())), page=values.get("page") or None,
                tags=tuple(values.get("tags", ())), lang=values.get("lang") or None, line=line,
                lines=lines)


def parse_glossary(text: str, path: Path) -> Glossary:
    """Read glossary.yml's text; entries keep their line numbers."""
    glossary = Glossary(path=path)
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        glossary.problem(*where, f"glossary.yml is not valid YAML: "
                         f"{getattr(error, 'problem', None) or error}")
        glossary.readable = False
        return glossary
    if root is None:
        return glossary
    if not isinstance(root, yaml.SequenceNode):
        glossary.problem(1, 1, "glossary.yml must be a list of entries")
        glossary.readable = False
        return glossary
    for node in root.value:
        term = _entry(node, glossary)
        if term is not None:
            glossary.terms.append(term)
    return glossary


def load_glossary(path: Path) -> Glossary:
    """The glossary in a YAML file (a folder means its glossary.yml); an empty one when the
    file does not exist."""
    if path.is_dir():
        path = path / GLOSSARY_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Glossary(path=path)
    except (OSError, UnicodeDecodeError) as error:
        glossary = Glossary(path=path, readable=False)
        glossary.problem(1, 1, f"glossary.yml cannot be read: {error}")
        return glossary
    return parse_glossary(text, path)


def name_key(name: str) -> str:
    """How names compare for duplicates and explicit references: case and spacing ignored."""
    return " ".join(name.split()).casefold()
