"""The checker's heading ids equal the built site's, heading for heading."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from garden.model.site import Garden, load_config
from support.check_projects import FIXTURES, write_config
from support.mkdocs_process import run_mkdocs

HEADINGS = FIXTURES.parent / "headings"
ROOT = Path(__file__).resolve().parent.parent
HEADING_TAGS = {f"h{n}" for n in range(1, 7)}


class HeadingIds(HTMLParser):
    """The ids of the h1-h6 elements of a page's article, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self._in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self._in_article += 1
        elif self._in_article and tag in HEADING_TAGS:
            found = dict(attrs).get("id")
            if found:
                self.ids.append(found)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1


def built_ids(html: str) -> list[str]:
    parser = HeadingIds()
    parser.feed(html)
    return parser.ids


@pytest.fixture(scope="module")
def heading_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("headings")
    shutil.copytree(HEADINGS / "docs", project / "docs")
    shutil.copytree(HEADINGS / "snippets", project / "snippets")  # the snippets base_path
    write_config(project, "theme:\n  name: material\n")
    result = run_mkdocs("build", "--site-dir", str(project / "site"), cwd=project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.build
@pytest.mark.parametrize("src", ["index.md", "other.md"])
def test_heading_ids_match_the_built_html(heading_project: Path, src: str) -> None:
    garden = Garden.load(load_config(heading_project / "mkdocs.yml"))
    page = garden.pages[src]
    html_name = "index.html" if src == "index.md" else f"{src[:-3]}/index.html"
    html = (heading_project / "site" / html_name).read_text(encoding="utf-8")
    assert [anchor for _, anchor in page.heading_ids] == built_ids(html)


@pytest.mark.build
def test_every_anchor_of_the_built_page_is_known(heading_project: Path) -> None:
    """Headings, attr_list ids and footnotes: every id the page links can land on."""
    garden = Garden.load(load_config(heading_project / "mkdocs.yml"))
    html = (heading_project / "site" / "index.html").read_text(encoding="utf-8")
    for anchor in ("para-id", "fn:1", "fnref:1", "custom-id", "attr-id"):
        assert f'id="{anchor}"' in html
        assert anchor in garden.pages["index.md"].anchors


def built_html_path(site: Path, src: str) -> Path:
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return site / f"{stem}.html"
    return site / stem / "index.html"


@pytest.mark.build
def test_real_garden_heading_ids_match_its_build(built_site: Path) -> None:
    """Every heading of every page of the garden, against the strict build of the garden."""
    garden = Garden.load(load_config(ROOT / "mkdocs.yml"))
    mismatches = {}
    for src, page in sorted(garden.pages.items()):
        html_file = built_html_path(built_site, src)
        if not html_file.exists():  # a snippet or an excluded file, not a page of the site
            continue
        built = built_ids(html_file.read_text(encoding="utf-8"))
        model = [anchor for _, anchor in page.heading_ids]
        if model != built[: len(model)] or not set(built) <= page.anchors:
            mismatches[src] = (model, built)
    assert mismatches == {}
