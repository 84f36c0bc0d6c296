"""A range of a note's lines dropped in notes/ledger.yml, by a round-trip YAML edit.

`garden import` drops the lines that belong on no page and says why, as a person would (see
garden.model.provenance for how `garden check` reads the ledger): the ledger's comments, order and
other entries stay as written, and a range already dropped is not added again.
"""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from garden.importer.nav_edit import round_trip_yaml

LEDGER_HEADER = ("# Lines of the raw notes that are deliberately not on any page, with the "
                 "reason.\n")


def with_dropped(ledger_text: str, note: str, span: tuple[int, int], reason: str) -> str:
    """The ledger's text with lines `span` of `note` dropped for `reason` (unchanged when that
    range is dropped already)."""
    yaml = round_trip_yaml()
    data = yaml.load(ledger_text) if ledger_text.strip() else None
    if not isinstance(data, CommentedMap):
        data = CommentedMap()
    entry = data.setdefault(note, CommentedMap())
    dropped = entry.setdefault("dropped", CommentedSeq())
    lines = f"{span[0]}-{span[1]}"
    if any(isinstance(item, dict) and str(item.get("lines")) == lines for item in dropped):
        return ledger_text
    dropped.append(CommentedMap([("lines", lines), ("reason", reason)]))
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue() if ledger_text.strip() else LEDGER_HEADER + out.getvalue()


def drop_lines(ledger: Path, note: str, span: tuple[int, int], reason: str,
               write: bool) -> bool:
    """Drop lines `span` of `note` in the ledger file (when `write`); whether it was not
    dropped before."""
    text = ledger.read_text(encoding="utf-8") if ledger.exists() else ""
    new_text = with_dropped(text, note, span, reason)
    if write and new_text != text:
        ledger.write_text(new_text, encoding="utf-8")
    return new_text != text
