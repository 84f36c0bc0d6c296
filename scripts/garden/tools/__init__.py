"""This site's own tools: `garden diagrams` (the dark variants of its SVG diagrams) and the
sorting of its pages' code samples for tests/test_samples.py.

May import: any layer but the importer and the MkDocs adapter. Only garden.cli imports it.
"""
