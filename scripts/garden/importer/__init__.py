"""`garden import`: raw notes and vaults read, planned into pages and glossary entries, and
written with the nav, the plugin's options and the ledger edited in place.

May import: text, model and safety (garden.text, garden.model, garden.safety); never the
checker's rules: what both need (fence languages, the language of prose) lives in garden.text.
"""
