"""`garden import FOLDER`: a vault of notes (Obsidian, Foam, Quartz) in, one page per note.

A vault's notes are small and already linked by name (`[[Note]]`), so each note becomes one
page, as written: the build reads Obsidian's dialect itself (garden.model.obsidian), so wikilinks,
callouts and embeds keep working and stay editable in the vault's own editor. The folder tree
becomes the section's tree, attachments of inert kinds are copied beside the notes, and the nav
gets one section for the vault with a subsection per folder.

Nothing is lost or overwritten silently:
- a note marked `publish: false` or `draft: true` is not published (and with
  `--published-only`, only notes marked `publish: true` are), each said;
- a file or folder name the site cannot serve (`#`, `?`, `%`, `&`, quotes ...) is renamed, and
  the note keeps its old name as an alias so links to it still resolve;
- a page that would take the place of a file the import did not write, or of another note of
  the same name in another case, is written under a free name and reported;
- a page edited since the last import (its `generated` hash no longer matches) is left alone
  unless `--force`; importing again after editing one note rewrites only that note's page.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import yaml
from slugify import slugify

from garden.importer.import_plan import content_hash
from garden.importer.note_html import defuse_html
from garden.importer.note_links import (
    LinkFix,
    Retarget,
    remote_images_as_links,
    retargeted_links,
    to_the_notes,
)
from garden.importer.note_structure import as_python_markdown
from garden.model.obsidian import extend, inline_tags, nearest
from garden.model.site import is_external
from garden.safety.documents import CHECKED_SUFFIXES, document_findings, suffix_of
from garden.text.diagnostics import Finding
from garden.text.languages import prose_language
from garden.text.markdown_scan import scan_markdown, split_front_matter

# Characters MkDocs and the theme would print raw into a link (the build refuses them).
UNSAFE_NAME_RE = re.compile(r"[\"'<>&`\\%#?\x00-\x1f\x7f\u2028\u2029]")
# Files a note may embed or link, copied beside the notes (`garden check` and the build judge
# an SVG as they judge any under docs/); others are reported, not copied.
ATTACHMENT_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".ico", ".pdf", ".mp3", ".wav",
    ".ogg", ".m4a", ".mp4", ".webm", ".mov", ".txt", ".csv", ".svg"})
NOTE_SUFFIXES = (".md", ".markdown")
GENERATED_KEY = "generated"
# Front matter lists a note may leave empty (`aliases:`): the site reads them so.
LOOSE_LISTS = frozenset({"aliases", "cssclasses", "cssclass", "tags"})


@dataclass(frozen=True)
class VaultNote:
    """One note of the vault and the page it becomes."""

    rel: str  # path in the vault, with `/`
    dest: str  # docs-relative path of the page
    text: str  # the page as it will be written
    body: str  # its body
    fixes: tuple[LinkFix, ...] = ()  # what the body changes from the note, at body lines
    emptied: tuple[str, ...] = ()  # front matter keys left out, holding nothing


@dataclass
class VaultPlan:
    """What importing a vault would write, and what it leaves out (with why)."""

    notes: list[VaultNote] = field(default_factory=list)
    attachments: list[tuple[Path, str]] = field(default_factory=list)  # (file, docs-relative)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (vault path, reason)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (vault path, page)
    # What the site will report on the pages' links and wikilinks, by page (docs-relative):
    # a wikilink naming no note, or several, say; links to a missing heading are fixed.
    findings: list[tuple[str, Finding]] = field(default_factory=list)


def vault_files(folder: Path) -> Iterator[str]:
    """Every file of the vault, vault-relative, in a stable order; the vault's own settings
    (`.obsidian/`, `.trash/`, any hidden folder) left out."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield (Path(root) / name).relative_to(folder).as_posix()


def safe_name(name: str) -> str:
    """A file or folder name the site can serve: as written when it can, else a slug."""
    if not UNSAFE_NAME_RE.search(name):
        return name
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    return (slugify(stem, allow_unicode=True) or "note") + (f".{suffix}" if dot else "")


def published(meta: dict, published_only: bool) -> str | None:
    """Why a note is not published, or None when it is."""
    if meta.get("publish") is False:
        return "marked publish: false"
    if meta.get("draft") is True:
        return "marked draft: true"
    if published_only and meta.get("publish") is not True:
        return "not marked publish: true (--published-only)"
    return None


def note_front_matter(text: str) -> tuple[dict, str]:
    """A note's properties and body as its editor reads them: YAML between `---` lines at
    the very top, or none. (MkDocs would also read leading `key: value` lines, such as a URL
    the note starts with, as MultiMarkdown meta-data and drop them from the page.)"""
    if not text.startswith("---"):
        return {}, text
    meta, body, _ = split_front_matter(text)
    return (meta if isinstance(meta, dict) else {}), body


def page_text(text: str, meta: dict, aliases: list[str], note: str, lines: int,
              retarget: Retarget | None = None, usual: str | None = None,
              unfound: list[tuple[int, int]] | None = None) -> tuple[str, str, list[LinkFix]]:
    """The note as a page: its own front matter with where it came from (`source`), aliases
    for a renamed note, and the hash of what was written (`generated`), then its body, made to
    render as the note does and offline; and the page's body and what changed in it.
    `unfound`: the (line, column) in the body of links to headings their notes lack."""
    _, body = note_front_matter(text)
    body = as_python_markdown(body)  # lists and fences as Python-Markdown reads them
    body, fixes = remote_images_as_links(body, note)
    moved: list[LinkFix] = []
    if retarget is not None:
        body, moved = retargeted_links(body, retarget)
    body, defused = defuse_html(body)
    body, pointed = to_the_notes(body, unfound or [])
    meta = dict(meta)
    extend(meta, "aliases", aliases)
    scan = scan_markdown(body)
    extend(meta, "tags", inline_tags(scan))  # the note's `#tags` are its tags too
    language = prose_language(scan, usual) if "lang" not in meta else None
    if language:  # the page's own language: screen readers switch voice (GL407)
        meta["lang"] = language
    if lines:  # an empty note has no line to hold
        meta["source"] = [{"note": note, "lines": f"1-{lines}"}]
    meta[GENERATED_KEY] = content_hash(meta, body)
    head = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=None)
    return f"---\n{head}---\n{body}", body, moved + fixes + defused + pointed


def _free(dest: str, taken: set[str]) -> str:
    """`dest`, or the first `name-2.md`, `name-3.md` ... not taken (case-insensitive)."""
    stem, suffix = posixpath.splitext(dest)
    candidate, number = dest, 2
    while candidate.lower() in taken:
        candidate, number = f"{stem}-{number}{suffix}", number + 1
    return candidate


def plan_vault(folder: Path, section: str, docs_dir: Path, notes_rel: str, read_note: ReadNote,
               published_only: bool = False, slugify: Slugify | None = None,
               read_as_site: ReadAsSite | None = None) -> VaultPlan:
    """The pages and attachments of a vault under docs/<section>/.

    `notes_rel`: the vault's folder as the project names it (for `source`); `read_note`: a
    note's text as the import reads every note (decoded, repaired), or None when it cannot be
    (the reader says why); `slugify`: the
    site's, which names a heading's anchor; `read_as_site`: the site's reading of the pages'
    links, which finds those to headings or blocks their notes lack."""
    plan = VaultPlan()
    taken: set[str] = set()
    pending: list[_Pending] = []
    for rel in vault_files(folder):
        parts = rel.split("/")
        dest = "/".join([section, *map(safe_name, parts)])
        if rel.lower().endswith(NOTE_SUFFIXES):
            text = read_note(folder / rel, f"{notes_rel}/{rel}")
            note = None if text is None else _plan_note(text, rel, dest, docs_dir,
                                                        published_only, taken, plan)
            pending += [note] if note is not None else []
        elif posixpath.splitext(rel)[1].lower() in ATTACHMENT_SUFFIXES:
            active = _active(folder / rel, rel)
            if active:
                plan.skipped.append((rel, active))
                continue
            final = _free(dest, taken)
            taken.add(final.lower())
            plan.attachments.append((folder / rel, final))
        else:
            plan.skipped.append((rel, "not a note, nor an attachment of a kind the site "
                                      "publishes"))
    files = VaultFiles({note.rel: note.dest for note in pending}
                       | {source.relative_to(folder).as_posix(): dest
                          for source, dest in plan.attachments}, slugify)
    usual = _usual_language(pending)
    plan.notes = [note.page(f"{notes_rel}/{note.rel}", files, usual) for note in pending]
    if read_as_site is not None:
        found = read_as_site({note.dest: note.text for note in plan.notes},
                             {dest for _, dest in plan.attachments})
        plan.notes = [
            waiting.page(f"{notes_rel}/{waiting.rel}", files, usual, unfound)
            if (unfound := _unfound(note, found.get(note.dest, []))) else note
            for note, waiting in zip(plan.notes, pending, strict=True)]
        plan.findings = [(note.dest, finding) for note in plan.notes
                         for finding in found.get(note.dest, [])
                         if finding.code not in MISSING_FRAGMENT]
    return plan


def _unfound(note: VaultNote, found: list[Finding]) -> list[tuple[int, int]]:
    """Where, in the page's body, the site's reading `found` links, wikilinks or embeds to a
    heading or block their note lacks: planned again, they link to the note, as Obsidian opens
    it."""
    head = note.text[:len(note.text) - len(note.body)].count("\n")
    return [(finding.line - head, finding.column) for finding in found
            if finding.code in MISSING_FRAGMENT and finding.line > head]


def _active(path: Path, rel: str) -> str | None:
    """Why an attachment the build would refuse (an SVG that loads a font from another host,
    say) is not copied; None when it may be."""
    if suffix_of(rel) not in CHECKED_SUFFIXES:
        return None
    try:
        found = document_findings(rel, path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return f"cannot be read as UTF-8 ({error})"
    return (f"the site refuses it (line {found[0].line}: {found[0].message}); links to it "
            "become their text") if found else None


def _usual_language(notes: list[_Pending]) -> str | None:
    """The language most of the vault's notes are written in (None: the site's own)."""
    found = Counter(prose_language(scan_markdown(note.text)) for note in notes)
    return found.most_common(1)[0][0] if found else None


# A site's heading slugify: (text, separator) -> anchor.
Slugify = Callable[[str, str], str]
# A note's text as the import reads every note: (file, project-relative name) -> text, or None
# when it cannot be read (the reader reports why).
ReadNote = Callable[[Path, str], str | None]
# What the site would report on the links of pages not written yet (docs path -> text), with
# the attachments beside them: garden.model.site.link_findings.
ReadAsSite = Callable[[dict[str, str], set[str]], dict[str, list[Finding]]]
MISSING_FRAGMENT = frozenset({"GL202", "GL211"})  # a link's, a wikilink's


@dataclass(frozen=True)
class VaultFiles:
    """Where each file of the vault is published: vault path -> docs-relative path."""

    dests: dict[str, str]
    slugify: Slugify | None = None  # the site's: a heading's text -> its anchor

    def by_name(self, name: str) -> list[str]:
        """Vault paths of the files called `name` (any case), as Obsidian finds a link's file
        when the link names no folder."""
        wanted = name.lower()
        return [rel for rel in self.dests if posixpath.basename(rel).lower() == wanted]

    def find(self, note: str, target: str) -> str | None:
        """The vault path a note's link names, as the editor finds it: the path from the
        note's folder (from the vault's root when it starts with `/`; a note's without `.md`
        too), else by name among the files in folders the link's path ends with (the one
        beside the note when several are)."""
        # `/folder/note.md` starts at the vault's root, as the editor reads it.
        path = posixpath.normpath(target.lstrip("/") if target.startswith("/")
                                  else posixpath.join(posixpath.dirname(note), target))
        for candidate in _as_written_or_note(path):
            if candidate in self.dests:
                return candidate
        found = self.named(target)
        beside = [rel for rel in found if posixpath.dirname(rel) == posixpath.dirname(note)]
        if len(beside or found) == 1:
            return (beside or found)[0]
        # A file moved since the link was written: the one whose folders the link names most.
        return nearest(path, found)

    def named(self, target: str) -> list[str]:
        """The files a link's last part names (a note's without `.md` too); of them, those in
        folders the link's path ends with, when any are (`../networking/IP.md`)."""
        found = [rel for name in _as_written_or_note(posixpath.basename(target))
                 for rel in self.by_name(name)]
        folders = [part.lower() for part in target.split("/")[:-1] if part not in ("", ".", "..")]
        if not folders:
            return found
        ending = [rel for rel in found
                  if rel.lower().split("/")[:-1][-len(folders):] == folders]
        return ending or found


def _as_written_or_note(path: str) -> list[str]:
    """A link's path, and the note it names when it has no suffix (`setup` for `setup.md`)."""
    return [path] if posixpath.splitext(path)[1] else [path, f"{path}.md"]


@dataclass(frozen=True)
class _Pending:
    """A note to publish, once every file's place is known."""

    rel: str
    dest: str
    text: str
    meta: dict
    renamed: bool

    def page(self, note: str, files: VaultFiles, usual: str | None,
             unfound: list[tuple[int, int]] | None = None) -> VaultNote:
        # A property left empty (`description:`) holds nothing; a page would show "None".
        empty = tuple(str(key) for key, value in self.meta.items()
                      if value is None and str(key) not in LOOSE_LISTS)
        meta = {key: value for key, value in self.meta.items() if str(key) not in empty}
        original = posixpath.splitext(posixpath.basename(self.rel))[0]
        page, body, fixes = page_text(self.text, meta, [original] if self.renamed else [],
                                      note, _line_count(self.text),
                                      lambda target: _retarget(target, self, files), usual,
                                      unfound)
        return VaultNote(self.rel, self.dest, page, body, tuple(fixes), empty)


def _retarget(target: str, note: _Pending, files: VaultFiles) -> str | None:
    """Where a note's Markdown link to another file of the vault points once published
    (relative to the note's page): None when it points there already or names several files
    none of which it prefers, "" when it names no file of the vault, such as a note nobody
    wrote (garden.importer.note_links.Retarget)."""
    path, hash_, fragment = unquote(target.strip("<>")).partition("#")
    if not path and fragment:  # a heading of the note itself
        anchor = f"#{_anchor(fragment, files)}"
        return None if anchor == target else anchor
    if not path or is_external(path) or "://" in path:  # `obsidian://open?...`: an app's
        return None
    found = files.find(note.rel, path)
    if found is None:  # naming nothing (a note not written yet): text, as such a wikilink is
        return "" if not files.named(path) else None
    new = posixpath.relpath(files.dests[found], posixpath.dirname(note.dest))
    new = new.replace(" ", "%20") + hash_ + (_anchor(fragment, files) if fragment else "")
    return None if new == target else new


def _line_count(text: str) -> int:
    """Lines as the notes' readers count them: ended by a newline only (a U+2028 line
    separator inside a line is a character, as Python's splitlines would not have it)."""
    return text.count("\n") + (0 if text.endswith("\n") or not text else 1)


def _anchor(fragment: str, files: VaultFiles) -> str:
    """The site's anchor of a heading a link names by its text, as the editor does
    (`#Key%20ideas` -> `key-ideas`); a block's `^id` as it is."""
    if files.slugify is None or fragment.startswith("^"):
        return fragment
    return files.slugify(fragment, "-")


def _plan_note(text: str, rel: str, dest: str, docs_dir: Path, published_only: bool,
               taken: set[str], plan: VaultPlan) -> _Pending | None:
    meta, _ = note_front_matter(text)
    why = published(meta, published_only)
    if why:
        plan.skipped.append((rel, why))
        return None
    final = _free(dest, taken)
    existing = docs_dir / final
    if existing.is_file() and not _ours(existing):
        final = _free(final, taken | {final.lower()})  # a page the import did not write
    taken.add(final.lower())
    original = posixpath.splitext(posixpath.basename(rel))[0]
    renamed = posixpath.splitext(posixpath.basename(final))[0] != original
    if renamed:
        plan.renamed.append((rel, final))
    return _Pending(rel, final, text, meta, renamed)


def _ours(path: Path) -> bool:
    """A page an earlier import wrote (it carries a `generated` hash)."""
    try:
        meta, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return False
    return isinstance(meta, dict) and GENERATED_KEY in meta


def nav_tree(section_title: str, notes: list[VaultNote], section: str) -> dict:
    """The nav entry of the vault: its top-level notes, then one subsection per folder."""
    def insert(tree: list, parts: list[str], dest: str) -> None:
        if len(parts) == 1:
            tree.append(dest)
            return
        for item in tree:
            if isinstance(item, dict) and parts[0] in item:
                insert(item[parts[0]], parts[1:], dest)
                return
        sub: list = []
        tree.append({parts[0]: sub})
        insert(sub, parts[1:], dest)

    root: list = []
    ordered = sorted(notes, key=lambda note: (note.dest.count("/"), note.dest.lower()))
    for note in ordered:
        insert(root, note.dest.removeprefix(f"{section}/").split("/"), note.dest)
    return {section_title: root}


def write_attachment(source: Path, target: Path) -> bool:
    """Copy an attachment unless the same bytes are there; True when written."""
    if target.is_file() and target.read_bytes() == source.read_bytes():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return True


# MkDocs leaves out a `templates/` folder at the top of docs/ (its default `exclude_docs`).
EXCLUDED_SECTIONS = frozenset({"templates"})


def section_problem(docs_dir: Path, section: str, source: str) -> str | None:
    """Why the import's pages cannot go under docs/<section>/ (None: they can): MkDocs would
    leave the folder out, a page `<section>.md` has the section index's URL, or the folder
    holds pages not imported from `source` (a note, or a vault folder and what is under it),
    such as a section written by hand."""
    if section.lower() in EXCLUDED_SECTIONS:
        return "MkDocs leaves a top-level templates/ folder out of the site"
    if (docs_dir / f"{section}.md").is_file():
        return f"docs/{section}.md has the URL its index page would have"
    folder = docs_dir / section
    if not folder.is_dir():
        return None
    others = [page for page in sorted(folder.rglob("*.md")) if not _from(page, source)]
    if others:
        return (f"docs/{section}/ holds pages not imported from {source} "
                f"({others[0].relative_to(docs_dir).as_posix()})")
    return None


def free_section(docs_dir: Path, section: str, source: str) -> tuple[str, str | None]:
    """`section`, or the first `section-2`, `section-3` ... the import may use; and why
    `section` itself could not be used."""
    why = section_problem(docs_dir, section, source)
    candidate, number = section, 2
    while section_problem(docs_dir, candidate, source) is not None:
        candidate, number = f"{section}-{number}", number + 1
    return candidate, why


def _from(page: Path, source: str) -> bool:
    """A page an import of `source` wrote: generated, its `source` note that or under it."""
    try:
        meta, _, _ = split_front_matter(page.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return False
    if not isinstance(meta, dict) or GENERATED_KEY not in meta:
        return False
    notes = [entry.get("note", "") for entry in meta.get("source") or []
             if isinstance(entry, dict)]
    return not notes or any(note == source or str(note).startswith(f"{source}/")
                            for note in notes)
