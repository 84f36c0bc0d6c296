"""The checker's rules: each module exposes `(garden) -> Iterable[Diagnostic]` functions.

Every code they report is registered, with its one-line summary, in `garden.check.codes`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from garden.model.site import Garden
from garden.text.diagnostics import Diagnostic, Severity

Rule = Callable[[Garden], Iterable[Diagnostic]]


def diagnostic(garden: Garden, src: str, line: int, column: int, code: str, message: str,
               severity: Severity = Severity.ERROR) -> Diagnostic:
    """A diagnostic about a file under docs/, its path shown from the project root."""
    return Diagnostic(garden.rel(src), line, column, code, message, severity)
