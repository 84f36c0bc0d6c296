"""GL3xx: code fences: closed, a language Pygments knows, and code that parses."""

from __future__ import annotations

import ast
import functools
import json
import re
import tomllib
from collections.abc import Callable, Iterable

import yaml
from pygments.lexers import find_lexer_class_by_name
from pygments.util import ClassNotFound

from garden.rules import diagnostic
from garden.site import Garden, Page
from garden.text.diagnostics import Diagnostic
from garden.text.directives import line_directive
from garden.text.markdown_scan import Fence

# `<!-- garden: fragment (reason) -->` on the line right before a fence: not meant to parse.
LIST_ITEM_RE = re.compile(r"^ *(?:[-*+]|\d+[.)])[ \t]")
TOML_POSITION_RE = re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)")
# Names the superfences and highlight extensions accept besides Pygments' lexers.
ALWAYS_KNOWN = {"text", "txt", "plain", "plaintext"}

# (line within the body, 1-based; column, 1-based; message) or None when the body parses.
ParseError = tuple[int, int, str] | None


class LenientYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML that accepts any tag (`!ENV`, `!!python/name:`) as in mkdocs.yml examples."""


LenientYamlLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def parse_python(body: str) -> ParseError:
    try:
        ast.parse(body)
    except SyntaxError as error:
        return error.lineno or 1, error.offset or 1, f"Python syntax error: {error.msg}"
    except ValueError as error:  # e.g. null bytes
        return 1, 1, f"Python source cannot be parsed: {error}"
    return None


def parse_json(body: str) -> ParseError:
    try:
        json.loads(body)
    except json.JSONDecodeError as error:
        return error.lineno, error.colno, f"invalid JSON: {error.msg}"
    return None


def parse_yaml(body: str) -> ParseError:
    try:
        for _ in yaml.load_all(body, Loader=LenientYamlLoader):  # noqa: S506 - safe loader
            pass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return line, column, f"invalid YAML: {error.problem or error.context}"
    except yaml.YAMLError as error:
        return 1, 1, f"invalid YAML: {error}"
    return None


def parse_toml(body: str) -> ParseError:
    try:
        tomllib.loads(body)
    except tomllib.TOMLDecodeError as error:
        where = TOML_POSITION_RE.search(str(error))
        message = TOML_POSITION_RE.sub("", str(error)).strip()
        if where:
            return int(where["line"]), int(where["column"]), f"invalid TOML: {message}"
        return body.count("\n") + 1, 1, f"invalid TOML: {message}"  # at end of document
    return None


PARSERS: dict[str, tuple[str, Callable[[str], ParseError]]] = {
    "PythonLexer": ("GL304", parse_python),
    "JsonLexer": ("GL305", parse_json),
    "YamlLexer": ("GL306", parse_yaml),
    "TOMLLexer": ("GL307", parse_toml),
}


@functools.lru_cache(maxsize=1024)
def lexer_name(lang: str) -> str | None:
    """The Pygments lexer class name for a fence language, None when Pygments has none."""
    try:
        return find_lexer_class_by_name(lang).__name__
    except ClassNotFound:
        return None


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
        yield diagnostic(garden, src, fence.line, column, "GL303",
                         f"code fence language '{fence.lang}' is unknown to Pygments; "
                         "use a Pygments lexer name or 'text'")
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
