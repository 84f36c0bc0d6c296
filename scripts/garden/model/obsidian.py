"""Obsidian-flavoured Markdown, read as the site's own Markdown.

Notes kept in Obsidian, Foam or Quartz link with `[[Note]]`, `[[Note|text]]`, `[[Note#Heading]]`
and `[[Note#^block]]`, embed with `![[image.png|300]]` and `![[Note#Section]]`, box text in
callouts (`> [!tip]- Title`), mark `==highlights==`, hide `%%comments%%` and name blocks with
`^id`. `translate` turns a page written so into the Markdown the site already renders, line for
line (a construct keeps its line, and its column where it starts), so the checker's positions
stay those of the file: links to the pages that hold the targets, Material admonitions, `<mark>`,
ids. The model translates every page that uses the dialect before it reads it, and the build
renders the same translation, so the checker, the importer and the build see one text.

Names resolve as Obsidian resolves them: by the note's file name, case-insensitive, or by a
path suffix when the name alone is ambiguous, or by a front-matter alias; a heading by its text.
A name several notes have links where Obsidian links it, and is reported (GL210); what cannot
be resolved stays text and is reported (GL209); an embedded note is a link where positions
matter and its content where readers read (`expand`).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from garden.model.terms import name_key
from garden.text.diagnostics import Finding
from garden.text.fence_meta import fence_head, uses_foreign_options
from garden.text.markdown_scan import CODE_SPAN_RE, Scan, scan_markdown, split_front_matter

# `[[target#fragment|text]]`, `![[...]]`: the target may be empty (`[[#Heading]]`); in a
# table the `|` is escaped (`[[Note\|text]]`).
WIKILINK_RE = re.compile(
    r"(?P<bang>!?)\[\[(?P<target>[^\[\]|#\n]*?)(?:#(?P<fragment>[^\[\]|\n]*?))?"
    r"(?:\\?\|(?P<text>[^\[\]\n]*))?\]\]")
CALLOUT_RE = re.compile(
    r"^(?P<quotes>(?:[ ]{0,3}>[ \t]?)+)\[!(?P<kind>[A-Za-z][\w-]*)\](?P<fold>[+-]?)"
    r"[ \t]*(?P<title>.*)$")
QUOTES_RE = re.compile(r"^(?:[ ]{0,3}>[ \t]?)+")
# `![text](Note.md#Part)`: Obsidian embeds a note named by a Markdown image too.
NOTE_IMAGE_RE = re.compile(
    r"!\[(?P<text>[^\[\]\n]*)\]\((?:<(?P<angled>[^<>\n]+)>|(?P<plain>[^\s()<>]+))\)")
ANGLE_DEST_RE = re.compile(r"\]\(<(?P<url>[^<>\n]*)>\)")
HIGHLIGHT_RE = re.compile(r"(?<![=\\])==(?=[^\s=])(?P<text>[^=\n]*?[^\s=])==(?!=)")
BLOCK_ID_RE = re.compile(r"(?:^|(?<=[\s\]]))\^(?P<id>[A-Za-z0-9][A-Za-z0-9-]*)[ \t]*$")
FENCE_INDENT_RE = re.compile(r"^ {1,3}(?:`{3,}|~{3,})")
LOOSE_RE = re.compile(r"[^\w\s]")
SIZE_RE = re.compile(r"^\s*(?P<width>\d+)(?:\s*x\s*(?P<height>\d+))?\s*$")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp")
PAGE_SUFFIXES = (".md", ".markdown")
# A line without any of these holds none of the dialect.
TRIGGERS = ("[[", "%%", "[!", "==", "^")
# An inline tag: `#tag`, `#nested/tag`, `#multi-word_tag`, not all digits (`#123` is an issue
# number), after a blank or at the start of the text.
TAG = r"[\w/-]*[^\W\d][\w/-]*"
TAG_RE = re.compile(rf"(?:(?<=\s)|^)\\?#(?P<tag>{TAG})(?![^\s,.;:!?)])")
# A line of tags only: Python-Markdown would read `#tag` at its start as a heading.
TAG_LINE_RE = re.compile(rf"^[ \t]*#{TAG}(?:[ \t]+#{TAG})*[ \t]*$", re.MULTILINE)


# Fences Obsidian runs as queries (a core or well-known plugin's) rather than shows as code.
QUERY_FENCES = {"dataview": "the Dataview plugin", "dataviewjs": "the Dataview plugin",
                "tasks": "the Tasks plugin", "query": "Obsidian's search", "base": "Obsidian's "
                "Bases"}

# A wikilink to a note not written yet: Obsidian's way to plan a note, so a warning (the
# build says it at INFO), where a missing heading is wrong.
UNWRITTEN = "GL209"
# A name several notes have: linked as Obsidian links it, and a warning (at INFO in the build).
AMBIGUOUS = "GL210"
# A fence option of another tool that nothing here renders (`ins={4}`, `/word/`): left out,
# and a warning, as a note not written yet is (the rest are errors).
FOREIGN_FENCE_OPTION = "GL310"
WARNINGS = frozenset({UNWRITTEN, AMBIGUOUS, FOREIGN_FENCE_OPTION})


@dataclass(frozen=True)
class NotePage:
    """What the dialect needs of one page of the site: its names and its anchors."""

    src: str
    aliases: tuple[str, ...] = ()
    headings: Mapping[str, str] = field(default_factory=dict)  # heading text -> anchor
    anchors: frozenset[str] = frozenset()


@dataclass
class Notes:
    """Every page and file of the site, found by the names Obsidian links them with."""

    pages: dict[str, NotePage]
    files: frozenset[str]  # every file of the site (pages too), relative, with `/`
    by_name: dict[str, list[str]] = field(default_factory=dict)
    by_alias: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for src in sorted(self.files, key=lambda s: (s.count("/"), s)):
            self.by_name.setdefault(name_key(posixpath.basename(_stem(src))), []).append(src)
            if src.lower().endswith(PAGE_SUFFIXES):
                self.by_name.setdefault(name_key(posixpath.basename(src)), []).append(src)
        for page in self.pages.values():
            for alias in page.aliases:
                self.by_alias.setdefault(name_key(alias), []).append(page.src)

    def resolve(self, name: str) -> list[str]:
        """The files a link name may mean: one, several (ambiguous) or none. A file's own
        name wins over another note's alias."""
        name = name.strip().replace("\\", "/").lstrip("./")
        key = name_key(posixpath.basename(name))
        found = self.by_name.get(key) or self.by_alias.get(key, [])
        if "/" in name:  # a path: the files in a folder whose path ends with its folder
            folder = name_key("/" + posixpath.dirname(name))
            found = [src for src in found
                     if name_key("/" + posixpath.dirname(src)).endswith(folder)]
        return list(dict.fromkeys(found))


def loose_key(name: str) -> str:
    """A heading's name as Obsidian matches it when the exact text does not: without the
    punctuation a link may leave out (`[[FAQ#How large can it be]]`)."""
    return name_key(LOOSE_RE.sub("", name))


def _stem(src: str) -> str:
    return src.rsplit(".", 1)[0] if src.lower().endswith(PAGE_SUFFIXES) else src


@dataclass
class Dialect:
    """How the site renders what the dialect stands for (from its Markdown extensions)."""

    admonitions: bool = True  # `admonition`: callouts become admonitions
    details: bool = True  # `pymdownx.details`: foldable callouts become details
    attr_list: bool = True  # image sizes and block ids as attribute lists
    mark: bool = False  # `pymdownx.mark` renders `==text==` itself

    @classmethod
    def of(cls, extensions: Iterable[str]) -> Dialect:
        names = set(extensions)
        return cls(admonitions="admonition" in names, details="pymdownx.details" in names,
                   attr_list="attr_list" in names, mark="pymdownx.mark" in names)


def block_ids(text: str) -> set[str]:
    """The anchors a note's `^id` markers become (`^id`)."""
    if "^" not in text:
        return set()
    return {f"^{match.group('id')}" for line in text.split("\n")
            if (match := BLOCK_ID_RE.search(line))}


def uses_dialect(text: str) -> bool:
    return (any(trigger in text for trigger in TRIGGERS) or uses_foreign_options(text)
            or ("#" in text and TAG_LINE_RE.search(text) is not None)
            or ("![" in text and any(_page_target(m) for m in NOTE_IMAGE_RE.finditer(text))))


def _page_target(match: re.Match[str]) -> tuple[str, str] | None:
    """The page path and fragment a Markdown image names, when it names a page."""
    url = match.group("angled") or match.group("plain")
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not unquote(parts.path).lower().endswith(PAGE_SUFFIXES):
        return None
    return unquote(parts.path), unquote(parts.fragment)


def extend(meta: dict, key: str, items: Iterable[str]) -> None:
    """A front matter list (`tags`, `aliases`) with `items` after its own, each once, as
    Obsidian lists a note's; a single text or nothing is a list too."""
    known = meta.get(key) or []
    known = [known] if isinstance(known, str) else list(known)
    added = [item for item in dict.fromkeys(items) if item not in known]
    if added:
        meta[key] = known + added


def inline_tags(scan: Scan) -> list[str]:
    """The tags a note writes in its text (`#tag` in prose, or a line of tags), in the order
    they come, each once; none from code, links, URLs or headings."""
    found: list[tuple[int, int, str]] = []
    for span in scan.spans:
        if "#" in span.text:
            found += [(span.line, span.column + match.start(), match.group("tag"))
                      for match in TAG_RE.finditer(span.text)]
    for heading in scan.headings:  # a line of tags, read as a heading by Python-Markdown
        line = scan.lines[heading.line - 1]
        if TAG_LINE_RE.match(line):
            found += [(heading.line, match.start(), match.group("tag"))
                      for match in TAG_RE.finditer(line.strip())]
    return list(dict.fromkeys(tag for _, _, tag in sorted(found)))


# A function giving the Markdown an embedded note or section stands for (build only).
Embedder = Callable[[str, str], str | None]


@dataclass
class Translation:
    """One page's translation in the making."""

    src: str
    notes: Notes
    dialect: Dialect
    embed: Embedder | None = None
    findings: list[Finding] = field(default_factory=list)

    def report(self, line: int, column: int, code: str, message: str) -> None:
        self.findings.append(Finding(line, column, code, message))

    # Links and embeds ----------------------------------------------------------------------

    def link(self, match: re.Match[str], line: int, offset: int) -> str:
        """One `[[...]]` or `![[...]]` as the site's Markdown, or as text when it names
        nothing."""
        target, fragment = match.group("target").strip(), (match.group("fragment") or "").strip()
        text = (match.group("text") or "").strip()
        column = offset + match.start() + 1
        if not target:
            src: str | None = self.src
        else:
            src = self._one(target, line, column)
        if src is None:
            return html.escape(text or shown_text(target, fragment), quote=False)
        if match.group("bang"):
            alone = match.string.strip() == match.group(0)
            return self._embed(alone, src, fragment, text, line, column)
        anchor = self._anchor(src, fragment, line, column)
        label = text or shown_text(target or "", fragment)
        return f"[{_escape_label(label)}]({self._url(src)}{anchor})"

    def _one(self, target: str, line: int, column: int) -> str | None:
        found = self.notes.resolve(target)
        if not found:
            self.report(line, column, UNWRITTEN,
                        f"wikilink [[{target}]] names no note or file of the site")
            return None
        if len(found) > 1:
            chosen = obsidian_choice(self.src, target, found)
            others = [src for src in found if src != chosen]
            self.report(line, column, AMBIGUOUS,
                        f"wikilink [[{target}]] fits several notes: it links to {chosen}, as "
                        f"Obsidian opens it, not to {', '.join(others[:3])}; write more of the "
                        "path ([[folder/note]]) if that is not the one")
            return chosen
        return found[0]

    def _anchor(self, src: str, fragment: str, line: int, column: int) -> str:
        if not fragment:
            return ""
        page = self.notes.pages.get(src)
        if page is None:
            return ""
        wanted = fragment.split("#")[-1].strip()  # `[[Note#Part#Sub]]`: the last heading
        if wanted.startswith("^"):
            anchor = wanted if wanted in page.anchors else None
        else:
            anchor = (page.headings.get(name_key(wanted)) or page.headings.get(loose_key(wanted))
                      or (wanted if wanted in page.anchors else None))  # `Note.md#its-id`
        if anchor is None:
            self.report(line, column, "GL211",
                        f"link to '{fragment}' in {src}: no such heading or block")
            return ""
        return f"#{anchor}"

    def _url(self, src: str) -> str:
        base = posixpath.dirname(self.src)
        return posixpath.relpath(src, base or ".").replace(" ", "%20")

    def note_image(self, match: re.Match[str], line: int, offset: int) -> str:
        """`![text](Note.md#Part)`: the note embedded, as `![[Note#Part]]` embeds it (a link
        where it is not a block of its own); an image of anything else stays one."""
        target = _page_target(match)
        if target is None:
            return match.group(0)
        path, fragment = target
        base = posixpath.dirname(self.src)
        src = next((found for found in (posixpath.normpath(posixpath.join(base, path)),
                                        posixpath.normpath(path.lstrip("/")))
                    if found in self.notes.pages), None)
        if src is None:  # as written: the checker reports it (GL205)
            return match.group(0)
        headings = self.notes.pages[src].headings
        if fragment and fragment not in headings:  # `#its-id`: the heading it is the id of
            fragment = next((key for key, anchor in headings.items() if anchor == fragment),
                            fragment)
        alone = match.string.strip() == match.group(0)
        return self._embed(alone, src, fragment, match.group("text").strip(), line,
                           offset + match.start() + 1)

    def _embed(self, alone: bool, src: str, fragment: str, text: str, line: int,
               column: int) -> str:
        if src.lower().endswith(IMAGE_SUFFIXES):
            size = SIZE_RE.match(text)
            alt = posixpath.splitext(posixpath.basename(src))[0] if size or not text else text
            image = f"![{_escape_label(alt)}]({self._url(src)})"
            if size and self.dialect.attr_list:
                height = f' height="{size.group("height")}"' if size.group("height") else ""
                image += f'{{ width="{size.group("width")}"{height} }}'
            return image
        anchor = self._anchor(src, fragment, line, column) if fragment else ""
        if self.embed is not None and alone and src in self.notes.pages:
            content = self.embed(src, fragment)
            if content is not None:
                return content
        title = text or shown_text(posixpath.basename(_stem(src)), fragment)
        return f"[{_escape_label(title)}]({self._url(src)}{anchor})"

    # One line --------------------------------------------------------------------------------

    def inline(self, text: str, line: int, offset: int) -> str:
        """The inline constructs of one line's text, outside code spans. A wikilink opens
        outside code but may hold some (`[[Note#`move`|move]]`), as Obsidian reads it."""
        if not any(trigger in text for trigger in ("[[", "==", "^", "![")):
            return text
        block = BLOCK_ID_RE.search(text) if "^" in text else None
        if block is not None:  # `^id` ends the paragraph's last line: an anchor there
            return self.inline(text[:block.start()], line, offset) + self._block_id(block)
        if "[[" in text:
            code = _code_spans(text)
            text = WIKILINK_RE.sub(
                lambda m: m.group(0) if _inside(m.start(), code) else self.link(m, line, offset),
                text)
        if "![" in text:
            code = _code_spans(text)
            text = NOTE_IMAGE_RE.sub(
                lambda m: m.group(0) if _inside(m.start(), code)
                else self.note_image(m, line, offset), text)
        if "==" not in text:
            return text
        pieces, last = [], 0
        for start, end in _code_spans(text):
            pieces += [self._prose(text[last:start]), text[start:end]]
            last = end
        pieces.append(self._prose(text[last:]))
        return "".join(pieces)

    def _prose(self, text: str) -> str:
        if "==" in text and not self.dialect.mark:
            text = HIGHLIGHT_RE.sub(r"<mark>\g<text></mark>", text)
        return text

    def fence_head(self, line: str, number: int) -> str:
        """A fence's first line with other tools' options as superfences reads them."""
        head = fence_head(line)
        if head is None:
            return line
        if head.left_out:
            self.report(number, line.find(head.left_out[0]) + 1, FOREIGN_FENCE_OPTION,
                        f"fence option {', '.join(head.left_out)} of another tool has no "
                        "equivalent here: left out")
        return head.line

    def _block_id(self, match: re.Match[str]) -> str:
        return f'<a id="^{match.group("id")}"></a>'


def obsidian_choice(src: str, target: str, found: list[str]) -> str:
    """The one of several files a wikilink's name fits that Obsidian opens (its
    `getFirstLinkpathDest`, observed on Obsidian 1.13.7): the file at the path the link spells
    from the root, else one in the linking note's own folder (a folder above it counts for
    nothing), else the shortest path, then the first in order."""
    spelled = target.strip().replace("\\", "/").lstrip("./").lower()
    exact = [other for other in found if other.lower() in (spelled, f"{spelled}.md")]
    beside = [other for other in found if posixpath.dirname(other) == posixpath.dirname(src)]
    return min(exact or beside or found, key=lambda other: (len(other), other))


def nearest(src: str, found: list[str]) -> str | None:
    """The one of `found` sharing the most folders with `src`, if only one does."""
    if len(found) < 2:
        return found[0] if found else None
    here = src.split("/")[:-1]

    def shared(other: str) -> int:
        there = other.split("/")[:-1]
        return next((i for i, (a, b) in enumerate(zip(here, there, strict=False)) if a != b),
                    min(len(here), len(there)))

    ranked = sorted(found, key=shared, reverse=True)
    return ranked[0] if shared(ranked[0]) > shared(ranked[1]) else None


def _code_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in CODE_SPAN_RE.finditer(text)] if "`" in text else []


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def shown_text(target: str, fragment: str) -> str:
    """The text Obsidian shows for a link without one: `Note > Heading`."""
    return " > ".join(part for part in (target, fragment.lstrip("^")) if part)


def _escape_label(text: str) -> str:
    return re.sub(r"([\[\]\\])", r"\\\1", text)


@dataclass
class _Callouts:
    """The callouts open at a line: their quote depths, innermost last."""

    depths: list[int] = field(default_factory=list)
    # The container the callouts sit in (a list item's body, four spaces a level), as spaces,
    # and where their translation is written (see `line`).
    base: int = 0
    written: int = 0
    after_blank: bool = True
    hoisted: int = 0  # a container whose callouts are written at the margin (see `line`)

    def blank(self) -> None:
        """A blank line: it ends every callout."""
        self.depths.clear()
        self.after_blank = True

    def line(self, raw: str, dialect: Dialect, opens: bool = True) -> tuple[str, int]:
        """A line read inside or outside callouts, as the site's Markdown, and how far its
        text moved left (a column of the translation plus it is a column of the file)."""
        after_blank, self.after_blank = self.after_blank, False
        if not self.depths:
            lead = len(raw) - len(raw.lstrip(" "))
            self.base = lead - lead % 4
            if lead < self.hoisted:
                self.hoisted = 0
        elif raw[:self.base].strip():
            self.depths.clear()  # less indented than its container: the callouts ended
        within = raw[self.base:]
        quotes = QUOTES_RE.match(within)
        depth = quotes.group(0).count(">") if quotes else 0
        while self.depths and depth < self.depths[-1]:
            self.depths.pop()  # fewer `>`: the callout ended
        opened = CALLOUT_RE.match(within) if opens and "[!" in raw else None
        if opened and dialect.admonitions and depth > (self.depths[-1] if self.depths else 0):
            if not self.depths:
                self._place(after_blank)
            return " " * self.written + self._open(opened, depth, dialect), 0
        if not self.depths or not quotes:
            return raw, 0
        rest = _strip_quotes(within, self.depths[-1])
        if FENCE_INDENT_RE.match(rest):  # a fence may sit 1-3 spaces in (CommonMark), which
            rest = rest.lstrip(" ")  # superfences reads as a different indentation
        indent = " " * self.written + "    " * len(self.depths)
        return indent + rest, len(raw) - len(rest) - len(indent)

    def _place(self, after_blank: bool) -> None:
        """Where an outermost callout is written. Right under a list item's text,
        Python-Markdown reads an admonition only at the left margin (the item's lazy lines keep
        their indentation), where it ends the list: the item's later callouts follow it there,
        not inside it."""
        if self.base and (not after_blank or self.base == self.hoisted):
            self.hoisted = self.base
        self.written = 0 if self.base and self.base == self.hoisted else self.base

    def _open(self, opened: re.Match[str], depth: int, dialect: Dialect) -> str:
        outer = len(self.depths)
        self.depths.append(depth)
        kind = opened.group("kind").lower()
        fold = opened.group("fold")
        marker = "!!!" if not fold or not dialect.details else ("???+" if fold == "+" else "???")
        # The title sits in quotes, escaped: a `](<url>)` destination is written bare first.
        title = ANGLE_DEST_RE.sub(lambda m: f"]({m.group('url').replace(' ', '%20')})",
                                  opened.group("title").strip())
        heading = f' "{html.escape(title)}"' if title else ""
        return "    " * outer + f"{marker} {kind}{heading}"


def _strip_quotes(raw: str, count: int) -> str:
    """The line without its first `count` quote markers."""
    rest = raw
    for _ in range(count):
        rest = re.sub(r"^[ ]{0,3}>[ \t]?", "", rest, count=1)
    return rest


def _without_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """A line with its `%%comments%%` removed (they may span lines); a `%%` in a code span
    is text, unless a comment is open."""
    if "%%" not in line and not in_comment:
        return line, False
    code = _code_spans(line)
    marks = [m.start() for m in re.finditer("%%", line)]
    out, position = [], 0
    while True:
        found = next((mark for mark in marks if mark >= position
                      and (in_comment or not _inside(mark, code))), -1)
        if found < 0:
            if not in_comment:
                out.append(line[position:])
            return "".join(out), in_comment
        if not in_comment:
            out.append(line[position:found])
        in_comment, position = not in_comment, found + 2


def translate(text: str, src: str, notes: Notes, dialect: Dialect, scan: Scan,
              embed: Embedder | None = None) -> tuple[str, list[Finding]]:
    """The page's text in the site's Markdown, and what could not be translated. Code (as
    `scan` of `text` found it) and the front matter stay as written, but for the options other
    tools write on a fence's first line (`garden.text.fence_meta`)."""
    state = Translation(src, notes, dialect, embed)
    callouts = _Callouts()
    in_comment = False
    lines = text.split("\n")
    code_lines = scan.code_lines()
    fence_heads = {fence.line for fence in scan.fences}
    for index in range(scan.body_line - 1, len(lines)):
        number = index + 1
        line = lines[index]
        if number in code_lines:  # as written, but inside a callout like its other lines
            if number in fence_heads:
                line = state.fence_head(line, number)
            lines[index] = callouts.line(line, dialect, opens=False)[0] \
                if callouts.depths else line
            continue
        if "%%" in line or in_comment:
            line, in_comment = _without_comments(line, in_comment)
        if not line.strip():
            callouts.blank()
            lines[index] = line
            continue
        translated, shift = callouts.line(line, dialect)
        if "#" in translated and TAG_LINE_RE.match(translated):  # tags, not a heading
            translated = re.sub(r"(^|\s)#", r"\1\\#", translated)
        lines[index] = state.inline(translated, number, shift)
    return "\n".join(lines), state.findings


def section(text: str, fragment: str) -> str | None:
    """The body of a note (front matter left out), or the section under one of its headings
    (by its text, as a wikilink names it): the heading and what follows it up to the next
    heading of the same level or higher."""
    _, body, _ = split_front_matter(text)
    if not fragment:
        return body
    wanted = fragment.split("#")[-1]
    headings = scan_markdown(body).headings  # the scanner's headings: none inside code
    start = next((h for h in headings if name_key(h.source) == name_key(wanted)
                  or loose_key(h.source) == loose_key(wanted)), None)
    if start is None:
        return None
    end = next((h.line for h in headings if h.line > start.line and h.level <= start.level),
               None)
    lines = body.split("\n")
    return "\n".join(lines[start.line - 1:(end - 1) if end else None])


def embedder(written: Callable[[str], str | None], notes: Notes, dialect: Dialect, host: str,
             seen: tuple[str, ...] = ()) -> Embedder:
    """What the build writes for `![[Note]]` alone on a line in page `host`: the note (or the
    section) itself in a quote box titled with a link to it; each note once, no cycles."""
    def embed(src: str, fragment: str) -> str | None:
        text = written(src) if src not in seen and src != host else None
        body = section(text, fragment) if text is not None else None
        if body is None:
            return None
        inner, _ = translate(body, host, notes, dialect, scan_markdown(body),
                             embedder(written, notes, dialect, host, (*seen, src)))
        title = shown_text(posixpath.basename(_stem(src)), fragment)
        url = posixpath.relpath(src, posixpath.dirname(host) or ".").replace(" ", "%20")
        anchor = notes.pages[src].headings.get(name_key(fragment)) if fragment else None
        url += f"#{anchor}" if anchor else ""
        link = f"[{_escape_label(title)}]({url})".replace('"', "&quot;")
        if not dialect.admonitions:
            return f"{link}\n\n{inner}"
        indented = "\n".join(f"    {line}" if line.strip() else "" for line in inner.split("\n"))
        return f'!!! quote "{link}"\n\n{indented}\n'

    return embed
