"""`garden import FOLDER`: a vault in, one page per note, nothing lost or overwritten."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from garden.check.runner import all_rules, check_garden
from garden.importer import command as importer
from garden.model.site import Garden, load_config
from garden.text.markdown_scan import split_front_matter
from support.check_projects import garden_extensions
from support.mkdocs_process import ROOT, run_mkdocs
from test_plugin import write_site

VAULT = {
    "notes/My Vault/Home.md": "# Home\n\nStart at [[Ideas/Q&A]] or [[Deep note|the deep one]].\n"
                              "\n![[diagram.png|200]]\n",
    "notes/My Vault/Ideas/Q&A.md": "---\ntags: [faq]\n---\n# Questions\n\n#help #faq\n\n"
                                   "> [!tip] Ask\n> Anything, see [[Home#Home]]. #ideas/open\n",
    "notes/My Vault/Ideas/Deep/Deep note.md": "Deep text. %%not for readers%%\n\n"
                                              "```py {2} showLineNumbers title=\"deep.py\"\n"
                                              "x = 1\ny = 2\n```\n",
    "notes/My Vault/Private.md": "---\npublish: false\n---\nMy secrets.\n",
    "notes/My Vault/Draft.md": "---\ndraft: true\n---\nNot yet.\n",
    "notes/My Vault/attachments/diagram.png": "PNG",
    "notes/My Vault/.obsidian/app.json": "{}",
    "notes/My Vault/tool.exe": "MZ",
}
SITE = {
    "mkdocs.yml": """\
        site_name: Garden
        theme:
          name: material
        markdown_extensions: [admonition, pymdownx.details, pymdownx.superfences, attr_list,
                              toc]
        plugins: [search, garden]
        nav:
          - Home: index.md
          - Tags: tags.md
        """,
    "docs/index.md": "# Garden\n\nWelcome.\n",
    "docs/tags.md": "# Tags\n",
}


def import_folder(root: Path, *extra: str, folder: str = "notes/My Vault") -> int:
    parser = argparse.ArgumentParser()
    importer.register(parser.add_subparsers())
    args = parser.parse_args(["import", "-f", str(root / "mkdocs.yml"), str(root / folder),
                              *extra])
    return args.run(args)


@pytest.fixture
def garden_root(tmp_path: Path) -> Path:
    return write_site(tmp_path, {**SITE, **VAULT})


def test_a_vault_becomes_one_page_per_note(garden_root: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert import_folder(garden_root) == 0
    out = capsys.readouterr().out
    docs = garden_root / "docs" / "my-vault"
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()) == [
        "Home.md", "Ideas/Deep/Deep note.md", "Ideas/q-a.md", "attachments/diagram.png"]
    assert "Private.md: marked publish: false" in out and "Draft.md: marked draft: true" in out
    assert "tool.exe: not a note" in out and ".obsidian" not in out
    assert "Ideas/Q&A.md: published as my-vault/Ideas/q-a.md" in out
    qa = (docs / "Ideas" / "q-a.md").read_text(encoding="utf-8")
    assert "aliases: [Q&A]" in qa and "> [!tip] Ask" in qa
    assert "tags: [faq, help, ideas/open]" in qa  # its `#tags` after its front matter's
    config = (garden_root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- My vault:\n" in config and "- Ideas:\n" in config and "- Deep:\n" in config
    garden = Garden.load(load_config(garden_root / "mkdocs.yml"))
    found = [str(d) for d in check_garden(garden, all_rules()) if d.code.startswith("GL2")]
    assert found == []  # every wikilink and embed resolved, renamed note included


def test_importing_again_rewrites_only_what_changed(garden_root: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import_folder(garden_root)
    capsys.readouterr()
    home = garden_root / "notes" / "My Vault" / "Home.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    edited = garden_root / "docs" / "my-vault" / "Ideas" / "Deep" / "Deep note.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy own addition.\n",
                      encoding="utf-8")
    assert import_folder(garden_root) == 1  # one page kept: the exit status says so
    out = capsys.readouterr().out
    assert "update docs/my-vault/Home.md" in out
    assert "keep docs/my-vault/Ideas/Deep/Deep note.md: edited since it was imported" in out
    assert "My own addition." in edited.read_text(encoding="utf-8")
    assert "unchanged docs/my-vault/Ideas/q-a.md" in out
    assert "1 updated, 1 kept" in out


def test_published_only(garden_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = garden_root / "notes" / "My Vault" / "Home.md"
    note.write_text("---\npublish: true\n---\n" + note.read_text(encoding="utf-8"),
                    encoding="utf-8")
    import_folder(garden_root, "--published-only")
    docs = garden_root / "docs" / "my-vault"
    assert sorted(p.name for p in docs.rglob("*.md")) == ["Home.md"]
    assert "not marked publish: true" in capsys.readouterr().out


@pytest.mark.build
def test_the_imported_vault_builds_strictly(garden_root: Path) -> None:
    assert import_folder(garden_root) == 0
    result = run_mkdocs("build", "--strict", cwd=garden_root)
    assert result.returncode == 0, result.stderr
    site = garden_root / "site" / "my-vault"
    home = (site / "Home" / "index.html").read_text(encoding="utf-8")
    assert 'href="../Ideas/q-a/"' in home and 'href="../Ideas/Deep/Deep%20note/"' in home
    assert 'src="../attachments/diagram.png" width="200"' in home
    qa = (site / "Ideas" / "q-a" / "index.html").read_text(encoding="utf-8")
    assert "<p>#help #faq</p>" in qa and 'id="help' not in qa  # a line of tags, no heading
    deep = (site / "Ideas" / "Deep" / "Deep note" / "index.html").read_text(encoding="utf-8")
    assert "Deep text." in deep and "not for readers" not in deep
    # A fence written for another tool: its title, numbered lines and highlighted line 2.
    assert '<span class="filename">deep.py</span>' in deep
    assert re.search(r'<span class="hll">.*y.*=.*2', deep) and "linenos" in deep, deep
    assert not (garden_root / "site" / "my-vault" / "Private").exists()


def test_a_wikilink_to_a_heading_the_note_lacks_links_to_the_note(
        garden_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Obsidian opens the note when the heading or block a link names is gone: so does the
    page, showing what Obsidian showed; the import says so and keeps the target in a comment."""
    home = garden_root / "notes" / "My Vault" / "Home.md"
    home.write_text(home.read_text(encoding="utf-8") + (
        "\nSee [[Ideas/Q&A#Gone away]] and [[Home#Home]].\n\n"
        "| what | where |\n|---|---|\n| deep | [[Deep note#^nope\\|the block]] |\n\n"
        "> [!note] Inside\n> Also [[#Nowhere]].\n\n![[Deep note#Missing part]]\n\n"
        "Up to [the top](#Home), not [a typo](#Hoem).\n"),
        encoding="utf-8")
    assert import_folder(garden_root) == 0
    out = capsys.readouterr().out
    page = (garden_root / "docs" / "my-vault" / "Home.md").read_text(encoding="utf-8")
    assert "See [[Ideas/Q&A|Ideas/Q&A > Gone away]]<!-- was a link to Ideas/Q&A#Gone away -->"\
        in page
    assert "[[Home#Home]]" in page  # a heading the note has stays as written
    assert "| [[Deep note\\|the block]]<!-- was a link to Deep note#^nope --> |" in page
    assert "> Also Nowhere<!-- was a link to #Nowhere -->." in page
    assert "[[Deep note|Deep note > Missing part]]<!-- was a link to Deep note#Missing part -->" \
        in page
    lines = page.split("\n")
    see = next(n for n, line in enumerate(lines, 1) if line.startswith("See "))
    assert f"docs/my-vault/Home.md:{see}:5: GL211 wikilink to 'Gone away' in [[Ideas/Q&A]]" in out
    assert "GL211 embed to 'Missing part' in [[Deep note]]" in out
    assert "GL211 wikilink to 'Nowhere' in this note, which it does not have, made its text" in out
    assert "Up to [the top](#home), not a typo<!-- was a link to #hoem -->." in page
    assert "GL202 link to '#hoem' in this note, which it does not have, made its text" in out
    garden = Garden.load(load_config(garden_root / "mkdocs.yml"))
    assert [str(d) for d in check_garden(garden, all_rules())] == []
    assert import_folder(garden_root) == 0  # importing again: the same page, unchanged
    assert "unchanged docs/my-vault/Home.md" in capsys.readouterr().out


def test_markdown_links_find_files_as_the_editor_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A note's path without `.md`, a path whose folders end another file's, a heading the
    target lacks (to the page), and a link naming nothing in the vault (made its text, the
    target kept in a comment, listed), or an attachment the site refuses (not copied, listed)."""
    root = write_site(tmp_path, {**SITE,
        "notes/KB/tools/ssh.md": "# SSH\n\nSee [the protocol](/networking/protocols/ssh) and "
                                 "[addresses](../networking/IP.md).\n\n"
                                 "Try [offsec](offsec.com) or [`AggregateError`](mdn:js/Agg)."
                                 " [Maps](obsidian://show-plugin?id=maps). See [gids]"
                                 "(../networking/IP.md#gids) and [ip](../networking/IP.md#ip)."
                                 "\n\n![shot](pics/gone.png)\n\n"
                                 "![flow](flow.svg)\n\n![the IP note](../networking/IP.md)\n",
        "notes/KB/networking/protocols/ssh.md": "# The SSH protocol\n",
        "notes/KB/study/networking/IP.md": "# IP\n",
        "notes/KB/study/osi/IP.md": "# IP in the OSI model\n",
        "notes/KB/tools/flow.svg": '<svg xmlns="http://www.w3.org/2000/svg"><style>@import '
                                   "'https://fonts.example.com/css';</style></svg>"})
    assert import_folder(root, folder="notes/KB") == 0
    out = capsys.readouterr().out
    page = (root / "docs" / "kb" / "tools" / "ssh.md").read_text(encoding="utf-8")
    assert "[the protocol](../networking/protocols/ssh.md)" in page
    assert "[addresses](../study/networking/IP.md)" in page
    assert "![the IP note](../study/networking/IP.md)" in page  # a note embedded: the build's
    assert "[Maps](obsidian://show-plugin?id=maps)" in page  # an app's link, as written
    # A heading the page lacks (a typo): to the page, as Obsidian opens it; one it has stays.
    assert ("See [gids](../study/networking/IP.md)<!-- was a link to "
            "../study/networking/IP.md#gids --> and [ip](../study/networking/IP.md#ip).") in page
    assert "GL202 link to '#gids' in ../study/networking/IP.md, a heading the page" in out
    assert "Try offsec<!-- was a link to offsec.com --> or `AggregateError`<!-- was a link " \
        "to mdn:js/Agg -->." in page
    assert "shot<!-- was a link to pics/gone.png -->" in page
    assert "GL201 link to offsec.com, which names no file of the vault" in out
    assert "GL205 image to pics/gone.png, which names no file of the vault" in out
    assert "skip notes/KB/tools/flow.svg: the site refuses it (line 1: CSS loads " in out
    assert "flow<!-- was a link to flow.svg -->" in page  # never copied, so never linked
    assert not (root / "docs" / "kb" / "tools" / "flow.svg").exists()
    garden = Garden.load(load_config(root / "mkdocs.yml"))
    assert [str(d) for d in check_garden(garden, all_rules())] == []


def import_notes(root: Path, *paths: str) -> int:
    parser = argparse.ArgumentParser()
    importer.register(parser.add_subparsers())
    args = parser.parse_args(["import", "-f", str(root / "mkdocs.yml"), "--no-glossary",
                              *(str(root / path) for path in paths)])
    return args.run(args)


def test_a_name_the_site_holds_already_gets_a_folder_of_its_own(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_site(tmp_path, {
        **SITE, "docs/guide/index.md": "# Guide\n\nWritten by hand.\n",
        "notes/Tags.md": "# Tags\n\nMy tags.\n", "notes/Guide.md": "# Guide\n\nA note.\n",
        "notes/other/Guide.md": "# Guide\n\nAnother note of that name.\n",
        "notes/Templates/Daily.md": "# Daily\n\nA template.\n"})
    assert import_notes(root, "notes/Tags.md", "notes/Guide.md", "notes/other/Guide.md") == 0
    assert import_folder(root, folder="notes/Templates") == 0
    out = capsys.readouterr().out
    docs = root / "docs"
    assert (docs / "tags.md").read_text(encoding="utf-8") == "# Tags\n"  # the site's, kept
    assert "My tags." in (docs / "tags-2" / "index.md").read_text(encoding="utf-8")
    assert "docs/tags.md has the URL its index page would have" in out
    assert "Written by hand." in (docs / "guide" / "index.md").read_text(encoding="utf-8")
    assert "A note." in (docs / "guide-2" / "index.md").read_text(encoding="utf-8")
    assert "Another note" in (docs / "guide-3" / "index.md").read_text(encoding="utf-8")
    assert (docs / "templates-2" / "Daily.md").is_file()
    assert "leaves a top-level templates/ folder out" in out
    # Importing again finds each note's own folder.
    assert import_notes(root, "notes/Guide.md", "notes/other/Guide.md") == 0
    assert "guide-4" not in capsys.readouterr().out and not (docs / "guide-4").exists()



# Shapes met in real vaults (an application's help vault, a translated one): Obsidian
# Publish's properties, empty ones, two-space nested lists and fences under items, bare fences
# (in callouts too), web embeds, Markdown links by file name only, links to notes not written
# yet, text files beside the notes.
SHAPES = {
    "notes/Help/Guide.md": (
        "---\npermalink: guide\nmobile: true\naliases:\ndescription:\ncssclasses: wide\n---\n"
        "# Guide\n\n1. Install:\n   ```\n   pip install garden\n   ```\n2. Nested:\n"
        "   - three spaces in\n\n![Logo](logo.png) and ![](https://example.org/x.png)\n\n"
        "See [the FAQ](FAQ.md), [the renamed](Q&A.md) and [a plan](Someday.md).\n\n"
        "> [!warning] If [Lockdown](<https://example.org/lock down>) is on\n> ```\n"
        "> plain\n> ```\n"),
    "notes/Help/deep/FAQ.md": "---\nmobile: false\n---\n# FAQ\n\nAnswers.\n\n"
                              "## Key Answers\n\nSee [above](#FAQ).\n",
    # A note that starts with a URL: MkDocs alone would take the line for `key: value` meta.
    "notes/Help/deep/Clip.md": "https://example.org/post\n\nClipped, see [the guide](/Guide.md)"
                               " and [moved](/old/place/FAQ.md#Key%20Answers).\n",
    "notes/Help/Q&A.md": "# Q&A\n\nQuestions,\u2028two of them.\n",  # a line separator inside
    "notes/Help/Attachments/logo.png": "PNG",
    "notes/Help/headings.txt": "Guide\nFAQ\n",
    "notes/Help/Private.md": "---\npublish: false\n---\nMine.\n",
}


def test_a_vault_of_real_shapes_passes_check_and_builds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_site(tmp_path, {**SITE, **SHAPES})
    assert import_folder(root, folder="notes/Help") == 0
    out = capsys.readouterr().out
    guide = (root / "docs" / "help" / "Guide.md").read_text(encoding="utf-8")
    meta, body, _ = split_front_matter(guide)
    assert meta["permalink"] == "guide" and "description" not in meta and "aliases" in meta
    assert "empty front matter description left out" in out
    assert "1. Install:\n    ```bash\n    pip install garden\n    ```\n" in body
    assert "2. Nested:\n    - three spaces in" in body
    assert "![Logo](Attachments/logo.png)" in body  # found by name, as Obsidian finds it
    assert "[](https://example.org/x.png)" in body and "GL208 remote image made a link" in out
    assert "[the FAQ](deep/FAQ.md)" in body and "[the renamed](q-a.md)" in body
    assert "a plan<!-- was a link to Someday.md -->" in body
    assert "> ```text\n" in body
    clip = (root / "docs" / "help" / "deep" / "Clip.md").read_text(encoding="utf-8")
    assert "\nhttps://example.org/post\n\nClipped" in clip and "https:" not in clip.split("---")[1]
    assert "[the guide](../Guide.md)" in clip  # from the vault's root
    assert "[moved](FAQ.md#key-answers)" in clip  # a heading named by its text, as the site ids it
    faq = (root / "docs" / "help" / "deep" / "FAQ.md").read_text(encoding="utf-8")
    assert "[above](#faq)" in faq
    plugins = load_config(root / "mkdocs.yml").plugins
    assert plugins["garden"]["front_matter"] == {"mobile": "flag"}  # a property of the vault
    ledger = (root / "notes" / "ledger.yml").read_text(encoding="utf-8")
    assert "notes/Help/Private.md:\n  dropped:\n    - lines: 1-4" in ledger
    assert "published as the file docs/help/headings.txt" in ledger
    garden = Garden.load(load_config(root / "mkdocs.yml"))
    assert [str(d) for d in check_garden(garden, all_rules())] == []
    result = run_mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "help" / "Guide" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/lock%20down"' in page


QUARTZ = ROOT / "tests" / "fixtures" / "vaults" / "quartz-docs" / "vault"
# What a reader sees of a note's text: no comment, an embedded file (not its name), a
# wikilink's shown text, no callout marker, no link's address, no HTML tag, no block id, no
# fence's language or title (the option's name).
SHOWN_RE = [(re.compile(r"%%.*?%%", re.DOTALL), ""),
            (re.compile(r"!\[\[[^\]|#]*\.(?!md\b)\w+(?:[#|][^\]]*)?\]\]"), ""),
            (re.compile(r"!?\[\[(?:[^\]|]*\|)?([^\]|#]*)(?:#[^\]|]*)?\]\]"), r"\1"),
            (re.compile(r"\[!\w+\][+-]?"), ""), (re.compile(r"\]\([^)\n]*\)"), "]"),
            (re.compile(r"<[^<>\n]+>"), " "), (re.compile(r"\s\^[\w-]+$", re.MULTILINE), ""),
            (re.compile(r"^([ \t>]*(?:```|~~~)).*$", re.MULTILINE), r"\1")]
RAW_OBSIDIAN = ("[[", "![[", "[!", "%%")


def shown_words(note: str) -> set[str]:
    _, body, _ = split_front_matter(note)
    for pattern, replacement in SHOWN_RE:
        body = pattern.sub(replacement, body)
    return {word.lower() for word in re.findall(r"[^\W\d_]{4,}", unescape(body))}


def reader_text(html: str) -> tuple[str, str]:
    """The page's article as a reader reads it (an image by its alt text), and the same
    without its code."""
    article = html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    article = re.sub(r'<img [^>]*\balt="([^"]*)"[^>]*>', r" \1 ", article)
    prose = re.sub(r"<(pre|code)\b.*?</\1>", " ", article, flags=re.DOTALL)
    def text(part: str) -> str:
        return unescape(re.sub(r"<[^>]+>", " ", part))
    return text(article), text(prose)


@pytest.mark.build
def test_a_real_vault_imports_checks_and_builds_as_obsidian_shows_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A sample of Quartz's documentation (tests/fixtures/vaults), imported with no hand edit:
    the wikilinks to notes outside the sample are warned of where they are written, the rest
    link the right page; every callout is an admonition, every image embed an image, no raw
    Obsidian syntax outside code, and every word of every note on its page."""
    root = write_site(tmp_path, {**SITE, "mkdocs.yml": (
        "site_name: Garden\ntheme:\n  name: material\n" + garden_extensions()
        + "plugins: [search, garden]\nnav:\n  - Home: index.md\n  - Tags: tags.md\n")})
    shutil.copytree(QUARTZ, root / "notes" / "Quartz")
    assert import_folder(root, folder="notes/Quartz") == 0
    captured = capsys.readouterr()
    unwritten = [line for line in captured.err.splitlines() if " GL209 " in line]
    assert len(unwritten) == 7 and captured.out.endswith("0 problems reported, 7 warnings\n")
    assert "docs/quartz/features/comments.md:18:27: GL209 wikilink [[setting up your GitHub " \
        "repository]] names no note or file of the site" in unwritten
    garden = Garden.load(load_config(root / "mkdocs.yml"))
    assert sorted(str(d) for d in check_garden(garden, all_rules())) == sorted(unwritten)
    result = run_mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "site" / "quartz"
    for note in QUARTZ.rglob("*.md"):
        page = site / note.relative_to(QUARTZ).with_suffix("") / "index.html"
        html = page.read_text(encoding="utf-8")
        everything, prose = reader_text(html)
        assert not [raw for raw in RAW_OBSIDIAN if raw in prose], note.name
        missing = shown_words(note.read_text(encoding="utf-8")) - set(
            re.findall(r"[^\W\d_]{4,}", everything.lower()))
        assert not missing, (note.name, sorted(missing)[:10])
    features = site / "features"
    callouts = (features / "callouts" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<div class="admonition |<details class=', callouts)) == 18
    assert '<details class="question" open="open">' in callouts  # `[!question]+`
    comments = (features / "comments" / "index.html").read_text(encoding="utf-8")
    images = re.findall(r'<img alt="[^"]+" src="\.\./\.\./images/(giscus-[a-z]+\.png)"', comments)
    assert len(images) == 4 and all((site / "images" / name).is_file() for name in images)
    wikilinks = (features / "wikilinks" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a [^>]*href="\.\./Obsidian%20compatibility/"[^>]*>Obsidian '
                     r"compatibility</a>", wikilinks)
    authoring = (site / "authoring content" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a [^>]*href="\.\./features/private%20pages/"[^>]*>pages private</a>',
                     authoring)
    assert "setup Quartz" in authoring  # a wikilink to no note of the sample: its text
    latex = (features / "Latex" / "index.html").read_text(encoding="utf-8")
    assert latex.count('class="arithmatex"') == 5


def test_the_vault_import_benchmark_runs(tmp_path: Path) -> None:
    """benchmarks/vault_import.py at two small sizes: each import succeeds with no problem."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "vault_import.py"), "--sizes", "20,40",
         "--runs", "1"], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^\s+40\s+[\d.]+\s+[\d.]+\s+[\d.]+ \(2x notes\)$", result.stdout, re.M), \
        result.stdout


def test_a_vaults_own_properties_are_declared_with_the_kind_most_values_have(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Dates as YAML reads them or as text, and a key a few notes fill with another kind: the
    key is declared once, and the check names each note that holds another kind."""
    notes = {
        "notes/P/A.md": "---\ncreated: 2026-01-02\nlevel: 1\n---\n# A\n\nText.\n",
        "notes/P/B.md": "---\ncreated: \"2026-01-05\"\nlevel: 2\n---\n# B\n\nText.\n",
        "notes/P/C.md": "---\ncreated: 2026-02-01T10:30\nlevel: \"N\"\n---\n# C\n\nText.\n",
        "notes/P/D.md": "---\ncreated: \"{{date}}\"\nlevel: 3\n---\n# D\n\nA template.\n",
    }
    root = write_site(tmp_path, {**SITE, **notes})
    assert import_folder(root, folder="notes/P") == 0
    out = capsys.readouterr().out
    assert load_config(root / "mkdocs.yml").plugins["garden"]["front_matter"] == {
        "created": "date", "level": "number"}
    assert "created: date (used by 4 note(s); 1 of another kind" in out
    garden = Garden.load(load_config(root / "mkdocs.yml"))
    found = sorted(f"{d.path}:{d.line} {d.code} {d.message}"
                   for d in check_garden(garden, all_rules()))
    assert found == [
        "docs/p/C.md:3 GL813 front matter `level` must be a number, not text ('N')",
        "docs/p/D.md:2 GL813 front matter `created` must be a date such as 2026-01-31, "
        "not text ('{{date}}')"], found


def test_a_vault_note_is_read_as_every_note_is(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Mojibake repaired and a code block copied out of a chat app opened again, as for one
    note; the check then finds each of the note's lines on its page (its provenance)."""
    notes = {"notes/R/Setup.md": "# Setup\n\nIt donâ€™t start:\n\nbashCopyDownload```\n"
                                 "pip install garden\n```\n\nDone.\n"}
    root = write_site(tmp_path, {**SITE, **notes})
    assert import_folder(root, folder="notes/R") == 0
    out = capsys.readouterr().out
    assert "repair notes/R/Setup.md: 1 lines were UTF-8 read as" in out
    assert "1 code fence(s) ran into a chat app's copied header" in out
    page = (root / "docs" / "r" / "Setup.md").read_text(encoding="utf-8")
    assert "It don\u2019t start:\n\n```bash\npip install garden\n```\n" in page
    garden = Garden.load(load_config(root / "mkdocs.yml"))
    assert [str(d) for d in check_garden(garden, all_rules())] == []
