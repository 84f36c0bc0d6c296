"""The garden: a MkDocs plugin (`garden.plugin`), the `garden` command (import, check) and the
model of the garden they share (`garden.model.site`, `garden.text.markdown_scan`)."""

__version__ = "0.2.0"
