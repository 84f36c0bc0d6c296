"""GL401: the text itself: mojibake. (Raw HTML that runs script, GL402-405: rules/security.py.)"""

from __future__ import annotations

from collections.abc import Iterable

from garden.diagnostics import Diagnostic
from garden.encoding import CODECS, find_mojibake
from garden.markdown_scan import CODE_SPAN_RE
from garden.rules import diagnostic
from garden.site import Garden


def without_code_spans(line: str) -> str:
    return CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)


def _mojibake_characters() -> frozenset[str]:
    """Every character a byte 0x80-0xFF decodes to in the codecs mojibake comes from: a line
    without one of them cannot hold mojibake (Cyrillic or emoji text skips the analysis)."""
    high = bytes(range(0x80, 0x100))
    return frozenset("".join(high.decode(codec, errors="ignore") for codec in CODECS))


MOJIBAKE_CHARACTERS = _mojibake_characters()


def check_mojibake(garden: Garden) -> Iterable[Diagnostic]:
    for src, page in sorted(garden.pages.items()):
        code = page.scan.code_lines()
        for index, line in enumerate(page.scan.lines, start=1):
            if index in code or line.isascii() or MOJIBAKE_CHARACTERS.isdisjoint(line):
                continue
            for column, bad, fixed in find_mojibake(without_code_spans(line)):
                yield diagnostic(garden, src, index, column + 1, "GL401",
                                 f"mojibake '{bad}': text decoded with the wrong encoding; "
                                 f"write '{fixed}'")


RULES = (check_mojibake,)
