"""The injection corpus (tests/security_corpus/): every vector flagged by `garden check`, and the
built site inert, read statically and loaded in Chromium."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from garden.check.runner import all_rules, check_garden
from garden.model.site import Garden, load_config
from garden.safety.csp import inline_script_hashes
from support.inert_html import active_content
from support.mkdocs_process import ROOT, copy_sources, run_mkdocs
from support.static_server import serve_site

CORPUS = Path(__file__).resolve().parent / "security_corpus"
CORPUS_PAGES = sorted(p.name for p in CORPUS.glob("*.md") if p.name != "README.md")
INERT_AS_WRITTEN = {"backlink.md"}  # its vector is in a code span: text, never flagged
SECURITY_CODES = re.compile(r"^GL(?:40[2-5]|8\d\d)$")
VECTOR_RE = re.compile(r"<|\]\(|\{")
HOSTILE_GLOSSARY = """
- id: hostile-term
  term: Hostileterm
  definition: A <img src=x onerror=alert(1)> term with [a link](javascript:alert(1)) and
    `<img src=x onerror=alert(2)>` in a code span.
"""
# A nav title in mkdocs.yml: printed into every page's navigation.
HOSTILE_NAV_TITLE = "'<img src=x onerror=alert(5)>Hostile section'"


def blocks(text: str) -> list[tuple[int, int]]:
    """(first line, last line) of each vector: a blank-line separated block holding markup
    (`<`, `](` or `{`); admonition bodies join their title. A page with front matter is one
    vector: its front matter."""
    lines = text.split("\n")
    if lines[0] == "---":
        return [(1, lines.index("---", 1) + 1)]
    found, start = [], None
    for number, line in enumerate(lines, start=1):
        if line.strip() and start is None:
            start = number
        elif not line.strip() and start is not None:
            nxt = lines[number] if number < len(lines) else ""
            if not nxt.startswith("    "):
                found.append((start, number - 1))
                start = None
    if start is not None:
        found.append((start, len(lines)))
    return [(first, last) for first, last in found
            if VECTOR_RE.search("\n".join(lines[first - 1:last]))]


@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch garden with the corpus pages under docs/corpus/ and a hostile glossary term."""
    project = copy_sources(tmp_path_factory.mktemp("corpus"))
    shutil.copytree(CORPUS, project / "docs" / "corpus", ignore=shutil.ignore_patterns("*.txt"))
    (project / "docs" / "corpus" / "README.md").unlink()
    with (project / "glossary.yml").open("a", encoding="utf-8") as glossary:
        glossary.write(HOSTILE_GLOSSARY)
    (project / "docs" / "corpus" / "backlink.md").write_text(
        (CORPUS / "backlink.md").read_text(encoding="utf-8") + "\nA Hostileterm here.\n",
        encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    entries = "".join(f"  - corpus/{name}\n" for name in CORPUS_PAGES)
    entries += f"  - {HOSTILE_NAV_TITLE}:\n      - https://example.org/\n"
    (project / "mkdocs.yml").write_text(config.replace("\nnav:\n", "\nnav:\n" + entries),
                                        encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def corpus_findings(corpus_project: Path) -> list:
    garden = Garden.load(load_config(corpus_project / "mkdocs.yml"))
    return check_garden(garden, all_rules())


@pytest.mark.parametrize("name", sorted(set(CORPUS_PAGES) - INERT_AS_WRITTEN))
def test_check_flags_every_vector(name: str, corpus_findings: list) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    lines = {d.line for d in corpus_findings
             if d.path == f"docs/corpus/{name}" and SECURITY_CODES.match(d.code)}
    missed = [text.split("\n")[first - 1] for first, last in blocks(text)
              if not any(first <= line <= last for line in lines)]
    assert missed == []


@pytest.mark.parametrize("name", sorted(INERT_AS_WRITTEN))
def test_check_leaves_code_spans_alone(name: str, corpus_findings: list) -> None:
    assert [str(d) for d in corpus_findings if d.path == f"docs/corpus/{name}"] == []


def test_check_flags_the_hostile_glossary_definition(corpus_findings: list) -> None:
    assert {d.code for d in corpus_findings if d.path == "glossary.yml"} >= {"GL806"}


def test_check_flags_the_hostile_nav_title(corpus_findings: list) -> None:
    assert [d.code for d in corpus_findings if d.path == "mkdocs.yml"] == ["GL817"]


@pytest.fixture(scope="module")
def corpus_build(corpus_project: Path) -> tuple[Path, str, str]:
    """The corpus built without --strict (so it builds despite its warnings): site, URL and
    the build's log."""
    out = corpus_project / "site"
    server, url = serve_site(out, "https://example.github.io/garden/")
    result = run_mkdocs("build", "--no-strict", "--site-dir", str(out), cwd=corpus_project,
                        env={"GARDEN_SITE_URL": url})
    assert result.returncode == 0, result.stderr
    yield out, url, result.stderr
    server.shutdown()


@pytest.fixture(scope="module")
def corpus_site(corpus_build: tuple[Path, str, str]) -> tuple[Path, str]:
    return corpus_build[:2]


def test_front_matter_schema_findings_are_build_warnings(corpus_findings: list,
                                                         corpus_build: tuple) -> None:
    """What breaks the front matter schema is a warning of the build at the same file and
    line (so `mkdocs build --strict` fails on it), for every such finding of the check."""
    schema = {f"{d.path}:{d.line}:{d.column}: {d.code}" for d in corpus_findings
              if d.code in ("GL812", "GL813", "GL814")}
    assert len(schema) >= 10
    warned = set(re.findall(r"WARNING\s+-\s+(\S+:\d+:\d+: GL81[234])", corpus_build[2]))
    assert schema - warned == set()


def test_built_pages_are_inert(corpus_site: tuple[Path, str]) -> None:
    out, _ = corpus_site
    problems = {}
    for html_file in sorted(out.rglob("*.html")):
        text = html_file.read_text(encoding="utf-8")
        found = active_content(text)
        hashed = set(inline_script_hashes(text))
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text)
        assert policy, f"{html_file}: no Content-Security-Policy"
        # Every inline script a page holds is one of the site's own (a neutral page's).
        assert hashed <= set(re.findall(r"'sha256-[^']+'", policy.group(1)))
        assert "'self'" not in policy.group(1).split("script-src")[1].split(";")[0]
        if "alert(" in text and re.search(r"<script>[^<]*alert\(", text):
            found.append("inline script with alert(")
        if found:
            problems[html_file.relative_to(out).as_posix()] = found
    assert problems == {}


def test_graph_labels_are_drawn_as_text() -> None:
    """graph.json holds titles as written; graph.js must never hand them to an HTML sink."""
    script = (ROOT / "scripts" / "garden" / "plugin" / "assets" / "graph.js").read_text(
        encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(",
                         script)


def test_backlink_sentence_and_glossary_tooltip_stay_text(corpus_site: tuple[Path, str]) -> None:
    out, _ = corpus_site
    home = (out / "index.html").read_text(encoding="utf-8")
    context = re.search(r'garden-backlinks__context">(.*?)</blockquote>', home)
    # The sentence's code stays code, its text escaped: no tag of the contributor's.
    assert context and context.group(1).startswith("<code>&lt;img src=")
    assert "inert here" in context.group(1) and "<img" not in context.group(1)
    page = (out / "corpus" / "backlink" / "index.html").read_text(encoding="utf-8")
    tooltip = re.search(r'<a class="glossary-term"[^>]*data-garden-definition="([^"]*)"', page)
    # Tooltips are words: the raw tag goes, the link keeps its text, the code span's code stays
    # text, which the garden's tooltip shows as text (a `title` the theme would read back as
    # HTML gets its tags broken: test_security).
    assert tooltip and tooltip.group(1).startswith(
        "A term with a link and &lt;img src=x onerror=alert(2)&gt; in a code span")


@pytest.mark.browser
def test_corpus_pages_are_inert_in_chromium(corpus_site: tuple[Path, str], browser) -> None:
    """One load per corpus page (and the page its backlink lands on): no dialog opens and no
    request leaves the loopback host."""
    _, url = corpus_site
    host = urlsplit(url).hostname
    context = browser.new_context()
    dialogs: list[str] = []
    offsite: list[str] = []

    def route(request_route) -> None:
        if urlsplit(request_route.request.url).hostname != host:
            offsite.append(request_route.request.url)
            request_route.abort()
        else:
            request_route.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # The home page shows the backlink sentence; the graph page draws every title as a label.
    for path in [f"corpus/{Path(name).stem}/" for name in CORPUS_PAGES] + ["", "graph/"]:
        page.goto(url + path, wait_until="load")
        page.mouse.move(200, 300)
        page.mouse.move(400, 500)
    page.wait_for_timeout(300)
    context.close()
    assert dialogs == [] and offsite == []


def test_front_matter_picks_no_special_template(corpus_site: tuple[Path, str]) -> None:
    """`template: redirect.html` from content: the page is rendered as a page, no script
    sends its reader anywhere."""
    out, _ = corpus_site
    page = (out / "corpus" / "front-matter-theme" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-content"' in page and "location.replace" not in page


@pytest.mark.browser
def test_tooltips_and_captions_stay_text_in_chromium(corpus_site: tuple[Path, str],
                                                     browser) -> None:
    """Material's tooltips and the lightbox read `title` and captions as HTML: once shown,
    they hold the contributor's text, never an element of it."""
    _, url = corpus_site
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hostile = ("img[src='x'], iframe, a[href*='xss.invalid']")
    found = {}
    try:
        page.goto(url + "corpus/backlink/", wait_until="load")
        page.hover("a.glossary-term")
        page.wait_for_selector(".md-tooltip2", state="attached")
        found["glossary"] = page.eval_on_selector_all(f".md-tooltip2 :is({hostile})",
                                                      "els => els.length")
        shown = page.inner_text(".md-tooltip2")
        assert "<img src=x onerror=alert(2)>" in shown.replace("\u200b", "")
        page.goto(url + "corpus/tooltips/", wait_until="load")
        for selector in ("abbr", "p[title]"):
            page.hover(selector)
            page.wait_for_timeout(400)
        found["tooltips"] = page.eval_on_selector_all(f".md-tooltip2 :is({hostile})",
                                                      "els => els.length")
        page.click("a.glightbox img")
        page.wait_for_selector(".gslide", state="attached")
        page.wait_for_timeout(400)
        found["lightbox"] = page.eval_on_selector_all(f".glightbox-container :is({hostile})",
                                                      "els => els.length")
    finally:
        context.close()
    assert found == {"glossary": 0, "tooltips": 0, "lightbox": 0} and dialogs == []
