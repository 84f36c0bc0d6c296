"""A raw study note read as a tree of topics, and a topic rendered as garden Markdown.

The note's blocks, headings and fences come from a CommonMark parser (garden.importer.note_blocks);
bold lines used as headings count as headings too, and the note's inconsistent heading levels
are normalised to nesting depths. A note with a single top-level heading has that heading as its
title and the headings below it as topics; a topic with hardly any text of its own is merged
into its neighbour, and a note of a single topic is one page. Rendering copies every block as
written (tables, quotes, HTML, footnotes, definition lists, fences of any length), re-levels
headings, separates blocks with the blank line Python-Markdown needs, indents nested lists the
way it needs, and labels bare fences.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import yaml
from pygments.lexers import guess_lexer
from pygments.util import ClassNotFound
from slugify import slugify

from garden.importer.note_blocks import Block, plain_text, read_blocks
from garden.text.fence_code import ALWAYS_KNOWN, PARSERS, lexer_name
from garden.text.markdown_scan import FOOTNOTE_DEF_RE, Fence, fence_lines

LIST_ITEM_RE = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d+[.)])(?P<space>[ \t]+|$)")
HR_LINE_RE = re.compile(r"^ {0,3}(?:-[ \t]*){3,}$|^ {0,3}(?:\*[ \t]*){3,}$")
# A line that is only bold text, used as a heading (`**Relationship Summary**`), or a stray
# opening `**` with no closing one (`** Why These Metrics Matter`).
PSEUDO_HEADING_RE = re.compile(
    r"^ {0,3}(?:\*\*(?P<text>[^*\s][^*]*?)\*\*|__(?P<under>[^_\s][^_]*?)__)[ \t]*$"
    r"|^ {0,3}\*\*[ \t]+(?P<stray>[^*]+?)[ \t]*$")
DEFINITION_RE = re.compile(r"^\*\*(?P<term>[^*]+?)\*\*(?P<rest>.*)$")
# `#tag` at the start of a line: no heading in CommonMark, but one in Python-Markdown.
HASH_WORD_RE = re.compile(r"^#{1,6}(?=[^#\s])")
FOOTNOTE_USE_RE = re.compile(r"\[\^(?P<id>[^\]\s]+)\](?!:)")
PROSE_FENCE_SCORE = 0.3  # below this Pygments' guess is noise and the fence is prose
# A topic with this many lines of text or fewer (its heading aside) is no page of its own.
SMALL_TOPIC_LINES = 2
# A note with at most this many lines of text is one page, its sections as headings: split, it
# would be pages of a few lines each (`garden import --one-page-lines`; 0 always splits).
ONE_PAGE_LINES = 80
# A note's closing section with one of these titles lists its terms: they go to the glossary
# (with a link to the page that explains each), not to a page of their own.
GLOSSARY_TITLES = frozenset({"glossary", "глоссарий"})
LIST_KINDS = ("bullet_list", "ordered_list")
QUOTED_FENCE_RE = re.compile(r"^[ ]{0,3}>")
# The first word of a line of a shell session.
SHELL_COMMANDS = frozenset({
    "apt", "apt-get", "brew", "cat", "cd", "chmod", "chown", "cp", "curl", "docker", "echo",
    "export", "git", "grep", "helm", "kill", "kubectl", "ln", "ls", "make", "mkdir", "mv",
    "npm", "npx", "pip", "pip3", "python", "python3", "rm", "scp", "source", "ssh", "sudo",
    "systemctl", "tail", "tar", "touch", "wget", "yarn"})
YAML_KEY_VALUE_RE = re.compile(r"^\s*[\w.-]+:\s+\S")
# Fence names that need no Pygments lexer: plain text, and diagrams the site renders.
TEXT_FENCES = ALWAYS_KNOWN | {"mermaid"}


# ---------------------------------------------------------------- structure of a note


@dataclass(frozen=True)
class NoteHeading:
    line: int
    level: int  # as written (a bold line used as a heading: its parent's level + 1)
    text: str  # Markdown of the heading with bold and emphasis markers removed
    depth: int = 0  # nesting depth after normalisation (0 = a root)


@dataclass(frozen=True)
class Topic:
    heading: NoteHeading
    start: int
    end: int  # last line, trailing blank lines and thematic breaks trimmed

    @property
    def title(self) -> str:
        """The topic's title as plain text (no markup, no emoji), for nav and `<title>`."""
        return plain_text(self.heading.text) or self.heading.text


@dataclass
class NoteStructure:
    lines: list[str]  # 1-based: lines[n - 1]
    blocks: list[Block]
    fences: list[Fence]
    headings: list[NoteHeading]
    title: str | None
    title_line: int | None
    topics: list[Topic]
    fence_lines: set[int] = field(default_factory=set)
    front_matter: dict = field(default_factory=dict)  # the note's own, if it has one
    # Footnote definitions some line refers to, by id: they go to the pages that use them.
    footnotes: dict[str, tuple[int, int]] = field(default_factory=dict)
    glossary: tuple[int, int] | None = None  # the closing Glossary section: on no page

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    @property
    def title_end(self) -> int | None:
        """The last line of the title heading (a setext heading takes two)."""
        return next((b.end for b in self.blocks
                     if b.start == self.title_line and b.kind == "heading"), self.title_line)

    @property
    def preamble(self) -> tuple[int, int] | None:
        """Lines before the first topic (the note's title and introduction)."""
        end = (self.topics[0].start - 1) if self.topics else (
            self.glossary[0] - 1 if self.glossary else len(self.lines))
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


def _headings(lines: list[str], blocks: list[Block]) -> list[NoteHeading]:
    """Headings as written, plus a paragraph's first line that is only bold text."""
    headings: list[NoteHeading] = []
    last_level = 0
    for block in blocks:
        if block.kind == "heading":
            last_level = block.level
            headings.append(NoteHeading(block.start, block.level, clean_heading_text(block.text)))
        elif block.kind == "paragraph":
            match = PSEUDO_HEADING_RE.match(lines[block.start - 1])
            label = match and (match.group("text") or match.group("under")
                               or match.group("stray"))
            if label and not label.rstrip().endswith(":"):
                headings.append(NoteHeading(block.start, min(last_level + 1, 6),
                                            clean_heading_text(label)))
    return headings


def _topic_depth(headings: list[NoteHeading], depth: int) -> int:
    """The level whose headings are the topics: below a title, and below any heading that is
    alone on its level (`# Title` / `## Part` / `### topics`), so a note is not one page."""
    nested = _nest(headings)
    while True:
        level = [h for h in nested if h.depth == depth]
        if len(level) != 1 or not any(h.depth == depth + 1 for h in nested):
            return depth
        depth += 1


def _note_front_matter(lines: list[str], blocks: list[Block]) -> dict:
    if not blocks or blocks[0].kind != "front_matter":
        return {}
    try:
        data = yaml.safe_load("\n".join(lines[1:blocks[0].end - 1]))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def read_structure(text: str, split_at: Iterable[int] = (),
                   one_page_lines: int = 0) -> NoteStructure:
    """Blocks, fences and headings of a note, heading levels normalised, topics found.

    `split_at`: lines of headings that start a new topic whatever their level says (a note
    that puts a new topic at the level of the previous topic's subsections).
    `one_page_lines`: a note with at most this many lines of text has no topics (it is one
    page), unless `split_at` asks for some.
    """
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the end of the last line, not a line
    blocks, fences = read_blocks(lines)
    inside_fences = fence_lines(fences, len(lines))
    headings = _headings(lines, blocks)
    roots = [h for h in _nest(headings) if h.depth == 0]
    # A single top-level heading is the note's title (whatever badges or images precede it);
    # the headings below it are its topics.
    has_title = len(roots) == 1
    topic_depth = 1 if has_title else 0
    topic_depth = _topic_depth(headings, topic_depth)
    headings = _nest(headings, set(split_at), topic_depth)
    structure = NoteStructure(lines, blocks, fences, headings, None, None, [], inside_fences,
                              _note_front_matter(lines, blocks))
    if has_title:
        structure.title, structure.title_line = plain_text(roots[0].text), roots[0].line
    elif isinstance(structure.front_matter.get("title"), str):
        structure.title = structure.front_matter["title"]
    starts = [h for h in headings if h.depth == topic_depth]
    for index, heading in enumerate(starts):
        end = starts[index + 1].line - 1 if index + 1 < len(starts) else len(lines)
        span = _trim(structure, heading.line, end)
        if span:
            structure.topics.append(Topic(heading, span[0], span[1]))
    structure.glossary = _closing_glossary(structure)
    structure.topics = _merge_small_topics(structure, _before_glossary(structure),
                                           set(split_at))
    short = sum(1 for line in lines if re.search(r"\w", line)) <= one_page_lines
    if (len(structure.topics) == 1 or short) and not split_at:
        structure.topics = []  # one page: the section's index
    structure.footnotes = _used_footnotes(structure)
    return structure


def _used_footnotes(structure: NoteStructure) -> dict[str, tuple[int, int]]:
    """Footnote definitions (lines no block holds) that the note refers to, with their
    indented continuation lines."""
    covered = {n for b in structure.blocks for n in range(b.start, b.end + 1)}
    definitions: dict[str, tuple[int, int]] = {}
    current: str | None = None
    for number, line in enumerate(structure.lines, start=1):
        match = None if number in covered else FOOTNOTE_DEF_RE.match(line)
        if match:
            current = match.group("id")
            definitions[current] = (number, number)
        elif current and number not in covered and (not line.strip() or line[:1] in " \t"):
            if line.strip():
                definitions[current] = (definitions[current][0], number)
        else:
            current = None
    used = {m.group("id") for number, line in enumerate(structure.lines, start=1)
            if number not in structure.fence_lines for m in FOOTNOTE_USE_RE.finditer(line)}
    return {key: span for key, span in definitions.items() if key in used}


def footnotes_used(structure: NoteStructure, body: str) -> list[str]:
    """The definitions of the note's footnotes that a page body refers to, as written."""
    out: list[str] = []
    for key in dict.fromkeys(m.group("id") for m in FOOTNOTE_USE_RE.finditer(body)):
        if key in structure.footnotes:
            start, end = structure.footnotes[key]
            out.extend(structure.lines[start - 1:end])
    return out


def _closing_glossary(structure: NoteStructure) -> tuple[int, int] | None:
    """The note's last section, heading to end, when it is titled Glossary."""
    for number, heading in enumerate(structure.headings):
        closing = all(later.depth > heading.depth for later in structure.headings[number + 1:])
        if closing and clean_heading_text(plain_text(heading.text) or heading.text).casefold() \
                in GLOSSARY_TITLES:
            return _trim(structure, heading.line, len(structure.lines))
    return None


def _before_glossary(structure: NoteStructure) -> list[Topic]:
    """The topics with the closing Glossary section left out: a topic it is gone, the topic
    it ends cut short."""
    if structure.glossary is None:
        return structure.topics
    start = structure.glossary[0]
    kept = []
    for topic in structure.topics:
        span = _trim(structure, topic.start, min(topic.end, start - 1))
        if topic.start < start and span:
            kept.append(Topic(topic.heading, *span))
    return kept


def _text_lines(structure: NoteStructure, topic: Topic) -> int:
    """Lines of a topic with words on them, its headings aside."""
    heading_lines = {h.line for h in structure.headings}
    return sum(1 for n in range(topic.start, topic.end + 1)
               if n not in heading_lines and re.search(r"\w", structure.line(n)))


def _merge_small_topics(structure: NoteStructure, topics: list[Topic],
                        keep: set[int]) -> list[Topic]:
    """A topic that is only a heading or a line or two joins the topic before it (the first
    one joins the note's introduction), unless the user asked for it with --split-at."""
    merged: list[Topic] = []
    for topic in topics:
        if topic.heading.line in keep or _text_lines(structure, topic) > SMALL_TOPIC_LINES:
            merged.append(topic)
        elif merged:
            merged[-1] = Topic(merged[-1].heading, merged[-1].start, topic.end)
    return merged


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
        nested = NoteHeading(heading.line, level, heading.text, len(stack))
        stack.append(nested)
        out.append(nested)
    return out


# ---------------------------------------------------------------- fences


def guess_language(body: str) -> str:
    """A language for a bare fence, by the first rule that holds (docs/about/importing.md):
    JSON that parses to an object or array; YAML that parses to a mapping with at least two
    `key: value` lines; Python that parses and holds a statement or call; a shell session
    whose every line starts with `$` or a common command; a confident Pygments guess; text."""
    if not body.strip():
        return "text"
    for language, test in (("json", _is_json), ("yaml", _is_yaml), ("python", _is_python),
                           ("bash", _is_shell)):
        if test(body):
            return language
    try:
        lexer = guess_lexer(body)
    except ClassNotFound:
        return "text"
    if lexer.analyse_text(body) >= PROSE_FENCE_SCORE and lexer.aliases:
        return lexer.aliases[0]
    return "text"


def _is_json(body: str) -> bool:
    try:
        return isinstance(json.loads(body), (dict, list))
    except ValueError:
        return False


def _is_yaml(body: str) -> bool:
    if sum(bool(YAML_KEY_VALUE_RE.match(line)) for line in body.splitlines()) < 2:
        return False
    try:
        return isinstance(yaml.safe_load(body), dict)
    except yaml.YAMLError:
        return False


def _is_python(body: str) -> bool:
    try:
        tree = ast.parse(body)
    except (SyntaxError, ValueError):
        return False
    # Statements or calls, not a lone word that happens to parse.
    return any(not isinstance(node, ast.Expr) or isinstance(node.value, (ast.Call, ast.Await))
               for node in tree.body)


def _is_shell(body: str) -> bool:
    lines = [line.strip() for line in body.splitlines()]
    commands = [line for line in lines if line and not line.startswith("#")]
    return bool(commands) and all(
        line.startswith("$ ") or line.split()[0] in SHELL_COMMANDS for line in commands)


# ---------------------------------------------------------------- rendering a topic


@dataclass
class _ListLevel:
    marker_indent: int  # as written
    content_indent: int  # as written
    new_indent: int  # of the marker, normalised to 4 spaces per level


def _blocks_between(structure: NoteStructure, start: int, end: int) -> list[Block]:
    """The blocks of lines start..end in order, with runs of lines no block holds (reference
    and footnote definitions) as blocks of kind `other`."""
    inside = [b for b in structure.blocks if b.end >= start and b.start <= end]
    covered = {n for b in inside for n in range(b.start, b.end + 1)}
    loose: list[Block] = []
    for number in range(start, end + 1):
        if number in covered or not structure.line(number).strip():
            continue
        if loose and not covered.intersection(range(loose[-1].end, number)):
            loose[-1] = Block("other", loose[-1].start, number)
        else:
            loose.append(Block("other", number, number))
    return sorted(inside + loose, key=lambda b: b.start)


def render_lines(structure: NoteStructure, start: int, end: int, base_depth: int,
                 heading_offset: int = 1) -> list[str]:
    """The Markdown of lines start..end, block by block: headings re-levelled (only the first
    line may be a level-1 heading), blocks separated by one blank line, lists and fences
    indented the way Python-Markdown needs them, bare fences labelled."""
    headings = {h.line: h for h in structure.headings}
    levels = _HeadingLevels(base_depth, heading_offset, start)
    out: list[str] = []
    for block in _blocks_between(structure, start, end):
        lo, hi = max(block.start, start), min(block.end, end)
        if out and out[-1].strip():
            out.append("")
        if block.kind == "heading":
            out.extend(levels.markdown(headings[block.start]))
        elif block.kind == "front_matter":
            out.extend(_front_matter_fence(structure.lines[block.start:block.end - 1]))
        elif block.kind in (*LIST_KINDS, "fence"):
            out.extend(_render_flow(structure, lo, hi))
        elif block.kind == "paragraph":
            out.extend(_render_paragraph(structure, lo, hi, headings, levels))
        elif block.kind == "other":
            out.extend(_loose_lines(structure, lo, hi))
        else:
            out.extend(structure.lines[lo - 1:hi])
    while out and not out[-1].strip():
        out.pop()
    return out


def _loose_lines(structure: NoteStructure, lo: int, hi: int) -> list[str]:
    """Reference and footnote definitions: those of footnotes in use go to the pages that use
    them (`footnotes_used`); a definition nothing refers to stays as text, escaped, since
    Python-Markdown would link it to a reference that does not exist."""
    moved = {n for start, end in structure.footnotes.values() for n in range(start, end + 1)}
    out = []
    for number in range(lo, hi + 1):
        line = structure.line(number)
        if number in moved:
            continue
        out.append("\\" + line.lstrip() if FOOTNOTE_DEF_RE.match(line) else line)
    return out


@dataclass
class _HeadingLevels:
    """Levels of a page's headings: the first may be a level-1 heading, the others nest below
    it; a sibling topic merged into the page, and its subsections, move one level down."""

    base_depth: int
    offset: int
    first_line: int
    extra: int = 0

    def markdown(self, heading: NoteHeading) -> list[str]:
        first = heading.line == self.first_line
        if not first and heading.depth <= self.base_depth:
            self.extra = self.base_depth - heading.depth + 1
        level = min(heading.depth + self.extra - self.base_depth + self.offset, 6)
        return ["#" * max(level, 1 if first else 2) + " " + heading.text, ""]


def _front_matter_fence(lines: list[str]) -> list[str]:
    """The note's own front matter, shown as YAML in a fence longer than any inside it."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    marker = "`" * max(3, longest + 1)
    return [marker + "yaml", *lines, marker]


def _render_paragraph(structure: NoteStructure, lo: int, hi: int,
                      headings: dict[int, NoteHeading], levels: _HeadingLevels) -> list[str]:
    """A paragraph as written, except that a bold line used as a heading becomes one and a
    `**Term** definition` line starts a paragraph of its own."""
    out: list[str] = []
    for number in range(lo, hi + 1):
        line = structure.line(number)
        if number in headings:
            out.extend(levels.markdown(headings[number]))
            continue
        if number > lo and DEFINITION_RE.match(line) and out and out[-1].strip():
            out.append("")
        out.append(HASH_WORD_RE.sub(lambda m: "\\" + m.group(0), line))
    return out


def _render_flow(structure: NoteStructure, start: int, end: int) -> list[str]:
    """A list or a fence: nested lists indented four spaces a level, fences under a list item
    moved with it, bare fences labelled, an unclosed fence closed."""
    fences = {f.line: f for f in structure.fences}
    out: list[str] = []
    levels: list[_ListLevel] = []
    number = start
    while number <= end:
        line = structure.line(number)
        if number in fences:
            number = _render_fence(structure, fences[number], levels, end, out)
            continue
        item = LIST_ITEM_RE.match(line)
        indent = len(line) - len(line.lstrip(" "))
        if not line.strip():
            out.append("")
        elif item:
            while levels and levels[-1].marker_indent >= indent:
                levels.pop()
            new_indent = levels[-1].new_indent + 4 if levels else 0
            content = indent + len(item.group("marker")) + len(item.group("space"))
            levels.append(_ListLevel(indent, content, new_indent))
            out.append(" " * new_indent + line.lstrip(" "))
        elif indent and levels:
            out.append(_shift(line, _content_indent(levels, indent) - indent))
        else:
            out.append(line)  # a lazy continuation line
        number += 1
    return out


def _render_fence(structure: NoteStructure, fence: Fence, levels: list[_ListLevel],
                  end: int, out: list[str]) -> int:
    """Append a fence, moved with its list item and labelled; the next line to render."""
    shift = (_content_indent(levels, fence.indent) if fence.indent else 0) - fence.indent
    opening, fragment = _fence_opening(structure.line(fence.line), fence)
    if fragment:
        out.append(_shift(" " * fence.indent + fragment, shift))
    out.append(_shift(opening, shift))
    last = min(fence.end_line or end, end)
    out.extend(_shift(structure.line(n), shift) for n in range(fence.line + 1, last + 1))
    if fence.end_line is None or fence.end_line > end:
        # A fence the note never closes would swallow the rest of the page.
        out.append(_shift(" " * fence.indent + fence.marker, shift))
    return last + 1


def _fence_opening(opening: str, fence: Fence) -> tuple[str, str | None]:
    """A fence's opening line as the garden needs it, and a fragment marker when its code, as
    the note wrote it, does not parse in its language (so `garden check` knows it is meant):
    a bare fence gets a language (`guess_language`); a language Pygments does not know becomes
    `text`, titled with the note's name for it."""
    lang = fence.lang or guess_language(fence.body)
    if not fence.info:
        opening = opening.rstrip() + lang
    elif lexer_name(lang.lower()) is None and lang.lower() not in TEXT_FENCES:
        lang = "text"
        title = fence.info.replace('"', "'")
        opening = " " * fence.indent + fence.marker + f'text title="{title}"'
    parser = PARSERS.get(lexer_name(lang.lower()) or "")
    if parser and parser[1](fence.body):
        return opening, f"<!-- garden: fragment (as the note wrote it: not valid {lang}) -->"
    return opening, None


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


# ---------------------------------------------------------------- names


def slug(text: str) -> str:
    """An ASCII slug for ids and file names, from any script (`Настройка` -> `nastroika`)."""
    return slugify(plain_text(text) or text, max_length=60, word_boundary=True)


def topic_tag(title: str) -> str:
    """A short tag from a section title, in its own script: `Security and Cryptography` ->
    `security`, `Основные понятия` -> `основные`; empty when the title has no words."""
    title = re.sub(r"\([^)]*\)|（[^）]*）", "", plain_text(title) or title)
    first = re.split(r"\s+(?:and|&|vs\.?)\s+|,|/", title.strip())[0]
    return slugify(first, allow_unicode=True, max_length=30, word_boundary=True)


def as_python_markdown(text: str) -> str:
    """A note kept whole, as one page: its top-level lists and fences written as the import
    writes those of a split note (nested lists four spaces a level, fences under a list item
    moved with it, bare fences labelled, code that does not parse marked a fragment, a fence
    never closed closed), every other line as written. CommonMark, which note editors follow,
    reads two-space nested lists and fences indented under an item where Python-Markdown needs
    four spaces."""
    structure = read_structure(text)
    lines = list(structure.lines)
    for fence in structure.fences:  # in a quote (a callout): labelled where it stands
        opening = lines[fence.line - 1]
        if not fence.info and QUOTED_FENCE_RE.match(opening):
            lines[fence.line - 1] = opening.rstrip() + guess_language(fence.body)
    out: list[str] = []
    number = 1
    for block in structure.blocks:
        if block.kind in (*LIST_KINDS, "fence") and block.start >= number:
            out += lines[number - 1:block.start - 1]
            out += _render_flow(structure, block.start, block.end)
            number = block.end + 1
    out += lines[number - 1:]
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")
