"""Broken-link crawl of the built site: pages, anchors, assets, sitemap and search locations."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from support.built_links import broken_links, page_url, parse_page

SITE_URL = "https://example.org/garden/"


def write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return directory


def write_search_bundle(site: Path, url: str, headings: list[tuple[str, str, str, int]]) -> None:
    """A Pagefind bundle holding one page, its fragment written as Pagefind writes them."""
    anchors = [{"element": element, "id": anchor, "text": text, "location": location}
               for element, anchor, text, location in headings]
    fragment = {"url": url, "content": "OK No", "meta": {"title": "Web"}, "anchors": anchors}
    write(site, {"pagefind/pagefind-entry.json": "{}"})
    (site / "pagefind" / "fragment").mkdir()
    (site / "pagefind" / "fragment" / "en_1.pf_fragment").write_bytes(
        gzip.compress(b"pagefind_dcd" + json.dumps(fragment).encode()))


def test_parse_page_collects_ids_names_and_urls_with_lines() -> None:
    page = parse_page('<h2 id="a">A</h2>\n<a name="b"></a><img src="x.png" srcset="y.png 2x">\n'
                      '<a href="c/#d">c</a>')
    assert page.ids == {"a", "b"}
    assert page.links == [(2, "x.png"), (2, "y.png"), (3, "c/#d")]


def test_page_url_follows_directory_urls() -> None:
    assert page_url("index.html") == ""
    assert page_url("web/http/index.html") == "web/http/"
    assert page_url("404.html") == "404.html"


def test_crawl_reports_missing_pages_anchors_assets_and_outside_links(tmp_path: Path) -> None:
    site = write(tmp_path, {
        "index.html": '<a href="web/#ok">ok</a><a href="web/#gone">x</a><img src="img/no.png">'
                      '<a href="/other/">x</a><a href="https://example.org/garden/web/">ok</a>'
                      '<a href="https://elsewhere.example/">external</a><a href="mailto:a@b">m</a>',
        "web/index.html": '<h1 id="ok">Web</h1><a href="../missing/">x</a><a href="#">top</a>',
        "sitemap.xml": '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
                       '<loc>https://example.org/garden/lost/</loc></url></urlset>',
    })
    write_search_bundle(site, "/web/", [("h2", "ok", "OK", 0), ("h2", "no", "No", 1)])
    found = {(b.source, b.url, b.reason) for b in broken_links(site, SITE_URL)}
    assert found == {
        ("index.html", "web/#gone", "no id 'gone' in web/index.html"),
        ("index.html", "img/no.png", "no such file: img/no.png"),
        ("index.html", "/other/", "points outside the site"),
        ("web/index.html", "../missing/", "no such file: missing/index.html"),
        ("sitemap.xml", "https://example.org/garden/lost/", "no such file: lost/index.html"),
        ("pagefind/", "web/#no", "no id 'no' in web/index.html"),
    }


@pytest.mark.build
def test_built_site_has_no_broken_internal_link(built_site: Path, site_url: str) -> None:
    broken = broken_links(built_site, site_url)
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(map(str, broken))
