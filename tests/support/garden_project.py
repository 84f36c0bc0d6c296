"""A tiny garden written into a temporary directory, for unit tests of the pure modules."""

from __future__ import annotations

from pathlib import Path

from garden.model.site import Garden, load_config

MKDOCS_YML = """\
site_name: Tiny
markdown_extensions:
  - attr_list
  - toc:
      permalink: true
"""


def make_garden(root: Path, pages: dict[str, str], glossary: str | None = None) -> Garden:
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for src, text in pages.items():
        path = root / "docs" / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if glossary is not None:
        (root / "glossary.yml").write_text(glossary, encoding="utf-8")
    return Garden.load(load_config(root / "mkdocs.yml"))
