"""Where HTML written by a contributor would run script, load from another host or be dropped.

One reading of markup for `garden check` and the build: raw HTML in a page (with its code
blanked out), attr_list attributes, Markdown link targets, SVG and HTML files under docs/ and
glossary definitions all come here. Tags are read with the standard library's HTML parser, which
splits attributes the way browsers do (`<svg/onload=…>`, `>` inside quotes, entities in values).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from garden.safety.sanitize import (
    ACTIVE_SCHEME_RE,
    ALLOWED_TAGS,
    CONTROL_RE,
    EVENT_HANDLER_RE,
    LIGHTBOX_TYPES,
    READ_AS_HTML,
    RESERVED_ID_RE,
    RESOURCE_ATTRIBUTES,
    TAG_OPEN_RE,
    is_offsite,
    keeps_anywhere,
    keeps_attribute,
)
from garden.text.diagnostics import Finding
from garden.text.markdown_scan import CODE_SPAN_RE, Scan

CSS_ESCAPE_RE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})[ \t\n\r\f]?|(.))", re.DOTALL)
NOT_NEWLINE_RE = re.compile(r"[^\n]")
CSS_REQUEST_RE = re.compile(r"url\s*\(|@import|expression\s*\(|image-set\s*\(", re.IGNORECASE)
# `<https://…>` and `<a@b.c>` are Markdown autolinks, not elements.
NOT_AN_ELEMENT_RE = re.compile(r"[:@.]")
# Attributes the sanitizer drops that would be active if it did not.
ACTIVE_ATTRIBUTES = frozenset({"style", "srcdoc", "formaction", "xlink:href", "action",
                               "ping", "http-equiv"})
# In an SVG or HTML file opened directly (no sanitizer): elements that run or embed.
ACTIVE_DOCUMENT_TAGS = frozenset({"script", "foreignobject", "iframe", "object", "embed",
                                  "base", "form", "meta", "link", "frame", "frameset",
                                  "applet", "portal", "handler", "listener"})
# Where a site keeps the scripts it ships under docs/ (its own, and vendored builds they load):
# the policy names each file there; a script anywhere else under docs/ is refused.
SCRIPT_FOLDERS = ("assets/javascripts/", "assets/vendor/")
SCRIPT_SUFFIXES = (".js", ".mjs")
# Characters of a file or folder name under docs/ that the theme would print raw into markup or
# a URL (quotes, angle brackets, `&`, backticks, backslashes, URL delimiters, controls).
UNSAFE_NAME_RE = re.compile(r"[\"'<>&`\\%#?\x00-\x1f\x7f\u2028\u2029]")
# Elements whose `href` is fetched rather than followed (SVG).
FETCHED_HREF_TAGS = frozenset({"use", "image", "feimage", "script", "link", "pattern"})


def name_problem(src: str) -> str | None:
    """Why a docs path's name cannot be published (its characters), None when it can."""
    found = sorted(set(UNSAFE_NAME_RE.findall(src)))
    if not found:
        return None
    shown = " ".join(repr(char)[1:-1] for char in found)
    return (f"file name holds {shown}, which the theme prints raw into every link to it; "
            "use letters, digits, '-', '_' and '.'")


STRAY_SCRIPT = ("script file outside the site's script folders (assets/javascripts/, "
                "assets/vendor/) and extra_javascript: the site's policy does not run it; put "
                "scripts in assets/javascripts/ and list them in mkdocs.yml")


def stray_script(src: str, listed: frozenset[str]) -> bool:
    """A script file under docs/ that is neither in the site's script folders nor listed in
    `extra_javascript`: the policy does not name it, and a pull request should not add one."""
    return (src.lower().endswith(SCRIPT_SUFFIXES) and not src.startswith(SCRIPT_FOLDERS)
            and src not in listed)


UNCLOSED_TAG = ("'<' opens a tag that is never closed (no '>' after it in the page); the "
                "build shows it as text: close the tag or write '\\<'")


def unclosed_tags(scan: Scan) -> list[tuple[int, int]]:
    """(line, 1-based column) of each `<` outside code that opens a tag with no `>` after it
    in the page: never a tag, and Markdown's HTML parser tries each of them up to the end of
    the page (quadratic on a run of them)."""
    code = scan.code_lines()
    lines = [(number, CODE_SPAN_RE.sub(lambda m: " " * len(m.group()), line) if "`" in line
              else line) for number, line in enumerate(scan.lines, start=1)
             if number >= scan.body_line and number not in code]
    last = max((number for number, line in lines if ">" in line), default=0)
    found = []
    for number, line in lines:
        if number < last:
            continue
        start = line.rfind(">") + 1 if number == last else 0
        found += [(number, m.start() + 1) for m in TAG_OPEN_RE.finditer(line, start)]
    return found


def css_text(css: str) -> str:
    """CSS with its comments removed and its escapes decoded (`u\\72l(` reads `url(`)."""
    def unescape(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code < 0x110000 else "\ufffd"
        return "" if match.group(2) in "\n\r\f" else match.group(2)

    return CSS_ESCAPE_RE.sub(unescape, css_comments_blanked(css))


def css_comments_blanked(css: str) -> str:
    """CSS with each comment (an unclosed one runs to the end) blanked out, lines kept; in
    time linear in its length."""
    parts, done = [], 0
    while (start := css.find("/*", done)) >= 0:
        end = css.find("*/", start + 2)
        end = len(css) if end < 0 else end + 2
        parts += [css[done:start], NOT_NEWLINE_RE.sub(" ", css[start:end])]
        done = end
    return "".join(parts) + css[done:]


def url_finding(url: str, where: str, resource: bool) -> tuple[str, str] | None:
    """(code, message) when a URL would run script, render a document or, for a resource the
    browser loads by itself, leave the site; None when it is harmless."""
    bare = CONTROL_RE.sub("", url).lower()
    if bare.startswith("javascript:"):
        return "GL404", f"javascript: URL in {where}; pages carry no script"
    if ACTIVE_SCHEME_RE.match(bare):
        scheme = bare.split(":", 1)[0] + ":" + (bare[5:].split(";")[0].split(",")[0]
                                                if bare.startswith("data:") else "")
        return "GL803", (f"'{scheme}' URL in {where} runs or renders content of its own; "
                         "link to a page or file of the garden instead")
    if resource and is_offsite(url):
        return "GL804", (f"{where} loads '{url}' from another host, a request off the site "
                         "when the page is read; put the file under docs/assets/")
    return None


def _attribute_findings(tag: str, attrs: list[tuple[str, str | None]],
                        where: str = "") -> Iterator[tuple[str, str]]:
    """(code, message) of each active attribute of one element (`where` names it)."""
    where = where or f"<{tag}>"
    for name, raw_value in attrs:
        value = raw_value or ""
        if EVENT_HANDLER_RE.match(name):
            yield "GL405", f"inline event handler '{name}=' on {where}; pages carry no script"
            continue
        if name == "id" and RESERVED_ID_RE.match(value):
            yield "GL802", (f"id '{value}' on {where} is one the theme's scripts look up; "
                            "the build drops it")
            continue
        if name == "data-type" and value.lower() not in LIGHTBOX_TYPES:
            yield "GL802", (f"'data-type={value}' on {where} opens a lightbox of another "
                            "kind than an image (a frame, inline HTML); the build drops it")
            continue
        if name in READ_AS_HTML and TAG_OPEN_RE.search(value):
            yield "GL802", (f"'{name}=' on {where} holds markup, which the theme's tooltips "
                            "and the lightbox read as HTML; the build keeps it as text")
            continue
        if name == "style" and not CSS_REQUEST_RE.search(css_text(value)):
            continue  # colours and sizes: harmless (and dropped from pages by the build)
        if name in ACTIVE_ATTRIBUTES:
            yield "GL802", f"'{name}=' on {where} can load or run content; the build drops it"
            continue
        resource = name in RESOURCE_ATTRIBUTES or (name in ("href", "xlink:href")
                                                   and tag in FETCHED_HREF_TAGS)
        found = url_finding(value, f"{where} {name}=", resource) if value else None
        if found:
            yield found


def _element_finding(tag: str, attrs: list[tuple[str, str | None]]) -> tuple[str, str] | None:
    if tag == "script":
        return "GL402", ("raw <script> in a page; put scripts in docs/assets/javascripts/ "
                         "and list them in mkdocs.yml")
    if tag == "iframe":
        return "GL403", "raw <iframe> in a page embeds another site; link to it instead"
    if tag == "img" and not dict(attrs).get("src"):
        return "GL811", "<img> without a src; the lightbox cannot show it and the build fails"
    if tag not in ALLOWED_TAGS:
        return "GL801", (f"<{tag}> is not allowed in a page and the build removes it (allowed: "
                         "text markup, tables, images, details; see docs/about/checks.md)")
    return None


def _strict_finding(tag: str, name: str, value: str, where: str) -> tuple[str, str] | None:
    """An attribute the strict profile's allowlist removes that no other rule names (on an
    element the allowlist keeps; `tag` empty for an attribute list, whose element is not
    known here: then only what no element may keep)."""
    if keeps_attribute(tag, name, value) if tag else keeps_anywhere(name, value):
        return None
    return "GL821", (f"'{name}=' on {where} is not on the strict profile's allowlist; the "
                     "build removes it: write it in Markdown, or leave it out")


def _attribute_problems(tag: str, attrs: list[tuple[str, str | None]], strict: bool,
                        where: str = "") -> list[tuple[str, str]]:
    """Each active attribute, and under the strict profile each one its allowlist drops."""
    found = []
    for name, value in attrs:
        active = list(_attribute_findings(tag, [(name, value)], where))
        strict_drop = (_strict_finding(tag, name, value or "", where or f"<{tag}>") if strict
                       else None)
        found += active or ([strict_drop] if strict_drop else [])
    return found


class _Finder(HTMLParser):
    def __init__(self, strict: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.strict = strict
        self.findings: list[Finding] = []

    def set_cdata_mode(self, elem: str) -> None:
        """Keep reading tags inside <script> and <style>: each one is reported."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if NOT_AN_ELEMENT_RE.search(tag):
            return
        line, offset = self.getpos()
        removed = _element_finding(tag, attrs)
        # An element removed as a whole is one finding; a kept one is judged by attribute.
        found = [removed] if removed and removed[0] != "GL811" else [
            removed, *_attribute_problems(tag, attrs, self.strict)]
        self.findings.extend(Finding(line, offset + 1, code, message)
                             for code, message in (f for f in found if f))

    handle_startendtag = handle_starttag


def markup_findings(markup: str, strict: bool = False) -> list[Finding]:
    """Problems of the tags in `markup`: a page's text with its code blanked out, or a
    glossary definition (files published as they are: garden.safety.documents); `strict`:
    also what the strict profile's allowlist drops."""
    if "<" not in markup:
        return []
    finder = _Finder(strict)
    # Nothing after the last `>` can be a whole tag; the standard library's parser would try
    # each `<` there up to the end (quadratic on a run of unclosed tags).
    finder.feed(markup[:markup.rfind(">") + 1])
    finder.close()
    return finder.findings


ATTR_LIST_RE = re.compile(r"(?<!\\)\{:?[ \t]*(?P<body>[^{}\n]*)\}")
# An inline image `![alt](url)`: its alt holds no `]`, its URL no parenthesis.
IMAGE_MARK_RE = re.compile(r"!\[|\]\(?")
URL_END_RE = re.compile(r"[^()]*\)")
ATTR_PAIR_RE = re.compile(
    r"(?P<name>[A-Za-z_:][-A-Za-z0-9_:.]*)=(?P<value>\"[^\"]*\"|'[^']*'|[^\s\"'}]+)")


def image_ends(line_text: str) -> set[int]:
    """The columns where an inline image ends in the line, in one pass (a search for an image
    ending right before each attribute list went over the line again each time)."""
    ends = set()
    alt_open = False  # a `![` since the last `]`
    for mark in IMAGE_MARK_RE.finditer(line_text):
        if mark.group() == "![":
            alt_open = True
            continue
        url = URL_END_RE.match(line_text, mark.end()) if alt_open and mark.group() == "](" \
            else None
        if url:
            ends.add(url.end())
        alt_open = False
    return ends


def attr_list_findings(line_text: str, strict: bool = False) -> Iterator[tuple[int, str, str]]:
    """(0-based column, code, message) for each active attribute in attr_list syntax
    (`{ onclick="…" }`, `{: style="…" }`) on a line whose code spans are blanked out;
    `strict`: also each one no element keeps under the strict profile."""
    blocks = list(ATTR_LIST_RE.finditer(line_text))
    images = image_ends(line_text) if blocks else set()
    for block in blocks:
        # Right after an image, the list is the `<img>`'s; elsewhere its element is not known.
        tag = "img" if block.start() in images else ""
        for pair in ATTR_PAIR_RE.finditer(block.group("body")):
            attrs = [(pair.group("name").lower(),
                      html.unescape(pair.group("value").strip("\"'")))]
            for code, message in _attribute_problems(tag, attrs, strict, "an attribute list"):
                yield block.start("body") + pair.start(), code, message
