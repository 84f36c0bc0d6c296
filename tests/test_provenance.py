"""garden.model.provenance: page sources, the ledger, and every note line accounted for."""

from __future__ import annotations

from pathlib import Path

import pytest

from garden.model.provenance import check_provenance, tokens, unaccounted_lines
from garden.model.site import Garden, load_config

NOTE = """\
#### Web
**REST** is an architecture.
```
GraphQL:
- Single endpoint (/graphql)
```

Does this match what you pictured?
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "mkdocs.yml", "site_name: t\n")
    write(tmp_path / "docs" / "index.md", "# Home\n")
    write(tmp_path / "notes" / "web.txt", NOTE)
    return tmp_path


def diagnostics(project: Path) -> list[str]:
    garden = Garden.load(load_config(project / "mkdocs.yml"))
    return [str(d) for d in check_provenance(garden)]


def page(source: str, body: str) -> str:
    return f"---\ntitle: Web\nsource:\n{source}---\n{body}"


CURATED = page("  - note: notes/web.txt\n    lines: 1-8\n",
               "# Web\n\nREST is an *architecture*.\n\n| GraphQL |\n| --- |\n"
               "| Single endpoint (`/graphql`) |\n")


def test_tokens_ignore_markup_and_case() -> None:
    assert tokens("**REST** is an `Architecture`!") == ["rest", "is", "an", "architecture"]
    assert tokens("| Задержка | 200 ms |") == ["задержка", "200", "ms"]


def test_unaccounted_lines_compare_word_sequences() -> None:
    lines = ["**Multiple** endpoints", "", "---", "Words in order"]
    assert list(unaccounted_lines(lines, ["- multiple endpoints", "order in words"])) == [4]
    assert list(unaccounted_lines(lines, ["x"], dropped=[(1, 4)])) == []


def test_lines_kept_in_another_markup_are_accounted_for(project: Path) -> None:
    write(project / "docs" / "web.md", CURATED)
    assert diagnostics(project) == [
        "notes/web.txt:8:1: GL604 line is on no page whose `source` names this note: import "
        "the note (`garden import`) or put the line's words on such a page (notes/ledger.yml "
        "is only for lines that belong on no page)"]


def test_dropped_lines_are_accounted_for(project: Path) -> None:
    write(project / "docs" / "web.md", CURATED)
    write(project / "notes" / "ledger.yml",
          "notes/web.txt:\n  dropped:\n    - lines: 8-8\n      reason: chat residue\n")
    assert diagnostics(project) == []


def test_words_count_only_in_pages_naming_the_note(project: Path) -> None:
    write(project / "docs" / "web.md", CURATED.replace("notes/web.txt", "notes/other.txt"))
    write(project / "notes" / "other.txt", "x\n" * 10)
    found = diagnostics(project)
    assert any(d.startswith("notes/web.txt:2:1: GL604") for d in found)
    assert any(d.startswith("notes/other.txt:1:1: GL604") for d in found)


def test_source_entries_are_validated(project: Path) -> None:
    write(project / "docs" / "a.md", page("  - note: notes/missing.txt\n    lines: 1-2\n", ""))
    write(project / "docs" / "b.md", page("  - note: notes/web.txt\n    lines: 5-99\n", ""))
    write(project / "docs" / "c.md", page("  - notes/web.txt\n", ""))
    write(project / "docs" / "d.md", "---\nsource: notes/web.txt\n---\n")
    found = [d for d in diagnostics(project) if "GL604" not in d]
    assert found == [
        "docs/a.md:4:1: GL602 `source` names notes/missing.txt, which does not exist",
        "docs/b.md:4:1: GL603 `source` lines '5-99' are not a range within notes/web.txt "
        "(1-8)",
        "docs/c.md:3:1: GL601 `source` entry 'notes/web.txt' needs `note` and `lines`",
        "docs/d.md:2:1: GL601 `source` must be a list of {note, lines}",
    ]


def test_ledger_errors_carry_its_line_numbers(project: Path) -> None:
    write(project / "notes" / "ledger.yml", "\n".join([
        "notes/web.txt:",
        "  dropped:",
        "    - lines: 8-8",
        "      reason: chat residue",
        "    - lines: eight",
        "      reason: bad range",
        "    - lines: 7-20",
        "      reason: beyond the end",
        "    - lines: 3-3",
        "notes/gone.txt:",
        "  dropped: []",
        "",
    ]))
    found = [d for d in diagnostics(project) if "GL605" in d]
    assert found == [
        "notes/ledger.yml:5:14: GL605 `lines` must be a range like 12-40",
        "notes/ledger.yml:7:14: GL605 lines 7-20 are not within notes/web.txt (1-8)",
        "notes/ledger.yml:9:7: GL605 a dropped range needs a `reason`",
        "notes/ledger.yml:10:1: GL605 note 'notes/gone.txt' does not exist",
    ]


def test_invalid_ledger_yaml_is_reported(project: Path) -> None:
    write(project / "notes" / "ledger.yml", "notes/web.txt:\n  dropped: [\n")
    found = [d for d in diagnostics(project) if "GL605" in d]
    assert len(found) == 1 and found[0].startswith("notes/ledger.yml:3:1: GL605 invalid YAML")


def test_notes_are_read_after_encoding_repair(project: Path) -> None:
    broken = "It’s ✓ Задержка\n".encode().decode("mac_roman")
    write(project / "notes" / "ru.txt", broken)
    write(project / "docs" / "ru.md",
          page("  - note: notes/ru.txt\n    lines: 1-1\n", "It’s ✓ **Задержка**\n"))
    assert [d for d in diagnostics(project) if "ru.txt" in d] == []


def test_what_note_repair_leaves_is_reported_at_the_notes_lines(project: Path) -> None:
    broken = "It’s “quoted”.\n".encode().decode("latin-1")
    write(project / "notes" / "broken.txt", broken + "A lost \ufffd character.\n")
    found = [d for d in diagnostics(project) if "GL606" in d]
    assert found == ["notes/broken.txt:2:8: GL606 U+FFFD replacement character: the original "
                     "character is lost"]


def test_link_targets_comments_and_tags_are_no_words() -> None:
    assert tokens("see [Services](#services) <!-- was a link --> <b>now</b>") == [
        "see", "services", "now"]
