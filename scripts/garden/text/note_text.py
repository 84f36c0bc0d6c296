"""A note's text as the garden reads every note, once decoded: line endings unified, mojibake
repaired (garden.text.encoding) and code fences freed from a chat app's copied headers
(garden.text.copied_code). `garden import` writes pages from this text and `garden check`
looks for its lines on them (provenance): one reading, so the two agree."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from garden.text.copied_code import UngluedFences, unglued_fences
from garden.text.encoding import TextRepair, repair


@dataclass(frozen=True)
class NoteText:
    text: str
    repair: TextRepair  # what the mojibake repair did, and left as it is
    fences: UngluedFences  # the fences freed, and those left glued


def note_text(decoded: str, path: str | Path) -> NoteText:
    repaired = repair(decoded.replace("\r\n", "\n").replace("\r", "\n"), path)
    fences = unglued_fences(repaired.text)
    return NoteText(fences.text, repaired, fences)
