"""Files under docs/ published as they are, read as a browser reads them.

A file that is not a page is copied to the site untouched, and a reader can open it directly:
an SVG or HTML file then runs its scripts, a stylesheet loads what it names. Only suffixes a
browser shows inertly are published (`INERT_SUFFIXES`); SVG is read with an XML parser that
refuses DTDs and entities (defusedxml) and reports processing instructions, HTML with an HTML5
parser (html5lib), and CSS with its escapes decoded, so `<s:script>` in another prefix, an
entity, a comment or CDATA form, `u\\72l(` or `<?xml-stylesheet?>` is read as the browser would.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # only its ParseError: parsing is defusedxml's
from collections.abc import Iterator

import html5lib
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import XMLParser

from garden.safety.active_content import (
    ACTIVE_DOCUMENT_TAGS,
    EVENT_HANDLER_RE,
    SCRIPT_SUFFIXES,
    css_comments_blanked,
    css_text,
    url_finding,
)
from garden.safety.sanitize import is_offsite
from garden.text.diagnostics import Finding

# Published as they are and shown inertly by browsers (or offered as downloads).
INERT_SUFFIXES = frozenset({
    "", ".md", ".txt", ".csv", ".json", ".yml", ".yaml", ".pdf",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".bmp",
    ".woff", ".woff2", ".ttf", ".otf", ".mp3", ".mp4", ".ogg", ".webm", ".wav",
    ".zip", ".gz", ".tgz", ".tar",
})
# Read before they are published: documents and stylesheets.
CHECKED_SUFFIXES = frozenset({".svg", ".html", ".htm", ".css"})
CSS_URL_RE = re.compile(
    r"(?:url|image-set|image|src)\s*\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\s]*))"
    r"|@import\s+(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)
CSS_ACTIVE_RE = re.compile(r"expression\s*\(|-moz-binding|behavior\s*:|javascript:",
                           re.IGNORECASE)
NAMESPACE_RE = re.compile(r"^\{[^}]*\}")
XLINK = "{http://www.w3.org/1999/xlink}"
TAG_START_RE = re.compile(r"</?[A-Za-z]")
# What ends an attribute in a tag: blanks, and a `/` that closes nothing (`</a</a` is a tag
# of many attributes to an HTML5 parser).
ATTRIBUTE_END_RE = re.compile(r"[\s/]+")
QUOTED_VALUE_RE = re.compile(r"\"[^\"]*\"|'[^']*'")  # blanks and slashes in it end nothing
MAX_ATTRIBUTES = 1000
MAX_TAG_CHARS = 32_000
# An HTML file may declare HTML itself, nothing else (no system identifiers to fetch).
HTML_DOCTYPE_RE = re.compile(r"<!doctype\s+html\s*>", re.IGNORECASE)


def suffix_of(src: str) -> str:
    name = src.rsplit("/", 1)[-1].lower()
    return "." + name.rsplit(".", 1)[1] if "." in name.lstrip(".") else ""


def refused_suffix(src: str) -> str | None:
    """Why a file under docs/ must not be published for its suffix, None when it may."""
    suffix = suffix_of(src)
    if suffix in INERT_SUFFIXES or suffix in CHECKED_SUFFIXES or suffix in SCRIPT_SUFFIXES:
        return None
    return (f"'{suffix}' files are not among those browsers show inertly (images, text, "
            "fonts, media, SVG, HTML and CSS that pass these checks); the build refuses it")


def css_findings(css: str) -> Iterator[str]:
    """What a stylesheet (or a `style` attribute) loads from elsewhere or runs."""
    text = css_text(css)
    if CSS_ACTIVE_RE.search(text):
        yield "CSS that runs script (expression(), bindings, javascript:)"
    for match in CSS_URL_RE.finditer(text):
        url = next((group for group in match.groups() if group is not None), "")
        found = url_finding(url, "CSS", resource=True)
        if found:
            yield found[1]
        elif url and is_offsite(url):
            yield f"CSS loads '{url}' from another host"


def _local(name: str) -> str:
    """An element's or attribute's name without its namespace (`<s:script>` is a script)."""
    if name.startswith(XLINK):
        return "xlink:" + name[len(XLINK):]
    return NAMESPACE_RE.sub("", name).lower()


def _element_findings(tag: str, attrs: dict[str, str]) -> Iterator[str]:
    name = _local(tag)
    if name in ACTIVE_DOCUMENT_TAGS:
        yield f"<{name}> runs or embeds content when the file is opened"
    for raw_name, value in attrs.items():
        attribute = _local(raw_name)
        if EVENT_HANDLER_RE.match(attribute):
            yield f"inline event handler '{attribute}=' on <{name}>"
        elif attribute == "style":
            yield from css_findings(value)
        elif attribute in ("href", "xlink:href", "src", "action", "formaction", "data"):
            found = url_finding(value, f"<{name}> {attribute}=",
                                resource=name not in ("a",))
            if found:
                yield found[1]


class _SvgReader:
    """An XML parser's target: elements with their lines, processing instructions."""

    def __init__(self) -> None:
        self.parser: XMLParser | None = None
        self.findings: list[tuple[int, str]] = []
        self.styles: list[tuple[int, list[str]]] = []

    def _line(self) -> int:
        return self.parser.parser.CurrentLineNumber if self.parser is not None else 1

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        line = self._line()
        self.findings += [(line, message) for message in _element_findings(tag, attrs)]
        if _local(tag) == "style":
            self.styles.append((line, []))

    def data(self, text: str) -> None:
        if self.styles:
            self.styles[-1][1].append(text)

    def end(self, tag: str) -> None:
        if _local(tag) == "style" and self.styles:
            line, parts = self.styles.pop()
            self.findings += [(line, message) for message in css_findings("".join(parts))]

    def pi(self, target: str, data: str) -> None:
        self.findings.append((self._line(), f"processing instruction <?{target}?> (a "
                              "stylesheet or a program the browser may run)"))

    def close(self) -> None:
        return None


def svg_findings(text: str) -> list[Finding]:
    """An SVG file read as XML: DTDs and entities refused, every element in any namespace."""
    reader = _SvgReader()
    parser = XMLParser(target=reader, forbid_dtd=True, forbid_entities=True,
                       forbid_external=True)
    reader.parser = parser
    try:
        parser.feed(text)
        parser.close()
    except DefusedXmlException as error:
        return [Finding(1, 1, "GL807", f"DOCTYPE or entity in an SVG file ({type(error).__name__})"
                        "; write the SVG without them")]
    except ET.ParseError as error:
        line = error.position[0] if error.position else 1
        return [Finding(line, 1, "GL807", f"SVG does not parse as XML ({error}); a browser "
                        "reads it otherwise")]
    return [Finding(line, 1, "GL807", message) for line, message in reader.findings]


def _attributes_over_limit(tag: str) -> bool:
    """Whether a tag (from its `<`) holds more than `MAX_ATTRIBUTES` attributes: a blank or a
    slash inside a quoted value ends none (an inline SVG path's thousand numbers are one)."""
    unquoted = QUOTED_VALUE_RE.sub('""', tag)
    return len(ATTRIBUTE_END_RE.split(unquoted, MAX_ATTRIBUTES)) > MAX_ATTRIBUTES


def _crowded_tag(text: str) -> int | None:
    """The line of a tag longer than `MAX_TAG_CHARS` or holding more than `MAX_ATTRIBUTES`
    attributes (its `>` may never come): html5lib grows a tag's name and compares each
    attribute with those before it, both quadratic in the tag's size, and no document needs
    such a tag."""
    offset = 0
    for piece in text.split(">"):
        start = TAG_START_RE.search(piece)
        if start and (len(piece) - start.start() > MAX_TAG_CHARS
                      or _attributes_over_limit(piece[start.start():])):
            return text.count("\n", 0, offset + start.start()) + 1
        offset += len(piece) + 1
    return None


def html_findings(text: str) -> list[Finding]:
    """An HTML file read by an HTML5 parser (as a browser: comments, CDATA, foreign content)."""
    crowded = _crowded_tag(text)
    if crowded is not None:
        return [Finding(crowded, 1, "GL807", f"a tag of more than {MAX_TAG_CHARS} characters "
                        f"or {MAX_ATTRIBUTES} attributes (or one never closed); write the "
                        "file as plain HTML")]
    found: list[Finding] = []
    doctype = re.search(r"<!doctype[^>]*>", text, re.IGNORECASE)
    if doctype and not HTML_DOCTYPE_RE.fullmatch(doctype.group()):
        found.append(Finding(text.count("\n", 0, doctype.start()) + 1, 1, "GL807",
                             "DOCTYPE other than <!DOCTYPE html>"))
    document = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=True)
    seen: dict[str, int] = {}
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        name = _local(element.tag)
        messages = list(_element_findings(element.tag, dict(element.attrib)))
        if name == "style":
            messages += css_findings(element.text or "")
        if messages:
            line = _nth_line(text, name, seen.get(name, 0))
            found += [Finding(line, 1, "GL807", message) for message in messages]
        seen[name] = seen.get(name, 0) + 1
    return found


def _nth_line(text: str, name: str, index: int) -> int:
    """The line of the `index`-th `<name` in the text (1 when the parser implied it)."""
    matches = re.finditer(rf"<(?:[\w-]+:)?{re.escape(name)}\b", text, re.IGNORECASE)
    for number, match in enumerate(matches):
        if number == index:
            return text.count("\n", 0, match.start()) + 1
    return 1


def document_findings(src: str, text: str) -> list[Finding]:
    """Problems of a file under docs/ published as it is (not a page)."""
    suffix = suffix_of(src)
    refused = refused_suffix(src)
    if refused:
        return [Finding(1, 1, "GL807", refused)]
    if suffix == ".svg":
        return svg_findings(text)
    if suffix in (".html", ".htm"):
        return html_findings(text)
    if suffix == ".css":
        return stylesheet_findings(text)
    return []


def stylesheet_findings(css: str) -> list[Finding]:
    """A stylesheet's findings by line (its comments blanked out first, lines kept)."""
    masked = css_comments_blanked(css)
    return [Finding(number, 1, "GL807", message)
            for number, line in enumerate(masked.split("\n"), start=1)
            for message in css_findings(line)]
