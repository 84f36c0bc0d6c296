"""Obsidian-flavoured Markdown: translated line for line into the site's Markdown, names
resolved as Obsidian resolves them, and the built page as a reader sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

from garden.model.obsidian import (
    Dialect,
    NotePage,
    Notes,
    embedder,
    extend,
    inline_tags,
    obsidian_choice,
    section,
    translate,
    uses_dialect,
)
from garden.text.markdown_scan import scan_markdown
from support.mkdocs_process import run_mkdocs
from test_plugin import write_site

NOTES = Notes(
    pages={
        "index.md": NotePage("index.md", headings={"local": "local"},
                             anchors=frozenset({"local", "^b1"})),
        "folder/Alpha.md": NotePage("folder/Alpha.md", aliases=("First",),
                                    headings={"second part": "second-part"}),
        "Beta.md": NotePage("Beta.md", headings={"section b": "section-b"},
                            anchors=frozenset({"section-b"})),
        "a/Same.md": NotePage("a/Same.md"),
        "b/Same.md": NotePage("b/Same.md"),
    },
    files=frozenset({"index.md", "folder/Alpha.md", "Beta.md", "a/Same.md", "b/Same.md",
                     "img/pic one.png"}))
DIALECT = Dialect()


def read(text: str, src: str = "index.md") -> tuple[str, list[tuple[int, int, str]]]:
    out, found = translate(text, src, NOTES, DIALECT, scan_markdown(text))
    return out, [(f.line, f.column, f.code) for f in found]


def test_wikilinks_resolve_by_name_alias_path_and_heading() -> None:
    out, found = read("[[alpha]], [[First|one]], [[folder/Alpha#Second part]], [[#Local]] "
                      "and [[index#^b1]].")
    assert out == ("[alpha](folder/Alpha.md), [one](folder/Alpha.md), "
                   "[folder/Alpha > Second part](folder/Alpha.md#second-part), "
                   "[Local](index.md#local) and [index > b1](index.md#^b1).")
    assert found == []


def test_what_cannot_be_resolved_stays_text_and_is_reported_where_written() -> None:
    out, found = read("x [[Nowhere]] and [[Same]] and [[Beta#Gone]]")
    assert out == "x Nowhere and [Same](a/Same.md) and [Beta > Gone](Beta.md)"
    assert found == [(1, 3, "GL209"), (1, 19, "GL210"), (1, 32, "GL211")]
    assert read("[[Same]]", src="b/Other.md")[0] == "[Same](Same.md)"  # the note beside it


def test_a_name_several_notes_have_links_where_obsidian_links_it() -> None:
    """Obsidian's getFirstLinkpathDest, as observed on Obsidian 1.13.7: the path the link
    spells from the root, else the linking note's own folder (not a folder above it), else
    the shortest path."""
    assert obsidian_choice("b/x.md", "Note", ["b/Note.md", "Note.md"]) == "Note.md"
    assert obsidian_choice("z/deep/x.md", "Note", ["a/b/Note.md", "z/deep/Note.md"]) \
        == "z/deep/Note.md"
    assert obsidian_choice("zzzz/deep/x.md", "Note", ["zzzz/Note.md", "b/Note.md"]) \
        == "b/Note.md"
    assert obsidian_choice("c/x.md", "Note", ["zzzz/Note.md", "a/b/Note.md"]) == "a/b/Note.md"
    assert obsidian_choice("c/x.md", "Note", ["b/Note.md", "a/Note.md"]) == "a/Note.md"


def test_callouts_become_admonitions_line_for_line() -> None:
    text = ("> [!tip] Remember [[Beta]]\n> body\n>\n> > [!note]- Inner\n> > deep\n> after\n\n"
            "> [!info]\n> second\n")
    out, _ = read(text)
    assert out.split("\n") == [
        '!!! tip "Remember [Beta](Beta.md)"', "    body", "    ", '    ??? note "Inner"',
        "        deep", "    after", "", "!!! info", "    second", ""]
    # Where the file has a wikilink inside a callout body, the report points at the file.
    assert read("> [!tip]\n> see [[Nowhere]]\n")[1] == [(2, 7, "GL209")]


def test_callouts_in_a_list_item() -> None:
    """A callout in a list item's body (four spaces in) stays in it; one right under the
    item's text (no blank line, as a real vault writes it) is written at the margin, where
    Python-Markdown reads an admonition there, and so are the item's callouts after it.
    Indented code stays code."""
    out, _ = read("- item\n\n    > [!tip] In\n    > body\n")
    assert out == '- item\n\n    !!! tip "In"\n        body\n'
    out, _ = read("- [Callouts](x)\n    >[!info] Info\n    >Body\n    \n    >[!note] Next\n"
                  "    >More\n\nText.\n\n    >[!info] code\n")
    assert out.split("\n") == ["- [Callouts](x)", '!!! info "Info"', "    Body", "    ",
                               '!!! note "Next"', "    More", "", "Text.", "",
                               "    >[!info] code", ""]
    # The item's own text under it is no callout: a callout after it stays in the item.
    out, _ = read("- item\n    continued\n\n    > [!tip] X\n    > body\n")
    assert out == '- item\n    continued\n\n    !!! tip "X"\n        body\n'


def test_comments_highlights_block_ids_and_code_left_alone() -> None:
    text = ("Seen %%hidden%% seen ==marked==.\n%%\nsecret\n%%\nA block ^id-1\n"
            "`[[code]] ==x==`\n\n```\n[[fenced]] %%kept%%\n```\n")
    out, found = read(text)
    assert out.split("\n")[:6] == ["Seen  seen <mark>marked</mark>.", "", "", "",
                                   'A block <a id="^id-1"></a>', "`[[code]] ==x==`"]
    assert "[[fenced]] %%kept%%" in out and "secret" not in out and found == []


def test_image_embeds_keep_their_size() -> None:
    out, _ = read("![[pic one.png|300]]\n\n![[pic one.png|A photo]]\n")
    assert out.split("\n")[0] == '![pic one](img/pic%20one.png){ width="300" }'
    assert out.split("\n")[2] == "![A photo](img/pic%20one.png)"


def test_note_embeds_are_written_out_once_without_cycles() -> None:
    texts = {"Beta.md": "# Beta\n\nIntro.\n\n## Section B\n\nEmbeds ![[index]] back.\n"
                        "\n![[index]]\n\n## Other\n\nNot this.\n",
             "index.md": "# Home\n\n![[Beta#Section B]]\n"}
    embed = embedder(texts.get, NOTES, DIALECT, "index.md")
    out, _ = translate(texts["index.md"], "index.md", NOTES, DIALECT,
                       scan_markdown(texts["index.md"]), embed)
    assert '!!! quote "[Beta > Section B](Beta.md#section-b)"' in out
    assert "    Embeds [index](index.md) back." in out  # inline: a link, not the content
    assert "Not this." not in out and "# Home" not in out.split("!!!")[1]
    assert section(texts["Beta.md"], "Nowhere") is None


def test_a_markdown_image_of_a_note_embeds_it_as_obsidian_does() -> None:
    texts = {"Beta.md": "# Beta\n\n## Section B\n\nBody of B.\n",
             "index.md": "# Home\n\n![](Beta.md#section-b)\n\nSee ![the beta](<Beta.md>).\n"}
    out, found = translate(texts["index.md"], "index.md", NOTES, DIALECT,
                           scan_markdown(texts["index.md"]),
                           embedder(texts.get, NOTES, DIALECT, "index.md"))
    assert '!!! quote "[Beta > section b](Beta.md#section-b)"' in out
    assert "    Body of B." in out and found == []
    assert out.endswith("See [the beta](Beta.md).\n")  # inline: a link
    # Heading text as Obsidian writes it; a path from the linking note's folder.
    assert read("![B](Beta.md#Section%20B)")[0] == "[B](Beta.md#section-b)"
    assert read("x ![](../Beta.md)", "folder/Alpha.md")[0] == "x [Beta](../Beta.md)"
    # Images, and a page that is not there, stay as written (the checker reports the last).
    for image in ("![x](img/pic%20one.png)", "![x](Nowhere.md)", "`![c](Beta.md)`",
                  "![x](https://example.org/Beta.md)"):
        assert read(image) == (image, [])
    assert uses_dialect("![a](b.md)") and not uses_dialect("![a](b.png) [a](b.md)")


@pytest.mark.build
def test_a_vault_builds_as_a_reader_expects(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "mkdocs.yml": """\
            site_name: Vault
            theme:
              name: material
            markdown_extensions: [admonition, pymdownx.details, pymdownx.superfences,
                                  attr_list, toc]
            plugins: [search, garden]
            """,
        "docs/index.md": """\
            # Home

            Start with [[Alpha|the first note]]. %%a private remark%%

            > [!warning]- Folded
            > Opened by a click.

            ![[Alpha#Part]]

            As a Markdown image: ![Alpha](notes/Alpha.md).
            """,
        "docs/notes/Alpha.md": "# Alpha\n\n## Part\n\nThe part, back [[index|home]].\n",
    })
    result = run_mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stderr
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert '<a href="notes/Alpha/">the first note</a>' in home
    assert '<details class="warning">' in home and "<summary>Folded</summary>" in home
    assert "The part, back" in home  # the embedded section
    assert 'As a Markdown image: <a href="notes/Alpha/">Alpha</a>' in home
    for raw in ("[[", "[!", "%%", "private remark"):
        assert raw not in home
    alpha = (root / "site" / "notes" / "Alpha" / "index.html").read_text(encoding="utf-8")
    assert 'class="garden-backlinks"' in alpha  # a wikilink is a link for "Linked from"
    assert "private remark" not in (root / "site" / "search" / "search_index.json").read_text(
        encoding="utf-8")


def test_forms_met_in_a_real_vault() -> None:
    """From Obsidian's own help vault: `\\|` in tables, code in a heading name or an alias,
    a heading named without its punctuation, an id right after an embed, a fence inside a
    callout set one space further in than its closing line."""
    notes = Notes(pages={"FAQ.md": NotePage("FAQ.md", headings={
        "how large can it be": "how-large-can-it-be?", "move": "move"})},
        files=frozenset({"FAQ.md", "shot.png"}))
    text = ("| a | [[FAQ\\|the FAQ]] |\n[[FAQ#`move`|move]] and [[FAQ#How large can it be]] "
            "and [[FAQ|`code`]]\n![[shot.png]]^shot-1\n\n> [!warning]-\n>  ```md\n> > [!x]\n"
            "> ```\n")
    out, found = translate(text, "FAQ.md", notes, DIALECT, scan_markdown(text))
    lines = out.split("\n")
    assert lines[0] == "| a | [the FAQ](FAQ.md) |"
    assert lines[1] == ("[move](FAQ.md#move) and [FAQ > How large can it be]"
                        "(FAQ.md#how-large-can-it-be?) and [`code`](FAQ.md)")
    assert lines[2] == '![shot](shot.png)<a id="^shot-1"></a>'
    assert lines[4:8] == ['??? warning', "    ```md", "    > [!x]", "    ```"]
    assert found == []


def test_other_tools_fence_options_become_superfences_options() -> None:
    text = ("Intro.\n\n```js {1,3-4} showLineNumbers title=\"app.js\"\nlet a\n```\n\n"
            "> [!tip]\n> ```py {2} ins={1}\n> x = 1\n> ```\n\n"
            "````md\n```js {1}\n````\n")
    out, found = read(text)
    lines = out.split("\n")
    assert lines[2] == '```js hl_lines="1 3-4" linenums="1" title="app.js"'
    assert lines[7] == '    ```py hl_lines="2"'  # inside the callout, now an admonition
    assert lines[12] == "```js {1}"  # a fence shown inside another fence is code
    assert found == [(8, 13, "GL310")]  # at `ins={1}`


def test_inline_tags_are_the_page_tags_and_a_line_of_tags_is_no_heading() -> None:
    text = ("# Title\n\n#project #area/work\n\nText with #idea, #123, C# and "
            "http://x.org/#frag and `#code`.\n\n[link](#anchor) #last\n")
    out, _ = read(text)
    assert out.split("\n")[2] == "\\#project \\#area/work"
    assert inline_tags(scan_markdown(out)) == ["project", "area/work", "idea", "last"]
    assert inline_tags(scan_markdown(text)) == ["project", "area/work", "idea", "last"]
    meta = {"tags": "faq"}
    extend(meta, "tags", ["idea", "faq", "idea"])
    assert meta == {"tags": ["faq", "idea"]}
