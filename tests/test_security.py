"""The build's defences one by one: sanitizer, policy, confinement, annotations, workflows."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from garden import cli
from garden.check.runner import render
from garden.model.site import load_config
from garden.plugin.serve import Problem, one_per_mistake
from garden.safety.confinement import (
    confined_section,
    docs_escapes,
    snippet_escapes,
    snippet_option_problems,
)
from garden.safety.csp import (
    SiteFacts,
    SiteScripts,
    Source,
    allow_script,
    by_directive,
    config_sources,
    content_sources,
    inline_script_hashes,
    origin,
    policy,
    repo_facts_origin,
    site_scripts,
    source_hash,
    with_policy,
)
from garden.safety.documents import document_findings
from garden.safety.html_inventory import inventory, removals
from garden.safety.sanitize import STANDARD, clean_page, is_offsite, plain_text, sanitize_html
from garden.text.diagnostics import Diagnostic
from support.check_projects import write_config
from support.mkdocs_process import ROOT, run_mkdocs

# Markup the garden's own features write into pages: it must come out of the sanitizer as is.
OWN_MARKUP = [
    '<a class="glossary-term" href="../glossary/#jwt" title="A compact, signed token.">JWT</a>',
    '<a data-preview="" href="../web/http-versions/#http3">HTTP/3</a>',
    '<a href="../web/http-versions/" data-garden-preview="">HTTP versions</a>',
    '<a class="glightbox" data-type="image" data-width="auto" data-height="auto" '
    'href="../assets/diagrams/a.svg" data-desc-position="bottom"><img alt="A diagram" '
    'src="../assets/diagrams/a.svg"></a>',
    '<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked="checked" '
    'id="__tabbed_1_1" name="__tabbed_1" type="radio"><label for="__tabbed_1_1">One</label></div>',
    '<div class="admonition note"><p class="admonition-title">Note</p><p>Body</p></div>',
    '<span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path d="M12 2L2 22h20z"></path></svg></span>',
    '<nav class="glossary-jump" aria-label="Glossary letters"><span aria-disabled="true">B</span>'
    '</nav>',
    '<div class="garden-graph garden-graph--full" data-garden-graph="full"></div>',
    '<ol><li class="task-list-item"><input type="checkbox" disabled checked> done</li></ol>',
    '<p><kbd class="key-ctrl">Ctrl</kbd> <mark>marked</mark> <abbr title="HyperText">HTML</abbr>'
    '</p>',
]


@pytest.mark.parametrize("markup", OWN_MARKUP)
def test_sanitizer_keeps_the_gardens_own_markup(markup: str) -> None:
    def normal(html: str) -> str:
        return re.sub(r'(checked|disabled)(?:="[^"]*")?', r"\1", html)

    assert normal(sanitize_html(markup)) == normal(markup)


@pytest.mark.parametrize(("hostile", "gone"), [
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ("<script>alert(1)</script>text", "alert"),
    ('<a href="javascript:alert(1)">x</a>', "javascript"),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>', "ascript"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:"),
    ('<img src="https://tracker.invalid/p.png" alt="p">', "tracker"),
    ('<img src="//tracker.invalid/p.png" alt="p">', "tracker"),
    ('<iframe srcdoc="x"></iframe><object data="y"></object>', "srcdoc"),
    ('<form action="https://x.invalid/"><input name="q"></form>', "action"),
    ("<style>p{background:url(https://x.invalid/)}</style>", "url("),
    ('<p style="background:url(https://x.invalid/)">x</p>', "style"),
    ('<base href="https://x.invalid/">', "base"),
    ('<div id="__config">{"base": "https://x.invalid"}</div>', "__config"),
    ('<input type="image" src="x.png">', "image"),
    ('<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>', "alert"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "onerror"),
])
def test_sanitizer_removes_what_runs_or_leaves_the_site(hostile: str, gone: str) -> None:
    assert gone not in sanitize_html(hostile)
    assert clean_page(hostile).removed, "removed without a word"


# Script in every form: the standard profile removes it too, and says so.
SCRIPT_VECTORS = [
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ("<script>alert(1)</script>text", "alert"),
    ('<a href="javascript:alert(1)">x</a>', "javascript"),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>', "ascript"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:"),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "srcdoc"),
    ('<iframe src="javascript:alert(1)"></iframe>', "javascript"),
    ('<object data="y.swf"></object><embed src="z.swf">', "swf"),
    ('<base href="https://x.invalid/"><meta http-equiv="refresh" content="0;url=x">', "x.invalid"),
    ('<form action="https://x.invalid/"><button formaction="https://x.invalid/">b</button>'
     '</form>', "x.invalid"),
    ('<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>', "alert"),
    ('<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', "javascript"),
    ('<svg><a><animate attributeName="href" values="0;javascript:alert(1)"/><text>t</text>'
     "</a></svg>", "javascript"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "onerror"),
    ("<xmp><script>alert(1)</script></xmp><noembed><img src=x onerror=alert(1)></noembed>",
     "alert"),
    ('<div id="__config">{"base": "https://x.invalid"}</div>', "__config"),
]


@pytest.mark.parametrize(("hostile", "gone"), SCRIPT_VECTORS)
def test_the_standard_profile_removes_script_and_says_so(hostile: str, gone: str) -> None:
    cleaned = clean_page(hostile, STANDARD)
    assert gone not in cleaned.html
    assert cleaned.removed


# What other sites' Markdown, Material and common plugins write: kept as it is.
SITE_MARKUP = [
    '<table><thead><tr><th style="text-align: left;">A</th></tr></thead></table>',
    '<p><img align="left" alt="b" src="https://img.shields.io/badge/x.svg" width="90"></p>',
    '<p><a href="https://x.org/" rel="noopener" target="_blank">x</a></p>',
    '<div data-search-exclude="" class="x"><p>x</p></div>',
    '<svg viewBox="0 0 9 9" xmlns="http://www.w3.org/2000/svg"><title>Flow</title><defs>'
    '<marker id="m" markerWidth="3" refX="1"><path d="M0 0"></path></marker></defs>'
    '<use href="#m"></use><text x="1">A<tspan dx="2">B</tspan></text></svg>',
    '<video controls="" src="a.mp4"><source src="a.webm" type="video/webm"><track src="a.vtt">'
    '</video>',
    '<picture><source srcset="a.avif" type="image/avif"><img alt="" src="a.png"></picture>',
    '<iframe allowfullscreen="" src="https://www.youtube-nocookie.com/embed/x"></iframe>',
    '<autoref hover="" identifier="pkg.Thing" optional="">Thing</autoref>',
    '<span data-autorefs-identifier="pkg.Thing" data-autorefs-optional="">Thing</span>',
    '<p><button class="md-button" type="button">Try</button><input type="text" name="q"></p>',
    '<img alt="dot" src="data:image/png;base64,AAAA">',
]


@pytest.mark.parametrize("markup", SITE_MARKUP)
def test_the_standard_profile_keeps_what_sites_write(markup: str) -> None:
    cleaned = clean_page(markup, STANDARD)
    assert (cleaned.html, cleaned.removed) == (markup, ())


def test_removals_name_each_kind_once_with_the_first_removed() -> None:
    before = inventory('<table><tr><td style="a">1</td><td style="b">2</td></tr></table>'
                       '<iframe src="x"><p>n</p></iframe><img src="k.png">'
                       '<img src="https://x.invalid/a.png">')
    after = inventory('<table><tr><td>1</td><td>2</td></tr></table><img src="k.png"><img>')
    found = {removal.what: (removal.example, removal.count)
             for removal in removals(before, after)}
    assert found == {"<iframe>": ('<iframe src="x">', 1),
                     "style= on <td>": ('<td style="a">', 2),
                     "src= on <img>": ('<img src="https://x.invalid/a.png">', 1)}


def test_plain_text_escapes_once_and_drops_tags() -> None:
    assert plain_text("A &amp; B") == plain_text("A & B") == "A &amp; B"
    assert plain_text('<img src=x onerror=alert(1)>"x"') == "&quot;x&quot;"
    # Written as entities, a tag is text: kept, and inert when read back as HTML (a zero-width
    # space after each `<`); plain text of plain text is the same text.
    written = plain_text("&lt;/title&gt;&lt;script&gt;")
    assert written == "&lt;\u200b/title&gt;&lt;\u200bscript&gt;" == plain_text(written)


@pytest.mark.parametrize(("html", "refused"), [
    ("</a" * 1100, True),  # `/` ends attributes: 1,100 of them in one tag
    ("<a " + " b" * 1100 + ">", True),
    ('<svg><path d="' + "M 0 0 L 1/1 " * 1100 + '"></path></svg>', False),  # one attribute
    ("<br/>" * 1100, False),  # many tags, each closed
])
def test_published_html_with_a_crowded_tag(html: str, refused: bool) -> None:
    """A tag with more attributes than any document needs is refused before an HTML5 parser
    spends quadratic time on it; a long quoted value, or many small tags, is no such tag."""
    findings = document_findings("page.html", html)
    assert any("1000 attributes" in finding.message for finding in findings) is refused


@pytest.mark.parametrize(("url", "offsite"), [
    ("assets/a.png", False), ("../a.png", False), ("/garden/a.png", False), ("#x", False),
    ("https://x.invalid/a", True), ("//x.invalid/a", True), ("\\\\x.invalid/a", True),
    (" https://x", True), ("data:image/png;base64,AA", True), ("HTTP://X", True)])
def test_offsite_urls(url: str, offsite: bool) -> None:
    assert is_offsite(url) is offsite


def test_policy_allows_only_the_neutral_pages_scripts() -> None:
    """The policy comes from the neutral page (what the theme renders without content or front
    matter): an inline script a template printed from a contributor's input is not allowed,
    and script files are named by their exact URLs."""
    theme = ('<head><meta charset="utf-8"><script>theme()</script>'
             '<script type="application/json">{"a": 1}</script>'
             '<script src="../assets/javascripts/bundle.js"></script>')
    neutral = theme + "</head><body></body></html>"
    final = theme + "<script>alert(1)</script></head><body><p>x</p></body></html>"
    scripts = site_scripts(neutral, "https://example.org/garden/web/page/",
                           ["https://example.org/garden/assets/vendor/m.js"])
    assert scripts.hashes == (source_hash("theme()"),)
    result = with_policy(final, scripts)
    meta = re.search(r'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
                     r'content="([^"]*)">', result)
    assert meta and meta.group(1) == policy(scripts)
    script_src = meta.group(1).split("script-src ")[1].split(";")[0].split()
    assert script_src == ["https://example.org/garden/web/assets/javascripts/bundle.js",
                          "https://example.org/garden/assets/vendor/m.js",
                          source_hash("theme()")]
    assert source_hash("alert(1)") in inline_script_hashes(final)
    assert "connect-src 'self'" in meta.group(1) and "img-src 'self' data:" in meta.group(1)
    assert "script-src 'none'" in policy(None)
    live = allow_script(result, "livereload(1, 2);")
    assert f"{source_hash('theme()')} {source_hash('livereload(1, 2);')};" in live
    assert "'unsafe-inline'" not in live.split("style-src")[0]


def test_a_removal_the_checker_names_is_one_problem_while_serving() -> None:
    """The build's word on a removal the checker names at its line is folded into it; one it
    does not name (a harmless style under the strict profile) stays."""
    checked = [Problem("raw <iframe> in a page embeds another site; link to it instead",
                       "docs/a.md", 3, 1, "GL403"),
               Problem("inline event handler 'onclick=' on <p>; pages carry no script",
                       "docs/a.md", 5, 1, "GL405")]
    logged = [Problem(f"docs/{page}.md: GL819 removed {what} (1 on this page) — why",
                      severity="warning")
              for page, what in (("a", '<iframe>: <iframe src="x">'),
                                 ("a", 'onclick= on <p>: <p onclick="f()">'),
                                 ("b", '<iframe>: <iframe src="x">'),
                                 ("a", 'style= on <td>: <td style="a">'))]
    shown = one_per_mistake(checked, logged, None)
    assert shown == [*checked, logged[2], logged[3]]


def test_the_hosts_a_sites_configuration_needs() -> None:
    facts = SiteFacts(theme="material", web_fonts=True,
                      repo_url="https://gitlab.example.org/group/project",
                      analytics="google",
                      scripts=("assets/local.js", "https://cdn.jsdelivr.net/npm/mathjax@3/x.js"),
                      stylesheets=("//unpkg.com/katex/katex.css",))
    hosts = by_directive(config_sources(facts))
    assert hosts["style-src"] == ["https://fonts.googleapis.com", "https://unpkg.com"]
    assert hosts["font-src"] == ["https://fonts.gstatic.com", "https://cdn.jsdelivr.net",
                                 "https://unpkg.com"]
    assert hosts["connect-src"][0] == "https://gitlab.example.org"
    assert "https://*.googletagmanager.com" in hosts["script-src"]
    assert "https://cdn.jsdelivr.net" in hosts["script-src"]
    bare = SiteFacts(theme="mkdocs", web_fonts=True, repo_url=None, analytics=None)
    assert config_sources(bare) == []
    assert repo_facts_origin("https://github.com/o/r") == "https://api.github.com"
    assert repo_facts_origin("https://bitbucket.org/o/r") is None
    assert origin("https://user@Example.org:8443/a?b") == "https://example.org:8443"
    assert origin("javascript:alert(1)") is None and origin("a/b.png") is None


def test_the_hosts_a_pages_content_loads_from() -> None:
    found = content_sources([
        ("img", "src", "https://img.shields.io/b.svg"), ("img", "src", "local.png"),
        ("img", "srcset", "https://a.org/1.png 1x, https://b.org/2.png 2x"),
        ("video", "poster", "https://p.org/p.jpg"), ("source", "src", "https://m.org/v.webm"),
        ("iframe", "src", "https://www.youtube-nocookie.com/embed/x"),
        ("img", "src", "data:image/png;base64,AA")])
    assert by_directive(found) == {
        "img-src": ["https://img.shields.io", "https://a.org", "https://b.org",
                    "https://p.org"],
        "media-src": ["https://m.org"], "frame-src": ["https://www.youtube-nocookie.com"]}
    extra = by_directive([*found, Source("connect-src", "https://api.github.com", "repo_url")])
    written = policy(SiteScripts((), ()), extra).split("; ")
    assert "frame-src https://www.youtube-nocookie.com" in written
    assert "media-src 'self' https://m.org" in written
    assert "connect-src 'self' https://api.github.com" in written
    assert policy(SiteScripts((), ())) == policy(SiteScripts((), ()), {})


def test_symlinks_leaving_docs_loops_and_dangling_ones_are_escapes(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "web").mkdir(parents=True)
    (docs / "web" / "page.md").write_text("# Page\n")
    os.symlink("page.md", docs / "web" / "alias.md")  # inside docs: fine
    os.symlink("/etc/hostname", docs / "host.md")
    os.symlink("..", docs / "web" / "up")
    os.symlink("missing.md", docs / "gone.md")
    os.symlink("../../", docs / "web" / "root")
    found = {escape.path.relative_to(docs).as_posix(): escape.reason
             for escape in docs_escapes(docs)}
    assert set(found) == {"host.md", "web/up", "gone.md", "web/root"}
    assert "outside" in found["host.md"] and "loop" in found["web/up"]


def test_snippets_are_judged_by_their_real_path(tmp_path: Path) -> None:
    """A snippet (or one it includes) whose real path leaves its base path, the project, or
    lies in .git/ is refused, symlinked files and directories alike; the default base path
    `.` is no problem in itself."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("token")
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "snippets" / "ok.md").write_text("fine")
    os.symlink("../secret.txt", tmp_path / "snippets" / "linked.md")
    os.symlink("..", tmp_path / "snippets" / "up")
    (tmp_path / "snippets" / "nest.md").write_text('--8<-- "linked.md"\n')
    write_config(tmp_path)  # the garden's own: base_path [snippets]
    lines = [(1, "ok.md"), (2, "linked.md"), (3, "up/secret.txt"), (4, "nest.md")]
    found = {line: why for line, _, why in snippet_escapes(load_config(tmp_path / "mkdocs.yml"),
                                                           lines)}
    assert set(found) == {2, 3, 4} and "included by 'nest.md'" in found[4]
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nmarkdown_extensions:\n"
                                         "  - pymdownx.snippets\n")
    lines = [(1, "secret.txt"), (2, ".git/config"), (3, "snippets/ok.md")]
    found = {line: why for line, _, why in snippet_escapes(load_config(tmp_path / "mkdocs.yml"),
                                                           lines)}
    assert list(found) == [2] and ".git/" in found[2]
    assert list(snippet_option_problems({"restrict_base_path": True})) == []
    assert len(list(snippet_option_problems({"restrict_base_path": False,
                                             "url_download": True}))) == 2


@pytest.mark.parametrize(("section", "ok"), [
    ("web", True), ("web/http", True), ("../x", False), ("/tmp/x", False), ("a/../../x", False),
    ("", False), ("./web", False)])
def test_import_sections_stay_inside_docs(tmp_path: Path, section: str, ok: bool) -> None:
    assert (confined_section(tmp_path, section) is None) is ok


def test_import_refuses_a_section_outside_docs(tmp_path: Path, capsys) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    note = tmp_path / "note.txt"
    note.write_text("# Note\n\nText.\n")
    code = cli.main(["import", "-f", str(tmp_path / "mkdocs.yml"), "--section", "../outside",
                     "--no-glossary", str(note)])
    assert code == 2 and "outside" in capsys.readouterr().err
    assert not (tmp_path / "outside").exists()


def test_no_output_line_can_forge_a_workflow_command() -> None:
    forged = Diagnostic("docs/a\n::error file=x.md::forged.md", 1, 1, "GL201",
                        "missing\r\n::warning::forged too")
    for fmt in ("github", "text"):
        lines = render([forged], fmt, 1, 0.1).split("\n")
        commands = [line for line in lines if line.startswith("::")]
        assert len(commands) == (1 if fmt == "github" else 0)
        assert all("%0A" in line for line in commands)


def test_workflows_are_pinned_and_least_privileged() -> None:
    workflows = ROOT / ".github" / "workflows"
    for path in sorted(workflows.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        for ref in re.findall(r"uses:\s*(\S+)", text):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), f"{path.name}: {ref}"
        assert "pages" not in str(data.get("permissions")), path.name
        for name, job in data["jobs"].items():
            grants = job.get("permissions") or {}
            runs_code = any("run" in step for step in job.get("steps", []))
            assert not (runs_code and {"pages", "id-token"} & set(grants)), f"{path.name}:{name}"
            for step in job.get("steps", []):
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
            if "container" in job:
                assert "@sha256:" in job["container"]


@pytest.mark.build
def test_the_build_refuses_unsafe_inputs(scratch_project: Path) -> None:
    """Whatever `garden check` reports as GL807-GL809, GL815 and GL816 also stops the
    build."""
    docs = scratch_project / "docs"
    hostile = {
        docs / "assets" / "evil.svg": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:s='
                                      '"http://www.w3.org/2000/svg"><s:script>alert(1)'
                                      "</s:script></svg>",
        docs / "assets" / "page.xht": "<html><p>x</p></html>",
        docs / "web" / "payload.js": "alert(1)",
        docs / "web" / "tom&jerry's.md": "# Tom and Jerry\n",
    }
    for path, text in hostile.items():
        path.write_text(text)
    result = run_mkdocs("build", "--site-dir", str(scratch_project / "site"),
                        cwd=scratch_project)
    assert result.returncode != 0
    for where in ("assets/evil.svg:1:1: GL807", "assets/page.xht:1:1: GL807",
                  "web/payload.js:1:1: GL815", "web/tom&jerry's.md:1:1: GL816"):
        assert where in result.stderr, result.stderr
    for path in hostile:
        path.unlink()
    os.symlink("/etc/hostname", scratch_project / "docs" / "host.txt")
    result = run_mkdocs("build", "--site-dir", str(scratch_project / "site"),
                        cwd=scratch_project)
    assert result.returncode != 0 and "host.txt: symlink points outside" in result.stderr
    (scratch_project / "docs" / "host.txt").unlink()
    # The default base path `.` is no problem in itself: a page including .git/config is.
    config = scratch_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("base_path: [snippets]", "base_path: [.]"))
    (scratch_project / ".git").mkdir()
    (scratch_project / ".git" / "config").write_text("[http] extraheader = token\n")
    page = scratch_project / "docs" / "about" / "index.md"
    page.write_text(page.read_text() + '\n--8<-- ".git/config"\n')
    result = run_mkdocs("build", "--site-dir", str(scratch_project / "site"),
                        cwd=scratch_project)
    assert result.returncode != 0
    assert re.search(r"docs/about/index\.md:\d+:1: GL809 snippet '\.git/config' lies in the "
                     r"private directory \.git/", result.stderr), result.stderr
    assert "base_path" not in result.stderr


def test_front_matter_schema_follows_the_site(tmp_path: Path) -> None:
    """The keys a page may carry come from the plugins in use and the site's own option; the
    templates from its custom_dir, never the theme's special-purpose ones."""
    from garden.safety.front_matter import Theme, allowed_templates, front_matter_problems, schema

    meta = {"search": {"exclude": True}, "revision_date": "2026-12-01", "template": "x.html"}
    (tmp_path / "x.html").write_text("{% extends 'main.html' %}", encoding="utf-8")
    (tmp_path / "redirect.html").write_text("", encoding="utf-8")
    theme = Theme(allowed_templates(tmp_path))
    assert theme.templates == {"main.html", "x.html"}
    bare = {p.key: p.code for p in front_matter_problems(meta, schema([]), theme)}
    assert bare == {"search": "GL812", "revision_date": "GL812"}
    declared = schema(["search"], {"revision_date": "text"})
    codes = [p.code for p in front_matter_problems(meta, declared,
                                                   Theme(frozenset({"main.html"})))]
    assert codes == ["GL814"]
