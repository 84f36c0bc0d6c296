"""The scanner's handlers, one construct each, driven directly; then whole pages."""

from __future__ import annotations

import pytest

from garden.text.markdown_scan import Line, MarkdownScanner, OpenTag, Scan, scan_markdown


def scanner() -> MarkdownScanner:
    return MarkdownScanner(Scan(meta={}, body_line=1, lines=[]))


def line(reader: MarkdownScanner, raw: str, number: int = 1) -> Line:
    return reader.place(number, raw)


def test_fence_open_body_and_close() -> None:
    reader = scanner()
    assert reader.fence_open(1, "~~~~ py title=\"x.py\"")
    reader.fence_line(2, "print(1)")
    reader.fence_line(3, "~~~")  # shorter than the opening run: still body
    reader.fence_line(4, "~~~~")
    (fence,) = reader.scan.fences
    assert (fence.line, fence.end_line, fence.lang, fence.body) == (1, 4, "py", "print(1)\n~~~")


def test_fence_in_a_blockquote_and_one_never_closed() -> None:
    reader = scanner()
    assert reader.fence_open(1, "> ```yaml")
    reader.fence_line(2, "> a: 1")
    reader.fence_line(3, "> ```")
    assert reader.scan.fences[0].body == "a: 1"
    assert reader.fence_open(4, "```")
    assert reader.finish().fences[1].end_line is None


def test_inline_code_is_no_fence() -> None:
    assert not scanner().fence_open(1, "```inline``` code")


def test_blank_line_ends_open_spans_and_tags() -> None:
    reader = scanner()
    reader.open_code, reader.open_tag, reader.block_start = "`", (1, 0, ["<a"]), False
    reader.blank()
    assert (reader.open_code, reader.open_tag, reader.block_start) == (None, None, True)


def test_place_strips_the_container_indent() -> None:
    reader = scanner()
    assert reader.container(line(reader, '!!! note "Title"'))
    reader.feed(2, "    text in an admonition")
    placed = line(reader, "    more text", 3)
    assert (placed.content, placed.column, placed.relative) == ("more text", 4, 0)
    assert not reader.block_start
    reader.feed(4, "outside")
    assert reader.container_indents == []
    (admonition,) = reader.scan.containers
    assert (admonition.kind, admonition.title, admonition.end_line) == ("note", "Title", 2)


def test_indented_code_starts_a_block_outside_lists() -> None:
    reader = scanner()
    assert reader.indented_code_line(line(reader, "    code()"))
    assert reader.scan.indented_code == [1]
    reader = scanner()
    assert not reader.indented_code_line(line(reader, "- item"))
    reader.blank()
    assert not reader.indented_code_line(line(reader, "    continues the item", 3))


def test_tag_written_over_lines() -> None:
    reader = scanner()
    reader.paragraph(line(reader, '<a href="x.md"'))
    assert reader.tag_continued(line(reader, 'title="t">text</a>', 2))
    (link,) = reader.scan.links
    assert (link.line, link.target, link.kind) == (1, "x.md", "html")


def test_html_block_and_md_in_html() -> None:
    reader = scanner()
    assert reader.html_block(line(reader, '<div markdown="1" id="box">'))
    assert reader.html_stack == [OpenTag("div", True)] and reader.scan.html_ids == ["box"]
    assert not reader.html_block(line(reader, "Markdown inside", 2))
    assert reader.html_block(line(reader, "<!-- a comment", 3)) and reader.in_comment


def test_html_block_closes_as_python_markdown_does() -> None:
    """`</ul>` closes the `<li>`s left open inside it; a stray closing tag closes nothing:
    the headings after such a block are headings (mkdocs.org's plugin page)."""
    text = ("<details>\n  <ul>\n    <li>one\n    <li>two\n  </ul>\n</div>\n</details>\n\n"
            "## After\n")
    assert [heading.source for heading in scan_markdown(text).headings] == ["After"]


def test_attribute_list_ids_anywhere() -> None:
    """attr_list ids on inline elements and blocks, as `#id` or `id="..."`, are anchors."""
    text = '* **`locale`**{ #theme-locale }: the language\n\nText\n{: id="9.7.0" }\n'
    assert scan_markdown(text).block_ids == ["theme-locale", "9.7.0"]


def test_snippet_abbreviation_container_footnote_reference() -> None:
    reader = scanner()
    assert reader.snippet(line(reader, '--8<-- "parts/intro.md"'))
    assert reader.scan.snippets == [(1, "parts/intro.md")]
    assert reader.abbreviation(line(reader, "*[HTML]: Hypertext Markup Language"))
    assert reader.container(line(reader, '!!! note "Title"'))
    assert reader.container_indents == [4]
    reader = scanner()
    assert reader.footnote(line(reader, "[^why]: See [the page](page.md)."))
    assert reader.scan.footnotes == ["why"] and reader.scan.links[0].target == "page.md"
    assert reader.reference(line(reader, '[Spec]: https://example.org "The spec"', 2))
    assert reader.scan.ref_defs == {"spec": "https://example.org"}


def test_headings_atx_and_setext() -> None:
    reader = scanner()
    assert reader.atx_heading(line(reader, "## Title {#custom}"))
    assert reader.atx_heading(line(reader, "- ## In a list item", 2))
    assert not reader.atx_heading(line(reader, "No # heading", 3))
    reader.block_start = True
    reader.paragraph(line(reader, "Setext title", 4))
    assert reader.setext_underline(line(reader, "-----", 5))
    assert [(h.line, h.level, h.source, h.explicit_id) for h in reader.scan.headings] == [
        (1, 2, "Title", "custom"), (2, 2, "In a list item", None), (4, 2, "Setext title", None)]
    assert not [s for s in reader.scan.spans if s.line == 4]


def test_block_attributes_and_rules() -> None:
    reader = scanner()
    assert reader.block_attributes(line(reader, "{: #anchor .note }"))
    assert reader.scan.block_ids == ["anchor"]
    assert reader.rule(line(reader, "* * *"))
    assert not reader.rule(line(reader, "* item"))


def test_paragraph_code_span_over_two_lines() -> None:
    reader = scanner()
    reader.paragraph(line(reader, "Run `make"))
    reader.paragraph(line(reader, "test` and [read](a.md).", 2))
    assert [link.target for link in reader.scan.links] == ["a.md"]
    # Prose runs keep their columns: the link is blanked out, not cut.
    assert [(s.line, s.text.split()) for s in reader.scan.spans] == [
        (1, ["Run"]), (2, ["and", "."])]


@pytest.mark.parametrize(("text", "expected"), [
    ("# A\n\ntext\n", {"headings": 1, "spans": 1}),
    ("```py\n# not a heading\n```\n", {"headings": 0, "fences": 1}),
    ("---\ntitle: T\n---\n# A\n", {"headings": 1, "body_line": 4}),
    ("text\r\nmore\r\n", {"spans": 2}),
])
def test_whole_pages(text: str, expected: dict[str, int]) -> None:
    scan = scan_markdown(text)
    found = {"headings": len(scan.headings), "spans": len(scan.spans),
             "fences": len(scan.fences), "body_line": scan.body_line}
    assert {key: found[key] for key in expected} == expected


def test_an_indented_fence_a_less_indented_line_abandons() -> None:
    """pymdownx.superfences: a stray fence line in a tab never closes inside it, so it is
    no fence; the next tab's fence and the heading after it are read as they render."""
    text = ('=== "A"\n\n    Text\n    ```\n\n=== "B"\n\n    ```\n    cd ..\n    ```\n\n'
            "## After\n")
    scan = scan_markdown(text)
    assert [(fence.line, fence.end_line) for fence in scan.fences] == [(8, 10)]
    assert [heading.source for heading in scan.headings] == ["After"]


def test_math_is_not_prose_and_dollars_are() -> None:
    scan = scan_markdown(
        "Energy $E = mc^2$ and \\(a_1\\) here.\n\nIt costs $5 and $10.\n\n"
        "$$\n\\text{latency} = x\n$$\n\nAfter.\n\n\\begin{align}\nx &= 1\n\\end{align}\n")
    prose = " ".join(span.text for span in scan.spans)
    assert "mc^2" not in prose and "a_1" not in prose and "Energy" in prose
    assert "It costs $5 and $10." in prose  # smart dollars: amounts stay prose
    assert scan.math_lines == [5, 6, 7, 11, 12, 13]
    assert "latency" not in prose and "After." in prose


def test_empty_brackets_before_a_link_are_text_as_python_markdown_reads_them() -> None:
    scan = scan_markdown("var Args [][string](https://pkg.go.dev/builtin#string), [a][b]\n")
    assert [(link.kind, link.text, link.target) for link in scan.links] == [
        ("link", "string", "https://pkg.go.dev/builtin#string"), ("ref", "a", "b")]


@pytest.mark.parametrize(("text", "links"), [
    # As Python-Markdown reads them: an escaped `[` opens no link, an escaped backslash before
    # one leaves it open, and an escaped `]` closes no bracket.
    ("\\[x](y.md)", []),
    ("\\\\[x](y.md)", [("x", "y.md")]),
    ("[a \\] b](x)", [("a \\] b", "x")]),
    ("[a [b\\] c](x)", [("b\\] c", "x")]),
])
def test_escaped_brackets_as_python_markdown_reads_them(text: str,
                                                        links: list[tuple[str, str]]) -> None:
    assert [(link.text, link.target) for link in scan_markdown(text + "\n").links] == links


def test_backticks_in_a_raw_html_block_are_characters() -> None:
    """Python-Markdown leaves a raw HTML block (no `markdown` attribute) as it is: a tag
    between backticks there is an element a browser renders; in an md_in_html block or a
    paragraph it is code."""
    text = ("<details>\n<summary>Why</summary>\n\nA `<button>` is focusable.\n\n</details>\n\n"
            '<div markdown="1">\n\nA `<form>` here is code.\n\n</div>\n\nA `<b>` in prose.\n')
    scan = scan_markdown(text)
    assert {tag.name for tag in scan.tags if not tag.closing} == {"details", "summary",
                                                                   "button", "div"}
    assert {1, 2, 4, 6} <= scan.raw_html_lines and 10 not in scan.raw_html_lines


def test_links_do_not_nest_as_python_markdown_reads_them() -> None:
    scan = scan_markdown("map[[string](https://a/s)][][token](https://a/t) and [see [RFC](x) here]"
                         " and [![badge](b.svg)](https://ci)\n")
    assert [(link.kind, link.text) for link in scan.links] == [
        ("link", "string"), ("link", "token"), ("link", "RFC"), ("link", "![badge](b.svg)")]
