"""garden.text.encoding: mojibake found and reversed exactly, clean text left alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252 for building inputs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from garden.text.diagnostics import Diagnostic
from garden.text.encoding import find_mojibake, repair

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "import"


def repair_text(text: str, path: str) -> tuple[str, list[Diagnostic]]:
    """The repaired text, and what looks broken but was left as it is."""
    result = repair(text, path)
    return result.text, result.problems


def as_cp1252(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 (undefined bytes become C1 controls, as decoders do)."""
    return text.encode("utf-8").decode("sloppy-windows-1252")


def as_mac_roman(text: str) -> str:
    return text.encode("utf-8").decode("mac_roman")


CLEAN = [
    "Plain ASCII, nothing to see.",
    "It’s “typographic” — with dashes – and ellipses…",
    "Задержка и пропускная способность",
    "Emoji stay: ✓ ✗ 🚀 💡 🔸 🧵 ✅ ❌",
    "Maths is real: x = √±2, a ≤ b ≥ c, 10 ÷ 2",
    "Names are real: Ãlvaro, São Paulo, naïve café, Zürich",
    "Mixed scripts: Paris–Évry, 1990–été",
    "Punctuation after letters: café—“quoted”, é–±",
]


@pytest.mark.parametrize("line", CLEAN)
def test_clean_utf8_passes_through_unchanged(line: str) -> None:
    assert find_mojibake(line) == []
    fixed, problems = repair_text(line + "\n", "clean.md")
    assert fixed == line + "\n"
    assert problems == []


@pytest.mark.parametrize("original", [
    "It’s done ✓",
    "Keep this handy! 🚀",
    "“Quoted” — dashed",
    "Ángel, Ōsaka, ďakujem, Ðorđe, Ýmir ✓ (bytes 0x81 0x8D 0x8F 0x90 0x9D)",
    "Latency (Задержка) ≤ 200 ms",
])
def test_windows_1252_mojibake_is_reversed_exactly(original: str) -> None:
    broken = as_cp1252(original)
    assert broken != original
    fixed, problems = repair_text(broken, "note.txt")
    assert fixed == original
    assert problems == []


@pytest.mark.parametrize("original", [
    "It’s “quoted” — and dashed",
    "> 💡 **SLIs are raw metrics**",
    "✓ done, ✗ not done",
    "**Latency (Задержка)**",
    "Время, необходимое для завершения **одной операции** — от отправки запроса",
    "### 🧵 How is Concurrent Code Written in Python?",
])
def test_mac_roman_mojibake_is_reversed_exactly(original: str) -> None:
    fixed, problems = repair_text(as_mac_roman(original), "note.txt")
    assert fixed == original
    assert problems == []


def test_single_letter_words_follow_the_rest_of_the_file() -> None:
    # `и` alone is a weak 2-byte sequence; the file's evidence decides it.
    original = "Задержка и throughput\nминуту и т.д.\n"
    assert repair_text(as_mac_roman(original), "ru.txt")[0] == original


def test_find_mojibake_reports_columns_and_repairs() -> None:
    assert find_mojibake("Status: " + as_cp1252("✓ ok")) == [(8, "âœ“", "✓")]
    # Adjacent broken characters are one run.
    assert find_mojibake("**Latency (" + as_mac_roman("Зад") + ")**") == [
        (11, "–ó–∞–¥", "Зад")]
    assert find_mojibake(as_mac_roman("It’s “fine”")) == [(2, "‚Äô", "’"), (7, "‚Äú", "“"),
                                                          (14, "‚Äù", "”")]
    assert find_mojibake("JosÃ© said") == [(3, "Ã©", "é")]


def test_a_line_mixing_clean_and_broken_text_keeps_the_clean_part() -> None:
    line = "Real “quotes” and a broken " + as_cp1252("it’s") + " — kept"
    fixed, problems = repair_text(line, "mixed.txt")
    assert fixed == "Real “quotes” and a broken it’s — kept"
    assert problems == []


def test_mixed_file_repairs_each_line_with_its_own_code_page() -> None:
    text = (FIXTURES / "mixed.txt").read_text(encoding="utf-8")
    result = repair(text, "mixed.txt")
    assert result.text.split("\n")[:4] == [
        "Clean line with “quotes” — fine.",
        "Broken Windows-1252: it’s ✓ 🚀",
        "Broken Mac Roman: it’s 💡 Задержка",
        "√± stays maths on a clean line.",
    ]
    assert result.lines_repaired == {"Windows-1252": 1, "Mac Roman": 1}


def test_unrepairable_text_is_reported_with_its_line_never_guessed() -> None:
    # A broken `’` that lost its last byte, in a file that is otherwise Windows-1252 mojibake.
    text = as_cp1252("Fine ✓ line\n") + "Truncated â€ here\n" + "Lost \ufffd char\n"
    fixed, problems = repair_text(text, "notes/broken.txt")
    assert fixed.split("\n")[1] == "Truncated â€ here"
    assert [str(p).split(" possible")[0] for p in problems[:1]] == [
        "notes/broken.txt:2:11: GL606"]
    assert any(p.line == 3 and "U+FFFD" in p.message for p in problems)


def test_real_notes_are_repaired_completely() -> None:
    for name, codec in [("day-41-quick-reference.txt", "Windows-1252"),
                        ("concepts-and-protocols.txt", "Mac Roman")]:
        text = (ROOT / "notes" / name).read_text(encoding="utf-8")
        result = repair(text, f"notes/{name}")
        assert result.problems == []
        assert set(result.lines_repaired) == {codec}
        assert all(find_mojibake(line) == [] for line in result.text.split("\n"))
    concepts = repair((ROOT / "notes/concepts-and-protocols.txt").read_text("utf-8")).text
    assert "**Latency (Задержка)**" in concepts
    assert "минуту и т.д." in concepts
    assert "> 💡 **SLIs are raw metrics" in concepts
    assert "“does not belong to you.”" in concepts
    assert "(e.g., HTTP 200 responses ÷ total requests)" in concepts
    day41 = repair((ROOT / "notes/day-41-quick-reference.txt").read_text("utf-8")).text
    assert "✓ Complex nested data requirements" in day41
    assert day41.rstrip().endswith("**Keep this handy for quick reference!** 🚀")


TEXT = st.text(alphabet=st.sampled_from(
    list("abcxyz ABC.,;:!?()-'\"") + list("’“”—–…éñüçßЗадрж🚀💡✓✗🔸")), max_size=40)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_mojibake_of_any_text_round_trips(text: str) -> None:
    original = text + " ✓"  # one strong sequence gives the line its evidence
    for broken in (as_cp1252(original), as_mac_roman(original)):
        assert repair_text(broken, "x.txt")[0] == original


WORDS = ["plain", "It’s", "“quoted”", "—", "–", "…", "café—“quoted”", "Задержка", "и", "т.д.",
         "√±2", "x ≤ y", "10 ÷ 2", "naïve", "São", "Ãlvaro", "Zürich", "Paris–Évry", "🚀", "💡",
         "✓", "**bold**", "`code`", "(e.g.,"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join))
def test_clean_text_is_never_changed(text: str) -> None:
    assert repair_text(text, "x.txt")[0] == text


def test_ftfy_is_imported_only_for_a_line_with_an_undefined_windows_1252_byte() -> None:
    """ftfy's import is slow: clean text and ordinary mojibake are repaired without it."""
    code = ("import sys\nfrom garden.text.encoding import repair\n"
            "import garden.check.runner\n"
            "assert repair('It’s ✓ or Itâ€™s').text == 'It’s ✓ or It’s'\n"
            "assert 'ftfy' not in sys.modules\n"
            "assert repair('Ã\\x81ngel ✓').text == 'Ángel ✓'\n"
            "assert 'ftfy' in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def as_latin_1(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def twice(text: str) -> str:
    return as_cp1252(as_cp1252(text))


@pytest.mark.parametrize("breaks", [as_cp1252, as_latin_1, as_mac_roman, twice],
                         ids=["windows-1252", "latin-1", "mac-roman", "double"])
@pytest.mark.parametrize("text", [
    "Руководство по Git: `git switch -c feature` — ветка",
    "分布式系统（CAP 定理）：一致性、可用性和分区容错性。",
    "🐍 Python ✅ and ❌, “quotes” … café",
])
def test_each_way_of_breaking_is_repaired_exactly(breaks, text: str) -> None:
    result = repair(breaks(text) + "\nA clean line.\n", "notes/x.md")
    assert result.text == text + "\nA clean line.\n"
    assert result.problems == [] and result.lost_lines == []


def test_latin_1_leaves_no_control_characters() -> None:
    broken = as_latin_1("Подробности — в руководстве\n")
    assert any("\x80" <= ch <= "\x9f" for ch in broken)
    result = repair(broken)
    assert result.text == "Подробности — в руководстве\n"
    assert dict(result.lines_repaired) == {"Latin-1": 1}


def test_lost_characters_name_their_lines() -> None:
    result = repair("fine\nLost \ufffd here\nTruncated â€ too\nIt’s broken: â€™\n")
    assert result.lost_lines == [2, 3]
