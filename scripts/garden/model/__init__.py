"""The garden's model: its configuration (the plugin's options), its pages with their anchors
and links, the glossary's terms, Obsidian's dialect read as the site's Markdown, and the
provenance of pages in the raw notes.

May import: the text layer (garden.text).
"""
