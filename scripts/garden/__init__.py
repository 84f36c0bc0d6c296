"""The garden: a MkDocs plugin (`garden.plugin`), the `garden` command (import, check) and the
model of the garden they share (`garden.model`, read through `garden.text`).

One folder per layer, each importing only those below it (tests/test_architecture.py): text,
model, safety, features, check, importer, plugin (the MkDocs adapter) and tools (this site's
own); cli.py is the command on top."""

__version__ = "0.2.0"
