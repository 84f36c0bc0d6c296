"""GL3xx: code fences: closed, a language Pygments knows, and code that parses."""

from __future__ import annotations

import re
from collections.abc import Iterable

from garden.check.rules import diagnostic
from garden.model.obsidian import QUERY_FENCES
from garden.model.site import Garden, Page
from garden.text.diagnostics import Diagnostic
from garden.text.directives import line_directive
from garden.text.fence_code import ALWAYS_KNOWN, PARSERS, lexer_name
from garden.text.markdown_scan import Fence

# `<!-- garden: fragment (reason) -->` on the line right before a fence: not meant to parse.
LIST_ITEM_RE = re.compile(r"^ *(?:[-*+]|\d+[.)])[ \t]")


def known_languages(garden: Garden) -> set[str]:
    """Fence names that are fine without a Pygments lexer: custom fences, text."""
    names = set(ALWAYS_KNOWN)
    fences = garden.config.extension_configs.get("pymdownx.superfences", {})
    names.update(str(f.get("name", "")).lower() for f in fences.get("custom_fences", []) or [])
    highlight = garden.config.extension_configs.get("pymdownx.highlight", {})
    for extra in highlight.get("extend_pygments_lang", []) or []:
        names.add(str(extra.get("name", "")).lower())
    return names


def fragment_reason(page: Page, fence: Fence) -> str | None:
    """The reason given by a fragment marker right before the fence; None when unmarked."""
    index = fence.line - 2
    if index < 0:
        return None
    marker = line_directive(page.scan.lines[index], "garden", "fragment")
    return marker.args.strip("() \t") if marker else None


def _list_item_indent(page: Page, fence: Fence) -> int | None:
    """The marker indentation of the list item an indented fence is written under, if any."""
    for index in range(fence.line - 2, page.scan.body_line - 2, -1):
        line = page.scan.lines[index]
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent < fence.indent:
            item = LIST_ITEM_RE.match(line)
            return indent if item else None
    return None


def _unknown_language(fence: Fence) -> str:
    runs = QUERY_FENCES.get((fence.lang or "").lower())
    if runs:
        return (f"code fence '{fence.lang}' is a query {runs} runs in Obsidian; the site shows "
                "the query as code, not its results")
    return (f"code fence language '{fence.lang}' is unknown to Pygments; use a Pygments lexer "
            "name or 'text'")


def check_fence(garden: Garden, page: Page, fence: Fence, known: set[str]) -> Iterable[
        Diagnostic]:
    src, column = page.src, fence.indent + 1
    item_indent = _list_item_indent(page, fence) if fence.indent > 0 else None
    if item_indent is not None and fence.indent < item_indent + 4:
        yield diagnostic(garden, src, fence.line, column, "GL309",
                         f"code fence indented {fence.indent} spaces under a list item ends "
                         f"the list (numbering restarts); indent it {item_indent + 4} spaces")
    if not fence.closed:
        yield diagnostic(garden, src, fence.line, column, "GL301",
                         f"code fence '{fence.marker}' is never closed: the rest of the page "
                         f"renders as code; close it with '{fence.marker}'")
    lang = (fence.lang or "").lower()
    if not lang:
        yield diagnostic(garden, src, fence.line, column, "GL302",
                         "code fence has no language; name one (use 'text' for plain text)")
        return
    lexer = lexer_name(lang)
    if lexer is None and lang not in known:
        yield diagnostic(garden, src, fence.line, column, "GL303", _unknown_language(fence))
        return
    if lexer not in PARSERS or not fence.closed:
        return
    reason = fragment_reason(page, fence)
    if reason is not None:
        if not reason:
            yield diagnostic(garden, src, fence.line - 1, 1, "GL308",
                             "fragment marker needs a reason: "
                             "<!-- garden: fragment (why this code is incomplete) -->")
        return
    code, parse = PARSERS[lexer]
    problem = parse(fence.body)
    if problem:
        line, col, message = problem
        yield diagnostic(garden, src, fence.body_start + line - 1, fence.indent + col, code,
                         f"{message} (mark an intentional fragment with "
                         "<!-- garden: fragment (reason) --> on the line before the fence)")


def check_fences(garden: Garden) -> Iterable[Diagnostic]:
    known = known_languages(garden)
    for _, page in garden.checked_pages():
        for fence in page.scan.fences:
            yield from check_fence(garden, page, fence, known)


RULES = (check_fences,)
