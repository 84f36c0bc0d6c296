"""`garden import NOTE [NOTE...]`: turn a raw study note into garden pages and glossary entries.

A note is read, its encoding repaired (garden.encoding), its structure read and its heading
levels normalised (garden.note_structure), and it is split into one page per topic under a
section directory, with front matter recording where each page came from (`source`) and a hash
of what was generated (`generated`). Every `**Term** definition` becomes a glossary entry
(garden.glossary_extract), merged into glossary.yml without touching the entries already there.

Nothing the user wrote is overwritten: a page edited since it was generated is reported and
left alone unless `--force` is given, and a topic whose lines some other page already holds
(a curated page) is skipped.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import posixpath
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from garden.confinement import confined_section
from garden.encoding import repair
from garden.glossary_extract import GlossaryEntry, extract_glossary
from garden.markdown_scan import scan_markdown, split_front_matter
from garden.note_structure import NoteStructure, read_structure, render_lines, slug, topic_tag
from garden.provenance import SourceEntry, declared_sources
from garden.site import CONFIG_NAME, ConfigError, Garden, SiteConfig, load_config
from garden.terms import GLOSSARY_FILE, Glossary, name_key, parse_glossary

# `I/O Bound, CPU Bound`: a combined term, parts separated by commas or `and`.
LIST_SPLIT_RE = re.compile(r",\s*(?:and\s+)?|\s+(?:and|&)\s+")


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
    lines = list(lines)
    scan = scan_markdown("\n".join(lines))
    fenced = scan.fence_lines(len(lines))
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if (number in fenced or not text or text.startswith(("#", "|", ">", "---"))
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


def source_claims(garden: Garden) -> list[SourceEntry]:
    """The well-formed `source` entries of every page: the note lines each page holds.

    Entries `garden check` finds wrong in other ways (a note that changed length since) still
    claim their lines: a curated page is never duplicated on a guess.
    """
    return [entry for entry in declared_sources(garden)
            if isinstance(entry, SourceEntry) and entry.span is not None]


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


def write_page(page: PlannedPage, config: SiteConfig, note: str, claims: list[SourceEntry],
               args: argparse.Namespace, report: Report) -> bool:
    """Write one page unless that would lose someone's work; False when it is skipped
    because other pages hold its lines."""
    path = config.docs_dir / page.src
    rel = config.relative(path)
    text = page.text(note)
    ranges = ", ".join(f"{a}-{b}" for a, b in page.ranges) or "none"
    others = sorted({claim.page.src for claim in claims
                     if claim.page.src != page.src and claim.note == note
                     and any(_overlap(claim.span, (a, b)) for a, b in page.ranges)})
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


def _overlap(span: tuple[int, int] | None, other: tuple[int, int]) -> bool:
    return span is not None and span[0] <= other[1] and other[0] <= span[1]


# ---------------------------------------------------------------- glossary.yml


def read_glossary(path: Path, rel: str) -> Glossary:
    """glossary.yml as `garden check` reads it; ValueError when its terms cannot be known."""
    if not path.exists():
        return Glossary(path=path)
    glossary = parse_glossary(path.read_text(encoding="utf-8"), path)
    if not glossary.readable:
        raise ValueError("\n".join(f"{rel}:{line}:{column}: {code} {message}"
                                   for line, column, code, message in glossary.problems))
    return glossary


def merge_glossary(path: Path, rel: str, entries: list[GlossaryEntry], note: str,
                   report: Report) -> None:
    """Append the new entries to glossary.yml; an entry whose id, term or alias is already
    there (compared as `garden check` compares names) is left as it is and reported.
    Existing text is never rewritten."""
    existing = read_glossary(path, rel)
    ids = {name_key(term.id) for term in existing.terms}
    names = {name_key(name) for term in existing.terms for name in term.names}
    new: list[GlossaryEntry] = []
    for entry in entries:
        entry_names = [entry.term, *entry.aliases]
        clashes = [f"id {entry.id!r}"] if name_key(entry.id) in ids else []
        clashes += [repr(n) for n in entry_names if name_key(n) in names]
        parts = [p.strip() for p in LIST_SPLIT_RE.split(entry.term)]
        if len(parts) > 1 and all(name_key(p) in names for p in parts):
            # `I/O Bound, CPU Bound` where the glossary already has each of them.
            clashes.append(" and ".join(map(repr, parts)))
        if clashes:
            report.action("keep", f"{rel}: {entry.id} ({entry.term}) from {note}:{entry.line} "
                          f"not added, already defined: {clashes[0]}")
            continue
        ids.add(name_key(entry.id))
        names.update(name_key(n) for n in entry_names)
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


def import_note(note_path: Path, config: SiteConfig, section: str | None,
                glossary: Path | None, claims: list[SourceEntry], args: argparse.Namespace,
                report: Report) -> None:
    note = config.relative(note_path)
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
                if write_page(page, config, note, claims, args, report)]
        index = plan_index(structure, _note_title(note_path), section, kept)
        if kept or index.ranges:
            write_page(index, config, note, claims, args, report)
    if glossary is not None:
        entries = extract_glossary(structure)
        print(f"glossary {note}: {len(entries)} definitions found")
        merge_glossary(glossary, config.relative(glossary), entries, note, report)


def _note_title(path: Path) -> str:
    return path.stem.replace("-", " ").replace("_", " ").capitalize()


def run(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config_file)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    if args.docs_dir:
        config = replace(config, docs_dir=Path(args.docs_dir).resolve())
    glossary = None if args.no_glossary else (
        Path(args.glossary).resolve() if args.glossary else config.root / GLOSSARY_FILE)
    if (args.section or args.split_at) and len(args.notes) > 1:
        print("--section and --split-at need a single NOTE", file=sys.stderr)
        return 2
    outside = confined_section(config.docs_dir, args.section) if args.section else None
    if outside:
        print(f"--section {args.section!r} {outside}", file=sys.stderr)
        return 2
    report = Report(dry_run=args.dry_run)
    claims = source_claims(Garden.load(config))
    try:
        for note in args.notes:
            import_note(Path(note), config, args.section, glossary, claims, args, report)
    except ValueError as error:
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
