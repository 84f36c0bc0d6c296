"""Keys of imported notes declared in mkdocs.yml's garden options, the file kept as written."""

from __future__ import annotations

import yaml

from garden.importer.config_edit import declare_front_matter


def test_a_plugin_named_alone_gets_options_and_comments_stay() -> None:
    text, added = declare_front_matter(
        "site_name: x  # mine\nplugins:\n  - search  # lunr\n  - garden\n", {"mobile": "flag"})
    assert added == ["mobile"]
    assert "site_name: x  # mine" in text and "- search  # lunr" in text
    assert yaml.safe_load(text)["plugins"][1] == {"garden": {"front_matter": {"mobile": "flag"}}}


def test_declared_keys_are_kept_and_a_mapping_of_plugins_works() -> None:
    before = ("plugins:\n  - garden:\n      profile: strict\n      front_matter:\n"
              "        extra: text\n")
    text, added = declare_front_matter(before, {"extra": "texts", "mobile": "flag"})
    assert added == ["mobile"]
    assert yaml.safe_load(text)["plugins"][0]["garden"] == {
        "profile": "strict", "front_matter": {"extra": "text", "mobile": "flag"}}
    text, _ = declare_front_matter("plugins:\n  search: {}\n  garden:\n", {"mobile": "flag"})
    assert yaml.safe_load(text)["plugins"]["garden"] == {"front_matter": {"mobile": "flag"}}


def test_a_site_without_the_plugin_is_left_alone() -> None:
    assert declare_front_matter("plugins: [search]\n", {"mobile": "flag"}) == (
        "plugins: [search]\n", [])
