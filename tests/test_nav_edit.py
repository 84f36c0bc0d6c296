"""Imported sections join mkdocs.yml's nav by a round-trip edit that keeps the file as written."""

from __future__ import annotations

from garden.importer.nav_edit import add_section
from support.mkdocs_process import ROOT

CONFIG = """\
site_name: Test  # the name
site_url: !ENV [SITE_URL, "https://example.org/"]
markdown_extensions:
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
  - pymdownx.emoji:
      emoji_generator: !!python/name:material.extensions.emoji.to_svg

nav:
  - Home: index.md
  # Sections, in reading order.
  - Web:
      - web/index.md
      - web/http.md
  - Glossary: glossary.md
"""


def test_a_new_section_goes_after_the_last_one_and_nothing_else_changes() -> None:
    text, added = add_section(CONFIG, "Руководство: Git", ["git/index.md", "git/nastroika.md"])
    assert added == ["git/index.md", "git/nastroika.md"]
    assert text == CONFIG.replace("  - Glossary: glossary.md\n", (
        "  - 'Руководство: Git':\n      - git/index.md\n      - git/nastroika.md\n"
        "  - Glossary: glossary.md\n"))


def test_a_section_already_in_the_nav_gets_only_the_pages_it_lacks() -> None:
    text, added = add_section(CONFIG, "Web", ["web/index.md", "web/http.md", "web/grpc.md"])
    assert added == ["web/grpc.md"]
    assert text == CONFIG.replace("      - web/http.md\n",
                                  "      - web/http.md\n      - web/grpc.md\n")
    assert add_section(text, "Web", ["web/index.md", "web/grpc.md"]) == (text, [])


def test_a_config_without_nav_is_left_alone() -> None:
    config = "site_name: Test\n"
    assert add_section(config, "Git", ["git/index.md"]) == (config, [])


def test_the_gardens_own_config_round_trips_byte_for_byte() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text, added = add_section(config, "New", ["new/index.md"])
    assert added == ["new/index.md"]
    assert text.replace("  - New:\n      - new/index.md\n", "") == config
