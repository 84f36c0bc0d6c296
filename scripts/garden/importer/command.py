"""`garden import NOTE [NOTE...]`: turn a raw note, anyone's, into garden pages and terms.

A note is read (UTF-8, LF or CRLF), its mojibake repaired (garden.text.encoding) and its code
fences freed from a chat app's copied headers (garden.text.copied_code), its blocks
read with a CommonMark parser (garden.importer.note_structure), and it is split into one page per
topic under a section directory, plus an index page, with front matter recording where each page
came from (`source`) and a hash of what was written (`generated`). Links the note got wrong are
fixed or made plain text (garden.importer.note_links), the section is listed in mkdocs.yml's nav
(garden.importer.nav_edit), and the note's definitions (garden.importer.glossary_extract) are
merged into glossary.yml without touching the entries already there. The rules:
docs/about/importing.md.

Nothing the user wrote is overwritten: a page whose body or front matter was edited since it
was generated is reported and left alone unless `--force` is given, a topic whose lines some
other page already holds (a curated page) is skipped, and a note with characters lost for good
writes no page unless `--allow-lost-characters` is given.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import yaml

from garden.importer.config_edit import declare_in
from garden.importer.glossary_extract import GlossaryEntry, find_glossary
from garden.importer.import_plan import (
    PlannedPage,
    content_hash,
    explaining_page,
    note_tags,
    plan_index,
    plan_topics,
    with_links_fixed,
)
from garden.importer.ledger_edit import drop_lines
from garden.importer.nav_edit import add_to_nav
from garden.importer.note_links import LinkFix
from garden.importer.note_structure import ONE_PAGE_LINES, NoteStructure, read_structure, slug
from garden.importer.vault import VaultNote, free_section, nav_tree, plan_vault, write_attachment
from garden.model.obsidian import WARNINGS
from garden.model.provenance import LEDGER_NAME, SourceEntry, declared_sources, read_note
from garden.model.provenance import NOTE_SUFFIXES as PROVENANCE_SUFFIXES
from garden.model.site import (
    CONFIG_NAME,
    ConfigError,
    Garden,
    SiteConfig,
    link_findings,
    load_config,
)
from garden.model.terms import Glossary, name_key, parse_glossary
from garden.safety.confinement import confined_section
from garden.safety.front_matter import kind_of, site_schema
from garden.safety.sanitize import plain_words
from garden.text.copied_code import UngluedFences
from garden.text.languages import prose_language
from garden.text.markdown_scan import scan_markdown, split_front_matter
from garden.text.note_text import note_text

# `I/O Bound, CPU Bound`: a combined term, parts separated by commas or `and`.
LIST_SPLIT_RE = re.compile(r",\s*(?:and\s+)?|\s+(?:and|&)\s+")


# ---------------------------------------------------------------- writing, safely


def tags_in_use(garden: Garden) -> set[str]:
    """The tags the garden's pages carry."""
    found: set[str] = set()
    for page in garden.pages.values():
        tags = page.meta.get("tags")
        if isinstance(tags, list):
            found.update(str(tag) for tag in tags)
    return found


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
    warnings: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def action(self, verb: str, message: str, counted_as: str | None = None) -> None:
        """Print what is done; a `link` line is a diagnostic, `path:line:col: CODE ...`."""
        key = counted_as or verb
        self.counts[key] = self.counts.get(key, 0) + 1
        prefix = "would " if self.dry_run and verb in WRITING_VERBS else ""
        print(message if verb == "link" else f"{prefix}{verb} {message}")

    def diagnostic(self, line: str) -> None:
        self.problems += 1
        print(line, file=sys.stderr)

    def warning(self, line: str) -> None:
        """What `garden check` warns of too (a wikilink to a note not written yet)."""
        self.warnings += 1
        print(line, file=sys.stderr)

    def diff(self, rel: str, before: str, after: str) -> None:
        """The change a dry run would make, as a unified diff."""
        if self.dry_run:
            sys.stdout.writelines(difflib.unified_diff(
                before.splitlines(keepends=True), after.splitlines(keepends=True),
                f"a/{rel}" if before else "/dev/null", f"b/{rel}"))

    def summary(self) -> str:
        parts = [f"{self.counts.get(verb, 0)} {past}" for verb, past in SUMMARY_VERBS
                 if self.counts.get(verb) or verb in ("create", "update", "keep", "skip")]
        warned = f", {self.warnings} warnings" if self.warnings else ""
        return (f"{'dry run: ' if self.dry_run else ''}{', '.join(parts)}; "
                f"{self.problems} problems reported{warned}")


WRITING_VERBS = ("create", "update", "overwrite", "add", "drop")
SUMMARY_VERBS = (("create", "created"), ("update", "updated"), ("overwrite", "overwritten"),
                 ("keep", "kept"), ("skip", "skipped"), ("renamed", "renamed"),
                 ("unchanged", "unchanged"),
                 ("add", "glossary terms added"), ("known", "glossary terms already there"),
                 ("term skipped", "look-alike terms skipped"),
                 ("link", "links fixed"), ("nav", "nav sections changed"),
                 ("front matter keys declared", "front matter keys declared"),
                 ("tidy", "empty front matter keys left out"),
                 ("ledger", "ledger ranges dropped"))


def generated_hash(current: str) -> tuple[object, bool]:
    """A page's recorded `generated` hash, and whether the page is still what the import
    wrote (no hand edit since, to its front matter or body)."""
    meta, body, _ = split_front_matter(current)
    generated = meta.get("generated") if isinstance(meta, dict) else None
    return generated, bool(generated) and generated == content_hash(meta, body)


def _report_unglued(note: str, unglued: UngluedFences, report: Report) -> None:
    if unglued.repaired:
        print(f"repair {note}: {len(unglued.repaired)} code fence(s) ran into a chat app's "
              f"copied header (`bashCopyDownload````), from line {unglued.repaired[0]}")
    for line in unglued.left:
        report.diagnostic(f"{note}:{line}:1: a code fence runs into a chat app's copied header "
                          "after other text; put the fence on a line of its own")


def _report_fixes(fixes: Iterable[LinkFix], body: str, rel: str, text: str,
                  report: Report) -> None:
    """The links and HTML the page's text (`body` its end) changes from the note, at the
    page's lines."""
    body_offset = text[:len(text) - len(body)].count("\n")
    for fix in fixes:
        where = f"{rel}:{fix.line + body_offset}:{fix.column}:"
        report.action("link", f"{where} {fix.code} {fix.what}" if fix.code
                      else f"{where} {fix.what}", counted_as="link")


def _overlap(span: tuple[int, int] | None, other: tuple[int, int]) -> bool:
    return span is not None and span[0] <= other[1] and other[0] <= span[1]


# ---------------------------------------------------------------- glossary.yml


def read_glossary(path: Path, rel: str) -> Glossary:
    """glossary.yml as `garden check` reads it; ValueError when its terms cannot be known."""
    if not path.exists():
        return Glossary(path=path)
    glossary = parse_glossary(path.read_text(encoding="utf-8"), path)
    if not glossary.readable:
        raise ValueError("\n".join(str(found.at(rel)) for found in glossary.problems))
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
                          f"not added, already defined: {clashes[0]}", counted_as="known")
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


# ---------------------------------------------------------------- the options


@dataclass(frozen=True)
class ImportOptions:
    """What `garden import` is asked to do, read once from its command line."""

    notes: tuple[Path, ...]
    config_file: str = CONFIG_NAME
    # Pages are written here instead of the config's docs_dir (and listed in no nav).
    docs_dir: Path | None = None
    section: str | None = None
    split_at: tuple[int, ...] = ()
    one_page_lines: int = ONE_PAGE_LINES
    # The glossary file to merge into; None: the one next to mkdocs.yml.
    glossary: Path | None = None
    no_glossary: bool = False
    no_pages: bool = False
    published_only: bool = False
    dry_run: bool = False
    force: bool = False
    allow_lost_characters: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> ImportOptions:
        return cls(
            notes=tuple(Path(note) for note in args.notes),
            config_file=args.config_file,
            docs_dir=Path(args.docs_dir).resolve() if args.docs_dir else None,
            section=args.section,
            split_at=tuple(args.split_at or ()),
            one_page_lines=args.one_page_lines,
            glossary=Path(args.glossary).resolve() if args.glossary else None,
            no_glossary=args.no_glossary,
            no_pages=args.no_pages,
            published_only=args.published_only,
            dry_run=args.dry_run,
            force=args.force,
            allow_lost_characters=args.allow_lost_characters,
        )

    def usage_problem(self) -> str | None:
        """Why these options cannot run together, as the command line says it."""
        if (self.section or self.split_at) and len(self.notes) > 1:
            return "--section and --split-at need a single NOTE"
        return None


# ---------------------------------------------------------------- the import


@dataclass
class Importer:
    """One import into a site: its configuration (docs_dir as the options place it), its pages
    as they were before, the glossary file merged into (None: --no-glossary), and the report of
    what is done."""

    config: SiteConfig
    options: ImportOptions
    garden: Garden
    glossary: Path | None
    report: Report

    @classmethod
    def for_site(cls, config: SiteConfig, options: ImportOptions) -> Importer:
        if options.docs_dir is not None:
            config = replace(config, docs_dir=options.docs_dir)
        glossary = None if options.no_glossary else (options.glossary or config.glossary_file)
        return cls(config, options, Garden.load(config), glossary,
                   Report(dry_run=options.dry_run))

    @cached_property
    def claims(self) -> list[SourceEntry]:
        """The note lines the site's pages hold (read once: the pages as they were)."""
        return source_claims(self.garden)

    @property
    def ledger(self) -> Path:
        return self.config.notes_dir / LEDGER_NAME

    @property
    def writes(self) -> bool:
        return not self.options.dry_run

    def import_all(self) -> None:
        for note in self.options.notes:
            if note.is_dir():
                self.import_vault(note)
            else:
                self.import_note(note, self.options.section)

    # ------------------------------------------------------------ a note

    def read_note_text(self, note_path: Path, note: str) -> str | None:
        """The note's text, decoded and read as every note is (garden.text.note_text); None
        (reported) when it cannot be read or has lost characters and --allow-lost-characters
        is not given."""
        report = self.report
        try:
            raw = note_path.read_bytes()
        except OSError as error:
            report.diagnostic(f"{note}: cannot read: {error.strerror}")
            return None
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as error:
            line = raw[:error.start].count(b"\n") + 1
            report.diagnostic(f"{note}:{line}: not valid UTF-8 (byte {error.start}); not "
                              "imported: save the note as UTF-8 first (for example `iconv -f "
                              "WINDOWS-1251 -t UTF-8`, with the code page it was written in)")
            return None
        read = note_text(text, note)
        repaired = read.repair
        for codec, count in sorted(repaired.lines_repaired.items()):
            print(f"repair {note}: {count} lines were UTF-8 read as {codec}")
        for problem in repaired.problems:
            report.diagnostic(str(problem))
        if repaired.lost_lines and not self.options.allow_lost_characters:
            lines = ", ".join(map(str, repaired.lost_lines))
            report.diagnostic(f"{note}:{repaired.lost_lines[0]}:1: GL606 characters are lost "
                              f"for good on line(s) {lines}; no page written (fix the note, or "
                              "pass --allow-lost-characters to import it as it is)")
            return None
        _report_unglued(note, read.fences, report)
        return read.text

    def import_note(self, note_path: Path, section: str | None) -> None:
        config, options = self.config, self.options
        note = config.relative(note_path)
        text = self.read_note_text(note_path, note)
        if text is None:
            return
        structure = read_structure(text, options.split_at, options.one_page_lines)
        if section is None:
            section = self.own_section(slug(note_path.stem) or "notes", note)
        tags = note_tags(structure, tags_in_use(self.garden), _note_title(note_path))
        pages = [] if options.no_pages else self.write_pages(structure, note_path, section, tags)
        if pages and structure.glossary is not None:
            self.drop_glossary_section(structure.glossary, note)
        self.merge_terms(structure, text, note, tags, pages)

    def merge_terms(self, structure: NoteStructure, text: str, note: str, tags: list[str],
                    pages: list[PlannedPage]) -> None:
        """The note's definitions, merged into the glossary file (if there is one)."""
        glossary = self.glossary
        if glossary is None:
            return
        entries, skipped = find_glossary(structure)
        # Terms of a note in another language link the pages in that language only.
        lang = prose_language(scan_markdown(text)) or ""
        entries = [replace(entry, tags=tags, lang=lang, page=explaining_page(
            pages, [entry.term, *entry.aliases], self.config.slugify)) for entry in entries]
        dry_run = self.options.dry_run
        print(f"glossary {note}: {len(entries)} definitions found, {len(skipped)} look-alikes "
              f"skipped{'' if dry_run or not skipped else ' (--dry-run lists them)'}")
        for item in skipped if dry_run else ():
            self.report.action("skip", f"term {item.term!r} at {note}:{item.line}: "
                               f"{item.reason}", counted_as="term skipped")
        merge_glossary(glossary, self.config.relative(glossary), entries, note, self.report)

    def drop_glossary_section(self, span: tuple[int, int], note: str) -> None:
        """The note's Glossary section is on no page: the ledger says so, and where it went."""
        config = self.config
        where = config.relative(self.glossary) if self.glossary is not None else "the glossary"
        reason = f"the note's Glossary section: its terms are entries of {where}, not a page"
        if drop_lines(self.ledger, note, span, reason, write=self.writes):
            self.report.action("drop", f"{config.relative(self.ledger)}: {note}:{span[0]}-"
                               f"{span[1]}, {reason}", counted_as="ledger")

    def write_pages(self, structure: NoteStructure, note_path: Path, section: str,
                    tags: list[str]) -> list[PlannedPage]:
        """Plan the note's pages, write those that lose nobody's work, and list them in the
        nav; the pages the note now has (written, or found unchanged), in reading order."""
        config = self.config
        note = config.relative(note_path)

        def exists(src: str) -> bool:
            return (config.docs_dir / src).is_file()

        folders = (config.relative(note_path.resolve().parent), config.relative(config.docs_dir))
        topics = with_links_fixed(plan_topics(structure, section, tags), structure, exists,
                                  config.slugify, folders)
        kept = [page for page in topics if self.write_page(page, note)]
        index = plan_index(structure, _note_title(note_path), section, kept, tags)
        if not (kept or index.ranges):
            return kept
        [index] = with_links_fixed([index], structure, lambda src: exists(src) or any(
            src == page.src for page in kept), config.slugify, folders)
        listed = [*([index] if self.write_page(index, note) else []), *kept]
        if self.options.docs_dir or not listed:
            return listed  # pages outside the config's docs_dir are no part of its nav
        added = add_to_nav(config.config_file, plain_words(index.title),
                           [page.src for page in listed], write=self.writes)
        if added:
            self.report.action("add", f"{config.relative(config.config_file)} nav: "
                               f"{index.title!r} lists {', '.join(added)}", counted_as="nav")
        return listed

    def write_page(self, page: PlannedPage, note: str) -> bool:
        """Write one page unless that would lose someone's work; False when it is skipped
        because other pages hold its lines."""
        report = self.report
        path = self.config.docs_dir / page.src
        rel = self.config.relative(path)
        text = page.text(note)
        ranges = ", ".join(f"{a}-{b}" for a, b in page.ranges) or "none"
        others = sorted({claim.page.src for claim in self.claims
                         if claim.page.src != page.src and claim.note == note
                         and any(_overlap(claim.span, (a, b)) for a, b in page.ranges)})
        if others:
            report.action("skip", f"{rel}: lines {ranges} of {note} are already in "
                          f"{', '.join(others)}")
            return False
        if not path.exists():
            _report_fixes(page.link_fixes, page.body, rel, text, report)
            report.action("create", f"{rel}: {page.why}, lines {ranges} of {note} "
                          f"({page.body.count(chr(10))} lines)")
            report.diff(rel, "", text)
            if self.writes:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            return True
        current = path.read_text(encoding="utf-8")
        if current == text:
            _report_fixes(page.link_fixes, page.body, rel, text, report)
            report.action("unchanged", f"{rel}: {page.why}")
            return True
        generated, mine = generated_hash(current)
        if not mine and not self.options.force:
            why = ("has no `generated` hash" if not generated
                   else "was edited since it was generated (front matter or body)")
            report.refused += 1
            report.action("keep", f"{rel}: {why}; not overwritten (use --force to replace it)")
            report.diff(rel, current, text)
            return True
        _report_fixes(page.link_fixes, page.body, rel, text, report)
        report.action("update" if mine else "overwrite", f"{rel}: {page.why}; the note changed "
                      f"since it was imported, lines {ranges} of {note}")
        report.diff(rel, current, text)
        if self.writes:
            path.write_text(text, encoding="utf-8")
        return True

    # ------------------------------------------------------------ a vault

    def import_vault(self, folder: Path) -> None:
        """A folder of notes (garden.importer.vault): one page per note, the folder tree as
        the nav's."""
        config, options, report = self.config, self.options, self.report
        vault = config.relative(folder)
        section = options.section or self.own_section(slug(folder.name) or "notes", vault)
        garden = self.garden
        plan = plan_vault(folder, section, config.docs_dir, vault, self.read_note_text,
                          options.published_only, config.slugify,
                          lambda written, files: link_findings(garden, written, files))
        for rel, why in plan.skipped:
            report.action("skip", f"{vault}/{rel}: {why}")
            self.ledger_skipped(folder / rel, f"{vault}/{rel}", f"not published: {why}")
        for rel, dest in plan.renamed:
            report.action("rename", f"{vault}/{rel}: published as {dest} (a name the site "
                          "cannot serve as it is; the old name stays an alias)",
                          counted_as="renamed")
        for note in plan.notes:
            path = config.docs_dir / note.dest
            self.write_text(path, note.text, f"{vault}/{note.rel}")
            _report_fixes(note.fixes, note.body, config.relative(path), note.text, report)
            if note.emptied:
                report.action("tidy", f"{config.relative(path)}: empty front matter "
                              f"{', '.join(note.emptied)} left out (it holds nothing)")
        for dest, finding in plan.findings:
            line = str(finding.at(config.relative(config.docs_dir / dest)))
            (report.warning if finding.code in WARNINGS else report.diagnostic)(line)
        self.declare_note_keys(plan.notes)
        self.copy_attachments(plan.attachments)
        if plan.notes and not options.docs_dir:
            title = _note_title(folder)
            added = add_to_nav(config.config_file, title,
                               nav_tree(title, plan.notes, section)[title], write=self.writes)
            if added:
                report.action("add", f"{config.relative(config.config_file)} nav: {title!r} "
                              f"lists {len(added)} page(s)", counted_as="nav")

    def copy_attachments(self, attachments: Iterable[tuple[Path, str]]) -> None:
        config = self.config
        for source, dest in attachments:
            target = config.docs_dir / dest
            self.ledger_skipped(source, config.relative(source),
                                f"published as the file {config.relative(target)}, not as a "
                                "page")
            if self.options.dry_run or not write_attachment(source, target):
                self.report.action("unchanged" if target.is_file() else "create",
                                   f"{config.relative(target)}: attachment")
            else:
                self.report.action("create", f"{config.relative(target)}: attachment")

    def ledger_skipped(self, path: Path, note: str, reason: str) -> None:
        """A text file of the vault that is on no page (not published, or not a note) has its
        lines in the ledger, with the reason: every line of the notes is accounted for
        (GL604)."""
        if path.suffix.lower() not in PROVENANCE_SUFFIXES:
            return
        try:
            count = len(read_note(path))
        except (OSError, UnicodeDecodeError):
            return
        if count and drop_lines(self.ledger, note, (1, count), reason, write=self.writes):
            self.report.action("drop", f"{self.ledger.name}: {note}:1-{count}, {reason}",
                               counted_as="ledger")

    def declare_note_keys(self, notes: list[VaultNote]) -> None:
        """Front matter keys the notes use that the site does not read yet (a vault's own
        properties) are declared in the garden plugin's `front_matter` option, each with the
        kind most of its values are of (the others `garden check` reports, GL813); a key
        none of whose values can be declared is left to the check (GL812)."""
        config = self.config
        known, _ = site_schema(config.plugin_names, config.options, config.custom_dir)
        values: dict[str, list] = {}
        for note in notes:
            meta, _, _ = split_front_matter(note.text)
            for key, value in (meta if isinstance(meta, dict) else {}).items():
                if str(key) not in known:
                    values.setdefault(str(key), []).append(value)
        kinds = {key: kind_of(found) for key, found in values.items()}
        declared = declare_in(config.config_file,
                              {key: kind.kind for key, kind in kinds.items() if kind},
                              write=self.writes)
        for key in declared:
            kind = kinds[key]
            assert kind is not None
            others = (f"; {kind.misfits} of another kind, which garden check reports (GL813)"
                      if kind.misfits else "")
            self.report.action("add", f"{config.relative(config.config_file)} garden "
                               f"front_matter: {key}: {kind.kind} (used by "
                               f"{len(values[key])} note(s){others})",
                               counted_as="front matter keys declared")
        for key in sorted(key for key, kind in kinds.items() if kind is None):
            self.report.action("skip", f"front matter key {key!r}: none of its values is of a "
                               "kind to declare it with (garden check reports it, GL812)")

    def own_section(self, section: str, source: str) -> str:
        """The folder under docs/ for the pages of `source`: named after it, unless that name
        is taken (garden.importer.vault.section_problem); then the next free one, and the
        report says so."""
        free, why = free_section(self.config.docs_dir, section, source)
        if why is not None:
            self.report.action("rename", f"{source}: pages under docs/{free}/, not "
                               f"docs/{section}/: {why}", counted_as="renamed")
        return free

    def write_text(self, path: Path, text: str, note: str) -> None:
        """Write a page holding the whole of `note` unless that would lose someone's work."""
        report, rel = self.report, self.config.relative(path)
        if not path.exists():
            report.action("create", f"{rel}: from {note}")
            report.diff(rel, "", text)
            if self.writes:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            return
        current = path.read_text(encoding="utf-8")
        if current == text:
            report.action("unchanged", f"{rel}: from {note}")
            return
        _, mine = generated_hash(current)
        if not mine and not self.options.force:
            report.refused += 1
            report.action("keep", f"{rel}: edited since it was imported from {note}; not "
                          "overwritten (use --force to replace it)")
            report.diff(rel, current, text)
            return
        report.action("update" if mine else "overwrite", f"{rel}: {note} changed")
        report.diff(rel, current, text)
        if self.writes:
            path.write_text(text, encoding="utf-8")


def _note_title(path: Path) -> str:
    return path.stem.replace("-", " ").replace("_", " ").capitalize()


# ---------------------------------------------------------------- the command


def run(args: argparse.Namespace) -> int:
    """The sub-command: its arguments read into ImportOptions, once."""
    return import_notes(ImportOptions.from_args(args))


def import_notes(options: ImportOptions) -> int:
    """Import the notes into the site of `options.config_file`; the exit status."""
    try:
        config = load_config(options.config_file)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    problem = options.usage_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    docs_dir = options.docs_dir or config.docs_dir
    outside = confined_section(docs_dir, options.section) if options.section else None
    if outside:
        print(f"--section {options.section!r} {outside}", file=sys.stderr)
        return 2
    importer = Importer.for_site(config, options)
    try:
        importer.import_all()
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(importer.report.summary())
    return 1 if importer.report.refused or importer.report.problems else 0

def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import", help="import raw notes into pages and glossary entries",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notes", nargs="+", metavar="NOTE",
                        help="raw note file(s), or a folder of notes (a vault: one page per "
                        "note, its folders as the nav's sections)")
    parser.add_argument("--published-only", action="store_true",
                        help="from a folder, import only the notes marked `publish: true`")
    parser.add_argument("-f", "--config-file", default=CONFIG_NAME,
                        help="mkdocs.yml of the project (default: %(default)s)")
    parser.add_argument("--docs-dir", help="write pages here instead of the config's docs_dir")
    parser.add_argument("--section", help="directory under docs for the pages "
                        "(default: the note's file name)")
    parser.add_argument("--split-at", type=int, action="append", metavar="LINE",
                        help="the heading on this line of the note starts a new topic "
                        "(repeatable; for a topic written at a subsection's level)")
    parser.add_argument("--one-page-lines", type=int, default=ONE_PAGE_LINES, metavar="N",
                        help="a note with at most N lines of text becomes one page, its "
                        "sections as headings (default: %(default)s; 0: split by topic)")
    parser.add_argument("--glossary", help="glossary file to merge into "
                        "(default: glossary.yml next to mkdocs.yml)")
    parser.add_argument("--no-glossary", action="store_true", help="do not touch the glossary")
    parser.add_argument("--no-pages", action="store_true",
                        help="write no pages (only merge the glossary)")
    parser.add_argument("-n", "--dry-run", action="store_true",
                        help="print what would be written, and the diff, write nothing")
    parser.add_argument("--force", action="store_true",
                        help="overwrite pages edited since they were generated")
    parser.add_argument("--allow-lost-characters", action="store_true",
                        help="write pages even from lines whose characters are lost (U+FFFD, "
                        "broken byte sequences)")
    parser.set_defaults(run=run)
