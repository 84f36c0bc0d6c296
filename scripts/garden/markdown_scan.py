"""A fast, position-keeping scan of one Markdown page.

This is the garden's single reading of Markdown source: the checker, the importer and the
MkDocs hooks all ask it where the fences, headings, links and plain prose of a page are.
It does not render; it finds the constructs Python-Markdown and pymdown-extensions would
find, with 1-based line and column numbers into the original file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

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
ATTR_ID_RE = re.compile(r"(?:^|[ \t])#(?P<id>[^\s}#.]+)")
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
INLINE_LINK_RE = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]"
    r"(?:\((?P<dest><[^>]*>|(?:[^()\s\\]|\\.|\([^()\s]*\))*)"
    r"(?:[ \t]+(?P<title>\"[^\"]*\"|'[^']*'))?[ \t]*\)"
    r"|\[(?P<ref>[^\]]*)\])?"
)
AUTOLINK_RE = re.compile(r"<(?P<url>(?:https?|ftp|mailto):[^>\s]+)>")
BARE_URL_RE = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]`]+[^\s<>()\[\]`.,;:!?'\"]")
HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->")
HTML_TAG_NAME_RE = re.compile(r"</?(?P<name>[A-Za-z][A-Za-z0-9-]*)")
HTML_ATTR_RE = re.compile(
    r"(?P<name>[A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?P<value>\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+)"
)
INLINE_ATTR_RE = re.compile(r"\{:?[ \t]*[#.][^}\n]*\}|\{:?[ \t]*[A-Za-z-]+=[^}\n]*\}")
FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]")
EMOJI_SHORTCODE_RE = re.compile(r":[a-z0-9_+-]+:")
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
             (FOOTNOTE_REF_RE, "[^"), (EMOJI_SHORTCODE_RE, ":"))
PROSE_RUN_RE = re.compile(r"\S(?:.*\S)?")
LIST_QUOTE_TABLE_RE = re.compile(r"^(?:[-*+]|\d+[.)]|>|\|)")
# A line without any of these characters is prose from end to end.
INLINE_TRIGGERS = ("`", "[", "<", "{", ":")


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


def _count_block_tags(text: str, html_stack: list[bool]) -> None:
    """Open and close raw HTML elements; md_in_html elements keep their body Markdown."""
    for tag in HTML_BLOCK_TAG_RE.finditer(text):
        if tag.group("tag").lower() in VOID_TAGS or tag.group(0).endswith("/>"):
            continue
        if tag.group("close"):
            if html_stack:
                html_stack.pop()
            continue
        markdown_attr = MARKDOWN_ATTR_RE.search(tag.group("attrs"))
        html_stack.append(bool(markdown_attr) and (markdown_attr.group("value") or "1")
                          in ("1", "block"))


def _inline_links(line_no: int, offset: int, text: str, scan: Scan,
                  in_html: bool = False) -> None:
    """Record the links of one line and its prose spans."""
    if not any(trigger in text for trigger in INLINE_TRIGGERS):
        prose = text.strip()
        if prose:
            column = offset + len(text) - len(text.lstrip()) + 1
            scan.spans.append(Span(line_no, column, prose, in_html))
        return
    ranges, links, masked = _protected_ranges(text)
    for m in links:
        col = offset + m.start() + 1
        if m.group("dest") is not None:
            dest = m.group("dest").strip("<>")
            title = m.group("title")[1:-1] if m.group("title") else None
            kind = "image" if m.group("bang") else "link"
            scan.links.append(Link(line_no, col, dest, m.group("text"), kind, title))
        elif not m.group("bang") and "[^" not in m.group(0):
            label = m.group("ref") or m.group("text")
            scan.links.append(Link(line_no, col, label, m.group("text"), "ref",
                                   explicit_ref=bool(m.group("ref"))))
    has_tags = "<" in masked
    for m in AUTOLINK_RE.finditer(masked) if has_tags else ():
        scan.links.append(Link(line_no, offset + m.start() + 1, m.group("url"), m.group("url"),
                               "autolink"))
    for m in HTML_TAG_RE.finditer(masked) if has_tags else ():
        if not m.group(0).startswith("<!--"):
            _record_tag(line_no, offset + m.start(), m.group(0), scan)
    prose = _mask(text, ranges)
    for m in PROSE_RUN_RE.finditer(prose):
        scan.spans.append(Span(line_no, offset + m.start() + 1, m.group(0), in_html))


def _unclosed_code(text: str, start: int) -> tuple[int, str | None]:
    """Where a code span opens on this line without closing (it runs on to a later line of
    the paragraph), and its backtick run; (len(text), None) when every span closes."""
    masked = _mask(text, [m.span() for m in CODE_SPAN_RE.finditer(text, start)])
    run = re.compile(r"`+").search(masked, start)
    return (run.start(), run.group()) if run else (len(text), None)


def _close_container(scan: Scan, index: int, end_line: int) -> None:
    """Record where a container's body ends (its last non-blank line)."""
    container = scan.containers[index]
    scan.containers[index] = replace(container, end_line=max(end_line, container.line))


def _heading(line_no: int, col: int, level: int, text: str, scan: Scan) -> None:
    explicit = None
    attr = ATTR_LIST_RE.search(text)
    if attr:
        id_match = ATTR_ID_RE.search(attr.group("attrs"))
        explicit = id_match.group("id") if id_match else None
        text = text[: attr.start()]
    scan.headings.append(Heading(line_no, col, level, text.strip(), explicit))


def scan_markdown(text: str) -> Scan:
    """Scan a Markdown file (front matter included) into a Scan."""
    # MkDocs reads pages with universal newlines: a lone CR ends a line too.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body, body_line = split_front_matter(text)
    lines = text.split("\n")
    scan = Scan(meta=meta if isinstance(meta, dict) else {}, body_line=body_line, lines=lines)
    body_lines = body.split("\n")
    fence: dict | None = None
    container_indents: list[int] = []
    open_containers: list[int] = []  # index in scan.containers of each container_indents entry
    last_nonblank = previous_nonblank = body_line - 1
    # Open raw HTML elements; True where md_in_html parses the body as Markdown.
    html_stack: list[bool] = []
    in_comment = False
    indented_code = False  # inside an indented (4-space) code block
    list_open = False  # a list item came before, with no unindented paragraph since
    open_tag: tuple[int, int, list[str]] | None = None  # (line, 0-based column, lines so far)
    open_code: str | None = None  # backticks of a code span still open from an earlier line
    block_start = True  # the line starts a block: a setext heading text may stand here
    paragraph_line: tuple[int, int, str] | None = None  # candidate setext heading text
    for index, raw in enumerate(body_lines):
        line_no = body_line + index
        if raw.strip():
            previous_nonblank, last_nonblank = last_nonblank, line_no
        if fence is not None:
            if fence["quote"]:  # a fence inside a blockquote: its lines carry the `>` markers
                quote = QUOTE_PREFIX_RE.match(raw)
                raw = raw[quote.end():] if quote else raw
            stripped = raw.strip()
            closing = fence["marker"][0] * len(fence["marker"])
            if (stripped.startswith(closing) and set(stripped) <= {fence["marker"][0]}
                    and len(raw) - len(raw.lstrip()) <= fence["indent"] + 3):
                scan.fences.append(Fence(fence["line"], line_no, fence["indent"], fence["marker"],
                                         fence["info"], fence_language(fence["info"]),
                                         fence["line"] + 1, "\n".join(fence["body"])))
                fence = None
            else:
                cut = min(fence["indent"], len(raw) - len(raw.lstrip(" ")))
                fence["body"].append(raw[cut:])
            continue
        if in_comment:
            in_comment = "-->" not in raw
            continue
        opened = quote = None
        if "```" in raw or "~~~" in raw:
            quote = QUOTE_PREFIX_RE.match(raw)
            opened = FENCE_OPEN_RE.match(raw[quote.end():] if quote else raw)
        if opened and not (opened.group("fence")[0] == "`" and "`" in opened.group("info")):
            fence_indent = len(opened.group("indent").expandtabs(4))
            while container_indents and fence_indent < container_indents[-1] and not quote:
                container_indents.pop()
                _close_container(scan, open_containers.pop(), previous_nonblank)
            fence = {"line": line_no, "indent": len(opened.group("indent").expandtabs(4)),
                     "marker": opened.group("fence"), "info": opened.group("info").strip(),
                     "body": [], "quote": bool(quote)}
            paragraph_line = None
            continue
        if not raw.strip():
            paragraph_line = None
            block_start = True
            open_code = None
            open_tag = None  # a tag never closed within its block is text
            continue
        was_block_start, block_start = block_start, False
        indent = len(raw) - len(raw.lstrip(" "))
        while container_indents and indent < container_indents[-1]:
            container_indents.pop()
            _close_container(scan, open_containers.pop(), previous_nonblank)
        base = container_indents[-1] if container_indents else 0
        content = raw[base:] if indent >= base else raw.lstrip(" ")
        col0 = len(raw) - len(content)
        # Indented code blocks: four spaces past the container, starting a block, outside a
        # list (where such lines continue the item) and outside raw HTML.
        relative = indent - base
        if indented_code:
            if relative >= 4:
                scan.indented_code.append(line_no)
                continue
            indented_code = False
        if relative >= 4 and was_block_start and not list_open and not html_stack \
                and open_tag is None:
            indented_code = True
            scan.indented_code.append(line_no)
            paragraph_line = None
            continue
        if relative < 4:
            if LIST_MARKER_RE.match(content):
                list_open = True
            elif was_block_start and relative == 0:
                list_open = False
        if open_tag is not None:  # a tag written over several lines goes on
            open_tag[2].append(content)
            end = content.find(">")
            if end >= 0:
                start_line, start_column, parts = open_tag
                open_tag = None
                tag_text = "\n".join(parts)[: -(len(content) - end - 1) or None]
                _count_block_tags(tag_text, html_stack)
                _record_tag(start_line, start_column, tag_text, scan, one_line=False)
                _count_block_tags(content[end + 1:], html_stack)
                _inline_links(line_no, col0 + end + 1, content[end + 1:], scan, in_html=True)
            paragraph_line = None
            block_start = True
            continue
        # Raw HTML blocks: tags are not prose; md_in_html bodies still are Markdown.
        if (html_stack and not html_stack[-1]) or (
                content[0] == "<" and HTML_BLOCK_START_RE.match(content)):
            _count_block_tags(content, html_stack)
            unclosed = UNCLOSED_TAG_RE.search(content)
            if unclosed:
                open_tag = (line_no, col0 + unclosed.start(), [unclosed.group(0)])
                content = content[: unclosed.start()]
            comment_start = content.rfind("<!--")
            in_comment = comment_start >= 0 and "-->" not in content[comment_start:]
            _inline_links(line_no, col0, content, scan, in_html=True)
            paragraph_line = None
            block_start = True
            continue
        snippet = SNIPPET_RE.match(content) if "8<" in content else None
        if snippet:
            target = content[snippet.end():].strip().strip("\"'")
            if target:
                scan.snippets.append((line_no, target))
            paragraph_line = None
            continue
        first = content.lstrip()[:1]
        if first == "*" and ABBR_DEF_RE.match(content):
            paragraph_line = None
            continue
        container = CONTAINER_RE.match(content) if first in ("!", "?", "=") else None
        if container:
            # The title of an admonition, details or tab is a label, not prose.
            container_indents.append(col0 + 4)
            open_containers.append(len(scan.containers))
            head = CONTAINER_HEAD_RE.match(container.group("rest"))
            scan.containers.append(Container(
                line_no, col0 + 1, container.group("marker"),
                head.group("kind").strip() if head else container.group("rest").strip(),
                head.group("title") if head else None, line_no))
            paragraph_line = None
            continue
        footnote = FOOTNOTE_DEF_RE.match(content) if first == "[" else None
        if footnote:
            scan.footnotes.append(footnote.group("id"))
            _inline_links(line_no, col0 + footnote.end(), content[footnote.end():], scan)
            paragraph_line = None
            continue
        ref = REF_DEF_RE.match(content) if first == "[" else None
        if ref:
            scan.ref_defs[ref.group("label").strip().lower()] = ref.group("url")
            scan.links.append(Link(line_no, col0 + ref.start("url") + 1, ref.group("url"),
                                   ref.group("label"), "link"))
            paragraph_line = None
            continue
        atx = None
        if "#" in content and indent - base < 4:
            prefix = ITEM_OR_QUOTE_RE.match(content)
            skip = prefix.end() if prefix else 0
            atx = ATX_HEADING_RE.match(content[skip:])
        if atx:
            text_part = atx.group("text")
            lead = len(text_part) - len(text_part.lstrip())
            _heading(line_no, col0 + skip + atx.start("text") + lead + 1,
                     len(atx.group("hashes")), text_part, scan)
            paragraph_line = None
            block_start = True
            continue
        if paragraph_line and first in ("=", "-") and SETEXT_RE.match(content.strip()):
            # `text` followed by `===` or `---` is a setext heading in Python-Markdown.
            p_line, p_col, p_text = paragraph_line
            _heading(p_line, p_col, 1 if content.strip()[0] == "=" else 2, p_text, scan)
            scan.spans[:] = [s for s in scan.spans if s.line != p_line]
            scan.links[:] = [link for link in scan.links if link.line != p_line]
            paragraph_line = None
            continue
        block_attr = BLOCK_ATTR_RE.match(content) if first == "{" else None
        if block_attr:
            id_match = ATTR_ID_RE.search(block_attr.group("attrs"))
            if id_match:
                scan.block_ids.append(id_match.group("id"))
            continue
        if first in ("-", "*", "_") and HR_RE.match(content):
            paragraph_line = None
            continue
        unclosed = UNCLOSED_TAG_RE.search(content) if "<" in content else None
        if unclosed:
            open_tag = (line_no, col0 + unclosed.start(), [unclosed.group(0)])
        text = content[: unclosed.start()] if unclosed else content
        start = 0
        if open_code:  # a code span opened on an earlier line of this paragraph
            close = re.search(rf"(?<!`){open_code}(?!`)", text)
            start = close.end() if close else len(text)
            open_code = None if close else open_code
        if "`" in text[start:]:
            code_start, open_code = _unclosed_code(text, start)
            text = text[:code_start] if open_code else text
        if start < len(text):
            _inline_links(line_no, col0 + start, text[start:], scan)
        is_list_or_quote = LIST_QUOTE_TABLE_RE.match(content.lstrip())
        starts_paragraph = was_block_start and not is_list_or_quote
        paragraph_line = (line_no, col0 + 1, content.strip()) if starts_paragraph else None
    for open_index in open_containers:
        _close_container(scan, open_index, last_nonblank)
    if fence is not None:
        scan.fences.append(Fence(fence["line"], None, fence["indent"], fence["marker"],
                                 fence["info"], fence_language(fence["info"]), fence["line"] + 1,
                                 "\n".join(fence["body"])))
    return scan
