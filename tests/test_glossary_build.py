"""Glossary links and the glossary page in built HTML: a small scratch garden and the real one."""

from __future__ import annotations

import json
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from garden.cli import main as cli_main
from garden.features.glossary_build import GlossaryBuild
from garden.features.linker import DEFINITION_ATTRIBUTE
from support.garden_project import make_garden
from support.mkdocs_process import run_mkdocs

pytestmark = pytest.mark.build

CONFIG = """\
site_name: Scratch
theme:
  name: material
  font: false  # offline, as the garden: no font CDN (the CSP would refuse it)
  features: [content.tooltips]
plugins:
  - garden
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.superfences
"""
GLOSSARY = """\
- id: dns
  term: Domain Name System
  aliases: [DNS]
  definition: Maps names to "addresses".
  tags: [web]
- id: jwt
  term: JSON Web Token
  aliases: [JWT]
  definition: A compact, signed token.
  page: security/tokens.md#jwt
- id: unused
  term: Zebra crossing
  definition: Nobody mentions it.
"""
PAGES = {
    "index.md": "# Home\n\nWelcome.\n",
    "glossary.md": "# Glossary\n\nThe terms.\n",
    "web/dns.md": """\
        # DNS and names

        The DNS turns names into addresses; DNS again.

        ```text
        DNS inside a fence
        ```

        Run `dig DNS` and read [DNS docs](https://example.org/DNS).

        !!! note "DNS in a title"

            A JWT can carry claims.

        <!-- glossary: off -->
        No links for DNS here.
        <!-- glossary: on -->

        ## Second section

        Forced: [JSON Web Token][]; DNS once more.
        """,
    "security/tokens.md": """\
        # Tokens

        ## JWT

        A JWT here is not linked: this is its own page. The DNS is.
        """,
    "web/quiet.md": "---\nglossary: false\n---\n\n# Quiet\n\nDNS without links.\n",
}


class Anchors(HTMLParser):
    """Glossary links with the tags they sit in, and every element id."""

    VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.links: list[dict] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and "glossary-term" in (attributes.get("class") or "").split():
            self.links.append({**attributes, "inside": list(self.stack), "text": ""})
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.links and self.stack and self.stack[-1] == "a" and not self.links[-1]["text"]:
            self.links[-1]["text"] = data


def parse(path: Path) -> Anchors:
    parser = Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def scratch_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("glossary-site")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    for src, text in PAGES.items():
        path = root / "docs" / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    result = run_mkdocs("build", "--strict", "--site-dir", str(root / "site"), cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_prose_mentions_become_links_with_tooltips(scratch_site: Path) -> None:
    links = parse(scratch_site / "web" / "dns" / "index.html").links
    assert [(a["text"], a["href"]) for a in links] == [
        ("DNS", "../../glossary/#dns"),  # first mention of the first section only
        ("JWT", "../../security/tokens/#jwt"),  # in-depth page; admonition body is prose
        ("JSON Web Token", "../../security/tokens/#jwt"),  # forced `[JSON Web Token][]`
        ("DNS", "../../glossary/#dns"),  # first mention of the second section
    ]
    # Not a `title`: Material would set up a tooltip for each as the page starts.
    assert links[0][DEFINITION_ATTRIBUTE] == 'Maps names to "addresses".'
    assert all("title" not in link for link in links)
    for link in links:
        assert not {"code", "pre", "h1", "h2", "h3"} & set(link["inside"])


def test_own_page_and_opted_out_page(scratch_site: Path) -> None:
    tokens = parse(scratch_site / "security" / "tokens" / "index.html").links
    assert [a["text"] for a in tokens] == ["DNS"]
    assert parse(scratch_site / "web" / "quiet" / "index.html").links == []


def test_glossary_page_lists_entries_with_anchors_and_uses(scratch_site: Path) -> None:
    html = (scratch_site / "glossary" / "index.html").read_text(encoding="utf-8")
    ids = parse(scratch_site / "glossary" / "index.html").ids
    assert {"dns", "jwt", "unused", "glossary-d", "glossary-j", "glossary-z"} <= ids
    # Alphabetical by term: Domain Name System, JSON Web Token, Zebra crossing.
    assert html.index('id="dns"') < html.index('id="jwt"') < html.index('id="unused"')
    assert '<a href="#glossary-d">D</a>' in html
    dns_entry = html[html.index('id="dns"'):html.index('id="jwt"')]
    # Pages by title; the opted-out page does not count as a use.
    assert re.search(r"Used in:</strong> <a href=\"\.\./web/dns/\">DNS and names</a>, "
                     r"<a href=\"\.\./security/tokens/\">Tokens</a></p>", dns_entry)
    jwt_entry = html[html.index('id="jwt"'):html.index('id="unused"')]
    assert 'In depth:</strong> <a href="../security/tokens/#jwt">Tokens</a>' in jwt_entry
    assert "not mentioned on any page yet" in html[html.index('id="unused"'):]


def test_parallel_and_serial_planning_agree(tmp_path: Path) -> None:
    texts = {f"p{number}.md": f"# P{number}\n\nDNS and a JWT, page {number}.\n"
             for number in range(30)}
    garden = make_garden(tmp_path, texts, GLOSSARY)
    pages = list(texts)
    urls = {src: src[:-3] + "/" for src in pages} | {"glossary.md": "glossary/"}
    serial = GlossaryBuild(garden, pages, urls, parallel=False)
    parallel = GlossaryBuild(garden, pages, urls, parallel=True)
    try:
        for src, body in texts.items():
            assert parallel.page_markdown(src, body) == serial.page_markdown(src, body)
        parallel.finish()
        assert parallel.used_in() == serial.used_in()
        assert len(serial.used_in()["dns"]) == 30
    finally:
        parallel.finish()


def test_real_garden_links_its_terms(built_site: Path) -> None:
    glossary = parse(built_site / "glossary" / "index.html")
    html = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="glossary-entry"') >= 60
    assert html.count("Used in:") == html.count('class="glossary-entry"')
    links = [(page, a) for page in built_site.rglob("*.html")
             for a in parse(page).links]
    assert len({page for page, _ in links}) >= 10
    for page, link in links:
        assert link[DEFINITION_ATTRIBUTE].strip(), f"{page}: {link['text']} has no definition"
        assert not {"code", "pre", "h1", "h2", "h3", "h4"} & set(link["inside"]), page
        target, _, fragment = link["href"].partition("#")
        target_page = (page.parent / target / "index.html").resolve()
        assert target_page.is_file(), f"{page}: {link['href']}"
        if fragment:
            ids = glossary.ids if target_page.parent.name == "glossary" else parse(
                target_page).ids
            assert fragment in ids, f"{page}: {link['href']}"


NAMED_CONFIG = CONFIG.replace("  - garden\n", "  - garden:\n      glossary_page: terms.md\n")
NAMED_GLOSSARY = """\
- id: dns
  term: Domain Name System
  aliases: [DNS]
  definition: Maps names to addresses.
- id: cdn
  term: Content delivery network
  aliases: [CDN]
  definition: Servers near the readers.
"""
NAMED_PAGES = {
    "index.md": "# Home\n\nA CDN serves it; the [DNS entry](terms.md#dns) says why.\n",
    "web/dns.md": "# DNS and names\n\nThe DNS turns names into addresses.\n",
    # An ordinary page now: its mentions are linked, it gets no entries.
    "glossary.md": "# Old glossary\n\nThe DNS, once more.\n",
}


def build_named(root: Path, pages: dict[str, str], config: str = NAMED_CONFIG) -> Path:
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "glossary.yml").write_text(NAMED_GLOSSARY, encoding="utf-8")
    for src, text in pages.items():
        path = root / "docs" / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = run_mkdocs("build", "--strict", "--site-dir", str(root / "site"), cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_a_site_names_its_glossary_page(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    site = build_named(tmp_path, {**NAMED_PAGES, "terms.md": "# Terms\n\nOur words.\n"})
    terms = (site / "terms" / "index.html").read_text(encoding="utf-8")
    assert "Our words." in terms and terms.count('class="glossary-entry"') == 2
    assert {"dns", "cdn", "glossary-c", "glossary-d"} <= parse(site / "terms" / "index.html").ids
    assert [(a["text"], a["href"]) for a in parse(site / "web" / "dns" / "index.html").links] \
        == [("DNS", "../../terms/#dns")]
    old = site / "glossary" / "index.html"
    assert [(a["text"], a["href"]) for a in parse(old).links] == [("DNS", "../terms/#dns")]
    assert "glossary-entry" not in old.read_text(encoding="utf-8")
    graph = json.loads((site / "assets" / "graph.json").read_text(encoding="utf-8"))
    assert {node["url"] for node in graph["nodes"] if node["kind"] == "term"} \
        == {"terms/#dns", "terms/#cdn"}
    assert {"source": "index.md", "target": "term:dns", "kind": "link"} in graph["edges"]
    # `garden check` reads the same option: the entries' anchors are on terms.md, not on
    # glossary.md.
    capsys.readouterr()
    assert cli_main(["check", "-f", str(tmp_path / "mkdocs.yml")]) == 0
    assert "no problems" in capsys.readouterr().out
    (tmp_path / "docs" / "web" / "dns.md").write_text(
        "# DNS\n\n[Here](../terms.md#dns), [not here](../glossary.md#dns).\n", encoding="utf-8")
    cli_main(["check", "-f", str(tmp_path / "mkdocs.yml")])
    assert [line.split(" ", 1)[1] for line in capsys.readouterr().out.splitlines()
            if "GL2" in line] == ["GL202 anchor '#dns' does not exist on docs/glossary.md"]


def test_without_the_themes_tooltips_a_definition_stays_the_links_title(
        tmp_path: Path) -> None:
    """A site without Material's `content.tooltips` shows a title as the browser does: its
    glossary links keep their definition there, and no tooltip script is added for them (with
    "Linked from" off: its links' previews are the script's other use)."""
    config = NAMED_CONFIG.replace("  features: [content.tooltips]\n", "")
    site = build_named(tmp_path, NAMED_PAGES,
                       config.replace("      glossary_page: terms.md\n",
                                      "      glossary_page: terms.md\n      backlinks: false\n"))
    page = site / "web" / "dns" / "index.html"
    [link] = parse(page).links
    assert link["title"] == "Maps names to addresses." and DEFINITION_ATTRIBUTE not in link
    assert "tooltips.js" not in page.read_text(encoding="utf-8")
    (tmp_path / "backlinks").mkdir()
    with_backlinks = build_named(tmp_path / "backlinks", NAMED_PAGES, config)
    assert "tooltips.js" in (with_backlinks / "index.html").read_text(encoding="utf-8")


def test_a_named_glossary_page_is_generated_when_docs_has_none(tmp_path: Path) -> None:
    site = build_named(tmp_path, NAMED_PAGES)
    assert parse(site / "terms" / "index.html").ids >= {"dns", "cdn"}
    assert [a["href"] for a in parse(site / "web" / "dns" / "index.html").links] \
        == ["../../terms/#dns"]
