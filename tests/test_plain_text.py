"""Markdown and HTML as the words a reader sees (garden.text.plain): what each kind of markup
becomes, for every place that shows text outside a page's body."""

from __future__ import annotations

import pytest

from garden.features.backlinks import sentence_around
from garden.importer.note_blocks import plain_text as nav_label
from garden.text.plain import html_text, inline_text


@pytest.mark.parametrize(("markdown", "words"), [
    ("**Fast** [links](x.md) and `code`", "Fast links and code"),
    ("A ***very*** _good_ ==marked== ~~old~~ word", "A very good marked old word"),
    ("Set `a  b` here", "Set a b here"),  # one line of text: every run of blanks is one space
    ("An image ![diagram](d.svg) goes", "An image goes"),
    ("Raw <span class=\"x\">tags</span> go, their text stays", "Raw tags go, their text stays"),
    ("A heading { #id .class } attribute list", "A heading attribute list"),
    ("A reference [link][ref] and a [collapsed][] one", "A reference link and a collapsed one"),
    ("A [script link](javascript:alert(1)) is its text", "A script link is its text"),
    ("snake_case_name stays", "snake_case_name stays"),
    ("An unclosed [link](http", "An unclosed [link](http"),
    ("Line one\nline two", "Line one line two"),
    ("Ссылка на [страницу](a.md#b) и **жирный**", "Ссылка на страницу и жирный"),
    ("Escaped \\*stars\\* stay", "Escaped *stars* stay"),
])
def test_inline_markdown_as_words(markdown: str, words: str) -> None:
    assert inline_text(markdown) == words


@pytest.mark.parametrize(("markup", "words"), [
    ("<p>Что &amp; это</p><li>x</li>", "Что & это x"),
    ("<h2 id=\"a\">Title<a class=\"headerlink\" href=\"#a\">¶</a></h2>", "Title ¶"),
    ("A&nbsp;B", "A B"),
])
def test_html_as_words(markup: str, words: str) -> None:
    assert html_text(markup) == words


def test_a_backlink_sentence_is_its_item_without_marker_or_markup() -> None:
    lines = ["- [x] See **the** [API](api.md) { .note } for more. Then go."]
    assert sentence_around(lines, 1, 20) == "See the API for more."


def test_a_nav_label_loses_emoji_and_trailing_punctuation() -> None:
    assert nav_label("`kubectl` logs 🔥 :fire: —") == "kubectl logs"
