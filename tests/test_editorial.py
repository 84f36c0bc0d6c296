"""The editorial model: "As written in the note" blocks in the scan, the rules and provenance."""

from __future__ import annotations

from pathlib import Path

import pytest

from garden.check.rules.editorial import as_written_blocks, quotations
from garden.check.rules.language import unmarked_runs
from garden.features.search_index import read_bundle
from garden.model.provenance import check_provenance
from garden.model.site import Garden, Page, load_config
from garden.text.markdown_scan import scan_markdown
from support.check_projects import write_config

PAGE = """---
source:
  - note: notes/n.txt
    lines: 1-2
---

# HTTP/2

Browsers no longer support server push.

??? quote "As written in the note"

    > **Server push** cuts load times.
    >
    > It is *widely* used.

    Removed in Chrome 106: [source](https://developer.chrome.com/blog/removing-push), as of 2026-12.

```python
x = 1
```
"""


def project(tmp_path: Path, page: str, note: str) -> Garden:
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "notes").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    (tmp_path / "notes" / "n.txt").write_text(note, encoding="utf-8")
    write_config(tmp_path)
    return Garden.load(load_config(tmp_path / "mkdocs.yml"))


def test_the_scan_knows_where_a_block_ends() -> None:
    scan = scan_markdown(PAGE)
    [block] = [c for c in scan.containers if c.kind == "quote"]
    assert (block.line, block.end_line, block.title) == (11, 17, "As written in the note")
    # The unindented fence after the block is not part of it.
    assert scan.fences[0].line == 19


def test_quotations_are_split_at_empty_quote_lines(tmp_path: Path) -> None:
    garden = project(tmp_path, PAGE, "Server push cuts load times.\nIt is widely used.\n")
    page = garden.pages["index.md"]
    [block] = as_written_blocks(page)
    assert [q.text for q in quotations(page, block)] == [
        "**Server push** cuts load times.", "It is *widely* used."]


def test_note_lines_only_in_the_block_count_as_on_the_page(tmp_path: Path) -> None:
    garden = project(tmp_path, PAGE, "Server push cuts load times.\nIt is widely used.\n")
    assert list(check_provenance(garden)) == []
    garden = project(tmp_path / "other", PAGE.replace("widely", "rarely"),
                     "Server push cuts load times.\nIt is widely used.\n")
    assert [(d.path, d.line, d.code) for d in check_provenance(garden)] == [
        ("notes/n.txt", 2, "GL604")]


def test_russian_in_a_lang_element_is_marked() -> None:
    page = ("# T\n\n<div lang=\"ru\" markdown>\n\nЭто текст на русском языке.\n\n</div>\n\n"
            "Это тоже русский текст.\n")
    scan = scan_markdown(page)
    found = list(unmarked_runs(Page("index.md", Path("index.md"), page, scan)))
    assert [(line, text) for line, _, text in found] == [(9, "Это тоже русский текст")]


@pytest.mark.build
def test_russian_passages_are_marked_and_searchable(built_site: Path) -> None:
    page = (built_site / "operations" / "latency-and-throughput" / "index.html").read_text(
        encoding="utf-8")
    marked = page[page.index('<div lang="ru"'):]
    assert "Время, необходимое для завершения" in marked[:2000]
    russian = read_bundle(built_site / "pagefind-ru")  # search's Russian bundle
    assert any("Время, необходимое для завершения" in page.content for page in russian
               if page.url.strip("/").startswith("operations/latency-and-throughput"))


@pytest.mark.build
def test_as_written_blocks_render_collapsed(built_site: Path) -> None:
    page = (built_site / "web" / "http-versions" / "index.html").read_text(encoding="utf-8")
    assert '<details class="quote">\n<summary>As written in the note</summary>' in page
    # The corrected statement comes before the note's wording.
    assert page.index("browsers no longer accept it") < page.index("cutting load times")
