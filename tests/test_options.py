"""The plugin's options have one reading: `GardenConfig`, validated by MkDocs' own config
machinery, for the build and for `garden check` and `garden import` alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from garden.model.options import GRAPH_PAGE, GardenConfig
from garden.model.site import ConfigError, load_config


def write_config(root: Path, plugins: str) -> Path:
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    path = root / "mkdocs.yml"
    path.write_text(f"site_name: Options\n{plugins}", encoding="utf-8")
    return path


def test_the_checker_reads_the_options_the_plugin_validated(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, "plugins:\n  - garden:\n      profile: strict\n"
                                                "      graph_page: map.md\n"))
    assert isinstance(config.options, GardenConfig)
    assert config.options is config.mkdocs.plugins["garden"].config  # the same object
    assert (config.options.profile, config.options.graph_page) == ("strict", "map.md")
    assert config.options.glossary == "glossary.yml" and config.options.backlinks is True


def test_a_site_without_the_plugin_gets_every_default_once(tmp_path: Path) -> None:
    options = load_config(write_config(tmp_path, "plugins:\n  - search\n")).options
    defaults = GardenConfig()
    defaults.load_dict({})
    defaults.validate()
    assert dict(options) == dict(defaults)
    assert options.graph_page == GRAPH_PAGE and GRAPH_PAGE in options.recent_exclude


def test_a_wrong_option_is_refused_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"mkdocs.yml:4:1: GL105 .*profile"):
        load_config(write_config(tmp_path, "plugins:\n  - garden:\n      profile: loose\n"))


def test_a_front_matter_key_of_no_known_kind_is_refused(tmp_path: Path) -> None:
    """A misspelt kind used to be read as text, and the key's values went unchecked."""
    with pytest.raises(ConfigError, match=r"GL105 .*front_matter.*'dat'"):
        load_config(write_config(tmp_path, "plugins:\n  - garden:\n      front_matter:\n"
                                           "        created: dat\n"))
    (tmp_path / "ok").mkdir()
    config = load_config(write_config(tmp_path / "ok", "plugins:\n  - garden:\n"
                                                       "      front_matter: {created: date}\n"))
    assert config.options.front_matter == {"created": "date"}


@pytest.mark.parametrize("value", ["0", "-5", "true", "'many'", "2.5"])
def test_a_part_size_that_is_no_count_of_pages_is_refused(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match=r"mkdocs.yml:4:1: GL105 .*search_part_pages.*"
                                          r"whole number of pages"):
        load_config(write_config(tmp_path, "plugins:\n  - garden:\n"
                                           f"      search_part_pages: {value}\n"))


def test_the_part_size_is_unset_unless_the_site_sets_it(tmp_path: Path) -> None:
    assert load_config(write_config(tmp_path, "plugins:\n  - garden\n")).options \
        .search_part_pages is None
    (tmp_path / "set").mkdir()
    config = load_config(write_config(tmp_path / "set", "plugins:\n  - garden:\n"
                                                        "      search_part_pages: 1750\n"))
    assert config.options.search_part_pages == 1750
