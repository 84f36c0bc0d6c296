"""Front matter keys of imported notes, declared in mkdocs.yml's `garden` plugin options.

The same round-trip YAML edit as the nav's (garden.importer.nav_edit): comments, quoting and
tags of the file survive, and only the new keys are added under `front_matter`. A plugin entry
written as a name alone (`- garden`) becomes one with options.
"""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from garden.importer.nav_edit import round_trip_yaml

PLUGIN = "garden"


def _garden_options(plugins: object) -> CommentedMap | None:
    """The `garden` plugin's options mapping, made when the plugin is named without one."""
    if isinstance(plugins, dict):
        if PLUGIN in plugins and not isinstance(plugins[PLUGIN], dict):
            plugins[PLUGIN] = CommentedMap()
        return plugins.get(PLUGIN)
    if not isinstance(plugins, list):
        return None
    for index, item in enumerate(plugins):
        if item == PLUGIN:
            plugins[index] = CommentedMap([(PLUGIN, CommentedMap())])
            return plugins[index][PLUGIN]
        if isinstance(item, dict) and PLUGIN in item:
            if not isinstance(item[PLUGIN], dict):
                item[PLUGIN] = CommentedMap()
            return item[PLUGIN]
    return None


def declare_front_matter(config_text: str, keys: dict[str, str]) -> tuple[str, list[str]]:
    """mkdocs.yml's text with `keys` (key -> kind) declared in the garden plugin's
    `front_matter` option, and the keys added; unchanged without a `garden` plugin entry."""
    yaml = round_trip_yaml()
    data = yaml.load(config_text)
    options = _garden_options(data.get("plugins")) if isinstance(data, dict) else None
    if options is None:
        return config_text, []
    declared = options.setdefault("front_matter", CommentedMap())
    added = [key for key in keys if key not in declared]
    if not added:
        return config_text, []
    for key in added:
        declared[key] = keys[key]
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue(), added


def declare_in(config_file: Path, keys: dict[str, str], write: bool) -> list[str]:
    """Declare the keys in `config_file` (when `write`); the keys added."""
    text = config_file.read_text(encoding="utf-8")
    new_text, added = declare_front_matter(text, keys)
    if write and new_text != text:
        config_file.write_text(new_text, encoding="utf-8")
    return added
