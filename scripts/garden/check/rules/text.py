"""GL401 and GL406: the text itself: mojibake, and characters lost in decoding. (Raw HTML that
runs script, GL402-405: rules/security.py.)"""

from __future__ import annotations

from collections.abc import Iterable

from garden.check.rules import diagnostic
from garden.model.site import Garden
from garden.text.diagnostics import Diagnostic
from garden.text.encoding import C1_CONTROLS, CODECS, find_mojibake
from garden.text.markdown_scan import CODE_SPAN_RE


def without_code_spans(line: str) -> str:
    return CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)


def _mojibake_characters() -> frozenset[str]:
    """Every character a byte 0x80-0xFF decodes to in the codecs mojibake comes from: a line
    without one of them cannot hold mojibake (Cyrillic or emoji text skips the analysis)."""
    high = bytes(range(0x80, 0x100))
    return frozenset("".join(high.decode(codec, errors="ignore") for codec in CODECS))


MOJIBAKE_CHARACTERS = _mojibake_characters()
LOST_CHARACTERS = C1_CONTROLS | {"\ufffd"}


def check_mojibake(garden: Garden) -> Iterable[Diagnostic]:
    for src, page in garden.checked_pages():
        code = page.scan.code_lines()
        for index, line in enumerate(page.scan.lines, start=1):
            if index in code or line.isascii() or MOJIBAKE_CHARACTERS.isdisjoint(line):
                continue
            for column, bad, fixed in find_mojibake(without_code_spans(line)):
                yield diagnostic(garden, src, index, column + 1, "GL401",
                                 f"mojibake '{bad}': text decoded with the wrong encoding; "
                                 f"write '{fixed}'")


def check_lost_characters(garden: Garden) -> Iterable[Diagnostic]:
    """U+FFFD and C1 controls: what is left where a decoder lost a character or read a byte
    as Latin-1. No page means to hold them, in code or out of it; a C1 control inside
    mojibake GL401 reports is not reported twice."""
    for src, page in garden.checked_pages():
        for index, line in enumerate(page.scan.lines, start=1):
            if line.isascii() or (LOST_CHARACTERS.isdisjoint(line)):
                continue
            in_mojibake = {column for start, bad, _ in find_mojibake(line)
                           for column in range(start + 1, start + len(bad) + 1)}
            for column, ch in enumerate(line, start=1):
                if ch == "\ufffd":
                    yield diagnostic(garden, src, index, column, "GL406",
                                     "U+FFFD replacement character: a character was lost "
                                     "when the text was decoded; write it again")
                elif ch in C1_CONTROLS and column not in in_mojibake:
                    yield diagnostic(garden, src, index, column, "GL406",
                                     f"control character U+{ord(ch):04X}: a byte read as "
                                     "Latin-1; repair the text (garden import does)")


RULES = (check_mojibake, check_lost_characters)
