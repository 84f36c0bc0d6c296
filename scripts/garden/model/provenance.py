"""Provenance: every line of every raw note is kept in a page or deliberately dropped.

Pages name the note lines they hold in their front matter (`source: [{note, lines: a-b}]`);
lines left out on purpose are listed, with a reason, in `notes/ledger.yml`. The rules here
check both against the raw notes (after encoding repair):

- GL601 a page's `source` is malformed;
- GL602 a `source` names a note that does not exist;
- GL603 a `source` line range is not within the note;
- GL604 a non-blank note line is neither dropped nor found in a page whose `source` names
  that note (words are compared as normalised token sequences, so markup changes such as
  tables for fences, lists for lines, removed bold or a link's new target do not matter);
- GL605 notes/ledger.yml is malformed (reported at its own line numbers);
- GL606 a note holds text its repair leaves as it is (garden.text.encoding), a warning.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from garden.model.obsidian import WIKILINK_RE
from garden.model.site import Garden, Page
from garden.text.diagnostics import Diagnostic
from garden.text.markdown_scan import split_front_matter
from garden.text.note_text import note_text

LEDGER_NAME = "ledger.yml"
RANGE_RE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$|^\s*(\d+)\s*$")
TOKEN_RE = re.compile(r"[^\W_]+")
# Where a link points, what a comment says and HTML tags are no words of the text: an import
# may point a link elsewhere, make it plain text with the original in a comment, or make a
# remote `<img>` a link.
# Each within one line: a note is compared line by line.
LINK_DEST_RE = re.compile(r"\]\([^)\n]*\)")
HTML_COMMENT_RE = re.compile(r"<!--[^\n]*?-->")
HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:[ \t][^<>\n]*)?/?>")
NOTE_SUFFIXES = {".txt", ".md", ".markdown"}


def tokens(text: str) -> list[str]:
    """The words of a text: letters and digits, case-folded, everything else (link targets,
    a wikilink's target where it shows other text, HTML comments and tags included) ignored."""
    if "](" in text:
        text = LINK_DEST_RE.sub("]", text)
    if "[[" in text:
        text = WIKILINK_RE.sub(lambda m: m.group("text") or m.group(0), text)
    if "&" in text:
        text = html.unescape(text)  # a tag the importer wrote as text (`&lt;button&gt;`)
    if "<" in text:
        text = HTML_TAG_RE.sub(" ", HTML_COMMENT_RE.sub(" ", text))
    return TOKEN_RE.findall(text.casefold())


def parse_range(value: object) -> tuple[int, int] | None:
    """`"12-40"` or `12` -> (12, 40); None when it is no range."""
    match = RANGE_RE.match(str(value)) if isinstance(value, (str, int)) else None
    if not match:
        return None
    if match.group(3):
        return int(match.group(3)), int(match.group(3))
    return int(match.group(1)), int(match.group(2))


# ---------------------------------------------------------------- the ledger


@dataclass(frozen=True)
class Dropped:
    note: str
    start: int
    end: int
    reason: str
    line: int  # in the ledger


@dataclass
class Ledger:
    dropped: list[Dropped]
    problems: list[Diagnostic]


@dataclass
class _LedgerReader:
    """Reads notes/ledger.yml into a Ledger, each mistake a GL605 at its own line."""

    rel: str
    root: Path
    ledger: Ledger = field(default_factory=lambda: Ledger([], []))

    def problem(self, node: yaml.Node | None, message: str) -> None:
        mark = node.start_mark if node is not None else None
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self.ledger.problems.append(Diagnostic(self.rel, line, column, "GL605", message))

    def compose(self, path: Path) -> yaml.Node | None:
        try:
            return yaml.compose(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            self.ledger.problems.append(Diagnostic(
                self.rel, line, column, "GL605",
                f"invalid YAML: {getattr(error, 'problem', error)}"))
        except (OSError, UnicodeDecodeError) as error:
            self.ledger.problems.append(Diagnostic(self.rel, 1, 1, "GL605",
                                                   f"cannot read: {error}"))
        return None

    def note(self, key: yaml.Node, value: yaml.Node) -> None:
        """One note's entry: `notes/x.md: {dropped: [{lines: 3-5, reason: ...}]}`."""
        note = key.value if isinstance(key, yaml.ScalarNode) else ""
        if not note or not (self.root / note).is_file():
            self.problem(key, f"note {note!r} does not exist")
            return
        dropped = _mapping_get(value, "dropped")
        if not isinstance(value, yaml.MappingNode) or not isinstance(dropped,
                                                                       yaml.SequenceNode):
            self.problem(value, "expected `dropped:` with a list of {lines, reason}")
            return
        line_count = _line_count(self.root / note)
        for item in dropped.value:
            self.dropped(item, note, line_count)

    def dropped(self, item: yaml.Node, note: str, line_count: int) -> None:
        lines_node = _mapping_get(item, "lines")
        reason_node = _mapping_get(item, "reason")
        span = parse_range(lines_node.value) if isinstance(lines_node,
                                                           yaml.ScalarNode) else None
        if span is None:
            self.problem(lines_node or item, "`lines` must be a range like 12-40")
        elif not 1 <= span[0] <= span[1] <= line_count:
            self.problem(lines_node, f"lines {span[0]}-{span[1]} are not within "
                         f"{note} (1-{line_count})")
        elif not isinstance(reason_node, yaml.ScalarNode) or not reason_node.value.strip():
            self.problem(item, "a dropped range needs a `reason`")
        else:
            self.ledger.dropped.append(Dropped(note, span[0], span[1], reason_node.value,
                                               item.start_mark.line + 1))


def load_ledger(path: Path, rel: str, root: Path) -> Ledger:
    """Read notes/ledger.yml; its errors are diagnostics at its own line numbers."""
    reader = _LedgerReader(rel, root)
    root_node = reader.compose(path) if path.exists() else None
    if root_node is None:
        return reader.ledger
    if not isinstance(root_node, yaml.MappingNode):
        reader.problem(root_node, "expected a mapping of note paths to {dropped: [...]}")
        return reader.ledger
    for key, value in root_node.value:
        reader.note(key, value)
    return reader.ledger


def _mapping_get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _line_count(path: Path) -> int:
    return len(read_note(path))


def read_note(path: Path) -> list[str]:
    """A note's lines after encoding repair (1-based: lines[n - 1])."""
    stat = path.stat()
    return list(_repaired(path.resolve(), stat.st_mtime_ns, stat.st_size)[0])


def note_problems(path: Path, rel: str) -> list[Diagnostic]:
    """GL606: what the repair of a note left as it is, at the note's lines."""
    stat = path.stat()
    return [replace(problem, path=rel)
            for problem in _repaired(path.resolve(), stat.st_mtime_ns, stat.st_size)[1]]


@functools.lru_cache(maxsize=4096)  # every note of a vault: a check reads each twice
def _repaired(path: Path, mtime_ns: int, size: int) -> tuple[tuple[str, ...],
                                                               tuple[Diagnostic, ...]]:
    """Repair once per version of a note: a check asks for each note several times."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    read = note_text(text, path)  # as `garden import` reads it
    lines = read.text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines), tuple(read.repair.problems)


# ---------------------------------------------------------------- page sources


@dataclass(frozen=True)
class SourceEntry:
    """One `{note, lines}` entry of a page's `source`, as written."""

    page: Page
    note: str
    lines: object  # `a-b` (or one line number) when well formed

    @property
    def span(self) -> tuple[int, int] | None:
        return parse_range(self.lines)


def _front_matter_line(page: Page, needle: str) -> int:
    """The line of the front matter that mentions `needle` (for diagnostics)."""
    for number, line in enumerate(page.scan.lines[: page.scan.body_line], start=1):
        if needle and needle in line:
            return number
    return 1


def declared_sources(garden: Garden) -> Iterator[SourceEntry | Diagnostic]:
    """Every page's `source` entries in order: each `{note, lines}` entry (its note and range
    not checked against the notes), or a GL601 diagnostic where `source` is malformed."""
    for src, page in sorted(garden.pages.items()):
        value: Any = page.meta.get("source")
        if value is None:
            continue
        if not isinstance(value, list):
            yield Diagnostic(garden.rel(src), _front_matter_line(page, "source"), 1, "GL601",
                             "`source` must be a list of {note, lines}")
            continue
        for entry in value:
            note = entry.get("note") if isinstance(entry, dict) else None
            lines = entry.get("lines") if isinstance(entry, dict) else None
            if not isinstance(note, str) or lines is None:
                yield Diagnostic(garden.rel(src), _front_matter_line(page, "source"), 1,
                                 "GL601", f"`source` entry {entry!r} needs `note` and `lines`")
                continue
            yield SourceEntry(page, note, lines)


def page_sources(garden: Garden) -> tuple[list[SourceEntry], list[Diagnostic]]:
    """Every valid `source` entry of every page, and diagnostics for the invalid ones."""
    root = garden.config.root
    entries: list[SourceEntry] = []
    problems: list[Diagnostic] = []
    counts: dict[str, int] = {}
    for entry in declared_sources(garden):
        if isinstance(entry, Diagnostic):
            problems.append(entry)
            continue
        rel = garden.rel(entry.page.src)
        at = _front_matter_line(entry.page, entry.note)
        path = root / entry.note
        if not path.is_file():
            problems.append(Diagnostic(rel, at, 1, "GL602",
                                       f"`source` names {entry.note}, which does not exist"))
            continue
        if entry.note not in counts:
            counts[entry.note] = _line_count(path)
        span = entry.span
        if span is None or not 1 <= span[0] <= span[1] <= counts[entry.note]:
            problems.append(Diagnostic(rel, at, 1, "GL603",
                                       f"`source` lines {entry.lines!r} are not a range within "
                                       f"{entry.note} (1-{counts[entry.note]})"))
            continue
        entries.append(entry)
    return entries, problems


# ---------------------------------------------------------------- accounting


def note_paths(notes: Path) -> list[Path]:
    """The raw notes in the notes folder (the plugin's `notes_dir`); hidden folders (a
    vault's `.obsidian/` and `.trash/`) hold none."""
    if not notes.is_dir():
        return []
    return sorted(p for p in notes.rglob("*") if p.is_file() and p.suffix in NOTE_SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(notes).parts))


def unaccounted_lines(lines: list[str], page_texts: Iterable[str],
                      dropped: Iterable[tuple[int, int]] = ()) -> Iterator[int]:
    """Numbers of the non-blank lines whose words appear in none of the pages' texts."""
    haystack = "\0".join(" " + " ".join(tokens(text)) + " " for text in page_texts)
    dropped = list(dropped)
    for number, line in enumerate(lines, start=1):
        words = tokens(line)
        if not words or any(a <= number <= b for a, b in dropped):
            continue
        if " " + " ".join(words) + " " not in haystack:
            yield number


def check_provenance(garden: Garden) -> Iterable[Diagnostic]:
    """GL601-GL605: page sources are valid and every note line is accounted for."""
    root = garden.config.root
    ledger_path = garden.config.notes_dir / LEDGER_NAME
    ledger_rel = garden.config.relative(ledger_path)
    ledger = load_ledger(ledger_path, ledger_rel, root)
    yield from ledger.problems
    entries, problems = page_sources(garden)
    yield from problems
    for path in note_paths(garden.config.notes_dir):
        if path.name == LEDGER_NAME:
            continue
        note = garden.config.relative(path)
        yield from note_problems(path, note)
        pages = {e.page.src: e.page for e in entries if e.note == note}
        dropped = [(d.start, d.end) for d in ledger.dropped if d.note == note]
        lines = read_note(path)
        _, _, body_line = split_front_matter("\n".join(lines) + "\n")
        if body_line > 1:  # the note's own front matter: its metadata, not its content
            dropped.append((1, body_line - 1))
        bodies = [_body(page) for page in pages.values()]
        for number in unaccounted_lines(lines, bodies, dropped):
            yield Diagnostic(note, number, 1, "GL604",
                             "line is on no page whose `source` names this note: import the "
                             "note (`garden import`) or put the line's words on such a page "
                             f"({ledger_rel} is only for lines that belong on no page)")


def _body(page: Page) -> str:
    """The page's body as its file has it (front matter is not content, and a page in
    Obsidian's dialect holds the note's words as written, not as translated)."""
    _, body, _ = split_front_matter(page.written or page.text)
    return body
