"""Directives: HTML comments that speak to the garden, one grammar for all of them.

    <!-- garden: ignore GL201 the reason -->   the checker: excuse one problem (check/runner.py)
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

# A directive's head; its arguments run to the first `-->` after it, on its line. (One regex
# for the whole comment, `[\s:]*(.*?)\s*-->`, splits a long run of blanks three ways: cubic.)
HEAD_RE = re.compile(r"<!--\s*(?P<namespace>garden|glossary):\s*(?P<name>[a-z]+)\b")
CLOSE = "-->"
LEAD_RE = re.compile(r"[\s:]*")
NAMESPACES = ("garden:", "glossary:")


@dataclass(frozen=True)
class Directive:
    namespace: str
    name: str
    args: str
    start: int  # 0-based offsets of the comment in its line
    end: int


def _scan(text: str) -> Iterator[Directive]:
    """Every directive of `text`, in order, in time linear in its length."""
    done, close = 0, -1
    for head in HEAD_RE.finditer(text):
        if head.start() < done:
            continue
        if close < head.end():
            close = text.find(CLOSE, head.end())
            if close < 0:
                return
        body = text[head.end():close]
        args = body[LEAD_RE.match(body).end():].rstrip()  # type: ignore[union-attr]
        if "\n" in args:
            continue  # arguments stay on one line
        yield Directive(head["namespace"], head["name"], args, head.start(),
                        close + len(CLOSE))
        done = close + len(CLOSE)


def find_directives(text: str, namespace: str | None = None,
                    name: str | None = None) -> Iterator[Directive]:
    """Every directive in a line (or text), optionally only those of one namespace/name."""
    if not any(prefix in text for prefix in NAMESPACES):
        return
    for found in _scan(text):
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

    parts, done = [], 0
    for found in _scan(text):
        make = replacements.get(found.name) if found.namespace == namespace else None
        if make is not None:
            parts += [text[done:found.start], make()]
            done = found.end
    return "".join(parts) + text[done:] if parts else text
