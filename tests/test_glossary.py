"""glossary.yml: reading it with line numbers, and each GL5xx check failing and passing."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from garden.check.codes import CODES
from garden.features.glossary import check_glossary, render_glossary
from garden.features.linker import Linker
from garden.model.site import Garden, load_config
from garden.model.terms import parse_glossary
from garden.text.diagnostics import Severity

CONFIG = "site_name: Test\nmarkdown_extensions:\n  - attr_list\n  - toc\n"
GOOD_ENTRY = """\
- id: dns
  term: Domain Name System
  aliases: [DNS]
  definition: Maps names to addresses.
"""


def make_garden(tmp_path: Path, glossary: str | None, pages: dict[str, str]) -> Garden:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    if glossary is not None:
        (tmp_path / "glossary.yml").write_text(textwrap.dedent(glossary), encoding="utf-8")
    for src, text in {"glossary.md": "# Glossary\n", **pages}.items():
        path = tmp_path / "docs" / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return Garden.load(load_config(tmp_path / "mkdocs.yml"))


def codes(garden: Garden) -> list[tuple[str, str, int]]:
    return [(d.code, d.path, d.line) for d in check_glossary(garden)]


def test_entries_keep_their_line_numbers():
    glossary = parse_glossary(GOOD_ENTRY + "- id: jwt\n  term: JWT\n  definition: A token.\n",
                              Path("glossary.yml"))
    assert [(t.id, t.line, t.line_of("DNS")) for t in glossary.terms] == [
        ("dns", 1, 3), ("jwt", 5, 5)]
    assert glossary.problems == []


def test_a_clean_glossary_used_on_a_page_reports_nothing(tmp_path):
    garden = make_garden(tmp_path, GOOD_ENTRY, {"index.md": "We use DNS.\n"})
    assert codes(garden) == []


def test_missing_glossary_is_an_empty_one(tmp_path):
    garden = make_garden(tmp_path, None, {"index.md": "We use DNS.\n"})
    assert garden.glossary.terms == [] and codes(garden) == []


@pytest.mark.parametrize("text", [
    "id: dns\n",  # not a list
    "- just a string\n",
    "- term: No id\n  definition: x\n",
    "- id: Bad Id\n  term: X\n  definition: x\n",
    "- id: x\n  term: X\n  definition: x\n  colour: red\n",
    "- id: x\n  term: X\n  definition: x\n  aliases: not-a-list\n",
    "- id: x\n  term: [X]\n  definition: x\n",
    "- id: x\n  term: X\n  definition: 'unterminated\n",
])
def test_gl501_shape(tmp_path, text):
    found = codes(make_garden(tmp_path, text, {"index.md": "X\n"}))
    assert [code for code, _, _ in found if code == "GL501"]
    assert all(path == "glossary.yml" for _, path, _ in found)


def test_gl502_duplicate_id(tmp_path):
    bad = GOOD_ENTRY + "- id: dns\n  term: Resolver\n  definition: Asks DNS.\n"
    good = GOOD_ENTRY + "- id: resolver\n  term: Resolver\n  definition: Asks DNS.\n"
    pages = {"index.md": "DNS and a resolver.\n"}
    assert ("GL502", "glossary.yml", 5) in codes(make_garden(tmp_path / "bad", bad, pages))
    assert codes(make_garden(tmp_path / "good", good, pages)) == []


def test_gl503_duplicate_term_or_alias_across_and_within_entries(tmp_path):
    across = GOOD_ENTRY + "- id: dns2\n  term: dns\n  definition: Again.\n"
    within = ("- id: dns\n  term: Domain Name System\n  aliases: [DNS, domain  name system]\n"
              "  definition: x\n")
    pages = {"index.md": "DNS\n"}
    assert ("GL503", "glossary.yml", 6) in codes(make_garden(tmp_path / "a", across, pages))
    assert ("GL503", "glossary.yml", 3) in codes(make_garden(tmp_path / "w", within, pages))
    assert codes(make_garden(tmp_path / "good", GOOD_ENTRY, pages)) == []


def test_gl504_empty_definition(tmp_path):
    bad = "- id: dns\n  term: DNS\n  definition: '  '\n"
    missing = "- id: dns\n  term: DNS\n"
    pages = {"index.md": "DNS\n"}
    assert codes(make_garden(tmp_path / "b", bad, pages)) == [("GL504", "glossary.yml", 3)]
    assert codes(make_garden(tmp_path / "m", missing, pages)) == [("GL504", "glossary.yml", 1)]
    assert codes(make_garden(tmp_path / "g", GOOD_ENTRY, pages)) == []


def test_gl505_explicit_reference_to_unknown_term(tmp_path):
    bad = make_garden(tmp_path / "b", GOOD_ENTRY, {"web/a.md": "Text\n\nSee [Resolver][].\n"})
    assert codes(bad) == [("GL505", "docs/web/a.md", 3), ("GL507", "glossary.yml", 1)]
    good = make_garden(tmp_path / "g", GOOD_ENTRY, {"web/a.md": "See [dns][].\n"})
    assert codes(good) == []


def test_gl506_page_target_missing_page_or_anchor(tmp_path):
    entry = GOOD_ENTRY + "  page: {}\n"
    pages = {"web/dns.md": "# DNS in depth\n\n## Records\n\nDNS records.\n"}
    assert codes(make_garden(tmp_path / "p", entry.format("web/nope.md"), pages)) == [
        ("GL506", "glossary.yml", 5)]
    assert codes(make_garden(tmp_path / "a", entry.format("web/dns.md#nope"), pages)) == [
        ("GL506", "glossary.yml", 5)]
    assert codes(make_garden(tmp_path / "g", entry.format("web/dns.md#records"), pages)) == []


def test_gl507_unused_term_is_a_warning(tmp_path):
    garden = make_garden(tmp_path, GOOD_ENTRY, {"index.md": "Nothing here.\n"})
    found = list(check_glossary(garden))
    assert [(d.code, d.severity) for d in found] == [("GL507", Severity.WARNING)]
    # Mentions in code, or opted out, do not count as uses.
    garden = make_garden(tmp_path / "x", GOOD_ENTRY,
                         {"index.md": "`DNS`\n\n<!-- glossary: off -->\nDNS\n"})
    assert [d.code for d in check_glossary(garden)] == ["GL507"]


def test_every_code_has_a_description():
    assert sorted(c for c in CODES if c.startswith("GL5")) == [f"GL50{i}" for i in range(1, 8)]


def test_glossary_page_anchors_include_entry_ids(tmp_path):
    garden = make_garden(tmp_path, GOOD_ENTRY, {"index.md": "DNS\n"})
    assert {"dns", "glossary-d"} <= garden.pages["glossary.md"].anchors


def test_rendered_glossary_page(tmp_path):
    glossary = parse_glossary(
        GOOD_ENTRY + "  tags: [web]\n  page: web/dns.md\n"
        "- id: cache\n  term: cache\n  definition: Copies kept close, like DNS answers.\n"
        "- id: idempotency\n  term: идемпотентность\n  definition: Same result twice.\n",
        Path("glossary.yml"))
    text = render_glossary(glossary, {"dns": ["web/a.md", "index.md"]},
                           {"web/a.md": "Alpha", "index.md": "Home", "web/dns.md": "DNS"},
                           Linker(glossary.terms))
    assert text.index("### cache { #cache") < text.index("### Domain Name System { #dns")
    assert text.index("### Domain Name System") < text.index("### идемпотентность")
    assert '<a href="#glossary-c">C</a>' in text and '<span aria-disabled="true">B</span>' in text
    assert '<a href="#glossary-и">И</a>' in text
    assert "**Used in:** [Alpha](web/a.md), [Home](index.md)" in text
    assert "**In depth:** [DNS](web/dns.md)" in text
    assert "**Also:** DNS" in text and '<span class="glossary-tag">web</span>' in text
    # Definitions link the other terms they mention.
    assert '[DNS](web/dns.md "Maps names to addresses."){ .glossary-term } answers' in text


def build_for(tmp_path: Path, glossary: str | None, pages: dict[str, str]):
    from garden.features.glossary_build import GlossaryBuild

    garden = make_garden(tmp_path, glossary, pages)
    urls = {src: ("" if src == "index.md" else src[:-3] + "/") for src in pages}
    return GlossaryBuild(garden, list(pages), urls, parallel=False)


def html_of(build, src: str, text: str) -> str:
    import markdown

    return build.page_content(src, markdown.markdown(build.page_markdown(src, text)))


def test_build_without_glossary_yml_changes_nothing(tmp_path):
    build = build_for(tmp_path, None, {"index.md": "DNS\n", "glossary.md": "# Glossary\n"})
    assert build.page_markdown("index.md", "DNS\n") == "DNS\n"
    assert "no entries yet" in build.page_markdown("glossary.md", "# Glossary\n")


def test_marked_links_become_html_links_in_the_page(tmp_path):
    pages = {"index.md": "x", "glossary.md": "# Glossary\n", "web/a.md": "x"}
    (tmp_path / "web").mkdir()
    build = build_for(tmp_path, GOOD_ENTRY, pages)
    out = html_of(build, "web/a.md", "Some *DNS* here.\n")
    assert out == ('<p>Some <em><a class="glossary-term" href="../../glossary/#dns" '
                   'title="Maps names to addresses.">DNS</a></em> here.</p>')
    # Text that already holds the marker characters gets its links written at once.
    assert build.page_markdown("web/a.md", "\ue000 DNS\n").startswith(
        '\ue000 <a class="glossary-term" href="../../glossary/#dns"')


def test_glossary_page_used_in_lists_are_written_into_the_html(tmp_path):
    pages = {"index.md": "We use DNS.\n", "glossary.md": "# Glossary\n"}
    build = build_for(tmp_path, GOOD_ENTRY, pages)
    out = html_of(build, "glossary.md", "# Glossary\n")
    assert '<strong>Used in:</strong> <a href="..">Home</a>' in out
