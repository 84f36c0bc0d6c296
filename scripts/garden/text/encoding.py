"""Encoding repair: UTF-8 text that was once decoded as Windows-1252, Latin-1 or Mac Roman.

Such mojibake turns every non-ASCII character into a run of two to four characters of the
wrong code page (`’` becomes `â€™` in Windows-1252 and `‚Äô` in Mac Roman). The repair is
exact: the run is encoded back with that code page and decoded as UTF-8. It is applied per
sequence, so a line that mixes clean text with broken text keeps its clean part as written
(typographic quotes and dashes included), and it is applied only with confidence:

- a 3- or 4-byte sequence (three or more characters that together form one valid UTF-8
  character) standing for punctuation, a symbol or an emoji is strong evidence on its own;
- a 2-byte sequence is weak evidence (`√±` is real maths, and a Mac Roman `√±` would repair
  to `ñ`); it is repaired when the same line or file holds evidence for the same code page,
  when it is part of a run of such sequences (a word of Cyrillic), or when it is a
  Windows-1252 pair inside a word that repairs to a letter of a common script (`JosÃ©`);
- a sequence holding a C1 control character (U+0080-U+009F, what Latin-1 and lenient
  Windows-1252 decoders make of bytes 0x80-0x9F) is strong evidence too: no text holds one;
- the repaired character must be printable (no control, private-use or unassigned ones).

Text broken twice (decoded wrongly, encoded as UTF-8 and decoded wrongly again) is repaired
by repeating the repair while it still finds something to repair.

Anything that looks broken but cannot be repaired with confidence is reported with its line
and column, never guessed.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from garden.text.diagnostics import Diagnostic, Severity

WINDOWS_1252 = "windows-1252"
LATIN_1 = "latin-1"
CODECS = (WINDOWS_1252, LATIN_1, "mac_roman")
CODEC_NAMES = {WINDOWS_1252: "Windows-1252", LATIN_1: "Latin-1", "mac_roman": "Mac Roman"}
# Code pages that agree on every printable byte: one family for repeated repairs.
CODEC_FAMILY = {WINDOWS_1252: "western", LATIN_1: "western", "mac_roman": "mac"}
C1_CONTROLS = frozenset(map(chr, range(0x80, 0xA0)))
# Every character a byte 0x80-0xFF becomes in one of the code pages: a line with none of them
# (Cyrillic, CJK, emoji written as themselves) hides no UTF-8 sequence, so it is skipped fast.
BYTE_CHARACTERS = frozenset(
    bytes([byte]).decode(codec, errors="ignore") for codec in CODECS
    for byte in range(0x80, 0x100)) - {""}
# What a byte 0x80-0xAD becomes in text broken twice, once the first round is repaired.
HALF_REPAIRED = C1_CONTROLS | {"\xad"}
# Repairs of text broken more than once; a third round finds nothing in practice.
MAX_ROUNDS = 3
LOST_BYTE = "is not a complete UTF-8 sequence"
LOST_CHARACTER = "U+FFFD replacement character: the original character is lost"
# Windows-1252 leaves 0x81 0x8D 0x8F 0x90 0x9D undefined; decoders that produced the mojibake
# mapped them to the C1 controls U+0081..., which only ftfy's sloppy codec encodes back.
WINDOWS_1252_UNDEFINED = frozenset("\x81\x8d\x8f\x90\x9d")
ENCODING_PROBLEM = "GL606"
LEAD_LENGTHS = {**dict.fromkeys(range(0xC2, 0xE0), 2), **dict.fromkeys(range(0xE0, 0xF0), 3),
                **dict.fromkeys(range(0xF0, 0xF5), 4)}


@dataclass(frozen=True)
class Sequence:
    """One broken character: `bad` (columns start..end of the line) repairs to `repaired`."""

    start: int
    end: int
    bad: str
    repaired: str
    codec: str

    @property
    def strong(self) -> bool:
        """Three or four characters standing for a symbol, punctuation or emoji: no clean
        text reads like that. (An isolated CJK character could be `é–±`, so it is not.)"""
        return ((len(self.bad) >= 3 and _symbol_or_emoji(self.repaired))
                or not C1_CONTROLS.isdisjoint(self.bad))


@dataclass(frozen=True)
class Fragment:
    """A run that looks like part of a broken character but is no valid UTF-8 sequence."""

    start: int
    bad: str
    codec: str


def _symbol_or_emoji(ch: str) -> bool:
    code = ord(ch)
    return 0x0800 <= code < 0x3000 or 0xFE00 <= code <= 0xFE0F or 0x1F000 <= code < 0x1FB00


def _printable(text: str) -> bool:
    return all(unicodedata.category(ch)[0] != "C" or ch in "\u200d\ufeff" for ch in text)


def _python_codec(line: str, codec: str) -> str:
    """The codec that encodes `line` back to bytes: ftfy's sloppy Windows-1252 only for a line
    holding a byte Windows-1252 leaves undefined (importing ftfy is a large share of `garden
    check`'s start-up); otherwise Python's own, which agrees with it on every other byte."""
    if codec == WINDOWS_1252 and not WINDOWS_1252_UNDEFINED.isdisjoint(line):
        import ftfy.bad_codecs  # noqa: F401 - registers "sloppy-windows-1252"

        return "sloppy-windows-1252"
    return codec


def _encodable_bytes(line: str, codec: str) -> list[int | None]:
    """Each character as its single byte in `codec`, None for ASCII or unencodable ones."""
    # The code pages are single-byte: the line encoded whole, a character one lacks becomes
    # `?`, which no other non-ASCII character does (a character at a time raised for each
    # Cyrillic one: 45 s of a check of 700 Russian notes).
    encoded = line.encode(_python_codec(line, codec), errors="replace")
    return [None if byte < 0x80 else byte for byte in encoded]


def scan_sequences(line: str, codec: str) -> tuple[list[Sequence], list[Fragment]]:
    """Every valid UTF-8 sequence hidden in `line` as read through `codec`, plus fragments."""
    raw = _encodable_bytes(line, codec)
    sequences: list[Sequence] = []
    fragments: list[Fragment] = []
    i = 0
    while i < len(raw):
        byte = raw[i]
        length = LEAD_LENGTHS.get(byte) if byte is not None else None
        if length is None:
            i += 1
            continue
        chunk = raw[i:i + length]
        continuation = 0
        for b in chunk[1:]:
            if b is None or not 0x80 <= b <= 0xBF:
                break
            continuation += 1
        if continuation == length - 1:
            try:
                repaired = bytes(chunk).decode("utf-8")  # type: ignore[arg-type]
            except UnicodeDecodeError:
                repaired = ""
            # A C1 control is text broken twice, half repaired: the next round finishes it.
            if repaired and (_printable(repaired) or repaired in HALF_REPAIRED):
                sequences.append(Sequence(i, i + length, line[i:i + length], repaired, codec))
                i += length
                continue
        if continuation:
            fragments.append(Fragment(i, line[i:i + 1 + continuation], codec))
        i += 1 + continuation
    return sequences, fragments


def _letter_in_common_script(ch: str) -> bool:
    code = ord(ch)
    return unicodedata.category(ch).startswith("L") and (
        code < 0x0250 or 0x0370 <= code < 0x0460)


def _in_word(line: str, seq: Sequence) -> bool:
    before = line[seq.start - 1] if seq.start > 0 else ""
    after = line[seq.end] if seq.end < len(line) else ""
    return before.isalpha() or after.isalpha()


def _plausible(ch: str) -> bool:
    """A character a weak sequence may stand for once the file is known to be broken: a
    letter of any script, Latin-1 and general punctuation, CJK and full-width forms."""
    code = ord(ch)
    return (unicodedata.category(ch).startswith("L") or 0xA0 <= code <= 0xFF
            or 0x2010 <= code <= 0x206F or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF)


def _confident(line: str, sequences: list[Sequence], file_evidence: bool) -> list[Sequence]:
    """The sequences of one code page on one line that are repaired with confidence.

    `file_evidence`: the file holds strong evidence for this code page elsewhere.
    """
    if any(seq.strong for seq in sequences):
        return sequences
    accepted = []
    for index, seq in enumerate(sequences):
        neighbours = [s for s in sequences[max(0, index - 1):index + 2] if s is not seq]
        in_run = any(s.end == seq.start or s.start == seq.end for s in neighbours)
        # A lone Windows-1252 pair `Ã©`/`Â£` is the classic Latin-1 breakage; a lone Mac
        # Roman pair is a dash or quote and a letter (`–é`), which real text also writes.
        looks_broken = (seq.codec != "mac_roman" and seq.bad[0] in "ÃÂ"
                        and not seq.bad[1].isalpha())
        if in_run or (looks_broken and _letter_in_common_script(seq.repaired)
                      and _in_word(line, seq)):
            accepted.append(seq)
    if accepted or file_evidence:
        # Once part of the line (or of the file) is known to be broken this way, its other
        # sequences are read the same way when they stand for a plausible character.
        accepted = [seq for seq in sequences if seq in accepted or _plausible(seq.repaired)]
    return accepted


@dataclass(frozen=True)
class LineRepair:
    codec: str | None
    sequences: tuple[Sequence, ...]
    fragments: tuple[Fragment, ...]  # broken-looking runs left as they are

    def apply(self, line: str) -> str:
        out, pos = [], 0
        for seq in self.sequences:
            out.append(line[pos:seq.start])
            out.append(seq.repaired)
            pos = seq.end
        out.append(line[pos:])
        return "".join(out)


def analyse_line(line: str, preferred: str | None = None,
                 codecs: tuple[str, ...] = CODECS) -> LineRepair:
    """Decide how one line is repaired: the code page that repairs most, ties to `preferred`.

    `preferred` is the code page the whole file is known to be broken with, if any.
    """
    best: LineRepair = LineRepair(None, (), ())
    if BYTE_CHARACTERS.isdisjoint(line):
        return best
    best_score = 0
    for codec in codecs:
        sequences, fragments = scan_sequences(line, codec)
        confident = _confident(line, sequences, codec == preferred)
        score = sum(len(seq.bad) for seq in confident)
        if score > best_score or (score == best_score and score and codec == preferred):
            best, best_score = LineRepair(codec, tuple(confident), tuple(fragments)), score
    return best


def find_mojibake(line: str) -> list[tuple[int, str, str]]:
    """(0-based column, bad sequence, repaired text) for each broken character of a line.

    Adjacent broken characters are reported as one run (`–ó–∞–¥` -> `Зад`).
    """
    repair = analyse_line(line)
    runs: list[tuple[int, str, str]] = []
    for seq in repair.sequences:
        if runs and runs[-1][0] + len(runs[-1][1]) == seq.start:
            col, bad, fixed = runs[-1]
            runs[-1] = (col, bad + seq.bad, fixed + seq.repaired)
        else:
            runs.append((seq.start, seq.bad, seq.repaired))
    return runs


@dataclass
class TextRepair:
    """The outcome of repairing one file."""

    text: str
    problems: list[Diagnostic]
    lines_repaired: Counter[str]  # code page name -> number of lines repaired with it
    # Lines whose characters are lost for good: U+FFFD, or a broken character missing a byte.
    lost_lines: list[int] = field(default_factory=list)
    codecs_used: set[str] = field(default_factory=set)

    @property
    def changed(self) -> bool:
        return bool(self.lines_repaired)


def _dominant_codec(lines: list[str], codecs: tuple[str, ...] = CODECS) -> str | None:
    """The code page with the most strong evidence in the file."""
    votes: Counter[str] = Counter()
    for line in lines:
        if line.isascii() or BYTE_CHARACTERS.isdisjoint(line):
            continue
        for codec in codecs:
            votes[codec] += sum(seq.strong for seq in scan_sequences(line, codec)[0])
    if not votes or votes.most_common(1)[0][1] == 0:
        return None
    return votes.most_common(1)[0][0]


def repair(text: str, path: str | Path = "<text>") -> TextRepair:
    """Repair every line of `text`, as many rounds as it was broken; report what looks
    broken but is left as is. A later round only undoes what the first one did again
    (Windows-1252 and Latin-1 are one family), and only on strong evidence: text that merely
    looks like mojibake once repaired (`–ß` is Mac Roman for `Ч`) stays as it is."""
    counts: Counter[str] = Counter()
    earlier: list[Diagnostic] = []
    codecs = CODECS
    for round_number in range(MAX_ROUNDS):
        result = _repair_once(text, path, codecs, need_evidence=round_number > 0)
        counts.update(result.lines_repaired)
        if not result.changed:
            break
        # What an earlier round found on a line this round changed is stale.
        before, after = text.split("\n"), result.text.split("\n")
        earlier = [p for p in earlier if before[p.line - 1] == after[p.line - 1]]
        earlier += result.problems
        text = result.text
        codecs = tuple(codec for codec in CODECS if any(
            CODEC_FAMILY[codec] == CODEC_FAMILY[used] for used in result.codecs_used))
    known = {(p.line, p.column, p.message) for p in result.problems}
    result.problems = sorted(result.problems + [
        p for p in earlier if (p.line, p.column, p.message) not in known])
    result.lost_lines = sorted({*result.lost_lines, *(
        p.line for p in result.problems
        if p.message == LOST_CHARACTER or p.message.endswith(f"{LOST_BYTE}; left as is"))})
    result.lines_repaired = counts
    return result


def _repair_once(text: str, path: str | Path, codecs: tuple[str, ...],
                 need_evidence: bool = False) -> TextRepair:
    lines = text.split("\n")
    dominant = _dominant_codec(lines, codecs)
    if need_evidence and dominant is None:
        return TextRepair(text, [], Counter())
    outcome = TextRepair("", [], Counter())
    out = []
    for number, line in enumerate(lines, start=1):
        if line.isascii() or (BYTE_CHARACTERS.isdisjoint(line) and "\ufffd" not in line):
            out.append(line)
            continue
        result = analyse_line(line, dominant, codecs)
        fixed = result.apply(line)
        if result.sequences and result.codec:
            outcome.lines_repaired[CODEC_NAMES[result.codec]] += 1
            outcome.codecs_used.add(result.codec)
        evidence_codec = result.codec if result.sequences else dominant
        if evidence_codec:
            _report_leftovers(line, number, result, evidence_codec, path, outcome)
        for col, ch in enumerate(fixed):
            if ch == "\ufffd":
                outcome.problems.append(Diagnostic(
                    str(path), number, col + 1, ENCODING_PROBLEM,
                    LOST_CHARACTER,
                    Severity.WARNING))
                _lost(outcome, number)
        out.append(fixed)
    outcome.text = "\n".join(out)
    return outcome


def _lost(outcome: TextRepair, number: int) -> None:
    if number not in outcome.lost_lines:
        outcome.lost_lines.append(number)


def _report_leftovers(line: str, number: int, result: LineRepair, codec: str,
                      path: str | Path, outcome: TextRepair) -> None:
    """Leftovers of the same code page: a broken character missing a byte, or a weak
    sequence that could be real text. Both are reported, not guessed."""
    sequences, fragments = scan_sequences(line, codec)
    reported = {seq.start for seq in result.sequences}
    for frag in fragments:
        if not any(s.start <= frag.start < s.end for s in result.sequences):
            outcome.problems.append(_problem(path, number, frag.start, frag.bad,
                                             LOST_BYTE))
            _lost(outcome, number)
    for seq in sequences:
        if seq.start not in reported and not any(
                s.start <= seq.start < s.end for s in result.sequences):
            outcome.problems.append(_problem(
                path, number, seq.start, seq.bad,
                f"may be {seq.repaired!r} but could be real text"))


def _problem(path: str | Path, line: int, col0: int, bad: str, why: str) -> Diagnostic:
    return Diagnostic(str(path), line, col0 + 1, ENCODING_PROBLEM,
                      f"possible mojibake {bad!r} {why}; left as is", Severity.WARNING)
