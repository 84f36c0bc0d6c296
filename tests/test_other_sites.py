"""The plugin on sites shaped unlike the garden: hooks, a glossary with no page of its own, a
`custom_dir` that replaces the garden's templates, another theme; and `garden check` on their
configuration. Each site is built strictly and read as a reader gets it."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from support.mkdocs_process import BIN, run_mkdocs
from test_plugin import write_site

pytestmark = pytest.mark.build

PAGES = {
    "glossary.yml": """\
        - id: http
          term: HTTP
          definition: The web's request and response protocol.
        """,
    "docs/index.md": """\
        # Home

        Start at [the API](api.md#added-by-a-hook), which speaks HTTP.
        """,
    "docs/api.md": "# API\n\nEvery answer goes back [home](index.md).\n",
}
HOOKS = {
    "hooks.py": """\
        def on_page_markdown(markdown, **kwargs):
            return markdown + "\\n\\n## Added by a hook\\n"
        """,
}
MATERIAL = """\
    site_name: Elsewhere
    theme:
      name: material
      {custom_dir}
    {hooks}
    plugins:
      - search
      - garden
    """


def build(root: Path) -> tuple[Path, str]:
    result = run_mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site", result.stderr


def search_docs(site: Path) -> int:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return len(index["docs"])


def test_hooks_and_a_glossary_without_a_page(tmp_path: Path) -> None:
    config = MATERIAL.format(custom_dir="", hooks="hooks: [hooks.py]")
    site, log = build(write_site(tmp_path, {**PAGES, **HOOKS, "mkdocs.yml": config}))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="glossary/#http"' in home
    glossary = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'id="http"' in glossary and "request and response protocol" in glossary
    assert "generated page" in log
    assert (site / "pagefind" / "pagefind.js").is_file()  # the garden's main.html is in effect


def test_a_custom_dir_replacing_the_garden_templates_keeps_search_and_blocks(
        tmp_path: Path) -> None:
    overrides = {
        "overrides/main.html": '{% extends "base.html" %}\n',
        "overrides/partials/content.html": "{{ page.content }}\n",
    }
    config = MATERIAL.format(custom_dir="custom_dir: overrides", hooks="")
    site, log = build(write_site(tmp_path, {**PAGES, **overrides, "mkdocs.yml": config}))
    assert search_docs(site) > 0, "the theme's own search index was emptied"
    assert not (site / "pagefind").exists()
    assert "search stays the theme's own" in log
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert 'class="garden-backlinks"' in api  # "Linked from" written into the content


def test_another_theme(tmp_path: Path) -> None:
    config = "site_name: Plain\ntheme:\n  name: mkdocs\nplugins:\n  - search\n  - garden\n"
    site, log = build(write_site(tmp_path, {**PAGES, **HOOKS, "mkdocs.yml": config,
                                            "docs/api.md": "# API\n\n[Home](index.md).\n"
                                            "\n## Added by a hook\n"}))
    assert search_docs(site) > 0
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert 'class="garden-backlinks"' in api
    assert "does not use Material's partials/content.html" in log


def garden_check(root: Path) -> tuple[int, str, str]:
    result = subprocess.run([str(BIN / "garden"), "check", "--no-cache"], cwd=root,
                            capture_output=True, text=True)
    return result.returncode, result.stdout, result.stderr


def test_check_validates_the_options_as_the_build_does(tmp_path: Path) -> None:
    pages = write_site(tmp_path, PAGES)
    (pages / "docs" / "api.md").write_text("# API\n\n## Added by a hook\n", encoding="utf-8")
    config = "site_name: S\ntheme:\n  name: material\nplugins:\n  - search\n  - garden:\n"
    (pages / "mkdocs.yml").write_text(config + "      glosary: terms.yml\n", encoding="utf-8")
    status, out, _ = garden_check(pages)
    assert "mkdocs.yml:7:1: GL105" in out and "'glosary'" in out
    assert status == 0  # a warning: the build without --strict goes on
    (pages / "mkdocs.yml").write_text(config + "      glossary: 5\n", encoding="utf-8")
    status, out, err = garden_check(pages)
    assert status == 2
    assert "mkdocs.yml:7:1: GL105" in err and "'glossary'" in err
    assert "Traceback" not in err


BUILD_HOOKS = {
    "hooks.py": """\
        from mkdocs.structure.files import InclusionLevel


        def on_files(files, **kwargs):  # as a blog plugin does with its posts
            files.get_file_from_path("post.md").inclusion = InclusionLevel.NOT_IN_NAV
            return files


        def on_page_markdown(markdown, **kwargs):
            return markdown + "\\n\\n## Added by a hook\\n\\n[hooked]: api.md\\n"
        """,
    "docs/post.md": "# Post\n\nSee [the API][hooked].\n",
}


def test_check_from_build_sees_what_hooks_make(tmp_path: Path) -> None:
    """A heading and a reference definition a hook adds, a page a hook keeps out of the nav:
    the static check cannot see them and says how to look; checked against the build, the
    site is right."""
    config = textwrap.dedent(MATERIAL.format(custom_dir="", hooks="hooks: [hooks.py]"))
    config += "nav:\n  - index.md\n  - api.md\n"
    root = write_site(tmp_path, {**PAGES, **BUILD_HOOKS, "mkdocs.yml": config})
    status, out, err = garden_check(root)
    assert "GL202 anchor '#added-by-a-hook'" in out  # a warning: MkDocs' anchors setting is info
    assert "docs/post.md:3:5: GL207" in out and "docs/post.md:1:1: GL102" in out
    assert "--from-build" in err and "hooks.py" in err
    result = subprocess.run([str(BIN / "garden"), "check", "--no-cache", "--from-build"],
                            cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout


def test_check_resolves_raw_html_from_the_page_url(tmp_path: Path) -> None:
    """MkDocs leaves raw HTML URLs to the browser: relative to the page's URL, naming built
    URLs. A Markdown file named there is a broken link in the built site."""
    root = write_site(tmp_path, {
        "mkdocs.yml": "site_name: S\ntheme:\n  name: material\nplugins:\n  - garden\n",
        "docs/index.md": "# Home\n\n[Guide](guide/setup.md)\n",
        "docs/img/shot.png": "not really a PNG",
        "docs/guide/setup.md": """\
            # Setup

            <img src="../../img/shot.png" alt="The screen">
            <a href="../../">Home</a> and <a href="../../index.md">a file the site lacks</a>.
            """,
    })
    status, out, _ = garden_check(root)
    assert out.count("GL20") == 1, out
    assert "docs/guide/setup.md:4:" in out and "GL201" in out and "index.md" in out


RECORDER = """\
    import json
    from mkdocs.plugins import event_priority

    pages, plugins = [], []

    def on_config(config):
        plugins.append(config.plugins)

    def on_page_content(html, page, **kwargs):
        pages.append(page)

    def record(name):
        documents = len(plugins[-1]["material/search"].search_index.entries)
        with open(name, "w") as out:
            json.dump([documents] + [page.content is not None for page in pages], out)
    """


@pytest.mark.parametrize("after", [True, False])
def test_a_plugin_after_the_garden_still_reads_every_page(tmp_path: Path, after: bool) -> None:
    """At the end of a plain build the garden lets go of the pages' HTML before Pagefind runs,
    only when no other plugin's on_post_build comes after its own, which would read them."""
    post_build = ("@event_priority(-100)\ndef on_post_build(config):\n    record('after.json')"
                  if after else "")
    hook = textwrap.dedent(RECORDER) + post_build + "\n\ndef on_shutdown():\n" \
        "    record('shutdown.json')\n"
    config = MATERIAL.format(custom_dir="", hooks="hooks: [recorder.py]")
    root = write_site(tmp_path, {**PAGES, "mkdocs.yml": config})
    (root / "recorder.py").write_text(hook, encoding="utf-8")
    build(root)
    # The theme's search documents, and whether each page still holds its HTML.
    documents, *held = json.loads((root / "shutdown.json").read_text(encoding="utf-8"))
    assert len(held) >= 3  # the two pages and the generated glossary
    if after:
        assert json.loads((root / "after.json").read_text(encoding="utf-8")) == [documents, *held]
        assert documents >= 3 and all(held)
    else:
        assert documents == 0 and not any(held)
