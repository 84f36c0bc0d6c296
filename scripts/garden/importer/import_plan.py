"""The pages a note becomes: one per topic and a section index, links fixed, front matter set.

Pure functions over a note's structure (garden.importer.note_structure): nothing here reads or
writes files, so a dry run and a real import plan exactly the same pages.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from garden.importer.note_blocks import plain_text
from garden.importer.note_html import defuse_html
from garden.importer.note_links import LinkFix, PageLinks, fix_links, github_anchor, note_ref_defs
from garden.importer.note_structure import (
    NoteStructure,
    Topic,
    footnotes_used,
    render_lines,
    slug,
    topic_tag,
)
from garden.safety.sanitize import plain_words
from garden.text.languages import prose_language
from garden.text.markdown_scan import INLINE_LINK_RE, scan_markdown

MAX_NOTE_TAGS = 3


@dataclass
class PlannedPage:
    src: str  # docs-relative path
    title: str
    description: str
    ranges: list[tuple[int, int]]
    tags: list[str]
    body: str
    why: str = ""  # what the page holds, for the report
    link_fixes: list[LinkFix] = field(default_factory=list)

    def meta(self, note: str) -> dict[str, Any]:
        # Printed by the theme into every page's navigation: words only.
        meta: dict[str, Any] = {"title": plain_words(self.title),
                                "description": plain_words(self.description)}
        if self.ranges:
            meta["source"] = [{"note": note, "lines": f"{a}-{b}"} for a, b in self.ranges]
        if self.tags:
            meta["tags"] = self.tags
        language = prose_language(scan_markdown(self.body))
        if language:  # the page's own language: screen readers switch voice (GL407)
            meta["lang"] = language
        meta["maturity"] = "seedling"
        return meta

    def text(self, note: str) -> str:
        meta = self.meta(note)
        meta["generated"] = content_hash(meta, self.body)
        head = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100,
                              default_flow_style=None)
        return f"---\n{head}---\n{self.body}"


def content_hash(meta: dict[str, Any], body: str) -> str:
    """What the importer wrote: front matter (but `generated`) and body. An edit to either,
    a new title or maturity included, makes the page the owner's."""
    fields = {key: value for key, value in meta.items() if key != "generated"}
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{canonical}\n{body}".encode()).hexdigest()


def description(lines: Iterable[str], title: str) -> str:
    """The first sentence of prose, as plain text, for search and previews."""
    lines = list(lines)
    scan = scan_markdown("\n".join(lines))
    fenced = scan.fence_lines(len(lines))
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if (number in fenced or not text or text.startswith(("#", "|", ">", "<", "---"))
                or not re.search(r"[^\W\d_]{2}", text)):
            continue
        # Links a CommonMark parser refuses (`javascript:`) would stay as text: their words only.
        text = INLINE_LINK_RE.sub(lambda m: m.group("text"), text)
        text = plain_text(re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", text))
        sentence = re.split(r"(?<=[.!?。])\s*", text, maxsplit=1)[0]
        if len(sentence) > 160:
            sentence = sentence[:157].rsplit(" ", 1)[0] + "…"
        if sentence:
            return sentence
    return title


def note_tags(structure: NoteStructure, in_use: Iterable[str], name: str) -> list[str]:
    """The tags of every page of a note: the garden's tags in use that its title or headings
    name (in the order they first appear there, at most MAX_NOTE_TAGS), else one for the
    note's topic, from its title (or `name`). Never a tag per page."""
    glossary = structure.glossary or (0, -1)
    headings = [h.text for h in structure.headings if not glossary[0] <= h.line <= glossary[1]]
    text = " ".join([structure.title or name, *headings])
    words = "-" + "-".join(re.findall(r"\w+", (plain_text(text) or text).casefold())) + "-"
    named = sorted((words.find(f"-{tag.casefold()}-"), tag) for tag in set(in_use) if tag)
    fitting = [tag for position, tag in named if position >= 0][:MAX_NOTE_TAGS]
    if fitting:
        return fitting
    topic = topic_tag(structure.title or name)
    return [topic] if topic else []


def plan_topics(structure: NoteStructure, section: str, tags: list[str]) -> list[PlannedPage]:
    """One page per topic of the note, each with the note's tags."""
    pages: list[PlannedPage] = []
    used: set[str] = {"index"}
    for number, topic in enumerate(structure.topics, start=1):
        name = slug(topic.title) or f"{slug(section.rsplit('/', 1)[-1]) or 'part'}-{number}"
        base, counter = name, 2
        while name in used:
            name, counter = f"{base}-{counter}", counter + 1
        used.add(name)
        body_lines = _with_footnotes(
            structure, render_lines(structure, topic.start, topic.end, topic.heading.depth))
        pages.append(PlannedPage(
            f"{section}/{name}.md", topic.title, description(body_lines[1:], topic.title),
            [(topic.start, topic.end)], list(tags), "\n".join(body_lines) + "\n",
            f"topic {topic.title!r}{_merged(structure, topic)}"))
    return pages


def _without_title(structure: NoteStructure, start: int, end: int) -> list[str]:
    """Lines start..end rendered for the index page, the note's title heading left out (the
    index has it as its own heading, so the sections under it are level 2)."""
    title, title_end = structure.title_line, structure.title_end
    if title is None or title_end is None or not start <= title <= end:
        return render_lines(structure, start, end, 0, 2)
    before = render_lines(structure, start, title - 1, 0, 2) if start < title else []
    after = render_lines(structure, title_end + 1, end, 0, 1) if title_end < end else []
    return [*before, *([""] if before and after else []), *after]


def _with_footnotes(structure: NoteStructure, lines: list[str], heading: str = "") -> list[str]:
    """A page's lines and, at their end, the definitions of the footnotes they (or the page's
    `heading`, written apart) use."""
    used = footnotes_used(structure, "\n".join([heading, *lines]))
    return [*lines, "", *used] if used else lines


def _merged(structure: NoteStructure, topic: Topic) -> str:
    """Names the short sections merged into the topic."""
    joined = [h.text for h in structure.headings
              if topic.start < h.line <= topic.end and h.depth == topic.heading.depth]
    return f", with the short section(s) {', '.join(map(repr, joined))}" if joined else ""


def plan_index(structure: NoteStructure, note_name: str, section: str,
               topics: list[PlannedPage], tags: list[str]) -> PlannedPage:
    """The section's index: the note's title and introduction, and links to its topics."""
    title = structure.title or note_name
    # The heading as the note wrote it (a footnote reference in it too); the title plain.
    heading = next((h.text for h in structure.headings if h.line == structure.title_line),
                   title)
    intro: list[str] = []
    ranges = []
    if structure.preamble:
        start, end = structure.preamble
        ranges.append((start, end))
        intro = _with_footnotes(structure, _without_title(structure, start, end), heading)
    links = [f"- [{page.title}]({posixpath.basename(page.src)})" for page in topics]
    body = "\n".join([f"# {heading}", "", *intro, *([""] if intro and links else []),
                       *links]).rstrip("\n") + "\n"
    return PlannedPage(f"{section}/index.md", title,
                       description(intro, f"Pages imported from {note_name}."),
                       ranges, list(tags), body, "the section's index")


def page_anchors(pages: list[PlannedPage],
                 slugify: Callable[[str, str], str]) -> dict[str, dict[str, str]]:
    """For each page: the anchors a note may have written for its headings (GitHub's, the
    garden's) -> the garden's anchor."""
    anchors: dict[str, dict[str, str]] = {}
    for page in pages:
        names: dict[str, str] = {}
        for heading in scan_markdown(page.body).headings:
            text = plain_text(heading.source) or heading.source
            anchor = slugify(text, "-")
            names.setdefault(github_anchor(heading.source), anchor)
            names.setdefault(github_anchor(text), anchor)
            names.setdefault(anchor, anchor)
        anchors[page.src] = names
    return anchors


def with_links_fixed(pages: list[PlannedPage], structure: NoteStructure,
                     exists: Callable[[str], bool],
                     slugify: Callable[[str, str], str],
                     folders: tuple[str, str] = ("", "docs")) -> list[PlannedPage]:
    """The pages with their links made to work in the garden (garden.importer.note_links) and
    their raw HTML made safe (garden.importer.note_html). `folders`: the note's and the docs
    folder, relative to the project."""
    planned = {page.src for page in pages}
    known = PageLinks(lambda src: src in planned or exists(src), page_anchors(pages, slugify),
                      *folders)
    ref_defs = note_ref_defs(structure.lines)
    fixed = []
    for page in pages:
        body, fixes = fix_links(page.body, page.src, known, ref_defs)
        body, defused = defuse_html(body)
        fixed.append(replace(page, body=body, link_fixes=fixes + defused))
    return fixed


def explaining_page(pages: Iterable[PlannedPage], names: Iterable[str],
                    slugify: Callable[[str, str], str]) -> str:
    """Where a term is explained: the section whose heading names it (any of `names`, as a
    whole word), else the first whose text does, on the first of `pages` that has one
    (`web/dns.md#caching`; the page alone before its first section); "" when none names it."""
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in names if name),
                         re.IGNORECASE)
    pages = list(pages)
    for page in pages:
        named = [h for h in scan_markdown(page.body).headings
                 if h.level > 1 and pattern.search(plain_text(h.source) or h.source)]
        if named:
            text = plain_text(named[0].source) or named[0].source
            return f"{page.src}#{named[0].explicit_id or slugify(text, '-')}"
    for page in pages:
        scan = scan_markdown(page.body)
        fenced = scan.fence_lines()
        lines = page.body.split("\n")
        found = next((number for number, line in enumerate(lines, start=1)
                      if number not in fenced and pattern.search(line)), None)
        if found is None:
            continue
        above = [h for h in scan.headings if h.line <= found and h.level > 1]
        if not above:
            return page.src
        text = plain_text(above[-1].source) or above[-1].source
        return f"{page.src}#{above[-1].explicit_id or slugify(text, '-')}"
    return ""
