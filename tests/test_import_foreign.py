"""Notes nobody here wrote, imported as a newcomer would: `cp note notes/ && garden import`,
then `garden check` and `mkdocs build --strict` on a copy of the real garden, no hand edit.

The notes (tests/fixtures/import/foreign/) cover an English Kubernetes cheat sheet, a Russian
Git guide with tables and a mermaid diagram, a Python tutorial with emoji and CRLF line
endings, a Chinese/Japanese/Korean note, a note of definition lists, HTML blocks, footnotes,
tilde fences, a setext heading and front matter, and talk notes with a video embed, a script
and event handlers; mojibake variants are made by mis-decoding the clean notes.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252 for building inputs
import pytest
import yaml

from garden.check.rules.files import nav_paths
from garden.cli import main
from garden.importer.note_links import PageLinks, fix_links
from garden.model.site import load_config
from garden.text.markdown_scan import scan_markdown, split_front_matter
from support.mkdocs_process import ROOT, copy_sources, run_mkdocs
from support.static_server import serve_site

pytestmark = pytest.mark.build

FOREIGN = Path(__file__).parent / "fixtures" / "import" / "foreign"
NOTES = sorted(path.name for path in FOREIGN.iterdir())


def garden(project: Path, *args: str) -> tuple[int, str]:
    """Run a `garden` command on the project; its exit status and everything it printed."""
    out = io.StringIO()
    split = ["--one-page-lines", "0"] if args[0] == "import" else []  # short fixtures, split
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main([args[0], "-f", str(project / "mkdocs.yml"), *split, *args[1:]])
    return code, out.getvalue()


def tree(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes()
            for p in project.rglob("*") if p.is_file() and "site" not in p.parts}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of the garden with every foreign note imported, one command per note."""
    project = copy_sources(tmp_path_factory.mktemp("garden"))
    outputs = {}
    for name in NOTES:
        shutil.copyfile(FOREIGN / name, project / "notes" / name)
        code, out = garden(project, "import", str(project / "notes" / name))
        assert code == 0, out
        outputs[name] = out
    return project, outputs


@pytest.fixture(scope="module")
def served(imported: tuple[Path, dict[str, str]],
           tmp_path_factory: pytest.TempPathFactory):
    project, _ = imported
    site = tmp_path_factory.mktemp("site")
    server, url = serve_site(site, load_config(project / "mkdocs.yml").site_url)
    result = run_mkdocs("build", "--strict", "--site-dir", str(site), cwd=project,
                        env={"GARDEN_SITE_URL": url})
    yield result, site, url
    server.shutdown()


def pages_of(project: Path, section: str) -> dict[str, tuple[dict, str]]:
    out = {}
    for path in sorted((project / "docs" / section).glob("*.md")):
        meta, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
        out[path.name] = (meta, body)
    return out


def test_every_note_passes_check_and_the_strict_build(imported, served) -> None:
    project, _ = imported
    code, out = garden(project, "check")
    assert code == 0 and "no problems" in out, out
    result, _, _ = served
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def test_nav_lists_every_section_and_keeps_the_old_nav(imported) -> None:
    project, _ = imported
    before = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    after = (project / "mkdocs.yml").read_text(encoding="utf-8")
    # A round-trip edit: every line of the old file is still there, in order.
    old_lines = iter(after.splitlines())
    assert all(line in old_lines for line in before.splitlines())
    nav = list(nav_paths(load_config(project / "mkdocs.yml").nav))
    old_nav = list(nav_paths(load_config(ROOT / "mkdocs.yml").nav))
    assert [path for path in nav if path in old_nav] == old_nav
    imported_pages = {p.relative_to(project / "docs").as_posix()
                      for name in NOTES for p in (project / "docs" / Path(name).stem).glob("*.md")}
    assert imported_pages <= set(nav)
    top = yaml.safe_load(after.split("\nnav:\n", 1)[1])
    names = [next(iter(item)) for item in top]
    assert names[-4:] == ["Graph", "Tags", "Glossary", "Contributing"]


def test_names_titles_and_tags_from_any_script(imported) -> None:
    project, _ = imported
    russian = pages_of(project, "git-guide-ru")
    assert sorted(russian) == ["ezhednevnaia-rabota.md", "index.md", "nastroika.md",
                               "osnovnye-poniatiia.md", "otmena-izmenenii.md", "vetvlenie.md"]
    # The garden's own tag the note's title names, on every page of it (no tag per page).
    assert {tuple(meta["tags"]) for meta, _ in russian.values()} == {("git",)}
    cjk = pages_of(project, "cjk-notes")
    assert "cap-ding-li.md" in cjk and cjk["index.md"][0]["title"] == "分布式系统笔记"
    for section in (Path(name).stem for name in NOTES):
        for name, (meta, body) in pages_of(project, section).items():
            assert not name.startswith("topic-"), name
            assert all(tag for tag in meta.get("tags", [])), (section, name)
            assert "`" not in meta["title"] and "🔥" not in meta["title"], meta["title"]
            assert all(f.lang and f.closed for f in scan_markdown(body).fences), name
    python = pages_of(project, "python-tutorial")
    assert python["variables-and-types.md"][0]["title"] == "Variables and types"
    # Emoji stay in the page's heading.
    assert python["variables-and-types.md"][1].startswith("# ✨ Variables and types\n")
    kubernetes = pages_of(project, "kubernetes-cheat-sheet")
    assert kubernetes["troubleshooting-crashloopbackoff.md"][0]["title"] == (
        "Troubleshooting CrashLoopBackOff")


def test_blocks_survive_as_written(imported) -> None:
    project, _ = imported
    note = (FOREIGN / "git-guide-ru.md").read_text(encoding="utf-8")
    table = note[note.index("| Команда"):note.index("\n\nПеред")]
    assert table in pages_of(project, "git-guide-ru")["ezhednevnaia-rabota.md"][1]
    extras = (FOREIGN / "markdown-extras.md").read_text(encoding="utf-8")
    body = pages_of(project, "markdown-extras")["web-accessibility-notes.md"][1]
    for block in ("ARIA\n:   Accessible Rich", "<details>\n<summary>Why not",
                  "~~~html\n<button", "````markdown\n```js\n", "<div class=\"warning\">",
                  "- [x] Every image has an `alt` text"):
        assert block in extras and block in body, block
    # Remote images, a badge's too, become links: the site loads nothing from other hosts;
    # an attribute the site's sanitizer removes (`align` on a paragraph) goes, and is said to.
    assert "[Build](https://ci.example.org/)" in body
    assert ('<p><a href="https://example.org/a11y-logo.png">Accessibility logo</a></p>'
            in body)
    assert ("GL819 attribute the site removes dropped (align)"
            in imported[1]["markdown-extras.md"])
    # Footnotes go with the page that refers to them.
    assert "[^wcag]: Web Content Accessibility" in body
    # A generic type in prose is text to the note's editor (CommonMark), a tag to
    # Python-Markdown: written so that the page shows it as the note did.
    assert any("is a Map&lt;byte[], String>, and `Map<byte[], String>` in code." in text
               for _, text in pages_of(project, "markdown-extras").values())
    # The Python tutorial's CRLF lines and its four-space code survive.
    python = pages_of(project, "python-tutorial")
    assert "    sudo apt install python3 python3-venv" in python["installing-python.md"][1]
    assert "| `int` | `42` | ❌ |\n| `list`" in python["variables-and-types.md"][1]
    # A section of a heading and a line or two is merged, not a page of its own.
    assert "Cleanup" in kubernetes_page(project, "deployments.md")
    assert not (project / "docs" / "kubernetes-cheat-sheet" / "cleanup.md").exists()


def kubernetes_page(project: Path, name: str) -> str:
    return pages_of(project, "kubernetes-cheat-sheet")[name][1]


def test_bare_fences_get_a_language_by_the_documented_rule(imported) -> None:
    project, _ = imported
    langs = {name: [f.lang for f in scan_markdown(body).fences]
             for name, (_, body) in pages_of(project, "kubernetes-cheat-sheet").items()}
    assert langs["pods.md"] == ["bash", "bash"]
    assert langs["deployments.md"] == ["yaml"]
    python = pages_of(project, "python-tutorial")
    assert [f.lang for f in scan_markdown(python["functions.md"][1]).fences] == [
        "python", "json"]


def test_links_the_note_got_wrong_become_plain_text(imported) -> None:
    project, outputs = imported
    out = outputs["kubernetes-cheat-sheet.md"]
    assert ("docs/kubernetes-cheat-sheet/troubleshooting-crashloopbackoff.md:13:41: GL202 "
            "link to #probes, a heading the note does not have, made plain text") in out
    assert ("docs/kubernetes-cheat-sheet/index.md:14:1: GL208 remote image made a link") in out
    body = kubernetes_page(project, "troubleshooting-crashloopbackoff.md")
    assert "see probes<!-- was a link to #probes -->" in body
    assert "[Services](deployments.md#services)" in body
    index = kubernetes_page(project, "index.md")
    assert "[Kubernetes logo](https://kubernetes.io/images/favicon.png)" in index
    assert "![" not in index


def test_embeds_scripts_and_handlers_are_made_harmless(imported) -> None:
    project, outputs = imported
    out = outputs["web-embeds.md"]
    for code in ("GL402", "GL403", "GL404", "GL405", "GL801"):
        assert f" {code} " in out, code
    pages = pages_of(project, "web-embeds")
    video, links = pages["video.md"][1], pages["links.md"][1]
    assert ('<a href="https://www.youtube.com/embed/dQw4w9WgXcQ">'
            'https://www.youtube.com/embed/dQw4w9WgXcQ</a>\n') in video
    # The handler dropped, then the button (which the site's sanitizer removes) shown as text.
    assert "&lt;button&gt;Click me&lt;/button&gt;" in video and "&lt;script&gt;" in video
    assert "- Run this<!-- was a link to a script --> to see the bug." in links


def test_glossary_terms_of_each_style(imported) -> None:
    project, outputs = imported
    original = (ROOT / "glossary.yml").read_text(encoding="utf-8")
    text = (project / "glossary.yml").read_text(encoding="utf-8")
    assert text.startswith(original)
    entries = {e["id"]: e for e in yaml.safe_load(text)}
    assert entries["pod"]["definition"].startswith("The smallest deployable unit")
    assert entries["landmark"]["term"] == "Landmark"  # a definition list
    assert entries["repozitorii"]["term"] == "Репозиторий"  # `**Term** — definition`
    # A Russian note's terms link Russian pages only; the English notes' link English pages.
    assert entries["repozitorii"]["lang"] == "ru" and "lang" not in entries["pod"]
    russian = (project / "docs" / "git-guide-ru" / "vetvlenie.md").read_text(encoding="utf-8")
    assert "lang: ru" in russian
    assert entries["rehurikesiyon"]["term"] == "レプリケーション"  # a term table
    # `- **Term**：...` outside a glossary-like section is reported, not taken.
    assert "yi-zhi-xing-consistency" not in entries
    assert "2 definitions found, 3 look-alikes skipped" in outputs["cjk-notes.md"]


def test_importing_again_is_a_no_op_and_edits_are_kept(imported) -> None:
    project, _ = imported
    before = tree(project)
    for name in NOTES:
        code, out = garden(project, "import", str(project / "notes" / name))
        assert code == 0 and "0 created, 0 updated, 0 kept, 0 skipped" in out, out
    assert tree(project) == before
    page = project / "docs" / "git-guide-ru" / "nastroika.md"
    edited = page.read_text(encoding="utf-8").replace("maturity: seedling", "maturity: budding")
    page.write_text(edited, encoding="utf-8")
    code, out = garden(project, "import", "--dry-run", str(project / "notes/git-guide-ru.md"))
    assert code == 1
    assert "keep docs/git-guide-ru/nastroika.md: was edited since it was generated" in out
    assert "-maturity: budding\n+maturity: seedling" in out
    assert page.read_text(encoding="utf-8") == edited


@pytest.mark.browser
def test_math_renders_offline_and_only_where_it_is(imported, served, page) -> None:
    project, _ = imported
    _, site, url = served
    little = pages_of(project, "queueing-maths")["little-s-law.md"][1]
    assert "$L = \\lambda W$" in little and "$$\nL = \\lambda \\cdot W\n$$" in little
    built = (site / "queueing-maths/little-s-law/index.html").read_text(encoding="utf-8")
    assert '<span class="arithmatex">\\(L = \\lambda W\\)</span>' in built
    # A glossary term inside a formula stays TeX; the same word in the prose is linked.
    utilisation = (site / "queueing-maths/utilisation/index.html").read_text(encoding="utf-8")
    formula = re.search(r'<div class="arithmatex">(.*?)</div>', utilisation, re.DOTALL)
    assert formula and "\\text{latency}" in formula.group(1), utilisation
    assert "glossary-term" in utilisation.split("so the", 1)[1].split("</p>", 1)[0]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url + "git-guide-ru/nastroika/")
    page.wait_for_load_state("load")
    assert not [r for r in requests if "katex" in r and not r.endswith("javascripts/katex.js")]
    page.goto(url + "queueing-maths/utilisation/")
    page.wait_for_selector("div.arithmatex .katex-display", timeout=20_000)
    assert page.locator("span.arithmatex .katex").count() >= 3
    assert "$5 a month" in page.locator("article").inner_text()  # an amount, not a formula
    # KaTeX's own fonts, from the site: the formula is drawn in KaTeX_Main.
    page.wait_for_function("document.fonts.check('16px KaTeX_Main')")
    assert [r for r in requests if not r.startswith(url)] == []


@pytest.mark.browser
def test_the_mermaid_diagram_renders_offline(served, page) -> None:
    _, site, url = served
    assert (site / "assets/vendor/mermaid/mermaid.min.js").is_file()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url + "git-guide-ru/nastroika/")
    page.wait_for_load_state("load")
    assert not [r for r in requests if r.endswith("mermaid.min.js")], "loaded without a diagram"
    page.goto(url + "git-guide-ru/vetvlenie/")
    page.wait_for_selector("article div.mermaid", timeout=20_000)
    assert page.locator("article div.mermaid").bounding_box()["height"] > 50
    # Reached by instant navigation from a page without a diagram, it renders too.
    page.goto(url + "git-guide-ru/nastroika/")
    page.locator("nav a[href$='vetvlenie/']").first.click()
    page.wait_for_url("**/vetvlenie/")
    page.wait_for_selector("article div.mermaid", timeout=20_000)
    assert [r for r in requests if not r.startswith(url)] == []


ENCODINGS = {
    "cp1252": lambda text: text.encode().decode("sloppy-windows-1252"),
    "latin-1": lambda text: text.encode().decode("latin-1"),
    "mac-roman": lambda text: text.encode().decode("mac_roman"),
    "double": lambda text: text.encode().decode("sloppy-windows-1252").encode().decode(
        "sloppy-windows-1252"),
}


def import_into(project: Path, note: str, text: str) -> dict[str, tuple[dict, str]]:
    """The pages of a note imported into a bare garden, without their `source` and hash."""
    (project / "docs").mkdir(parents=True)
    (project / "notes").mkdir()
    (project / "mkdocs.yml").write_text("site_name: Bare\n", encoding="utf-8")
    path = project / "notes" / note
    path.write_bytes(text.encode("utf-8"))
    code, out = garden(project, "import", "--no-glossary", str(path))
    assert code == 0, out
    pages = pages_of(project, Path(note).stem)
    for meta, _ in pages.values():
        meta.pop("generated")
    return pages


@pytest.mark.parametrize("note", ["git-guide-ru.md", "python-tutorial.md", "cjk-notes.md"])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_mojibake_variant_imports_to_the_clean_notes_pages(tmp_path: Path, note: str,
                                                             encoding: str) -> None:
    raw = (FOREIGN / note).read_bytes().decode("utf-8")
    clean = import_into(tmp_path / "clean", note, raw)
    broken = import_into(tmp_path / "broken", note, ENCODINGS[encoding](raw))
    assert len(clean) >= 4 and broken == clean


def test_a_link_made_text_keeps_the_code_in_its_text() -> None:
    known = PageLinks(exists=lambda _: False, anchors={})
    body, fixes = fix_links("See [`run()`](gone.md) now.\n", "a/b.md", known, {})
    assert body == "See `run()`<!-- was a link to gone.md --> now.\n"
    assert [fix.code for fix in fixes] == ["GL201"]
