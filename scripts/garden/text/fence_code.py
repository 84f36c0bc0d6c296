"""The code in a fence: the Pygments lexer its language names, and whether the code parses
(Python, JSON, YAML, TOML): one reading for the checker's fence rules (GL3xx), the importer and
the tests of the samples."""

from __future__ import annotations

import ast
import functools
import json
import re
import tomllib
from collections.abc import Callable

import yaml
from pygments.lexers import find_lexer_class_by_name
from pygments.util import ClassNotFound

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
