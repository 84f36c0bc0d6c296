"""`garden check`: the runner (garden.check.runner), the registry of diagnostic codes and every
rule (garden.check.rules).

May import: text, model, safety and the build features; the MkDocs adapter only for
`--from-build` (garden.plugin.built, imported when that option is given).
"""
