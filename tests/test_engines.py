"""The garden on ProperDocs, the maintained continuation of MkDocs 1.x: the same site.

ProperDocs runs MkDocs' plugins and themes (it answers their `mkdocs.*` imports with its own
modules), so the garden's site, built with `properdocs build --strict`, must be the site MkDocs
builds: every file the same, but the theme's `generator` tag, which names the engine. The search
bundles are compared by what they index (pages, titles, words, headings): Pagefind names its
files by hashes that may differ between two runs of the same input.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from garden.features.search_index import SITE_BUNDLE, bundles, read_bundle
from support.mkdocs_process import BIN, ROOT, mkdocs_env

pytestmark = pytest.mark.build

GENERATOR_RE = re.compile(rb'<meta name="generator" content="[^"]*">')


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of the site but the search bundles', generator tag left out."""
    found = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.is_file() and not name.split("/", 1)[0].startswith(SITE_BUNDLE):
            found[name] = GENERATOR_RE.sub(b"", path.read_bytes())
    return found


def indexed(site: Path) -> dict[str, list]:
    return {bundle.name: sorted(read_bundle(bundle), key=lambda page: page.url)
            for bundle in bundles(site)}


def test_properdocs_builds_the_same_site(served_site: tuple[Path, str], tmp_path: Path) -> None:
    built, url = served_site
    out = tmp_path / "site"
    result = subprocess.run(
        [str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
        cwd=ROOT, env={**mkdocs_env(), "GARDEN_SITE_URL": url}, capture_output=True,
        text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "properdocs" in (out / "index.html").read_text(encoding="utf-8").lower()

    expected, found = site_files(built), site_files(out)
    assert sorted(found) == sorted(expected)
    differing = [name for name in expected if found[name] != expected[name]]
    assert differing == [], first_difference(expected[differing[0]], found[differing[0]])
    assert indexed(out) == indexed(built) != {}


def first_difference(expected: bytes, found: bytes) -> str:
    at = next((i for i, (a, b) in enumerate(zip(expected, found, strict=False)) if a != b),
              min(len(expected), len(found)))
    return f"MkDocs: {expected[at - 80:at + 80]!r}\nProperDocs: {found[at - 80:at + 80]!r}"
