"""Small MkDocs projects for the checker's tests: a docs tree plus the garden's extensions."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "check"
HEADER = "site_name: Fixture\nsite_url: https://example.org/garden/\n"
STRICT_PLUGIN = "plugins:\n  - search\n  - garden:\n      profile: strict\n"


def garden_block(key: str) -> str:
    """A top-level block of the garden's own mkdocs.yml (`markdown_extensions:`), verbatim."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(rf"^{key}:\n(?:(?:[ \t].*|)\n)+", text, re.MULTILINE)
    assert match, f"mkdocs.yml has no {key} block"
    return match.group(0)


def garden_extensions() -> str:
    return garden_block("markdown_extensions")


def write_config(project: Path, extra: str = "") -> Path:
    """The fixture's mkdocs.yml: the garden's extensions, `validation:` settings and strict
    profile (unless `extra` names its own plugins)."""
    config = project / "mkdocs.yml"
    plugins = "" if re.search(r"^plugins:", extra, re.MULTILINE) else STRICT_PLUGIN
    config.write_text(HEADER + garden_block("validation") + garden_extensions() + plugins
                      + extra, encoding="utf-8")
    return config


def make_project(destination: Path, fixture: Path) -> Path:
    """Copy a fixture tree (docs/, optional notes/, snippets/, overrides/, glossary.yml,
    pyproject.toml and config.yml overlay) into a project."""
    shutil.copytree(fixture / "docs", destination / "docs", symlinks=True)
    for folder in ("notes", "snippets", "overrides"):
        if (fixture / folder).is_dir():
            shutil.copytree(fixture / folder, destination / folder)
    for name in ("glossary.yml", "pyproject.toml"):
        if (fixture / name).is_file():
            shutil.copy2(fixture / name, destination / name)
    overlay = fixture / "config.yml"
    write_config(destination, overlay.read_text(encoding="utf-8") if overlay.exists() else "")
    return destination


def fixture_dirs() -> list[Path]:
    return sorted(path for path in FIXTURES.glob("*/*") if path.is_dir())
