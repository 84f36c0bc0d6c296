"""Code blocks copied out of a chat app together with their header.

A chat app draws a header over each code block: its language and buttons ("bash  Copy
Download"). Copied with the block, the header's words run into the fence after them:
`bashCopyDownload```` opens no code block, so the code reads as prose, and the block's closing
fence opens one that swallows the rest of the note. `unglued_fences` puts such a fence back at
the start of its line, with the header's language as its own. A header after other text on
the same line is left as it is and named (a line of its own for the fence would shift every
line after it, and the note's lines are its provenance): the author splits it.

This reads fences line by line, as the broken text cannot be handed to a Markdown parser: a
parser sees the glued fence as text and pairs the fences after it wrongly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The header's language, its buttons, then the fence: `bashCopyDownload````, `pythonCopy code````.
COPIED_HEADER_RE = re.compile(
    r"^(?P<before>.*?)(?P<lang>[A-Za-z][\w+#.-]*)?Copy(?:Download| ?code)?"
    r"(?P<fence>`{3,}|~{3,})[ \t]*$")
FENCE_RE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass
class UngluedFences:
    text: str
    repaired: list[int] = field(default_factory=list)  # 1-based lines whose fence was freed
    left: list[int] = field(default_factory=list)  # lines with text before the header


def _closes(line: str, opened: str) -> bool:
    match = FENCE_RE.match(line)
    return bool(match and match.group("fence")[0] == opened[0]
                and len(match.group("fence")) >= len(opened) and not match.group("info").strip())


def unglued_fences(text: str) -> UngluedFences:
    """`text` with every fence glued to a copied code header opened on its own again."""
    result = UngluedFences(text)
    if "Copy" not in text:
        return result
    lines = text.split("\n")
    opened = ""  # the fence of the code block the line is in
    for number, line in enumerate(lines, start=1):
        if opened:
            opened = "" if _closes(line, opened) else opened
            continue
        fence = FENCE_RE.match(line)
        header = None if fence else COPIED_HEADER_RE.match(line)
        if fence:
            opened = fence.group("fence")
        elif header and header.group("before").strip():
            result.left.append(number)
        elif header:
            opened = header.group("fence")
            lines[number - 1] = opened + (header.group("lang") or "").lower()
            result.repaired.append(number)
    result.text = "\n".join(lines)
    return result
