"""The garden's tooling: import raw notes into pages, check the docs tree, serve MkDocs hooks."""

__version__ = "0.1.0"
