"""The build features, computed from the model with no build engine imported: glossary links
and the glossary page, backlinks, freshness and maturity, the graph, the search index, emoji.

May import: the text layer and the model (garden.text, garden.model); never the MkDocs adapter.
"""
