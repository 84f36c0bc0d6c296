"""The garden's relative URLs answer as MkDocs' do, on any paths."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils import get_relative_url

from garden.text.urls import relative_url

PART = st.sampled_from(["a", "b", "web", "..", ".", "x.md", "index.html", "", "c d", "ü"])
PATH = st.lists(PART, max_size=5).map("/".join)


@given(PATH, PATH)
def test_relative_urls_are_mkdocs_own(url: str, other: str) -> None:
    assert relative_url(url, other) == get_relative_url(url, other)


def test_examples() -> None:
    assert relative_url("glossary/", "web/http/") == "../../glossary/"
    assert relative_url("assets/x.css", "index.html") == "assets/x.css"
    assert relative_url("web/", "web/") == "./"
