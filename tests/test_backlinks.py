"""Backlinks from the garden's links: who links to a page, and the sentence of each link."""

from __future__ import annotations

from pathlib import Path

from garden.features.backlinks import (
    Paragraphs,
    collect_backlinks,
    page_edges,
    page_paragraphs,
    sentence_around,
)
from garden.features.kept import KeptResults
from garden.text.plain import Piece
from support.garden_project import make_garden


def test_backlinks_name_linking_pages_with_their_sentence(tmp_path: Path) -> None:
    garden = make_garden(tmp_path, {
        "index.md": "# Home\n\nStart here. The [HTTP page](web/http.md) compares versions. Bye.\n",
        "web/http.md": "# HTTP\n\nSee [home](../index.md#home) and [itself](#http).\n",
        "web/tls.md": "---\ntitle: TLS\n---\n\nTLS wraps\n[HTTP](http.md \"t\") in encryption.\n",
    })
    backlinks = collect_backlinks(garden)
    to_http = backlinks["web/http.md"]
    assert [(b.source, b.title) for b in to_http] == [("index.md", "Home"), ("web/tls.md", "TLS")]
    assert to_http[0].text == "The HTTP page compares versions."
    assert to_http[1].text == "TLS wraps HTTP in encryption."
    assert [b.source for b in backlinks["index.md"]] == ["web/http.md"]
    assert "web/tls.md" not in backlinks  # nobody links there; self-links do not count


def test_serving_reads_only_the_pages_an_edit_changed(tmp_path: Path) -> None:
    """While serving, the backlinks of the next build read again only the pages whose text
    changed, and come out as a fresh reading gives them."""
    pages = {"index.md": "# Home\n\nThe [*HTTP* page](http.md) compares versions.\n",
             "tls.md": "# TLS\n\nTLS wraps [HTTP](http.md) in encryption.\n",
             "http.md": "# HTTP\n"}
    read: list[str] = []
    paragraphs = KeptResults(lambda page: read.append(page.text) or page_paragraphs(page),
                             key=lambda page: page.text)
    assert collect_backlinks(make_garden(tmp_path, pages), paragraphs) == collect_backlinks(
        make_garden(tmp_path, pages))
    assert sorted(read) == sorted([pages["index.md"], pages["tls.md"]])
    paragraphs.next_build()
    read.clear()
    edited = make_garden(tmp_path, {**pages, "tls.md": "# TLS\n\nTLS wraps [HTTP](http.md).\n"})
    contexts = [b.text for b in collect_backlinks(edited, paragraphs)["http.md"]]
    assert contexts == ["The HTTP page compares versions.", "TLS wraps HTTP."]
    assert read == ["# TLS\n\nTLS wraps [HTTP](http.md).\n"]
    # A page written with CR line ends finds its sentences at the lines the scanner counted.
    crlf = make_garden(tmp_path, {**pages, "tls.md": "# TLS\r\rTLS wraps [HTTP](http.md).\r"})
    assert [b.text for b in collect_backlinks(crlf)["http.md"]][1] == "TLS wraps HTTP."


def test_reference_links_count_once_per_page_and_code_does_not(tmp_path: Path) -> None:
    garden = make_garden(tmp_path, {
        "a.md": "# A\n\nRead [B][b] first, then [B again](b.md).\n\n"
                "```\n[not a link](b.md)\n```\n\n[b]: b.md\n",
        "b.md": "# B\n",
        "c.md": "# C\n\n![a picture](b.png) is an image, not a link; "
                "[gone](missing.md) and [out](https://example.com/b.md) are ignored; "
                "![B, inline](b.md) is B embedded, as Obsidian shows it: a link.\n",
        "b.png": "PNG",
    })
    edges = list(page_edges(garden))
    assert [(e.source, e.target, e.link.kind) for e in edges] == [
        ("a.md", "b.md", "ref"), ("a.md", "b.md", "link"), ("c.md", "b.md", "link")]
    first, embedded = collect_backlinks(garden)["b.md"]
    assert first.source == "a.md" and first.text == "Read B first, then B again."
    assert embedded.source == "c.md"


def test_sentence_around_strips_markup_and_stays_in_its_list_item() -> None:
    lines = ["- first item with **bold** [x](x.md).",
             "- second `code` item: see [*the page*](p.md){ .class } now. Next one."]
    assert sentence_around(lines, 2, 27) == "second code item: see the page now."
    assert sentence_around(lines, 1, 30) == "first item with bold x."


def test_code_in_a_sentence_stays_code() -> None:
    """A sentence's code is shown as code (`[[Note]]` written in code is no wikilink to a
    reader), its other markup as words."""
    pieces = Paragraphs(["Link notes with `[[Note]]`, see [**this**](t.md)."]).sentence(1, 30)
    assert pieces == (Piece("Link notes with "), Piece("[[Note]]", code=True),
                      Piece(", see this."))


def test_a_box_title_and_its_body_are_sentences_of_their_own() -> None:
    """A link in an admonition's body (or its title) reads as the body's sentence (the
    title), never with the box's `!!! warning "..."` marker."""
    lines = ['!!! warning "Vaults within [vaults](v.md) &amp; more"',
             "    Because [links](l.md) are local, keep one vault.", "",
             "???+ note", "    See [this](t.md)."]
    assert sentence_around(lines, 2, 13) == "Because links are local, keep one vault."
    assert sentence_around(lines, 1, 29) == "Vaults within vaults & more"
    assert sentence_around(lines, 5, 9) == "See this."


def test_long_context_is_cut_on_a_word() -> None:
    line = "word " * 100 + "[link](x.md)."
    context = sentence_around([line], 1, 501)
    assert context.endswith("…") and len(context) <= 240


def test_pages_without_a_title_are_named_as_mkdocs_names_them(tmp_path: Path) -> None:
    garden = make_garden(tmp_path, {"index.md": "See [a](api-v2.md).\n",
                                    "api-v2.md": "Back [home](index.md).\n",
                                    "guide/README.md": "Text.\n", "OAuth_Flow.md": "Text.\n"})
    titles = {src: page.title for src, page in garden.pages.items()}
    assert titles == {"index.md": "Home", "api-v2.md": "Api v2", "guide/README.md": "Index",
                      "OAuth_Flow.md": "OAuth Flow"}
    assert [b.title for b in collect_backlinks(garden)["api-v2.md"]] == ["Home"]
