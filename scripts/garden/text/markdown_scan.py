"""A fast, position-keeping scan of one Markdown page.

This is the garden's single reading of Markdown source: the checker, the importer and the
MkDocs plugin all ask it where the fences, headings, links and plain prose of a page are.
It does not render; it finds the constructs Python-Markdown and pymdown-extensions would
find, with 1-based line and column numbers into the original file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from markdown.util import BLOCK_LEVEL_ELEMENTS
from mkdocs.utils.meta import get_data

FENCE_OPEN_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# Python-Markdown's rule: no space needed after the hashes (`#tag` is a heading), and trailing
# hashes are dropped even without a space before them.
ATX_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})(?P<text>(?:\\.|[^\\])*?)#*[ \t]*$")
LIST_MARKER_RE = re.compile(r"^[ ]{0,3}(?:[-*+]|\d+[.)])(?:[ \t]|$)")
# The `>` markers of a blockquote line (nested quotes included).
QUOTE_PREFIX_RE = re.compile(r"^(?:[ ]{0,3}>[ ]?)+")
# List markers and quote markers before a heading on the same line (`- ## x`, `> ## x`).
ITEM_OR_QUOTE_RE = re.compile(r"^(?:>[ \t]?|(?:[-*+]|\d+[.)])[ \t]+)+")
SETEXT_RE = re.compile(r"^(?:=+|-+)[ \t]*$")
HR_RE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
# `{#id .class key=value}` or `{: #id }` at the end of a heading or block (attr_list).
ATTR_LIST_RE = re.compile(r"[ \t]*\{:?[ \t]*(?P<attrs>[^}\n]*)\}[ \t]*$")
# `#id` or `id="id"` in an attribute list.
ATTR_ID_RE = re.compile(
    r"(?:^|[ \t{:])(?:#(?P<id>[^\s}#.]+)|id=(?P<q>[\"']?)(?P<value>[^\s\"'}]+)(?P=q))")
BLOCK_ATTR_RE = re.compile(r"^[ \t]*\{:?[ \t]*(?P<attrs>[^}\n]*)\}[ \t]*$")
FOOTNOTE_DEF_RE = re.compile(r"^[ ]{0,3}\[\^(?P<id>[^\]\s]+)\]:")
REF_DEF_RE = re.compile(
    r"^[ ]{0,3}\[(?P<label>[^\]\^][^\]]*)\]:[ \t]*<?(?P<url>[^\s>]+)>?"
    r"(?:[ \t]+[\"'(].*[\"')])?[ \t]*$"
)
ABBR_DEF_RE = re.compile(r"^\*\[[^\]]+\]:")
SNIPPET_RE = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]*")
# Container blocks whose indented body is Markdown: admonitions, details, tabs. A tab needs its
# quoted title (`=== "Title"`), so a setext underline `======` is not one.
CONTAINER_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>!!!\+?|\?\?\?\+?|===[+!]{0,2}(?=[ \t]+\"))[ \t]*(?P<rest>.*)$"
)
# A line opening a raw HTML block: a block-level tag or a comment (inline tags start paragraphs).
HTML_BLOCK_START_RE = re.compile(
    r"^(?:<!--|</?(?:" + "|".join(BLOCK_LEVEL_ELEMENTS) + r")(?=[\s/>]|$))", re.IGNORECASE)
# `markdown`, `markdown="1"`, `markdown="block"`: md_in_html parses the block's body.
MARKDOWN_ATTR_RE = re.compile(r"\smarkdown(?:\s*=\s*[\"']?(?P<value>[a-z0-9]*))?", re.IGNORECASE)
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}
# A tag whose `>` is on a later line: `<div` or `<a href="x"` at the end of a line.
UNCLOSED_TAG_RE = re.compile(r"<[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?$")
HTML_BLOCK_TAG_RE = re.compile(r"<(?P<close>/)?(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>[^>]*)>")

# Inline constructs, in the order Python-Markdown gives them precedence.
CODE_SPAN_RE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)")
# `[][label](url)` is `[]` and a link, as Python-Markdown reads it: no reference of empty text;
# and links do not nest: `[[a](b)][]` is `[`, a link and `][]` (an image may sit in a link).
# An escaped `\[` opens nothing (a `\\[` does: the backslash is the one escaped), and an
# escaped `\]` closes no bracket inside the text; else each of many on a line would scan to its
# end: quadratic.
INLINE_LINK_RE = re.compile(
    r"(?P<bang>!?)(?:(?<!\\)|(?<=\\\\)(?<!\\\\\\))\[(?!\]\[)"
    r"(?P<text>(?:!\[(?:[^\[\]\\]|\\.)*\]|[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\](?!\())*)\]"
    r"(?:\((?P<dest><[^>]*>|(?:[^()\s\\]|\\.|\([^()\s]*\))*)"
    r"(?:[ \t]+(?P<title>\"[^\"]*\"|'[^']*'))?[ \t]*\)"
    r"|\[(?P<ref>[^\]]*)\])?"
)
AUTOLINK_RE = re.compile(r"<(?P<url>(?:https?|ftp|mailto):[^<>\s]+)>")
BARE_URL_RE = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]`]+[^\s<>()\[\]`.,;:!?'\"]")
# A comment ends at its `-->`; one scanned for stops at the next `<!--` (else each of many
# unclosed comments on a line would scan to its end: quadratic).
HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--(?:(?!<!--|-->).)*-->")
HTML_TAG_NAME_RE = re.compile(r"</?(?P<name>[A-Za-z][A-Za-z0-9-]*)")
HTML_ATTR_RE = re.compile(
    r"(?P<name>[A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?P<value>\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+)"
)
# An inline attribute list ends before the next `{` (else a line of openers never closed,
# `{#{#{#…`, scans quadratically).
INLINE_ATTR_RE = re.compile(r"\{:?[ \t]*[#.][^{}\n]*\}|\{:?[ \t]*[A-Za-z-]+=[^{}\n]*\}")
FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]")
EMOJI_SHORTCODE_RE = re.compile(r":[a-z0-9_+-]+:")
# Inline math as pymdownx.arithmatex finds it (smart dollars: `$5 and $10` is prose), each
# formula ending before the next opener (else a line of openers scans quadratically).
DOLLAR_MATH_RE = re.compile(r"(?<!\\)\$(?!\s)(?:\\.|[^\\$])+?(?<!\s)\$")
BRACKET_MATH_RE = re.compile(r"(?<!\\)\\\((?:\\[^()]|[^\\])+?\\\)")
# A display formula's first line (`$$`, `\[`, `\begin{align}`) and what closes it.
MATH_BLOCK_RE = re.compile(r"^(?P<open>\$\$|\\\[|\\begin\{(?P<env>[a-z]+\*?)\})")
MATH_CLOSERS = {"$$": "$$", "\\[": "\\]"}
# What follows a container marker: `note "Title"`, `quote inline end "Title"`, `"Tab"`.
CONTAINER_HEAD_RE = re.compile(r'^(?P<kind>[^"]*?)[ \t]*(?:"(?P<title>[^"]*)")?[ \t]*$')


@dataclass(frozen=True)
class Fence:
    """A fenced code block (superfences)."""

    line: int  # line of the opening fence
    end_line: int | None  # line of the closing fence; None when never closed
    indent: int
    marker: str
    info: str
    lang: str | None
    body_start: int  # first line of the body
    body: str  # body text with the fence indentation removed

    @property
    def closed(self) -> bool:
        return self.end_line is not None


@dataclass(frozen=True)
class Container:
    """An admonition (`!!!`), collapsible block (`???`) or content tab (`===`)."""

    line: int  # line of the marker
    column: int  # 1-based column of the marker
    marker: str  # `!!!`, `???+`, `===`, ...
    kind: str  # `note`, `quote`, `warning inline`; empty for a tab
    title: str | None  # the quoted title, None when there is none
    end_line: int  # last non-blank line of its indented body (the marker line when empty)


@dataclass(frozen=True)
class Heading:
    line: int
    column: int
    level: int
    source: str  # Markdown of the heading text, attr_list removed
    explicit_id: str | None


@dataclass(frozen=True)
class Link:
    line: int
    column: int
    target: str
    text: str
    kind: str  # "link", "image", "autolink", "html", "html-image", "ref"
    title: str | None = None
    explicit_ref: bool = False  # `[text][label]`: a label that must be defined


@dataclass(frozen=True)
class Tag:
    """A raw HTML tag written in a page (outside code), with its attributes."""

    line: int
    column: int
    name: str  # lower case, without `/`
    attrs: tuple[tuple[str, str], ...]  # (lower-case name, value) in source order
    closing: bool = False  # `</name>`


@dataclass(frozen=True)
class Span:
    """A run of plain prose on one line, where a glossary term may be linked."""

    line: int
    column: int
    text: str
    # Inside a raw HTML block: Python-Markdown leaves it as it is (unless md_in_html asks).
    in_html: bool = False


@dataclass
class Scan:
    """Everything the garden needs to know about one Markdown file."""

    meta: dict
    body_line: int  # file line number of the first body line
    lines: list[str]  # all lines of the file (front matter included)
    fences: list[Fence] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    block_ids: list[str] = field(default_factory=list)  # attr_list ids on non-heading blocks
    html_ids: list[str] = field(default_factory=list)  # id="" in raw HTML
    footnotes: list[str] = field(default_factory=list)
    ref_defs: dict[str, str] = field(default_factory=dict)
    tags: list[Tag] = field(default_factory=list)  # raw HTML tags, for the safety rules
    snippets: list[tuple[int, str]] = field(default_factory=list)  # (line, `--8<--` path)
    indented_code: list[int] = field(default_factory=list)  # lines of indented code blocks
    containers: list[Container] = field(default_factory=list)  # in the order they open
    math_lines: list[int] = field(default_factory=list)  # lines of display formulas
    # Lines of raw HTML blocks Python-Markdown leaves as they are: a backtick there is a
    # character, not a code span, and a tag inside one is an element.
    raw_html_lines: set[int] = field(default_factory=set)

    def fence_lines(self, last: int | None = None) -> set[int]:
        """File lines inside fences, opening and closing lines included; a fence never
        closed runs to line `last` (default: the file's last line)."""
        return fence_lines(self.fences, len(self.lines) if last is None else last)

    def code_lines(self) -> set[int]:
        """File lines that are code: fences and indented code blocks."""
        return self.fence_lines() | set(self.indented_code)


def fence_lines(fences: Iterable[Fence], last: int) -> set[int]:
    """Lines inside the fences, opening and closing lines included; one never closed runs to
    line `last`."""
    return {number for fence in fences
            for number in range(fence.line, (fence.end_line or last) + 1)}


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """Split YAML front matter the way MkDocs does; return (meta, body, body's first line)."""
    body, meta = get_data(text)
    removed = text.count("\n") - body.count("\n")
    return meta, body, removed + 1


def fence_language(info: str) -> str | None:
    """The language of a fence info string: `py title="x"`, `{ .python .annotate }`, `python`."""
    info = info.strip()
    if not info:
        return None
    if info.startswith("{"):
        match = re.search(r"(?:^\{|\s)\.(?P<lang>[^\s}]+)", info)
        return match.group("lang") if match else None
    lang = info.split()[0]
    return lang or None


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace the given ranges of text with spaces, keeping positions."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


# (regex, a character it cannot match without) for the constructs that are not prose.
NON_PROSE = ((AUTOLINK_RE, "<"), (HTML_TAG_RE, "<"), (BARE_URL_RE, "://"), (INLINE_ATTR_RE, "{"),
             (FOOTNOTE_REF_RE, "[^"), (EMOJI_SHORTCODE_RE, ":"), (DOLLAR_MATH_RE, "$"),
             (BRACKET_MATH_RE, "\\("))
PROSE_RUN_RE = re.compile(r"\S(?:.*\S)?")
LIST_QUOTE_TABLE_RE = re.compile(r"^(?:[-*+]|\d+[.)]|>|\|)")
# A line without any of these characters is prose from end to end.
INLINE_TRIGGERS = ("`", "[", "<", "{", ":", "$", "\\(")


def _protected_ranges(text: str) -> tuple[list[tuple[int, int]], list[re.Match[str]], str]:
    """Ranges of a line that are not prose (code, links, HTML, URLs), the link matches, and
    the line with its code spans blanked out."""
    code = [m.span() for m in CODE_SPAN_RE.finditer(text)] if "`" in text else []
    ranges: list[tuple[int, int]] = list(code)
    outside_code = _mask(text, code)
    links = list(INLINE_LINK_RE.finditer(outside_code)) if "[" in outside_code else []
    ranges += [m.span() for m in links]
    for regex, trigger in NON_PROSE:
        if trigger in outside_code:
            ranges += [m.span() for m in regex.finditer(outside_code)]
    return ranges, links, outside_code


def _record_tag(line_no: int, offset: int, tag: str, scan: Scan, one_line: bool = True) -> None:
    """Record one raw HTML tag: its attributes, its links (href, src) and its id."""
    tag_name = HTML_TAG_NAME_RE.match(tag).group("name").lower()
    attrs = tuple((a.group("name").lower(), a.group("value").strip("\"'"))
                  for a in HTML_ATTR_RE.finditer(tag, len(tag_name) + 1))
    scan.tags.append(Tag(line_no, offset + 1, tag_name, attrs, tag.startswith("</")))
    alt = next((value for name, value in attrs if name == "alt"), "")
    for attr in HTML_ATTR_RE.finditer(tag, len(tag_name) + 1):
        name = attr.group("name").lower()
        value = attr.group("value").strip("\"'")
        if name in ("href", "src"):
            kind = "html-image" if tag_name == "img" else "html"
            # A tag written over several lines is reported at its start.
            column = offset + (attr.start() if one_line else 0) + 1
            scan.links.append(Link(line_no, column, value, alt if kind == "html-image" else "",
                                   kind))
        elif name == "id":
            scan.html_ids.append(value)


class OpenTag(NamedTuple):
    """A raw HTML element still open; md_in_html (`markdown` attribute) keeps its body Markdown."""

    tag: str
    markdown: bool


def _count_block_tags(text: str, html_stack: list[OpenTag]) -> None:
    """Open and close raw HTML elements as Python-Markdown's raw HTML parser does: a closing
    tag closes the innermost open element of its name and every element opened inside it (an
    `<li>` without `</li>`), and a closing tag matching no open element is ignored."""
    for tag in HTML_BLOCK_TAG_RE.finditer(text):
        name = tag.group("tag").lower()
        if name in VOID_TAGS or tag.group(0).endswith("/>"):
            continue
        if tag.group("close"):
            if any(open_tag.tag == name for open_tag in html_stack):
                while html_stack.pop().tag != name:
                    pass
            continue
        markdown_attr = MARKDOWN_ATTR_RE.search(tag.group("attrs"))
        html_stack.append(OpenTag(name, bool(markdown_attr) and (
            markdown_attr.group("value") or "1") in ("1", "block")))


def _inline_links(line_no: int, offset: int, text: str, scan: Scan,
                  in_html: bool = False, raw: bool = False) -> None:
    """Record the links of one line and its prose spans; `raw`: a line of a raw HTML block,
    whose backticks are characters."""
    if not any(trigger in text for trigger in INLINE_TRIGGERS):
        prose = text.strip()
        if prose:
            column = offset + len(text) - len(text.lstrip()) + 1
            scan.spans.append(Span(line_no, column, prose, in_html))
        return
    ranges, links, masked = _protected_ranges(text)
    for m in links:
        col = offset + m.start() + 1
        # The text as written: a code span in it (`![`ls` output](ls.png)`) is text too.
        shown = text[m.start("text"):m.end("text")]
        if m.group("dest") is not None:
            dest = m.group("dest").strip("<>")
            title = m.group("title")[1:-1] if m.group("title") else None
            kind = "image" if m.group("bang") else "link"
            scan.links.append(Link(line_no, col, dest, shown, kind, title))
        elif not m.group("bang") and "[^" not in m.group(0):
            label = m.group("ref") or shown
            scan.links.append(Link(line_no, col, label, shown, "ref",
                                   explicit_ref=bool(m.group("ref"))))
    _inline_tags(line_no, offset, text if raw else masked, scan)
    prose = _mask(text, ranges)
    for m in PROSE_RUN_RE.finditer(prose):
        scan.spans.append(Span(line_no, offset + m.start() + 1, m.group(0), in_html))


def _inline_tags(line_no: int, offset: int, masked: str, scan: Scan) -> None:
    """Autolinks, raw HTML tags and inline attribute lists of a line (code spans masked)."""
    has_tags = "<" in masked
    for m in AUTOLINK_RE.finditer(masked) if has_tags else ():
        scan.links.append(Link(line_no, offset + m.start() + 1, m.group("url"), m.group("url"),
                               "autolink"))
    for m in HTML_TAG_RE.finditer(masked) if has_tags else ():
        if not m.group(0).startswith("<!--"):
            _record_tag(line_no, offset + m.start(), m.group(0), scan)
    for m in INLINE_ATTR_RE.finditer(masked) if "{" in masked else ():
        scan.block_ids.extend(attr_list_ids(m.group(0)))  # `**locale**{ #theme-locale }`


def _unclosed_code(text: str, start: int) -> tuple[int, str | None]:
    """Where a code span opens on this line without closing (it runs on to a later line of
    the paragraph), and its backtick run; (len(text), None) when every span closes."""
    masked = _mask(text, [m.span() for m in CODE_SPAN_RE.finditer(text, start)])
    run = re.compile(r"`+").search(masked, start)
    return (run.start(), run.group()) if run else (len(text), None)


def attr_list_ids(attrs: str) -> list[str]:
    """The ids an attribute list sets: `#id` or `id="id"` (attr_list keeps the last)."""
    found = [m.group("id") or m.group("value") for m in ATTR_ID_RE.finditer(attrs)]
    return found[-1:]


def _heading(line_no: int, col: int, level: int, text: str, scan: Scan) -> None:
    explicit = None
    attr = ATTR_LIST_RE.search(text)
    if attr:
        ids = attr_list_ids(attr.group("attrs"))
        explicit = ids[0] if ids else None
        text = text[: attr.start()]
    scan.headings.append(Heading(line_no, col, level, text.strip(), explicit))


@dataclass
class OpenFence:
    """A fence whose closing line has not come yet."""

    line: int
    indent: int
    marker: str
    info: str
    quoted: bool  # inside a blockquote: its lines carry the `>` markers
    body: list[str] = field(default_factory=list)
    read: list[tuple[int, str]] = field(default_factory=list)  # its lines as written

    def abandoned_by(self, raw: str) -> bool:
        """pymdownx.superfences drops an indented fence (it was never one) when a line with
        text is indented less than its opening line."""
        return (not self.quoted and self.indent > 0 and bool(raw.strip())
                and len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip()) < self.indent)

    def closes(self, raw: str) -> bool:
        stripped = raw.strip()
        char = self.marker[0]
        return (stripped.startswith(char * len(self.marker)) and set(stripped) <= {char}
                and len(raw) - len(raw.lstrip()) <= self.indent + 3)

    def fence(self, end_line: int | None) -> Fence:
        return Fence(self.line, end_line, self.indent, self.marker, self.info,
                     fence_language(self.info), self.line + 1, "\n".join(self.body))


@dataclass(frozen=True)
class Line:
    """A non-blank body line outside fences and comments, placed in its container block."""

    number: int
    raw: str
    content: str  # the line without its container's indentation
    column: int  # 0-based column where `content` starts in `raw`
    relative: int  # indentation past the container's
    block_start: bool  # the line starts a block (a blank line or a block came before)

    @property
    def first(self) -> str:
        return self.content.lstrip()[:1]


class MarkdownScanner:
    """Reads a page's body line by line into a Scan. Each Markdown construct has one handler
    `(line) -> bool` that records it and says whether it took the line; `BLOCK_HANDLERS`
    gives their order, which is Python-Markdown's precedence."""

    def __init__(self, scan: Scan) -> None:
        self.scan = scan
        self.fence: OpenFence | None = None
        self.container_indents: list[int] = []
        self.open_containers: list[int] = []  # index in scan.containers of each indent above
        self.last_nonblank = self.previous_nonblank = scan.body_line - 1
        # Open raw HTML elements; True where md_in_html parses the body as Markdown.
        self.html_stack: list[OpenTag] = []
        self.in_comment = False
        self.indented_code = False  # inside an indented (4-space) code block
        self.list_open = False  # a list item came before, with no unindented paragraph since
        self.open_tag: tuple[int, int, list[str]] | None = None  # (line, 0-based col, lines)
        self.open_code: str | None = None  # backticks of a code span open from a line before
        self.block_start = True  # the next line starts a block
        self.paragraph_line: tuple[int, int, str] | None = None  # candidate setext heading
        self.math_close: str | None = None  # what ends the display formula open above

    def feed(self, number: int, raw: str, fences: bool = True) -> None:
        """Read the next line of the body (`fences`: it may open a fence)."""
        if raw.strip():
            self.previous_nonblank, self.last_nonblank = self.last_nonblank, number
        if self.fence is not None:
            self.fence_line(number, raw)
        elif self.in_comment:
            self.in_comment = "-->" not in raw
        elif self.math_close is not None and raw.strip():
            self.math_line(number, raw)
        elif fences and self.fence_open(number, raw):
            self.paragraph_line = None
        elif not raw.strip():
            self.blank()
        else:
            line = self.place(number, raw)
            if not any(handler(self, line) for handler in self.BLOCK_HANDLERS):
                self.paragraph(line)

    def finish(self) -> Scan:
        """The scan, with containers still open ending at the last line, and a fence still
        open recorded as never closed."""
        while self.open_containers:
            self.close_container(self.last_nonblank)
        if self.fence is not None:
            self.scan.fences.append(self.fence.fence(None))
            self.fence = None
        return self.scan

    # Lines that are not blocks of their own -------------------------------------------------

    def fence_line(self, number: int, raw: str) -> None:
        """A line inside a fence: its body, or the closing fence."""
        fence = self.fence
        assert fence is not None
        if fence.abandoned_by(raw):  # its lines are Markdown after all, none opens a fence
            self.fence = None
            for read_number, read_raw in fence.read:
                self.feed(read_number, read_raw, fences=False)
            self.feed(number, raw)
            return
        fence.read.append((number, raw))
        if fence.quoted:
            quote = QUOTE_PREFIX_RE.match(raw)
            raw = raw[quote.end():] if quote else raw
        if fence.closes(raw):
            self.scan.fences.append(fence.fence(number))
            self.fence = None
        else:
            cut = min(fence.indent, len(raw) - len(raw.lstrip(" ")))
            fence.body.append(raw[cut:])

    def fence_open(self, number: int, raw: str) -> bool:
        """A line opening a fence (backticks or tildes, in a blockquote too)."""
        if "```" not in raw and "~~~" not in raw:
            return False
        quote = QUOTE_PREFIX_RE.match(raw)
        opened = FENCE_OPEN_RE.match(raw[quote.end():] if quote else raw)
        if not opened or (opened.group("fence")[0] == "`" and "`" in opened.group("info")):
            return False
        indent = len(opened.group("indent").expandtabs(4))
        while self.container_indents and indent < self.container_indents[-1] and not quote:
            self.close_container(self.previous_nonblank)  # a fence less indented ends them
        self.fence = OpenFence(number, indent, opened.group("fence"),
                               opened.group("info").strip(), bool(quote), read=[(number, raw)])
        return True

    def close_container(self, end_line: int) -> None:
        """The innermost open container ends at `end_line` (its last non-blank line)."""
        self.container_indents.pop()
        index = self.open_containers.pop()
        container = self.scan.containers[index]
        self.scan.containers[index] = replace(container, end_line=max(end_line, container.line))

    def math_line(self, number: int, raw: str) -> None:
        """A line of a display formula, the last one where its closer is."""
        self.scan.math_lines.append(number)
        if self.math_close is not None and raw.rstrip().endswith(self.math_close):
            self.math_close = None

    def blank(self) -> None:
        """A blank line ends paragraphs, code spans, tags left open and display formulas
        (arithmatex reads one paragraph)."""
        self.paragraph_line = None
        self.math_close = None
        self.block_start = True
        self.open_code = None
        self.open_tag = None  # a tag never closed within its block is text

    def place(self, number: int, raw: str) -> Line:
        """The line within its container (admonition, details, tab), and list state."""
        indent = len(raw) - len(raw.lstrip(" "))
        while self.container_indents and indent < self.container_indents[-1]:
            self.close_container(self.previous_nonblank)
        base = self.container_indents[-1] if self.container_indents else 0
        content = raw[base:] if indent >= base else raw.lstrip(" ")
        line = Line(number, raw, content, len(raw) - len(content), indent - base,
                    self.block_start)
        self.block_start = False
        return line

    # Block handlers, in order ----------------------------------------------------------------

    def indented_code_line(self, line: Line) -> bool:
        """Indented code: four spaces past the container, starting a block, outside a list
        (where such lines continue the item) and outside raw HTML."""
        if self.indented_code:
            if line.relative >= 4:
                self.scan.indented_code.append(line.number)
                return True
            self.indented_code = False
        if (line.relative >= 4 and line.block_start and not self.list_open
                and not self.html_stack and self.open_tag is None):
            self.indented_code = True
            self.scan.indented_code.append(line.number)
            self.paragraph_line = None
            return True
        if line.relative < 4:
            if LIST_MARKER_RE.match(line.content):
                self.list_open = True
            elif line.block_start and line.relative == 0:
                self.list_open = False
        return False

    def tag_continued(self, line: Line) -> bool:
        """The next line of a raw HTML tag written over several lines."""
        if self.open_tag is None:
            return False
        start_line, start_column, parts = self.open_tag
        parts.append(line.content)
        end = line.content.find(">")
        if end >= 0:
            self.open_tag = None
            tag_text = "\n".join(parts)[: -(len(line.content) - end - 1) or None]
            _count_block_tags(tag_text, self.html_stack)
            _record_tag(start_line, start_column, tag_text, self.scan, one_line=False)
            rest = line.content[end + 1:]
            _count_block_tags(rest, self.html_stack)
            _inline_links(line.number, line.column + end + 1, rest, self.scan, in_html=True)
        self.paragraph_line = None
        self.block_start = True
        return True

    def html_block(self, line: Line) -> bool:
        """Raw HTML blocks: tags are not prose; md_in_html bodies still are Markdown."""
        content = line.content
        inside = self.html_stack and not self.html_stack[-1].markdown
        if not inside and not (content[0] == "<" and HTML_BLOCK_START_RE.match(content)):
            return False
        _count_block_tags(content, self.html_stack)
        unclosed = UNCLOSED_TAG_RE.search(content)
        if unclosed:
            self.open_tag = (line.number, line.column + unclosed.start(), [unclosed.group(0)])
            content = content[: unclosed.start()]
        comment_start = content.rfind("<!--")
        self.in_comment = comment_start >= 0 and "-->" not in content[comment_start:]
        raw = not (self.html_stack and self.html_stack[-1].markdown)
        if raw:
            self.scan.raw_html_lines.add(line.number)
        _inline_links(line.number, line.column, content, self.scan, in_html=True, raw=raw)
        self.paragraph_line = None
        self.block_start = True
        return True

    def snippet(self, line: Line) -> bool:
        """`--8<-- "file.md"`: pymdownx.snippets includes a file here."""
        found = SNIPPET_RE.match(line.content) if "8<" in line.content else None
        if not found:
            return False
        target = line.content[found.end():].strip().strip("\"'")
        if target:
            self.scan.snippets.append((line.number, target))
        self.paragraph_line = None
        return True

    def abbreviation(self, line: Line) -> bool:
        """`*[HTML]: Hypertext Markup Language` (abbr): a definition, not prose."""
        if line.first != "*" or not ABBR_DEF_RE.match(line.content):
            return False
        self.paragraph_line = None
        return True

    def container(self, line: Line) -> bool:
        """An admonition, details or tab opening: its title is a label, not prose."""
        found = CONTAINER_RE.match(line.content) if line.first in ("!", "?", "=") else None
        if not found:
            return False
        self.container_indents.append(line.column + 4)
        self.open_containers.append(len(self.scan.containers))
        head = CONTAINER_HEAD_RE.match(found.group("rest"))
        self.scan.containers.append(Container(
            line.number, line.column + 1, found.group("marker"),
            head.group("kind").strip() if head else found.group("rest").strip(),
            head.group("title") if head else None, line.number))
        self.paragraph_line = None
        return True

    def footnote(self, line: Line) -> bool:
        """`[^id]: text`: a footnote definition, whose text is prose."""
        found = FOOTNOTE_DEF_RE.match(line.content) if line.first == "[" else None
        if not found:
            return False
        self.scan.footnotes.append(found.group("id"))
        _inline_links(line.number, line.column + found.end(), line.content[found.end():],
                      self.scan)
        self.paragraph_line = None
        return True

    def reference(self, line: Line) -> bool:
        """`[label]: url "title"`: a reference definition, recorded as a link to check."""
        found = REF_DEF_RE.match(line.content) if line.first == "[" else None
        if not found:
            return False
        self.scan.ref_defs[found.group("label").strip().lower()] = found.group("url")
        self.scan.links.append(Link(line.number, line.column + found.start("url") + 1,
                                    found.group("url"), found.group("label"), "link"))
        self.paragraph_line = None
        return True

    def atx_heading(self, line: Line) -> bool:
        """`## Heading {#id}`, also after list or quote markers."""
        if "#" not in line.content or line.relative >= 4:
            return False
        prefix = ITEM_OR_QUOTE_RE.match(line.content)
        skip = prefix.end() if prefix else 0
        atx = ATX_HEADING_RE.match(line.content[skip:])
        if not atx:
            return False
        text = atx.group("text")
        lead = len(text) - len(text.lstrip())
        _heading(line.number, line.column + skip + atx.start("text") + lead + 1,
                 len(atx.group("hashes")), text, self.scan)
        self.paragraph_line = None
        self.block_start = True
        return True

    def setext_underline(self, line: Line) -> bool:
        """`===` or `---` under a paragraph's first line: that line is a heading."""
        if not (self.paragraph_line and line.first in ("=", "-")
                and SETEXT_RE.match(line.content.strip())):
            return False
        number, column, text = self.paragraph_line
        _heading(number, column, 1 if line.content.strip()[0] == "=" else 2, text, self.scan)
        self.scan.spans[:] = [s for s in self.scan.spans if s.line != number]
        self.scan.links[:] = [link for link in self.scan.links if link.line != number]
        self.paragraph_line = None
        return True

    def block_attributes(self, line: Line) -> bool:
        """`{: #id .class }` alone on a line: attributes of the block before (attr_list)."""
        found = BLOCK_ATTR_RE.match(line.content) if line.first == "{" else None
        if not found:
            return False
        self.scan.block_ids.extend(attr_list_ids(found.group("attrs")))
        return True

    def math_block(self, line: Line) -> bool:
        """A display formula starting a block: `$$ … $$`, `\\[ … \\]` or
        `\\begin{env} … \\end{env}` (pymdownx.arithmatex), on this line and those up to its
        closer."""
        opened = MATH_BLOCK_RE.match(line.content) if line.block_start else None
        if opened is None:
            return False
        env = opened.group("env")
        self.math_close = f"\\end{{{env}}}" if env else MATH_CLOSERS[opened.group("open")]
        rest = line.content[opened.end():].rstrip()
        self.math_line(line.number, line.raw if rest.endswith(self.math_close) else "")
        return True

    def rule(self, line: Line) -> bool:
        """`***`, `---` or `___`: a horizontal rule."""
        if line.first not in ("-", "*", "_") or not HR_RE.match(line.content):
            return False
        self.paragraph_line = None
        return True

    BLOCK_HANDLERS: tuple[Callable[[MarkdownScanner, Line], bool], ...] = (
        indented_code_line, tag_continued, html_block, snippet, abbreviation, container,
        footnote, reference, atx_heading, setext_underline, block_attributes, math_block, rule)

    def paragraph(self, line: Line) -> None:
        """A line of a paragraph, list item, quote or table: its links and prose, minding
        code spans and tags that run on to the next line."""
        content = line.content
        unclosed = UNCLOSED_TAG_RE.search(content) if "<" in content else None
        if unclosed:
            self.open_tag = (line.number, line.column + unclosed.start(), [unclosed.group(0)])
        text = content[: unclosed.start()] if unclosed else content
        start = 0
        if self.open_code:  # a code span opened on an earlier line of this paragraph
            close = re.search(rf"(?<!`){self.open_code}(?!`)", text)
            start = close.end() if close else len(text)
            self.open_code = None if close else self.open_code
        if "`" in text[start:]:
            code_start, self.open_code = _unclosed_code(text, start)
            text = text[:code_start] if self.open_code else text
        if start < len(text):
            _inline_links(line.number, line.column + start, text[start:], self.scan)
        starts_paragraph = line.block_start and not LIST_QUOTE_TABLE_RE.match(content.lstrip())
        self.paragraph_line = (line.number, line.column + 1, content.strip()) \
            if starts_paragraph else None


def scan_markdown(text: str) -> Scan:
    """Scan a Markdown file (front matter included) into a Scan."""
    # MkDocs reads pages with universal newlines: a lone CR ends a line too.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, _, body_line = split_front_matter(text)
    scan = Scan(meta=meta if isinstance(meta, dict) else {}, body_line=body_line,
                lines=text.split("\n"))
    scanner = MarkdownScanner(scan)
    # The body is the file's last lines, whole: its lines are the scan's own strings, so the
    # prose spans that are whole lines share them rather than holding copies.
    for index, raw in enumerate(scan.lines[body_line - 1:]):
        scanner.feed(body_line + index, raw)
    return scanner.finish()
