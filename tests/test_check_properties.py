"""`garden check` never crashes: random Markdown and oddly encoded files give diagnostics."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from garden.check.runner import all_rules, check_garden
from garden.model.site import Garden, SiteConfig, load_config
from garden.safety.active_content import image_ends
from garden.text.markdown_scan import scan_markdown
from support.check_projects import write_config

# Pieces of the Markdown the garden uses, so random pages hit the scanner's real paths.
PIECES = [
    "# ", "## ", "#", "=== \"Tab\"", "!!! note", "??? tip \"T\"", "    ", "\t", "- ", "1. ", "> ",
    "```", "~~~", "```python", "```json", "```yaml", "```toml", "``` { .py }", "`", "``",
    "[", "]", "(", ")", "![", "[^1]", "[^1]: ", "[x]: ", "][", "{#id}", "{: .c #i }", "{",
    "}", "<div markdown>", "</div>", "<a href=\"", "\">", "<img src=x>", "<script>", "<!--",
    "-->", "<!-- garden: ignore GL201 why -->", "<!-- garden: fragment -->", "--8<-- \"",
    "---\n", "title: x\n", "===\n", "---", "*", "_", "**", "&amp;", "&", ":rocket:", "🚀",
    "Задержка", "â€™", "‚úì", "√±", "javascript:", "onclick=", "http://", "https://x.org/",
    "mailto:", "#frag", "%D0%B7", "/abs/", ".html", "../", "\\", "\r\n", "\n", "\n\n", " ",
    "\x00", "\ufeff", "\u2028",
]
markdown_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)),
                         max_size=60).map("".join)
odd_bytes = st.one_of(
    st.binary(max_size=300),
    markdown_text.map(lambda t: t.encode("utf-16")),
    markdown_text.map(lambda t: t.encode("latin-1", errors="replace")),
    markdown_text.map(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
    markdown_text.map(lambda t: t.encode("utf-8").replace(b"\n", b"\r")),
)

@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> SiteConfig:
    """A site of two pages, its configuration read once."""
    root = tmp_path_factory.mktemp("props")
    (root / "docs").mkdir()
    write_config(root, "nav:\n  - index.md\n  - other.md\n")
    return load_config(root / "mkdocs.yml")


def check_files(project: SiteConfig, index: bytes, other: bytes) -> None:
    (project.docs_dir / "index.md").write_bytes(index)
    (project.docs_dir / "other.md").write_bytes(other)
    found = check_garden(Garden.load(project), all_rules())
    internal = [str(d) for d in found if d.code == "GL000"]
    assert internal == []
    for item in found:
        assert item.line >= 1 and item.column >= 1 and item.code.startswith("GL")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_text)
def test_scanner_reads_any_text(text: str) -> None:
    scan = scan_markdown(text)
    lines = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))  # as MkDocs
    for item in (*scan.headings, *scan.links, *scan.fences):
        assert 1 <= item.line <= lines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_text, markdown_text)
def test_random_markdown_gives_diagnostics_not_tracebacks(project: SiteConfig, index: str,
                                                          other: str) -> None:
    check_files(project, index.encode("utf-8", errors="surrogatepass"), other.encode("utf-8",
                                                                           errors="replace"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd_bytes, odd_bytes)
def test_oddly_encoded_files_give_diagnostics(project: SiteConfig, index: bytes,
                                              other: bytes) -> None:
    check_files(project, index, other)


# What an image right before an attribute list is, as a pattern searched back from the list.
IMAGE_ENDING_HERE_RE = re.compile(r"!\[[^\]]*\]\([^()]*\)$")


@given(st.text(alphabet="![]()x{} ", max_size=30))
def test_image_ends_are_where_an_image_pattern_ends(line: str) -> None:
    """The one-pass reading of where images end agrees with the pattern, at every column."""
    ends = image_ends(line)
    for column in range(len(line) + 1):
        assert (column in ends) == bool(IMAGE_ENDING_HERE_RE.search(line, 0, column)), column
