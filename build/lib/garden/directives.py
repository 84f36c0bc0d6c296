"""Directives: HTML comments that speak to the garden, one grammar for all of them.

    <!-- garden: ignore GL201 the reason -->   the checker: excuse one problem (check.py)
    <!-- garden: fragment (the reason) -->     the next fence is not a whole program (rules)
    <!-- glossary: off -->  <!-- glossary: on -->   no automatic term links in between (linker)
    <!-- garden:recent -->  <!-- garden:maturity -->  lists the plugin writes in their place

A directive is `<!--`, a namespace (`garden` or `glossary`), a colon, a name, then free
arguments, then `-->`. The comment renders to nothing, so a reader never sees it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

DIRECTIVE_RE = re.compile(
    r"<!--\s*(?P<namespace>garden|glossary):\s*(?P<name>[a-z]+)\b[\s:]*(?P<args>.*?)\s*-->")
NAMESPACES = ("garden:", "glossary:")


@dataclass(frozen=True)
class Directive:
    namespace: str
    name: str
    args: str
    start: int  # 0-based offsets of the comment in its line
    end: int


def _directive(match: re.Match[str]) -> Directive:
    return Directive(match["namespace"], match["name"], match["args"], match.start(),
                     match.end())


def find_directives(text: str, namespace: str | None = None,
                    name: str | None = None) -> Iterator[Directive]:
    """Every directive in a line (or text), optionally only those of one namespace/name."""
    if not any(prefix in text for prefix in NAMESPACES):
        return
    for match in DIRECTIVE_RE.finditer(text):
        found = _directive(match)
        if (namespace is None or found.namespace == namespace) and (
                name is None or found.name == name):
            yield found


def line_directive(line: str, namespace: str, name: str) -> Directive | None:
    """The directive a line consists of, when it is alone on the line and of that name."""
    found = next(find_directives(line, namespace, name), None)
    return found if found is not None and alone_on_line(line, found) else None


def alone_on_line(line: str, directive: Directive) -> bool:
    return not line[:directive.start].strip() and not line[directive.end:].strip()


def replace_directives(text: str, namespace: str, replacements: dict[str, Callable[[], str]]
                       ) -> str:
    """`text` with each directive of `namespace` whose name has a replacement replaced by
    what its function returns (called only where the directive is found)."""
    if f"{namespace}:" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        make = replacements.get(match["name"]) if match["namespace"] == namespace else None
        return make() if make is not None else match[0]

    return DIRECTIVE_RE.sub(replace, text)
