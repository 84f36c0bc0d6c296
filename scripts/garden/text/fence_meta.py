"""Fence options other tools write, as pymdownx.highlight's own.

Docusaurus, Quartz (rehype-pretty-code) and MDX-based sites open a fence with
```` ```js {1,3-4} showLineNumbers title="app.js" ````; superfences does not parse that line
and renders the whole block as one line of inline code. `fence_head` rewrites the line to the
options superfences reads (`hl_lines="1 3-4" linenums="1" title="app.js"`) and names what has
no equivalent, which it leaves out (reported, never dropped silently).
"""

from __future__ import annotations

import re
from typing import NamedTuple

FENCE_HEAD_RE = re.compile(r"^(?P<lead>[ \t>]*(?:`{3,}|~{3,})[ \t]*)(?P<info>[^\s{`][^`]*)$")
# `{1,3-4}`: the lines to highlight.
RANGE = r"\s*\d+(?:\s*-\s*\d+)?\s*"
LINE_RANGES_RE = re.compile(rf"^\{{(?P<ranges>{RANGE}(?:,{RANGE})*)\}}$")
# `showLineNumbers`, `showLineNumbers{5}`, `showLineNumbers=5`: numbered, from 1 or 5.
LINE_NUMBERS_RE = re.compile(r"^showLineNumbers(?:\{(?P<a>\d+)\}|=(?P<b>\d+))?$")
# `key="value"`, `key='value'`, `key=value`, `{…}`, `/…/`, or a bare word.
TOKEN_RE = re.compile(r"""[\w-]+=(?:"[^"]*"|'[^']*'|\{[^}]*\}|\S+)|\{[^}]*\}|/[^/]*/\S*|\S+""")
# Options superfences and pymdownx.highlight read themselves.
OWN_OPTIONS = ("title=", "hl_lines=", "linenums=", "anchor_linenums=")
# A fence's first line with line ranges or numbers: a page worth translating.
FOREIGN_HEAD_RE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})[^\n`]*(?:\{\s*\d|showLineNumbers)",
                             re.MULTILINE)


class FenceHead(NamedTuple):
    line: str  # the fence's first line as superfences reads it
    left_out: tuple[str, ...]  # options of another tool with no equivalent


def uses_foreign_options(text: str) -> bool:
    return ("```" in text or "~~~" in text) and FOREIGN_HEAD_RE.search(text) is not None


def fence_head(line: str) -> FenceHead | None:
    """The fence's first line with other tools' options translated, or None when it has none
    (superfences reads it as it is)."""
    head = FENCE_HEAD_RE.match(line)
    if head is None:
        return None
    language, *tokens = TOKEN_RE.findall(head.group("info"))
    if not any(LINE_RANGES_RE.match(t) or LINE_NUMBERS_RE.match(t) for t in tokens):
        return None
    kept, left_out = [language], []
    for token in tokens:
        ranges, numbers = LINE_RANGES_RE.match(token), LINE_NUMBERS_RE.match(token)
        if ranges:
            lines = " ".join(part.replace(" ", "") for part in ranges.group("ranges").split(","))
            kept.append(f'hl_lines="{lines}"')
        elif numbers:
            kept.append(f'linenums="{numbers.group("a") or numbers.group("b") or 1}"')
        elif token.startswith(OWN_OPTIONS):
            kept.append(token)
        else:
            left_out.append(token)
    return FenceHead(head.group("lead") + " ".join(kept), tuple(left_out))
