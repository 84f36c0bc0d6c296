"""`garden import NOTE [NOTE...]`: turn a raw study note into garden pages and glossary entries.

A note is read, its encoding repaired (garden.encoding), its structure read with the garden's
Markdown scanner (garden.markdown_scan), its inconsistent heading levels normalised, and it is
split into one page per topic under a section directory, with front matter recording where
each page came from (`source`) and a hash of what was generated (`generated`). Every
`**Term** definition` becomes a glossary entry, merged into glossary.yml without touching the
entries already there.

Nothing the user wrote is overwritten: a page edited since it was generated is reported and
left alone unless `--force` is given, and a topic whose lines some other page already holds
(a curated page) is skipped.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import json
import posixpath
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pygments.lexers import guess_lexer
from pygments.util import ClassNotFound

from garden.encoding import repair
from garden.markdown_scan import Fence, scan_markdown, split_front_matter
from garden.site import CONFIG_NAME, ConfigError, load_config

LIST_ITEM_RE = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d+[.)])(?P<space>[ \t]+|$)")
HR_LINE_RE = re.compile(r"^ {0,3}(?:-[ \t]*){3,}$|^ {0,3}(?:\*[ \t]*){3,}$")
# A line that is only bold text, used as a heading (`**Relationship Summary**`), or a stray
# opening `**` with no closing one (`** Why These Metrics Matter`).
PSEUDO_HEADING_RE = re.compile(
    r"^ {0,3}\*\*(?P<text>[^*\s][^*]*?)\*\*[ \t]*$|^ {0,3}\*\*[ \t]+(?P<stray>[^*]+?)[ \t]*$")
DEFINITION_RE = re.compile(r"^\*\*(?P<term>[^*]+?)\*\*(?P<rest>.*)$")
SUB_DEFINITION_RE = re.compile(
    r"^ *(?:[-*+]|\d+[.)])[ \t]+\*\*(?P<term>[^*]+?)\*\*(?P<rest>.*)$")
PAREN_RE = re.compile(r"^\s*\((?P<paren>[^()]*)\)(?P<rest>.*)$")
TRAILING_PAREN_RE = re.compile(r"^(?P<label>.*?)\s*\((?P<paren>[^()]*)\)\s*$")
ACRONYM_RE = re.compile(r"[A-Za-z0-9./&+-]{2,12}")
CONNECTIVE_RE = re.compile(r"^(?:is|are|refers to|means)\s+", re.IGNORECASE)
NUMBERING_RE = re.compile(r"^\d+[.)]\s+")
DASH_SPLIT_RE = re.compile(r"\s+[–—-]\s+")
LIST_SPLIT_RE = re.compile(r",\s*(?:and\s+)?|\s+(?:and|&)\s+")
PROSE_FENCE_SCORE = 0.3  # below this Pygments' guess is noise and the fence is prose


# ---------------------------------------------------------------- structure of a note


@dataclass(frozen=True)
class NoteHeading:
    line: int
    level: int  # as written (pseudo-headings get their parent's level + 1)
    text: str  # Markdown of the heading with bold and emphasis markers removed
    pseudo: bool  # a bold line used as a heading
    depth: int = 0  # nesting depth after normalisation (0 = a root)


@dataclass(frozen=True)
class Topic:
    heading: NoteHeading
    start: int
    end: int  # last line, trailing blank lines and thematic breaks trimmed

    @property
    def title(self) -> str:
        return self.heading.text


@dataclass
class NoteStructure:
    lines: list[str]  # 1-based: lines[n - 1]
    fences: list[Fence]
    headings: list[NoteHeading]
    title: str | None
    title_line: int | None
    topics: list[Topic]
    fence_lines: set[int] = field(default_factory=set)

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    @property
    def preamble(self) -> tuple[int, int] | None:
        """Lines before the first topic (the note's title and introduction)."""
        end = (self.topics[0].start - 1) if self.topics else len(self.lines)
        return _trim(self, 1, end)


def clean_heading_text(text: str) -> str:
    """Heading text without bold/italic markers or trailing colons: `**HTTP/2**` -> `HTTP/2`."""
    text = re.sub(r"(\*\*|__)", "", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    return text.strip().rstrip(":").strip()


def _trim(structure: NoteStructure, start: int, end: int) -> tuple[int, int] | None:
    """Shrink a range so that it starts and ends on a line with words on it."""
    def empty(n: int) -> bool:
        line = structure.line(n)
        return n not in structure.fence_lines and (not line.strip() or bool(HR_LINE_RE.match(line)))
    while start <= end and empty(start):
        start += 1
    while end >= start and empty(end):
        end -= 1
    return (start, end) if start <= end else None


def _blank_or_break(line: str) -> bool:
    return not line.strip() or bool(HR_LINE_RE.match(line))


def read_structure(text: str, split_at: Iterable[int] = ()) -> NoteStructure:
    """Fences and headings of a note (via the garden's scanner), levels normalised.

    `split_at`: lines of headings that start a new topic whatever their level says (a note
    that puts a new topic at the level of the previous topic's subsections).
    """
    scan = scan_markdown(text)
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the end of the last line, not a line
    fence_lines: set[int] = set()
    for fence in scan.fences:
        fence_lines.update(range(fence.line, (fence.end_line or len(lines)) + 1))
    real = {h.line: h for h in scan.headings}
    headings: list[NoteHeading] = []
    last_level = 0
    for number, line in enumerate(lines, start=1):
        if number in fence_lines:
            continue
        if number in real:
            heading = real[number]
            last_level = heading.level
            headings.append(NoteHeading(number, heading.level,
                                        clean_heading_text(heading.source), False))
            continue
        match = PSEUDO_HEADING_RE.match(line)
        previous = lines[number - 2] if number > 1 else ""
        if match and _blank_or_break(previous):
            label = match.group("text") or match.group("stray")
            if not label.rstrip().endswith(":"):
                headings.append(NoteHeading(number, min(last_level + 1, 6),
                                            clean_heading_text(label), True))
    nested = _nest(headings)
    roots = [h for h in nested if h.depth == 0]
    first_text = next((n for n, line in enumerate(lines, start=1) if line.strip()), None)
    # A single heading on top of the note is the note's title; its children are topics.
    has_title = (len(roots) == 1 and roots[0].line == first_text
                 and any(h.depth == 1 for h in nested))
    topic_depth = 1 if has_title else 0
    headings = _nest(headings, set(split_at), topic_depth)
    structure = NoteStructure(lines, scan.fences, headings, None, None, [], fence_lines)
    if has_title:
        structure.title, structure.title_line = roots[0].text, roots[0].line
    starts = [h for h in headings if h.depth == topic_depth]
    for index, heading in enumerate(starts):
        end = starts[index + 1].line - 1 if index + 1 < len(starts) else len(lines)
        span = _trim(structure, heading.line, end)
        if span:
            structure.topics.append(Topic(heading, span[0], span[1]))
    return structure


def _nest(headings: list[NoteHeading], split_at: set[int] = frozenset(),
          topic_depth: int = 0) -> list[NoteHeading]:
    """Depth of each heading: a heading nests under the closest earlier one of a lower level.

    A heading in `split_at` takes the level of the topic it would have nested in, so it
    starts a topic of its own and the headings after it nest under it.
    """
    stack: list[NoteHeading] = []
    out = []
    for heading in headings:
        level = heading.level
        if heading.line in split_at and len(stack) > topic_depth:
            level = stack[topic_depth].level
        while stack and stack[-1].level >= level:
            stack.pop()
        nested = NoteHeading(heading.line, level, heading.text, heading.pseudo, len(stack))
        stack.append(nested)
        out.append(nested)
    return out


# ---------------------------------------------------------------- fences


def guess_language(body: str) -> str:
    """A language for an unlabeled fence: Python, JSON, a confident Pygments guess, or text."""
    if not body.strip():
        return "text"
    try:
        tree = ast.parse(body)
    except (SyntaxError, ValueError):
        tree = None
    if tree is not None and any(not isinstance(node, ast.Expr)
                                or isinstance(node.value, (ast.Call, ast.Await))
                                for node in tree.body):
        return "python"  # statements or calls, not a lone word that happens to parse
    try:
        if isinstance(json.loads(body), (dict, list)):
            return "json"
    except ValueError:
        pass
    try:
        lexer = guess_lexer(body)
    except ClassNotFound:
        return "text"
    if lexer.analyse_text(body) >= PROSE_FENCE_SCORE and lexer.aliases:
        return lexer.aliases[0]
    return "text"


# ---------------------------------------------------------------- rendering a topic


@dataclass
class _ListLevel:
    marker_indent: int  # as written
    content_indent: int  # as written
    new_indent: int  # of the marker, normalised to 4 spaces per level


def render_lines(structure: NoteStructure, start: int, end: int, base_depth: int,
                 heading_offset: int = 1) -> list[str]:
    """The Markdown of lines start..end: headings re-levelled, blocks separated, lists and
    fences indented the way Python-Markdown needs them, unlabeled fences labelled."""
    headings = {h.line: h for h in structure.headings}
    fences = {f.line: f for f in structure.fences}
    out: list[str] = []
    levels: list[_ListLevel] = []
    fence_shift = 0
    fence_end: int | None = None
    previous_kind = "blank"

    def separate() -> None:
        if out and out[-1].strip():
            out.append("")

    for number in range(start, end + 1):
        line = structure.line(number)
        if fence_end is not None:
            # Inside a fence: keep the code, shifted with its opening line.
            out.append(_shift(line, fence_shift))
            if number == fence_end:
                fence_end = None
                previous_kind = "fence"
            continue
        if number in fences:
            fence = fences[number]
            indent = fence.indent
            new_indent = _content_indent(levels, indent) if indent else 0
            if not indent:
                levels.clear()
            fence_shift = new_indent - indent
            opening = line
            if not fence.info:
                opening = line.rstrip() + guess_language(fence.body)
            separate()
            out.append(_shift(opening, fence_shift))
            fence_end = fence.end_line if fence.end_line is not None else end
            if fence_end > end or fence.end_line is None:
                # A fence the note never closes would swallow the rest of the page.
                fence_end = end
                out.extend(_shift(structure.line(n), fence_shift)
                           for n in range(number + 1, end + 1))
                out.append(_shift(" " * fence.indent + fence.marker, fence_shift))
                fence_end = None
                break
            continue
        if number in headings:
            heading = headings[number]
            level = min(heading.depth - base_depth + heading_offset, 6)
            separate()
            out.extend(["#" * max(level, 1) + " " + heading.text, ""])
            levels.clear()
            previous_kind = "blank"
            continue
        if not line.strip():
            if out and out[-1].strip():
                out.append("")
            previous_kind = "blank"
            continue
        item = LIST_ITEM_RE.match(line)
        indent = len(line) - len(line.lstrip(" "))
        if item:
            while levels and levels[-1].marker_indent >= indent:
                levels.pop()
            new_indent = levels[-1].new_indent + 4 if levels else 0
            content = indent + len(item.group("marker")) + len(item.group("space"))
            levels.append(_ListLevel(indent, content, new_indent))
            if previous_kind == "text":
                separate()
            out.append(" " * new_indent + line.lstrip(" "))
            previous_kind = "list"
            continue
        if indent and levels:
            out.append(_shift(line, _content_indent(levels, indent) - indent))
            continue
        levels.clear()
        kind = "text"
        starts_block = (previous_kind in ("list", "fence")
                        or (previous_kind == "text" and (DEFINITION_RE.match(line)
                                                         or line.startswith(("|", ">"))
                                                         or HR_LINE_RE.match(line))))
        if starts_block:
            separate()
        out.append(line)
        previous_kind = kind
    while out and not out[-1].strip():
        out.pop()
    return out


def _content_indent(levels: list[_ListLevel], indent: int) -> int:
    """Where a continuation line indented by `indent` goes once list levels are normalised."""
    while levels and levels[-1].marker_indent >= indent:
        levels.pop()
    if not levels:
        return indent
    level = levels[-1]
    return level.new_indent + 4 + max(0, indent - level.content_indent)


def _shift(line: str, shift: int) -> str:
    if shift > 0:
        return " " * shift + line if line.strip() else line
    if shift < 0:
        cut = min(-shift, len(line) - len(line.lstrip(" ")))
        return line[cut:]
    return line


# ---------------------------------------------------------------- glossary extraction


@dataclass
class GlossaryEntry:
    id: str
    term: str
    aliases: list[str]
    definition: str
    tags: list[str]
    line: int  # in the note

    def as_yaml_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "term": self.term}
        if self.aliases:
            data["aliases"] = self.aliases
        data["definition"] = self.definition
        if self.tags:
            data["tags"] = self.tags
        return data


def slug(text: str) -> str:
    """An ASCII slug for ids and file names."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def is_acronym(text: str) -> bool:
    upper = sum(ch.isupper() for ch in text)
    lower = sum(ch.islower() for ch in text)
    return bool(ACRONYM_RE.fullmatch(text)) and upper >= 2 and upper > lower


def topic_tag(title: str) -> str:
    """A short tag from a section title: `Security and Cryptography` -> `security`."""
    title = re.sub(r"\([^)]*\)", "", title)
    first = re.split(r"\s+(?:and|&|vs\.?)\s+|,|/", title)[0]
    return slug(first) or slug(title)


def strip_markup(text: str) -> str:
    return re.sub(r"\*\*|__", "", text).strip()


def _definition_text(rest: str) -> str:
    text = strip_markup(rest).lstrip(":").strip()
    text = CONNECTIVE_RE.sub("", text)
    return text[:1].upper() + text[1:] if text else ""


def name_entry(label: str, rest: str) -> tuple[str, list[str], str, str]:
    """(term, aliases, id, remaining text) from `**label** rest`: the acronym and its expansion
    become term and alias (`DRY (Don't Repeat Yourself)`, `WSGI** (Web Server ...)`)."""
    label = strip_markup(label).rstrip(":").strip()
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
    """Every `**Term** definition` of the note's definition sections, list-style sub-terms
    included, plus `**Heading**` + `- **Definition**: ...` pairs anywhere."""
    words = set(re.findall(r"\w+", "\n".join(structure.lines)))
    entries: list[GlossaryEntry] = []

    def add(label: str, rest: str, tag: str, line: int) -> None:
        term, aliases, entry_id, rest = name_entry(label, rest)
        definition = _definition_text(rest)
        if definition and entry_id:
            entries.append(GlossaryEntry(entry_id, term, _plural_aliases(aliases, words),
                                         definition, [tag], line))

    for topic in structure.topics:
        tag = topic_tag(topic.title)
        if _is_definitions_section(structure, topic):
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
        for heading in structure.headings:
            if not topic.start <= heading.line <= topic.end:
                continue
            following = next((structure.line(n) for n in range(heading.line + 1, topic.end + 1)
                              if structure.line(n).strip()), "")
            sub = SUB_DEFINITION_RE.match(following)
            if sub and strip_markup(sub.group("term")).rstrip(":").lower() == "definition":
                add(heading.text, sub.group("rest"), tag, heading.line)
    return entries


# ---------------------------------------------------------------- planning pages


@dataclass
class PlannedPage:
    src: str  # docs-relative path
    title: str
    description: str
    ranges: list[tuple[int, int]]
    tags: list[str]
    body: str

    def text(self, note: str) -> str:
        meta: dict[str, Any] = {"title": self.title, "description": self.description}
        if self.ranges:
            meta["source"] = [{"note": note, "lines": f"{a}-{b}"} for a, b in self.ranges]
        meta["tags"] = self.tags
        meta["maturity"] = "seedling"
        meta["generated"] = body_hash(self.body)
        head = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100,
                              default_flow_style=None)
        return f"---\n{head}---\n{self.body}"


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _description(lines: Iterable[str], title: str) -> str:
    """The first sentence of prose (outside fences), markup removed, for search and previews."""
    in_fence = False
    for line in lines:
        text = line.strip()
        if text.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if (in_fence or not text or text.startswith(("#", "```", "~~~", "|", ">", "---"))
                or not re.search(r"[^\W\d_]{3}", text)):
            continue
        text = re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", text)
        text = re.sub(r"\*\*|`", "", text)
        sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
        if len(sentence) > 160:
            sentence = sentence[:157].rsplit(" ", 1)[0] + "…"
        return sentence
    return title


def plan_topics(structure: NoteStructure, section: str) -> list[PlannedPage]:
    """One page per topic of the note."""
    pages: list[PlannedPage] = []
    used: set[str] = {"index"}
    for number, topic in enumerate(structure.topics, start=1):
        name = slug(topic.title) or f"topic-{number}"
        while name in used:
            name += "-2"
        used.add(name)
        body_lines = render_lines(structure, topic.start, topic.end, topic.heading.depth)
        body = "\n".join(body_lines) + "\n"
        pages.append(PlannedPage(f"{section}/{name}.md", topic.title,
                                 _description(body_lines[1:], topic.title),
                                 [(topic.start, topic.end)], [topic_tag(topic.title)], body))
    return pages


def plan_index(structure: NoteStructure, note_name: str, section: str,
               topics: list[PlannedPage]) -> PlannedPage:
    """The section's index: the note's title and introduction, and links to its topics."""
    title = structure.title or note_name
    intro: list[str] = []
    ranges = []
    if structure.preamble:
        start, end = structure.preamble
        ranges.append((start, end))
        if structure.title_line is not None and start == structure.title_line:
            start += 1
        intro = render_lines(structure, start, end, 0, heading_offset=2) if start <= end else []
    links = [f"- [{page.title}]({posixpath.basename(page.src)})" for page in topics]
    body = "\n".join([f"# {title}", "", *intro, *([""] if intro else []), *links]) + "\n"
    return PlannedPage(f"{section}/index.md", title,
                       _description(intro, f"Pages imported from {note_name}."),
                       ranges, [slug(section.rsplit("/", 1)[-1])], body)


# ---------------------------------------------------------------- writing, safely


@dataclass
class SourceClaim:
    page: str  # docs-relative path
    note: str
    start: int
    end: int


def source_claims(meta: dict[str, Any], page: str) -> list[SourceClaim]:
    claims = []
    entries = meta.get("source")
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        match = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", str(entry.get("lines", "")))
        if match and isinstance(entry.get("note"), str):
            claims.append(SourceClaim(page, entry["note"], int(match[1]), int(match[2])))
    return claims


def existing_claims(docs_dir: Path) -> list[SourceClaim]:
    """The `source` of every page under docs/."""
    claims = []
    for path in sorted(docs_dir.rglob("*.md")):
        try:
            meta, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if isinstance(meta, dict):
            claims += source_claims(meta, path.relative_to(docs_dir).as_posix())
    return claims


@dataclass
class Report:
    """What an import did (or would do), printed line by line as it happens."""

    dry_run: bool
    refused: int = 0
    problems: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def action(self, verb: str, message: str) -> None:
        self.counts[verb] = self.counts.get(verb, 0) + 1
        prefix = "would " if self.dry_run and verb in ("create", "update", "overwrite",
                                                        "add") else ""
        print(f"{prefix}{verb} {message}")


def write_page(page: PlannedPage, docs_dir: Path, root: Path, note: str,
               claims: list[SourceClaim], args: argparse.Namespace, report: Report) -> bool:
    """Write one page unless that would lose someone's work; False when it is skipped
    because other pages hold its lines."""
    path = docs_dir / page.src
    rel = _relative(path, root)
    text = page.text(note)
    ranges = ", ".join(f"{a}-{b}" for a, b in page.ranges) or "none"
    others = sorted({c.page for c in claims if c.page != page.src and c.note == note
                     and any(c.start <= b and a <= c.end for a, b in page.ranges)})
    if others:
        report.action("skip", f"{rel}: lines {ranges} of {note} are already in "
                      f"{', '.join(others)}")
        return False
    if not path.exists():
        report.action("create", f"{rel} (lines {ranges} of {note}, "
                      f"{page.body.count(chr(10))} lines)")
        if not args.dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return True
    current = path.read_text(encoding="utf-8")
    if current == text:
        report.action("unchanged", rel)
        return True
    meta, body, _ = split_front_matter(current)
    generated = meta.get("generated") if isinstance(meta, dict) else None
    if generated != body_hash(body) and not args.force:
        why = "has no `generated` hash" if not generated else "was edited since it was generated"
        report.refused += 1
        report.action("keep", f"{rel}: {why}; not overwritten (use --force to replace it)")
        return True
    verb = "overwrite" if generated != body_hash(body) else "update"
    report.action(verb, f"{rel} (lines {ranges} of {note})")
    if args.dry_run:
        sys.stdout.writelines(difflib.unified_diff(
            current.splitlines(keepends=True), text.splitlines(keepends=True),
            f"a/{rel}", f"b/{rel}"))
    else:
        path.write_text(text, encoding="utf-8")
    return True


# ---------------------------------------------------------------- glossary.yml


def load_glossary(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if data is None:
        return []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of entries")
    return [entry for entry in data if isinstance(entry, dict)]


def merge_glossary(path: Path, rel: str, entries: list[GlossaryEntry], note: str,
                   report: Report) -> None:
    """Append the new entries to glossary.yml; an entry whose id, term or alias is already
    there is left as it is and reported. Existing text is never rewritten."""
    existing = load_glossary(path)
    ids = {str(e.get("id", "")).lower() for e in existing}
    names = {str(n).lower() for e in existing
             for n in [e.get("term", ""), *(e.get("aliases") or [])]}
    new: list[GlossaryEntry] = []
    for entry in entries:
        entry_names = {n.lower() for n in [entry.term, *entry.aliases]}
        clashes = [f"id {entry.id!r}"] if entry.id.lower() in ids else []
        clashes += [repr(n) for n in [entry.term, *entry.aliases] if n.lower() in names]
        parts = [p.strip() for p in LIST_SPLIT_RE.split(entry.term)]
        if len(parts) > 1 and all(p.lower() in names for p in parts):
            # `I/O Bound, CPU Bound` where the glossary already has each of them.
            clashes.append(" and ".join(map(repr, parts)))
        if clashes:
            report.action("keep", f"{rel}: {entry.id} ({entry.term}) from {note}:{entry.line} "
                          f"not added, already defined: {clashes[0]}")
            continue
        ids.add(entry.id.lower())
        names.update(entry_names)
        new.append(entry)
    for entry in new:
        report.action("add", f"{rel}: {entry.id} ({entry.term}) from {note}:{entry.line}")
    if not new or report.dry_run:
        return
    chunk = "\n".join(yaml.safe_dump([e.as_yaml_data()], sort_keys=False, allow_unicode=True,
                                     width=100, default_flow_style=None) for e in new)
    if path.exists():
        current = path.read_text(encoding="utf-8")
        separator = "" if not current.strip() else "\n" if current.endswith("\n") else "\n\n"
        path.write_text(current + separator + chunk, encoding="utf-8")
    else:
        header = "# The garden's glossary: one entry per term (see docs/glossary.md).\n"
        path.write_text(header + chunk, encoding="utf-8")


# ---------------------------------------------------------------- the command


def import_note(note_path: Path, root: Path, docs_dir: Path, section: str | None,
                glossary: Path | None, claims: list[SourceClaim], args: argparse.Namespace,
                report: Report) -> None:
    note = _relative(note_path, root)
    try:
        raw = note_path.read_bytes()
    except OSError as error:
        print(f"{note}: cannot read: {error.strerror}", file=sys.stderr)
        report.problems += 1
        return
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        print(f"{note}:{line}: not valid UTF-8 (byte {error.start}); not imported",
              file=sys.stderr)
        report.problems += 1
        return
    repaired = repair(text, note)
    for codec, count in sorted(repaired.lines_repaired.items()):
        print(f"repair {note}: {count} lines were UTF-8 read as {codec}")
    for problem in repaired.problems:
        print(problem, file=sys.stderr)
    report.problems += len(repaired.problems)
    structure = read_structure(repaired.text, args.split_at or ())
    section = section or slug(note_path.stem) or "notes"
    if not args.no_pages:
        kept = [page for page in plan_topics(structure, section)
                if write_page(page, docs_dir, root, note, claims, args, report)]
        index = plan_index(structure, _note_title(note_path), section, kept)
        if kept or index.ranges:
            write_page(index, docs_dir, root, note, claims, args, report)
    if glossary is not None:
        entries = extract_glossary(structure)
        print(f"glossary {note}: {len(entries)} definitions found")
        merge_glossary(glossary, _relative(glossary, root), entries, note, report)


def _note_title(path: Path) -> str:
    return path.stem.replace("-", " ").replace("_", " ").capitalize()


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def run(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config_file)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    root = config.root
    docs_dir = Path(args.docs_dir).resolve() if args.docs_dir else config.docs_dir
    glossary = None if args.no_glossary else (
        Path(args.glossary).resolve() if args.glossary else root / "glossary.yml")
    if (args.section or args.split_at) and len(args.notes) > 1:
        print("--section and --split-at need a single NOTE", file=sys.stderr)
        return 2
    report = Report(dry_run=args.dry_run)
    claims = existing_claims(docs_dir) if docs_dir.is_dir() else []
    try:
        for note in args.notes:
            import_note(Path(note), root, docs_dir, args.section, glossary, claims, args, report)
    except (ValueError, yaml.YAMLError) as error:
        print(error, file=sys.stderr)
        return 2
    summary = ", ".join(f"{n} {verb}" for verb, n in sorted(report.counts.items()))
    print(f"{'dry run: ' if args.dry_run else ''}{summary or 'nothing to do'}; "
          f"{report.problems} encoding problems")
    return 1 if report.refused or report.problems else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import", help="import raw notes into pages and glossary entries",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notes", nargs="+", metavar="NOTE", help="raw note file(s)")
    parser.add_argument("-f", "--config-file", default=CONFIG_NAME,
                        help="mkdocs.yml of the project (default: %(default)s)")
    parser.add_argument("--docs-dir", help="write pages here instead of the config's docs_dir")
    parser.add_argument("--section", help="directory under docs for the pages "
                        "(default: the note's file name)")
    parser.add_argument("--split-at", type=int, action="append", metavar="LINE",
                        help="the heading on this line of the note starts a new topic "
                        "(repeatable; for a topic written at a subsection's level)")
    parser.add_argument("--glossary", help="glossary file to merge into "
                        "(default: glossary.yml next to mkdocs.yml)")
    parser.add_argument("--no-glossary", action="store_true", help="do not touch the glossary")
    parser.add_argument("--no-pages", action="store_true",
                        help="write no pages (only merge the glossary)")
    parser.add_argument("-n", "--dry-run", action="store_true",
                        help="print what would be written, write nothing")
    parser.add_argument("--force", action="store_true",
                        help="overwrite pages edited since they were generated")
    parser.set_defaults(run=run)
