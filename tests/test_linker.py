"""The glossary matcher and linker on tricky Markdown."""

from __future__ import annotations

import re

import pytest

from garden.features.linker import Linker, plan_page, plural
from garden.model.terms import Term
from garden.text.markdown_scan import scan_markdown

TERMS = [
    Term(id="dns", term="Domain Name System", aliases=("DNS",),
         definition="Maps names to addresses."),
    Term(id="di", term="Dependency Injection", definition="Passing collaborators in."),
    Term(id="di-container", term="Dependency Injection Container",
         definition="A registry that builds objects and their dependencies."),
    Term(id="jwt", term="JSON Web Token", aliases=("JWT",),
         definition='A signed token, "compact" | URL-safe.', page="security/tokens.md#jwt"),
    Term(id="cache", term="cache", definition="A store of copies."),
    Term(id="proxy", term="proxy", definition="An intermediary."),
    Term(id="idempotency", term="идемпотентность", aliases=("Idempotency",),
         definition="Repeating an operation changes nothing more."),
    Term(id="oauth", term="OAuth", definition="Delegated authorization."),
]
LINKER = Linker(TERMS)
LINK_RE = re.compile(
    r'\[(?P<text>[^\]]+)\]\((?P<url>[^ )]*) "(?P<title>[^"]*)"\)\{ \.glossary-term \}')


def link(markdown: str, src: str = "web/page.md") -> str:
    return LINKER.link_text(markdown, src)


def linked(markdown: str, src: str = "web/page.md") -> list[tuple[str, str]]:
    """(text, url) of every glossary link added."""
    return [(m.group("text"), m.group("url")) for m in LINK_RE.finditer(link(markdown, src))]


def test_links_first_mention_to_the_glossary_entry_relative_to_the_page():
    assert linked("A cache and another cache.") == [("cache", "../glossary.md#cache")]
    assert linked("A cache.", src="index.md") == [("cache", "glossary.md#cache")]


def test_link_carries_definition_as_title_and_class():
    out = link("Use DNS here.")
    assert out == ('Use [DNS](../glossary.md#dns "Maps names to addresses.")'
                   '{ .glossary-term } here.')


def test_in_depth_page_is_the_target_when_set():
    assert linked("Send a JWT.") == [("JWT", "../security/tokens.md#jwt")]


def test_title_quotes_and_table_pipes_are_escaped():
    title = LINK_RE.search(link("| a JWT | b |")).group("title")
    assert title == "A signed token, &quot;compact&quot; &#124; URL-safe."


def test_longest_match_wins():
    assert linked("A Dependency Injection Container wires Dependency Injection.") == [
        ("Dependency Injection Container", "../glossary.md#di-container"),
        ("Dependency Injection", "../glossary.md#di")]


def test_plurals_come_from_a_simple_rule():
    assert linked("Two Dependency Injection Containers.") == [
        ("Dependency Injection Containers", "../glossary.md#di-container")]
    assert linked("Many proxies and caches, JWTs.") == [
        ("proxies", "../glossary.md#proxy"), ("caches", "../glossary.md#cache"),
        ("JWTs", "../security/tokens.md#jwt")]


@pytest.mark.parametrize(("name", "expected"), [
    ("cache", "caches"), ("proxy", "proxies"), ("key", "keys"), ("process", "processes"),
    ("API", "APIs"), ("Message Broker", "Message Brokers"), ("идемпотентность", None),
])
def test_plural_rule(name, expected):
    assert plural(name) == expected


def test_whole_words_only():
    assert linked("cached cachet precache") == []
    assert linked("DNSSEC is not DNS") == [("DNS", "../glossary.md#dns")]


def test_acronyms_match_only_exact_case():
    assert linked("the dns resolver, the Dns one") == []
    assert linked("oauth, Oauth and OAUTH") == []
    assert linked("OAuth flows") == [("OAuth", "../glossary.md#oauth")]


def test_plain_words_match_any_case():
    assert linked("Cache first.") == [("Cache", "../glossary.md#cache")]
    assert linked("domain name system") == [("domain name system", "../glossary.md#dns")]


def test_paths_and_compound_words_are_not_mentions():
    assert linked("see /etc/DNS/conf and DNS-based cache-control, file.cache.db") == []
    assert linked("user@DNS") == []


@pytest.mark.parametrize("text", [
    "(DNS)", "DNS,", "DNS.", "DNS;", "DNS:", '"DNS"', "«DNS»", "DNS's", "DNS!", "DNS?",
    "**DNS**", "_DNS_", "—DNS—",
])
def test_punctuation_around_terms(text):
    assert linked(f"Then {text} again") == [("DNS", "../glossary.md#dns")]


def test_cyrillic_terms_and_boundaries():
    assert linked("Это идемпотентность запроса.") == [
        ("идемпотентность", "../glossary.md#idempotency")]
    assert linked("Идемпотентность важна.") == [
        ("Идемпотентность", "../glossary.md#idempotency")]
    # A Cyrillic letter glued to the term makes it another word.
    assert linked("неидемпотентность и DNSы") == []


def test_never_inside_code_spans_or_fences():
    assert linked("Run `DNS lookup` now.") == []
    assert linked("```text\nDNS cache\n```\n") == []
    assert linked("~~~\nDNS\n~~~\n\nafter the fence: DNS") != []  # only the fence is code
    # Four spaces after a blank line make an indented code block, as the build renders it.
    assert linked("~~~\nDNS\n~~~\n\n    indented? DNS") == []


def test_never_inside_headings_links_urls_images():
    assert linked("# DNS\n\n## The cache\n") == []
    assert linked("Setext DNS\n==========\n") == []
    assert linked("[the DNS](https://example.org) and ![DNS diagram](d.png)") == []
    assert linked("<https://example.org/DNS> and https://example.org/cache/DNS") == []
    assert linked("[DNS][ref]\n\n[ref]: https://example.org\n") == []


def test_never_in_admonition_titles_or_html_attributes():
    assert linked('!!! note "DNS cache"\n\n    Body mentions DNS.\n') == [
        ("DNS", "../glossary.md#dns")]
    assert linked('Text <abbr title="DNS">x</abbr> here.') == []
    assert linked('<div class="DNS">\nDNS inside raw HTML stays raw.\n</div>\n') == []


def test_no_match_across_masked_code():
    assert linked("Dependency `x` Injection") == []


def test_first_mention_per_section():
    text = "DNS and DNS.\n\n## Next\n\nDNS again, DNS.\n\n### Deeper\n\nDNS.\n"
    assert [t for t, _ in linked(text)] == ["DNS", "DNS", "DNS"]
    out = link(text)
    assert out.count("{ .glossary-term }") == 3
    assert "## Next" in out


def test_alias_and_term_share_the_first_mention():
    assert [t for t, _ in linked("Domain Name System (DNS).")] == ["Domain Name System"]


def test_page_opt_out_in_front_matter():
    assert linked("---\nglossary: false\n---\n\nDNS cache\n") == []


def test_span_opt_out_markers():
    text = ("<!-- glossary: off -->\nDNS here.\n<!-- glossary: on -->\n\ncache there. "
            "A <!-- glossary: off --> proxy <!-- glossary: on --> and DNS.\n")
    assert [t for t, _ in linked(text)] == ["cache", "DNS"]


def test_opt_out_marker_inside_a_fence_does_not_count():
    text = "```html\n<!-- glossary: off -->\n```\n\nDNS\n"
    assert linked(text) == [("DNS", "../glossary.md#dns")]


def test_forced_reference_links_a_known_term():
    out = link("The [JWT][] and [json web token][] here; JWT later.")
    assert [(m.group("text")) for m in LINK_RE.finditer(out)] == ["JWT", "json web token"]
    assert "[JWT][]" not in out


def test_forced_reference_works_on_opted_out_pages():
    assert linked("---\nglossary: false\n---\n\n[DNS][] and DNS.\n") == [
        ("DNS", "../glossary.md#dns")]


def test_forced_reference_to_unknown_term_is_reported():
    scan = scan_markdown("Ask the [Flux Capacitor][] and [cache][].\n")
    plan = plan_page(scan, "web/page.md", LINKER)
    assert [ref.text for ref in plan.unknown_refs] == ["Flux Capacitor"]
    assert plan.mentioned == {"cache"}


def test_collapsed_reference_with_a_definition_is_a_normal_link():
    scan = scan_markdown("See [DNS][].\n\n[DNS]: https://example.org\n")
    plan = plan_page(scan, "web/page.md", LINKER)
    assert plan.edits == [] and plan.unknown_refs == []


def test_no_link_from_a_terms_own_in_depth_page():
    scan = scan_markdown("A JWT, and DNS.\n")
    plan = plan_page(scan, "security/tokens.md", LINKER)
    assert plan.mentioned == {"jwt", "dns"}
    assert len(plan.edits) == 1


def test_usage_counts_every_mention_not_only_linked_ones():
    scan = scan_markdown("# Title\n\nDNS. DNS.\n\n## Two\n\ncache\n")
    assert plan_page(scan, "a.md", LINKER).mentioned == {"dns", "cache"}


def test_empty_glossary_links_nothing():
    assert Linker([]).link_text("DNS cache", "a.md") == "DNS cache"


def test_matcher_is_one_compiled_pattern():
    many = [Term(id=f"t{i}", term=f"term{i}", definition="d") for i in range(500)]
    linker = Linker(many)
    assert [m.term.id for m in linker.find("a term7 and term499, not term5000")] == [
        "t7", "t499"]


def test_never_inside_a_code_span_running_over_two_lines():
    assert linked("Run `dig\nDNS` first, then DNS.\n\nNext `a` DNS\n") == [
        ("DNS", "../glossary.md#dns")]
    out = link("Run `dig\nDNS` first, then DNS.\n")
    assert out.startswith("Run `dig\nDNS` first, then [DNS]")


def test_a_term_links_only_the_pages_in_its_language() -> None:
    linker = Linker([Term(id="task", term="Задача", lang="ru", definition="Единица работы."),
                     Term(id="queue", term="queue", definition="A line of messages.")])
    russian = "---\nlang: ru-RU\n---\nЗадача ждёт в queue.\n"
    english = "A Задача waits in a queue.\n"
    assert "glossary.md#task" in linker.link_text(russian, "ru/page.md")
    assert "glossary.md#queue" not in linker.link_text(russian, "ru/page.md")
    assert "glossary.md#task" not in linker.link_text(english, "en/page.md")
    assert "glossary.md#queue" in linker.link_text(english, "en/page.md")
