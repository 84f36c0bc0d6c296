"""A raw study note read as a tree of topics, and a topic rendered as garden Markdown.

The note's fences and headings come from the garden's Markdown scanner
(garden.markdown_scan); bold lines used as headings count as headings too, and the note's
inconsistent heading levels are normalised to nesting depths. A note with a single heading on
top has that heading as its title and the headings below it as topics. Rendering re-levels a
topic's headings, separates its blocks, indents its lists and fences the way Python-Markdown
needs, and labels its unlabeled fences.
"""

from __future__ import annotations

import ast
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from pygments.lexers import guess_lexer
from pygments.util import ClassNotFound

from garden.markdown_scan import Fence, scan_markdown

LIST_ITEM_RE = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d+[.)])(?P<space>[ \t]+|$)")
HR_LINE_RE = re.compile(r"^ {0,3}(?:-[ \t]*){3,}$|^ {0,3}(?:\*[ \t]*){3,}$")
# A line that is only bold text, used as a heading (`**Relationship Summary**`), or a stray
# opening `**` with no closing one (`** Why These Metrics Matter`).
PSEUDO_HEADING_RE = re.compile(
    r"^ {0,3}\*\*(?P<text>[^*\s][^*]*?)\*\*[ \t]*$|^ {0,3}\*\*[ \t]+(?P<stray>[^*]+?)[ \t]*$")
DEFINITION_RE = re.compile(r"^\*\*(?P<term>[^*]+?)\*\*(?P<rest>.*)$")
PROSE_FENCE_SCORE = 0.3  # below this Pygments' guess is noise and the fence is prose


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
    fence_lines = scan.fence_lines(len(lines))
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
                                        clean_heading_text(heading.source)))
            continue
        match = PSEUDO_HEADING_RE.match(line)
        previous = lines[number - 2] if number > 1 else ""
        if match and _blank_or_break(previous):
            label = match.group("text") or match.group("stray")
            if not label.rstrip().endswith(":"):
                headings.append(NoteHeading(number, min(last_level + 1, 6),
                                            clean_heading_text(label)))
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
        nested = NoteHeading(heading.line, level, heading.text, len(stack))
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


# ---------------------------------------------------------------- names


def slug(text: str) -> str:
    """An ASCII slug for ids and file names."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def topic_tag(title: str) -> str:
    """A short tag from a section title: `Security and Cryptography` -> `security`."""
    title = re.sub(r"\([^)]*\)", "", title)
    first = re.split(r"\s+(?:and|&|vs\.?)\s+|,|/", title)[0]
    return slug(first) or slug(title)
