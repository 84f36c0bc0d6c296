"""Glossary entries from the definitions of a note.

Every `**Term** definition` of a section made mostly of such lines becomes an entry, list-style
sub-terms (`- **Sub**: ...`) included, and so does a `**Heading**` followed by
`- **Definition**: ...` anywhere. The other styles notes use (definition lists, term tables,
`- **Term** – ...` lists, `Term: ...` in a glossary) are found by garden.importer.glossary_styles,
with its confidence rule. An acronym and its expansion become term and alias
(`**DRY (Don't Repeat Yourself)**`), and the plural an acronym takes in the note becomes an
alias too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from garden.importer.glossary_styles import Skipped, styled_definitions
from garden.importer.note_structure import (
    DEFINITION_RE,
    HR_LINE_RE,
    LIST_ITEM_RE,
    NoteStructure,
    Topic,
    slug,
    topic_tag,
)

SUB_DEFINITION_RE = re.compile(
    r"^ *(?:[-*+]|\d+[.)])[ \t]+\*\*(?P<term>[^*]+?)\*\*(?P<rest>.*)$")
PAREN_RE = re.compile(r"^\s*\((?P<paren>[^()]*)\)(?P<rest>.*)$")
TRAILING_PAREN_RE = re.compile(r"^(?P<label>.*?)\s*\((?P<paren>[^()]*)\)\s*$")
ACRONYM_RE = re.compile(r"[A-Za-z0-9./&+-]{2,12}")
CONNECTIVE_RE = re.compile(r"^(?:is|are|refers to|means)\s+", re.IGNORECASE)
NUMBERING_RE = re.compile(r"^\d+[.)]\s+")
DASH_SPLIT_RE = re.compile(r"\s+[–—-]\s+")


@dataclass
class GlossaryEntry:
    id: str
    term: str
    aliases: list[str]
    definition: str
    tags: list[str]
    line: int  # in the note
    page: str = ""  # the page that explains the term, `section/page.md#anchor`
    lang: str = ""  # the note's language, when not the site's (`ru`)

    def as_yaml_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "term": self.term}
        if self.aliases:
            data["aliases"] = self.aliases
        data["definition"] = self.definition
        if self.page:
            data["page"] = self.page
        if self.tags:
            data["tags"] = self.tags
        if self.lang:
            data["lang"] = self.lang
        return data


def is_acronym(text: str) -> bool:
    upper = sum(ch.isupper() for ch in text)
    lower = sum(ch.islower() for ch in text)
    return bool(ACRONYM_RE.fullmatch(text)) and upper >= 2 and upper > lower


def strip_markup(text: str) -> str:
    return re.sub(r"\*\*|__", "", text).strip()


def _definition_text(rest: str) -> str:
    text = strip_markup(rest).lstrip(":").strip()
    text = CONNECTIVE_RE.sub("", text)
    return text[:1].upper() + text[1:] if text else ""


def name_entry(label: str, rest: str) -> tuple[str, list[str], str, str]:
    """(term, aliases, id, remaining text) from `**label** rest`: the acronym and its expansion
    become term and alias (`DRY (Don't Repeat Yourself)`, `WSGI** (Web Server ...)`)."""
    label = strip_markup(label.replace("（", " (").replace("）", ")")).rstrip(":：").strip()
    paren = None
    inner = TRAILING_PAREN_RE.match(label)
    if inner:
        label, paren = inner.group("label"), inner.group("paren").strip()
    else:
        outer = PAREN_RE.match(rest)
        if outer:
            paren, rest = outer.group("paren").strip(), outer.group("rest")
    if not paren:
        dashed = DASH_SPLIT_RE.split(NUMBERING_RE.sub("", label), maxsplit=1)
        if len(dashed) == 2 and (is_acronym(dashed[0]) or is_acronym(dashed[1])):
            label, paren = dashed
        else:
            label = NUMBERING_RE.sub("", label)
    if paren and is_acronym(paren) and not is_acronym(label):
        return label, [paren], slug(paren), rest
    if paren and is_acronym(label) and not is_acronym(paren) and " " in paren:
        return paren, [label], slug(label), rest
    if paren:
        # Not an acronym pair (`Authentication (401 - Unauthorized)`): keep it in the text.
        rest = f"{rest.rstrip().rstrip('.')} ({paren})" if rest.strip(" :") else f": {paren}"
    return label, [], slug(label), rest


def _plural_aliases(aliases: list[str], words: set[str]) -> list[str]:
    return aliases + [a + "s" for a in aliases if a + "s" in words and a + "s" not in aliases]


def _is_definition_line(line: str) -> bool:
    match = DEFINITION_RE.match(line)
    return bool(match and re.search(r"\w\w", match.group("rest")))


def _section_lines(structure: NoteStructure, topic: Topic) -> list[int]:
    headings = {h.line for h in structure.headings}
    return [n for n in range(topic.start, topic.end + 1)
            if n not in structure.fence_lines and n not in headings]


def _is_definitions_section(structure: NoteStructure, topic: Topic) -> bool:
    """A section made mostly of `**Term** ...` lines is a list of definitions."""
    paragraphs = definitions = 0
    for number in _section_lines(structure, topic):
        line = structure.line(number)
        if (not line.strip() or line.startswith((" ", "|", ">")) or LIST_ITEM_RE.match(line)
                or HR_LINE_RE.match(line)):
            continue
        paragraphs += 1
        if DEFINITION_RE.match(line) and (
                _is_definition_line(line) or _sub_terms(structure, number)):
            definitions += 1
    return definitions >= 2 and definitions * 2 >= paragraphs


def _sub_terms(structure: NoteStructure, number: int) -> list[tuple[int, re.Match[str]]]:
    """The `- **Sub**: ...` items right below a group line `**Group**:`."""
    items = []
    for n in range(number + 1, len(structure.lines) + 1):
        line = structure.line(n)
        match = SUB_DEFINITION_RE.match(line)
        if match and re.search(r"\w\w", match.group("rest")):
            items.append((n, match))
        elif LIST_ITEM_RE.match(line) or (line.startswith(" ") and line.strip()):
            continue
        else:
            break
    return items


def _plain_items(structure: NoteStructure, number: int) -> list[str]:
    items = []
    for n in range(number + 1, len(structure.lines) + 1):
        item = LIST_ITEM_RE.match(structure.line(n))
        if not item:
            break
        items.append(strip_markup(structure.line(n)[item.end():]))
    return items


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def extract_glossary(structure: NoteStructure) -> list[GlossaryEntry]:
    """The note's glossary entries (see `find_glossary`)."""
    return find_glossary(structure)[0]


def find_glossary(structure: NoteStructure) -> tuple[list[GlossaryEntry], list[Skipped]]:
    """Every `**Term** definition` of the note's definition sections, list-style sub-terms
    included, `**Heading**` + `- **Definition**: ...` pairs anywhere, and the definitions of
    garden.importer.glossary_styles; with what looked like a definition but was skipped, and why."""
    words = set(re.findall(r"\w+", "\n".join(structure.lines)))
    entries: list[GlossaryEntry] = []

    def add(label: str, rest: str, tag: str, line: int) -> None:
        term, aliases, entry_id, rest = name_entry(label, rest)
        definition = _definition_text(rest)
        if definition and entry_id:
            entries.append(GlossaryEntry(entry_id, term, _plural_aliases(aliases, words),
                                         definition, [tag] if tag else [], line))

    taken: set[int] = set()
    for topic in structure.topics:
        tag = topic_tag(topic.title)
        if _is_definitions_section(structure, topic):
            taken.update(range(topic.start, topic.end + 1))
            _definitions_section(structure, topic, tag, add)
        _definition_headings(structure, topic, tag, add)
    candidates, skipped = styled_definitions(structure, taken)
    for candidate in candidates:
        add(candidate.label, f": {candidate.rest}", _tag_at(structure, candidate.line),
            candidate.line)
    return entries, skipped


def _tag_at(structure: NoteStructure, line: int) -> str:
    topic = next((t for t in structure.topics if t.start <= line <= t.end), None)
    return topic_tag(topic.title) if topic else topic_tag(structure.title or "")


def _definitions_section(structure: NoteStructure, topic: Topic, tag: str,
                         add: Callable[[str, str, str, int], None]) -> None:
    """The `**Term** definition` lines of a section made of them, and their sub-terms."""
    for number in _section_lines(structure, topic):
        line = structure.line(number)
        match = DEFINITION_RE.match(line)
        if not match:
            continue
        subs = _sub_terms(structure, number)
        rest = match.group("rest")
        if _is_definition_line(line):
            if rest.rstrip().endswith(":") and (items := _plain_items(structure, number)):
                rest = f"{rest.rstrip()} {', '.join(items)}."
            add(match.group("term"), rest, tag, number)
        elif subs:
            names = [[(parts := name_entry(m.group("term"), m.group("rest")))[0], *parts[1]]
                     for _, m in subs]
            group = strip_markup(match.group("term"))
            if not all(any(n.lower() in group.lower() for n in name) for name in names):
                listed = [strip_markup(m.group("term")) for _, m in subs]
                add(group, f"Includes {_join(listed)}.", tag, number)
        for sub_line, sub in subs:
            add(sub.group("term"), sub.group("rest"), tag, sub_line)


def _definition_headings(structure: NoteStructure, topic: Topic, tag: str,
                         add: Callable[[str, str, str, int], None]) -> None:
    """A heading followed by `- **Definition**: ...`."""
    for heading in structure.headings:
        if not topic.start <= heading.line <= topic.end:
            continue
        following = next((structure.line(n) for n in range(heading.line + 1, topic.end + 1)
                          if structure.line(n).strip()), "")
        sub = SUB_DEFINITION_RE.match(following)
        if sub and strip_markup(sub.group("term")).rstrip(":").lower() == "definition":
            add(heading.text, sub.group("rest"), tag, heading.line)
