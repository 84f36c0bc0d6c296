"""One grammar for the garden's HTML-comment directives."""

from __future__ import annotations

from garden.text.directives import find_directives, line_directive, replace_directives


def test_find_directives_by_namespace_and_name() -> None:
    line = "Text <!-- garden: ignore GL201 old link --> and <!-- glossary: off -->"
    (ignore,) = find_directives(line, "garden", "ignore")
    assert (ignore.args, line[ignore.start:ignore.end]) == (
        "GL201 old link", "<!-- garden: ignore GL201 old link -->")
    assert [d.name for d in find_directives(line)] == ["ignore", "off"]
    assert not list(find_directives("<!-- a plain comment -->"))


def test_line_directive_must_stand_alone() -> None:
    assert line_directive("  <!-- garden: fragment (needs a server) -->", "garden",
                          "fragment").args == "(needs a server)"
    assert line_directive("x <!-- garden: fragment -->", "garden", "fragment") is None


def test_replace_directives_calls_only_what_is_found() -> None:
    calls = []

    def recent() -> str:
        calls.append("recent")
        return "- a page"

    text = "# Home\n\n<!-- garden:recent -->\n\n<!-- glossary: off -->\n"
    replaced = replace_directives(text, "garden", {"recent": recent, "maturity": lambda: 1 / 0})
    assert replaced == "# Home\n\n- a page\n\n<!-- glossary: off -->\n"
    assert calls == ["recent"]
