"""The pages a note becomes: one per topic and a section index, links fixed, front matter set.

Pure functions over a note's structure (garden.note_structure): nothing here reads or writes
files, so a dry run and a real import plan exactly the same pages.
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

from garden.markdown_scan import INLINE_LINK_RE, scan_markdown
from garden.note_blocks import plain_text
from garden.note_html import defuse_html
from garden.note_links import LinkFix, PageLinks, fix_links, github_anchor, note_ref_defs
from garden.note_structure import (
    NoteStructure,
    Topic,
    footnotes_used,
    render_lines,
    slug,
    topic_tag,
)
from garden.rules.language import prose_language
from garden.sanitize import plain_words


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


def plan_topics(structure: NoteStructure, section: str) -> list[PlannedPage]:
    """One page per topic of the note."""
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
        tag = topic_tag(topic.title)
        pages.append(PlannedPage(
            f"{section}/{name}.md", topic.title, description(body_lines[1:], topic.title),
            [(topic.start, topic.end)], [tag] if tag else [], "\n".join(body_lines) + "\n",
            f"topic {topic.title!r}{_merged(structure, topic)}"))
    return pages


def _without_title(structure: NoteStructure, start: int, end: int) -> list[str]:
    """Lines start..end rendered for the index page, the note's title heading left out (the
    index has it as its own heading)."""
    title, title_end = structure.title_line, structure.title_end
    if title is None or title_end is None or not start <= title <= end:
        return render_lines(structure, start, end, 0, 2)
    before = render_lines(structure, start, title - 1, 0, 2) if start < title else []
    after = render_lines(structure, title_end + 1, end, 0, 2) if title_end < end else []
    return [*before, *([""] if before and after else []), *after]


def _with_footnotes(structure: NoteStructure, lines: list[str]) -> list[str]:
    """A page's lines and, at their end, the definitions of the footnotes they use."""
    used = footnotes_used(structure, "\n".join(lines))
    return [*lines, "", *used] if used else lines


def _merged(structure: NoteStructure, topic: Topic) -> str:
    """Names the short sections merged into the topic."""
    joined = [h.text for h in structure.headings
              if topic.start < h.line <= topic.end and h.depth == topic.heading.depth]
    return f", with the short section(s) {', '.join(map(repr, joined))}" if joined else ""


def plan_index(structure: NoteStructure, note_name: str, section: str,
               topics: list[PlannedPage]) -> PlannedPage:
    """The section's index: the note's title and introduction, and links to its topics."""
    title = structure.title or note_name
    intro: list[str] = []
    ranges = []
    if structure.preamble:
        start, end = structure.preamble
        ranges.append((start, end))
        intro = _with_footnotes(structure, _without_title(structure, start, end))
    links = [f"- [{page.title}]({posixpath.basename(page.src)})" for page in topics]
    body = "\n".join([f"# {title}", "", *intro, *([""] if intro else []), *links]) + "\n"
    tag = slug(section.rsplit("/", 1)[-1])
    return PlannedPage(f"{section}/index.md", title,
                       description(intro, f"Pages imported from {note_name}."),
                       ranges, [tag] if tag else [], body, "the section's index")


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
                     slugify: Callable[[str, str], str]) -> list[PlannedPage]:
    """The pages with their links made to work in the garden (garden.note_links) and their raw
    HTML made safe (garden.note_html)."""
    planned = {page.src for page in pages}
    known = PageLinks(lambda src: src in planned or exists(src), page_anchors(pages, slugify))
    ref_defs = note_ref_defs(structure.lines)
    fixed = []
    for page in pages:
        body, fixes = fix_links(page.body, page.src, known, ref_defs)
        body, defused = defuse_html(body)
        fixed.append(replace(page, body=body, link_fixes=fixes + defused))
    return fixed
