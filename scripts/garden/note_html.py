"""Raw HTML of an imported note made safe and offline, the way `garden check` wants pages.

Notes copied from the web carry embeds: an `<iframe>` (a video) becomes a link to what it
showed, a `<script>` is shown as text instead of run, and inline event handlers (`onclick=`)
are dropped. Each change is a `LinkFix` with the rule it would have broken (GL402, GL403,
GL405), so the importer reports it like the links it fixes.
"""

from __future__ import annotations

import html
import re

from garden.markdown_scan import Tag, scan_markdown
from garden.note_links import LinkFix

OPENING_TAG_RE = re.compile(r"<(?P<name>iframe|script)\b[^>]*>", re.IGNORECASE)
EVENT_ATTR_RE = re.compile(r"\s+on[a-z]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)


def defuse_html(body: str) -> tuple[str, list[LinkFix]]:
    """The body with its embeds, scripts and event handlers made harmless, and what changed."""
    lines = body.split("\n")
    fixes: list[LinkFix] = []
    for tag in sorted(scan_markdown(body).tags, key=lambda t: (t.line, -t.column)):
        index = tag.line - 1
        fixed, fix = _defused(lines[index], tag)
        if fix:
            lines[index] = fixed
            fixes.append(fix)
    return "\n".join(lines), fixes


def _defused(line: str, tag: Tag) -> tuple[str, LinkFix | None]:
    start = tag.column - 1
    if tag.name == "script":
        end = line.find(">", start)
        if end < 0:
            return line, None
        shown = html.escape(line[start:end + 1])
        return line[:start] + shown + line[end + 1:], LinkFix(
            tag.line, tag.column, "<script>", "script shown as text, not run", "GL402")
    if tag.name == "iframe":
        return _iframe(line, tag)
    if any(name.startswith("on") for name, _ in tag.attrs):
        end = line.find(">", start)
        cut = EVENT_ATTR_RE.sub("", line[start:end + 1]) if end >= 0 else None
        if cut is not None:
            return line[:start] + cut + line[end + 1:], LinkFix(
                tag.line, tag.column, f"<{tag.name}>", "inline event handler dropped", "GL405")
    return line, None


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
