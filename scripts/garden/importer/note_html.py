"""Raw HTML of an imported note made safe and offline, the way `garden check` wants pages.

Notes copied from the web carry embeds: an `<iframe>` (a video) becomes a link to what it
showed, a `<script>` is shown as text instead of run, and inline event handlers (`onclick=`)
are dropped, elements the build's sanitizer removes (a `<button>`, a `<form>`) are shown as
text and the attributes it removes (`align`, `style`) are dropped. Each change is a `LinkFix`
with the rule it would have broken (GL402, GL403, GL405, GL801, GL819), so the importer
reports it like the links it fixes.
"""

from __future__ import annotations

import html
import re

from garden.importer.note_links import LinkFix
from garden.safety.sanitize import ALLOWED_TAGS, keeps_attribute
from garden.text.markdown_scan import CODE_SPAN_RE, Tag, scan_markdown

OPENING_TAG_RE = re.compile(r"<(?P<name>iframe|script)\b[^>]*>", re.IGNORECASE)
# What Python-Markdown reads as an inline tag (its HTML_RE, comments aside): `<String, Integer>`
# too, where CommonMark, which note editors follow, reads text.
PYTHON_MARKDOWN_TAG_RE = re.compile(r"<(/?[a-zA-Z][^<>@ ]*( [^<>]*)?)>")
# CommonMark's open and closing tags (spec 6.6) and autolinks (6.5), by their grammar.
_ATTRIBUTE = r"""\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?"""
COMMONMARK_TAG_RE = re.compile(rf"<[A-Za-z][A-Za-z0-9-]*(?:{_ATTRIBUTE})*\s*/?>"
                               r"|</[A-Za-z][A-Za-z0-9-]*\s*>"
                               r"|<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>")
# A link's destination written in angle brackets, `[a](<b c>)` or `[a]: <b c>`, is not a tag.
DESTINATION_BEFORE_RE = re.compile(r"\]\(\s*$|^\s{0,3}\[[^\]]+\]:\s*$")
EVENT_ATTR_RE = re.compile(r"\s+on[a-z]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)


def defuse_html(body: str) -> tuple[str, list[LinkFix]]:
    """The body with its embeds, scripts and event handlers made harmless, and what changed;
    text the note's editor showed as text (`Map<byte[], String>`) kept text."""
    scan = scan_markdown(body)
    in_code = scan.code_lines()
    lines = [line if number in in_code else text_stays_text(line)
             for number, line in enumerate(body.split("\n"), start=1)]
    fixes: list[LinkFix] = []
    for tag in sorted(scan.tags, key=lambda t: (t.line, -t.column)):
        index = tag.line - 1
        for defuse in (_without_script, _without_handlers, _without_removed_element,
                       _without_removed_attributes):
            fixed, fix = defuse(lines[index], tag)
            if fix:
                lines[index] = fixed
                fixes.append(fix)
                if defuse is _without_script:
                    break  # the script or frame is text or a link now: nothing more to do
    return "\n".join(lines), fixes


def text_stays_text(line: str) -> str:
    """The line with each `<` that Python-Markdown would open a tag with and CommonMark reads
    as text written `&lt;` (outside code spans), so the page shows what the note's editor did."""
    if "<" not in line:
        return line
    code = [span.span() for span in CODE_SPAN_RE.finditer(line)]
    starts = [match.start() for match in PYTHON_MARKDOWN_TAG_RE.finditer(line)
              if not COMMONMARK_TAG_RE.match(line, match.start())
              and not DESTINATION_BEFORE_RE.search(line, 0, match.start())
              and not any(start <= match.start() < end for start, end in code)]
    for start in reversed(starts):
        line = line[:start] + "&lt;" + line[start + 1:]
    return line


def _shown_as_text(line: str, tag: Tag, fix: LinkFix) -> tuple[str, LinkFix | None]:
    start = tag.column - 1
    end = line.find(">", start)
    if end < 0:
        return line, None
    return line[:start] + html.escape(line[start:end + 1]) + line[end + 1:], fix


def _without_script(line: str, tag: Tag) -> tuple[str, LinkFix | None]:
    """A script shown as text, an embedded frame made a link."""
    if tag.name == "script":
        return _shown_as_text(line, tag, LinkFix(
            tag.line, tag.column, "<script>", "script shown as text, not run", "GL402"))
    if tag.name == "iframe":
        return _iframe(line, tag)
    return line, None


def _without_handlers(line: str, tag: Tag) -> tuple[str, LinkFix | None]:
    if not any(name.startswith("on") for name, _ in tag.attrs):
        return line, None
    start = tag.column - 1
    end = line.find(">", start)
    if end < 0:
        return line, None
    cut = EVENT_ATTR_RE.sub("", line[start:end + 1])
    return line[:start] + cut + line[end + 1:], LinkFix(
        tag.line, tag.column, f"<{tag.name}>", "inline event handler dropped", "GL405")


def _without_removed_element(line: str, tag: Tag) -> tuple[str, LinkFix | None]:
    """An element the build's sanitizer would drop (a `<button>`, a `<form>`) shown as text."""
    if tag.name in ALLOWED_TAGS or tag.name in ("script", "iframe"):
        return line, None
    return _shown_as_text(line, tag, LinkFix(
        tag.line, tag.column, f"<{tag.name}>", "element the site removes shown as text",
        "GL801"))


def _without_removed_attributes(line: str, tag: Tag) -> tuple[str, LinkFix | None]:
    """Attributes the build's sanitizer would drop from a kept element (`align` on a `<p>`)
    dropped here, and said so."""
    names = [name for name, value in tag.attrs if not keeps_attribute(tag.name, name, value or "")
             and not name.startswith("on")]
    start = tag.column - 1
    end = line.find(">", start)
    if tag.name not in ALLOWED_TAGS or not names or end < 0:
        return line, None
    cut = re.compile(r"\s+(?:" + "|".join(map(re.escape, names)) + r")(?:\s*=\s*(?:\"[^\"]*\"|"
                     r"'[^']*'|[^\s>]+))?(?=[\s/>])", re.IGNORECASE).sub("", line[start:end + 1])
    return line[:start] + cut + line[end + 1:], LinkFix(
        tag.line, tag.column, f"<{tag.name}>",
        f"attribute the site removes dropped ({', '.join(names)})", "GL819")


def _iframe(line: str, tag: Tag) -> tuple[str, LinkFix | None]:
    """`<iframe src=X ...></iframe>` -> `<a href="X">X</a>`: a link to what it embedded (a
    closing tag on a later line is left to Python-Markdown, which drops a stray one)."""
    match = OPENING_TAG_RE.match(line, tag.column - 1)
    src = dict(tag.attrs).get("src", "")
    if tag.closing or not match or not src:
        return line, None
    link = f'<a href="{html.escape(src)}">{html.escape(src)}</a>'
    rest = line[match.end():].replace("</iframe>", "", 1)
    return line[:match.start()] + link + rest, LinkFix(
        tag.line, tag.column, src, "embedded frame made a link", "GL403")
