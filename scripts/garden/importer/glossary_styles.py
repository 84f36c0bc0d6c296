"""Definitions written in the styles other people's notes use, and how sure we are of each.

The confidence rule (docs/about/importing.md):

- a definition list (`Term` then `: definition`) is always a definition: it is written as one;
- a two-column table is a list of definitions when its first header names terms (`Term`,
  `Термин`, `用語`, ...) or its section is glossary-like;
- in a glossary-like section (its heading says Glossary, Terms, Definitions, Vocabulary,
  Key concepts, Глоссарий, Термины, Понятия, 用语, 術語, ...) every `**Term** ...`,
  `- **Term** – ...` and `Term: ...` line with words after the term is one;
- elsewhere such lines are skipped and reported: notes use `- **Label**: text` for
  attributes (`- **Scenario**: ...`, `- **HTTP/3**: ...`) far more often than for terms, and
  a glossary keeps only what is sure. Naming the section `Glossary` or `Terms` takes them.

(`**Term** definition` lines in a section made mostly of them are read by
garden.importer.glossary_extract, as before.)

Labels that introduce a remark rather than name a thing (`Note`, `Tip`, `Example`, ...) are
never terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from garden.importer.note_structure import DEFINITION_RE, NoteStructure

ITEM_TERM_RE = re.compile(r"^(?:[-*+]|\d+[.)])[ \t]+\*\*(?P<term>[^*]+?)\*\*(?P<rest>.*)$")
PLAIN_TERM_RE = re.compile(
    r"^(?:(?:[-*+]|\d+[.)])[ \t]+)?(?P<term>[^\s:*`#>|][^:：*`]{0,48}?)[ \t]*[:：][ \t]+"
    r"(?P<rest>\S.*)$")
SEPARATOR_RE = re.compile(r"^\s*[:：–—-]\s*|^\s+(?=\S)")
GLOSSARY_TITLE_RE = re.compile(
    r"glossar|\bterms\b|\bterminology|definitions|vocabular|key concepts|basic concepts"
    r"|понятия|термин|глоссари|словар|用语|用語|术语|術語|词汇|概念|용어", re.IGNORECASE)
TERM_HEADER_RE = re.compile(
    r"^(?:terms?|name|concept|word|термин|понятие|слово|用语|用語|术语|術語|词|용어)$",
    re.IGNORECASE)
REMARK_LABELS = frozenset({
    "note", "notes", "tip", "tips", "warning", "caution", "important", "example", "examples",
    "why", "how", "when", "what", "result", "summary", "update", "todo", "pros", "cons",
    "what it is", "key features", "use case", "use cases", "see also", "примечание",
    "пример", "совет", "важно", "итог", "注意", "例", "注"})


@dataclass(frozen=True)
class Candidate:
    line: int
    label: str  # the term as written
    rest: str  # what follows it: the definition
    section: str  # title of the section it is in


@dataclass(frozen=True)
class Skipped:
    line: int
    term: str
    reason: str


@dataclass(frozen=True)
class Section:
    title: str
    start: int
    end: int


def sections(structure: NoteStructure) -> list[Section]:
    """The note cut at every heading, the lines before the first one included."""
    starts = [h.line for h in structure.headings]
    titles = {h.line: h.text for h in structure.headings}
    cuts = [1, *starts] if not starts or starts[0] != 1 else starts
    return [Section(titles.get(start, structure.title or ""), start,
                    (cuts[i + 1] - 1) if i + 1 < len(cuts) else len(structure.lines))
            for i, start in enumerate(cuts)]


def styled_definitions(structure: NoteStructure, taken: set[int]) -> tuple[
        list[Candidate], list[Skipped]]:
    """Definitions in every style above, lines in `taken` (read another way) left out."""
    found: list[Candidate] = []
    skipped: list[Skipped] = []
    for section in sections(structure):
        glossary_like = bool(GLOSSARY_TITLE_RE.search(section.title))
        found += _definition_lists(structure, section)
        found += _tables(structure, section, glossary_like)
        lines = [n for n in range(section.start + 1, section.end + 1)
                 if n not in taken and n not in structure.fence_lines]
        if glossary_like:
            found += _glossary_lines(structure, section, lines)
        else:
            items, rejected = _definition_items(structure, section, lines)
            found += items
            skipped += rejected
    kept = [c for c in found if _label(c.label).lower() not in REMARK_LABELS]
    skipped += [Skipped(c.line, _label(c.label), "a remark label, not a term")
                for c in found if c not in kept]
    return kept, skipped


def _label(label: str) -> str:
    return re.sub(r"\*\*|__|`", "", label).strip().rstrip(":：").strip()


def _blocks(structure: NoteStructure, section: Section, kind: str) -> Iterator[tuple[int, int]]:
    for block in structure.blocks:
        if block.kind == kind and section.start <= block.start <= section.end:
            yield block.start, block.end


def _definition_lists(structure: NoteStructure, section: Section) -> list[Candidate]:
    """`Term` / `: definition` pairs (the first paragraph of the definition)."""
    out = []
    for start, end in _blocks(structure, section, "dl"):
        term, term_line = "", 0
        for number in range(start, end + 1):
            line = structure.line(number)
            if line.startswith(":"):
                if term:
                    out.append(Candidate(term_line, term, line[1:].strip(), section.title))
                term = ""
            elif line.strip() and not line.startswith((" ", "\t")):
                term, term_line = line.strip(), number
    return out


def _cells(line: str) -> list[str]:
    row = line.strip().removeprefix("|").removesuffix("|")
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)]


def _tables(structure: NoteStructure, section: Section, glossary_like: bool) -> list[Candidate]:
    """Rows of two-column tables headed as terms (or in a glossary-like section)."""
    out = []
    for start, end in _blocks(structure, section, "table"):
        header = _cells(structure.line(start))
        if len(header) != 2 or not (glossary_like or TERM_HEADER_RE.match(_label(header[0]))):
            continue
        for number in range(start + 2, end + 1):
            cells = _cells(structure.line(number))
            if len(cells) == 2 and cells[0] and re.search(r"\w\w", cells[1]):
                out.append(Candidate(number, cells[0], cells[1], section.title))
    return out


def _bold_term(line: str) -> tuple[str, str] | None:
    """(term, definition) of `**Term** – ...` or `- **Term**: ...` with words after."""
    match = ITEM_TERM_RE.match(line) or DEFINITION_RE.match(line)
    if not match:
        return None
    term, rest = match.group("term"), match.group("rest")
    separated = term.rstrip().endswith((":", "：")) or SEPARATOR_RE.match(rest)
    if not separated or not re.search(r"\w\w", rest):
        return None
    return term, SEPARATOR_RE.sub("", rest, count=1)


def _glossary_lines(structure: NoteStructure, section: Section,
                    lines: list[int]) -> list[Candidate]:
    out = []
    for number in lines:
        line = structure.line(number)
        if line.startswith((" ", "\t")):
            continue  # a definition's own sub-items
        bold = _bold_term(line)
        plain = None if bold else PLAIN_TERM_RE.match(line)
        if bold:
            out.append(Candidate(number, bold[0], bold[1], section.title))
        elif plain and len(plain.group("term").split()) <= 5:
            out.append(Candidate(number, plain.group("term"), plain.group("rest"),
                                 section.title))
    return out


def _definition_items(structure: NoteStructure, section: Section,
                      lines: list[int]) -> tuple[list[Candidate], list[Skipped]]:
    """`- **Term** – definition` lines outside a glossary-like section: skipped, reported."""
    reason = (f"section {section.title!r} is not glossary-like (name it Glossary or Terms "
              "to take its definitions)")
    return [], [Skipped(n, _label(pair[0]), reason) for n in lines
                if not structure.line(n).startswith((" ", "\t"))
                and (pair := _bold_term(structure.line(n)))]
