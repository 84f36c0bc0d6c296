"""GL905, GL906: Python samples a reader would copy into production, read as Python reads them.

- GL905 a network call with no `timeout` (`requests.get(url)`, `urlopen(url)`): it waits
  forever on a server that never answers; requests and urllib have no default timeout.
- GL906 a secret compared with `==` or `!=` (`token == expected`): the comparison stops at the
  first differing byte, so its time tells an attacker how much they guessed right; use
  `hmac.compare_digest` or `secrets.compare_digest`.

Both are warnings: a sample may mean it (a test of the comparison itself), and a reviewer
decides. The note's own code kept in an "As written in the note" block is not checked: it is
shown as the note had it, beside what is right.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator

from garden.check.rules import diagnostic
from garden.check.rules.editorial import as_written_blocks
from garden.model.site import Garden
from garden.text.diagnostics import Diagnostic, Severity
from garden.text.fence_code import lexer_name
from garden.text.markdown_scan import Fence

# Calls that wait for a server without a default limit.
NETWORK_CALLS = {"requests": {"get", "post", "put", "patch", "delete", "head", "options",
                              "request"}}
URLOPEN = "urlopen"
PYTHON_LEXER = "PythonLexer"
SECRET_NAME_RE = re.compile(
    r"(?:^|_)(?:token|secret|password|passwd|api_?key|signature|digest|hmac|credential)s?$",
    re.IGNORECASE)


def _name(node: ast.AST) -> str | None:
    """The identifier an expression ends with: `x`, `a.b.x`, `d["x"]`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return str(node.slice.value)
    return None


def _is_network_call(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.attr in NETWORK_CALLS.get(func.value.id, ())
    return _name(func) == URLOPEN


def _waits_forever(call: ast.Call) -> bool:
    """A network call without `timeout=` (nor `**options` that may carry one)."""
    return _is_network_call(call) and not any(
        keyword.arg in ("timeout", None) for keyword in call.keywords)


def _secret_compared(compare: ast.Compare) -> str | None:
    """The secret's name when `compare` tests it for equality against another value (a
    literal or None is no secret's value: `token is None`, `scheme == "Bearer"`)."""
    if not any(isinstance(op, (ast.Eq, ast.NotEq)) for op in compare.ops):
        return None
    sides = [compare.left, *compare.comparators]
    if any(isinstance(side, ast.Constant) for side in sides):
        return None
    names = [_name(side) for side in sides]
    return next((name for name in names if name and SECRET_NAME_RE.search(name)), None)


def sample_findings(body: str) -> Iterator[tuple[int, int, str, str]]:
    """(line, column, code, message) in a Python sample, 1-based within its body; a sample
    that does not parse has none (GL304 says so)."""
    try:
        tree = ast.parse(body)
    except (SyntaxError, ValueError):
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _waits_forever(node):
            yield (node.lineno, node.col_offset + 1, "GL905",
                   "network call without a timeout: it waits forever on a server that never "
                   "answers; pass timeout=")
        elif isinstance(node, ast.Compare):
            secret = _secret_compared(node)
            if secret:
                yield (node.lineno, node.col_offset + 1, "GL906",
                       f"secret `{secret}` compared with == or !=: the time it takes tells how "
                       "much of it was guessed; use hmac.compare_digest")


def _python_fences(fences: Iterable[Fence]) -> Iterator[Fence]:
    """The Python samples, by the lexer the fence's language names (as GL304 reads them)."""
    return (fence for fence in fences
            if lexer_name((fence.lang or "").lower() or "text") == PYTHON_LEXER)


def check_samples(garden: Garden) -> Iterable[Diagnostic]:
    for src, page in garden.checked_pages():
        quoted = [(box.line, box.end_line) for box in as_written_blocks(page)]
        for fence in _python_fences(page.scan.fences):
            if any(start < fence.line <= end for start, end in quoted):
                continue
            for line, column, code, message in sample_findings(fence.body):
                yield diagnostic(garden, src, fence.body_start + line - 1,
                                 fence.indent + column, code, message, Severity.WARNING)


RULES = (check_samples,)
