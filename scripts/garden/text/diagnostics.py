"""Problems, in the linters' shape: a `Finding` where a reader of one text met it (line,
column, code, message), and a `Diagnostic`, a finding with its file and severity, as
`garden check` and the build report it. Every reader, rule and importer step reports these two."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """A problem in one text: 1-based line and column, rule code, plain message."""

    line: int
    column: int
    code: str
    message: str

    def at(self, path: str, severity: Severity = Severity.ERROR) -> Diagnostic:
        """The finding in the file at `path` (relative to the project root)."""
        return Diagnostic(path, self.line, self.column, self.code, self.message, severity)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """`path:line:col: CODE message`, path relative to the project root, 1-based positions."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"
