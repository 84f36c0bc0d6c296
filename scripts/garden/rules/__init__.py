"""The checker's rules: each module exposes `(garden) -> Iterable[Diagnostic]` functions.

`CODES` is the catalogue of the codes these modules report (the glossary and provenance
rules keep their own codes in GL5xx and GL6xx); docs/about/checks.md documents every one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from garden.diagnostics import Diagnostic, Severity
from garden.site import Garden

Rule = Callable[[Garden], Iterable[Diagnostic]]

CODES: dict[str, str] = {
    "GL000": "a rule failed on unexpected input (report it with the message)",
    "GL001": "suppression comment without a reason",
    "GL002": "suppression comment naming no valid rule code",
    "GL003": "suppression comment that suppresses nothing",
    "GL101": "nav entry points to a missing file",
    "GL102": "page missing from an explicit nav",
    "GL103": "page cannot be read (not valid UTF-8)",
    "GL104": "snippet (`--8<--`) file not found",
    "GL201": "link to a missing page or file",
    "GL202": "link to a missing anchor",
    "GL203": "absolute link into the site",
    "GL204": "link to a built URL (`.html` or a directory) instead of the Markdown page",
    "GL205": "image file not found",
    "GL206": "image without alt text",
    "GL207": "reference link with an undefined label",
    "GL208": "image loaded from another host",
    "GL301": "code fence never closed",
    "GL302": "code fence without a language",
    "GL303": "code fence language unknown to Pygments",
    "GL304": "Python fence does not parse",
    "GL305": "JSON fence does not parse",
    "GL306": "YAML fence does not parse",
    "GL307": "TOML fence does not parse",
    "GL308": "fragment marker without a reason",
    "GL309": "code fence under a list item indented too little (it ends the list)",
    "GL401": "mojibake (text decoded with the wrong encoding)",
    "GL402": "raw <script> in a page",
    "GL403": "raw <iframe> in a page",
    "GL404": "javascript: URL in a page",
    "GL405": "inline on*= event handler in a page",
    "GL406": "U+FFFD or C1 control character in a page (a character lost in decoding)",
    "GL701": "malformed external URL",
    "GL702": "external URL unreachable or failing (--external only)",
}


def diagnostic(garden: Garden, src: str, line: int, column: int, code: str, message: str,
               severity: Severity = Severity.ERROR) -> Diagnostic:
    """A diagnostic about a file under docs/, its path shown from the project root."""
    return Diagnostic(garden.rel(src), line, column, code, message, severity)
