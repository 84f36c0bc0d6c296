"""The garden as a plugin of another MkDocs site: installed from a wheel into a fresh virtual
environment (not this checkout's editable install), added with one line of config to a small
Material site outside this tree, built strictly; and problems failing `--strict`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from support.mkdocs_process import ROOT, mkdocs_env, run_mkdocs

pytestmark = pytest.mark.build

ELSEWHERE = {
    "mkdocs.yml": """\
        site_name: Elsewhere
        theme:
          name: material
        plugins:
          - search
          - garden
        """,
    "glossary.yml": """\
        - id: dns
          term: Domain Name System
          aliases: [DNS]
          definition: Maps host names to addresses.
        """,
    "docs/index.md": """\
        # Elsewhere

        A site that is not the garden. Start at [the resolver](resolver.md) to see how names
        are looked up. Every lookup asks the DNS first.
        """,
    "docs/resolver.md": """\
        # Resolver

        The resolver caches answers. The [glossary](glossary.md) explains the words.
        """,
    "docs/glossary.md": "# Glossary\n\nThe words of this site.\n",
}


def write_site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def floors() -> list[str]:
    """Every dependency of the package pinned at the lower bound of its range."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = []
    for dependency in project["dependencies"]:
        requirement = Requirement(dependency)
        lowest = next(spec.version for spec in requirement.specifier if spec.operator == ">=")
        extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
        pins.append(f"{requirement.name}{extras}=={lowest}")
    return pins


@pytest.fixture(scope="module", params=["locked", "floors"])
def fresh_venv(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A new virtual environment with the project installed from a wheel, as a user's pip
    would install it: over the dependencies this checkout runs with, which are its lock's
    (`locked`: the new environment sees this one's packages through a `.pth` file, so its own
    `garden` is the wheel's and nothing is downloaded again), or with every dependency at the
    oldest version its range admits (`floors`, as an old pinned docs environment has it)."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"  # a copy: building a wheel writes build/ beside the sources
    shutil.copytree(ROOT / "scripts", source / "scripts",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    run = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"),
           str(source)]
    subprocess.run(run, check=True, capture_output=True, text=True)
    wheel = next((work / "dist").glob("mkdocs_garden-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    install = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
               "--quiet"]
    if request.param == "locked":
        site_packages = Path(sysconfig.get_paths(vars={"base": str(venv)})["purelib"])
        (site_packages / "locked-dependencies.pth").write_text(
            sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
        install += ["--no-deps", str(wheel)]
    else:
        install += [*floors(), str(wheel)]
    subprocess.run(install, check=True, capture_output=True, text=True)
    yield venv


def test_another_site_gets_every_feature_from_pip_install(fresh_venv: Path,
                                                          tmp_path: Path) -> None:
    site = write_site(tmp_path / "elsewhere", ELSEWHERE)
    where = subprocess.run(
        [str(fresh_venv / "bin" / "python"), "-c", "import garden; print(garden.__file__)"],
        capture_output=True, text=True, check=True)
    assert str(fresh_venv) in where.stdout, "the wheel's garden, not this checkout's"
    result = subprocess.run([str(fresh_venv / "bin" / "python"), "-m", "mkdocs", "build",
                             "--strict"],
                            cwd=site, env=mkdocs_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    built = site / "site"
    home = (built / "index.html").read_text(encoding="utf-8")
    resolver = (built / "resolver" / "index.html").read_text(encoding="utf-8")
    # A glossary link with its definition as the tooltip, and the glossary page's entry.
    assert re.search(r'<a class="glossary-term" href="glossary/#dns"\s+title="Maps host names '
                     r'to addresses\.">DNS</a>', home), home
    assert 'id="dns"' in (built / "glossary" / "index.html").read_text(encoding="utf-8")
    # "Linked from" on the resolver page, with the linking sentence.
    assert 'class="garden-backlinks"' in resolver
    assert "Start at the resolver to see how names are looked up." in resolver
    # The graph's data and the package's own assets, linked from every page.
    graph = json.loads((built / "assets" / "graph.json").read_text(encoding="utf-8"))
    assert {node["id"] for node in graph["nodes"]} >= {"index.md", "resolver.md", "term:dns"}
    for asset in ("garden.css", "glossary.css", "graph.js"):
        assert (built / "assets" / "garden" / asset).is_file()
        assert f"assets/garden/{asset}" in home
    check = subprocess.run([str(fresh_venv / "bin" / "garden"), "check"], cwd=site,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_glossary_mistakes_fail_the_strict_build(tmp_path: Path) -> None:
    files = {**ELSEWHERE, "glossary.yml": ELSEWHERE["glossary.yml"].rstrip(" ") + textwrap.indent(
        "- id: dns\n  term: Resolver cache\n  definition: Twice the same id.\n", "        ")}
    site = write_site(tmp_path / "broken", files)
    result = run_mkdocs("build", "--strict", cwd=site)
    assert result.returncode != 0
    assert re.search(r"WARNING\s+-\s+glossary\.yml:5:1: GL502 duplicate glossary id `dns`",
                     result.stderr), result.stderr


def test_plugin_options_rename_the_glossary_and_turn_features_off(tmp_path: Path) -> None:
    files = {**ELSEWHERE, "mkdocs.yml": """\
        site_name: Elsewhere
        theme:
          name: material
        plugins:
          - garden:
              glossary: terms/words.yml
              backlinks: false
              graph: false
        """, "terms/words.yml": ELSEWHERE["glossary.yml"]}
    del files["glossary.yml"]
    site = write_site(tmp_path / "options", files)
    result = run_mkdocs("build", "--strict", cwd=site)
    assert result.returncode == 0, result.stderr
    built = site / "site"
    home = (built / "index.html").read_text(encoding="utf-8")
    assert 'class="glossary-term"' in home
    assert 'class="garden-backlinks"' not in (built / "resolver" / "index.html").read_text(
        encoding="utf-8")
    assert not (built / "assets" / "graph.json").exists()
    assert "assets/garden/graph.js" not in home


def test_a_plain_build_lets_go_of_its_model_before_pagefind_runs(tmp_path: Path) -> None:
    """Pagefind runs beside the build's process: a plain build drops the garden's model (and
    the theme's search documents) first, and the index is written all the same; a build the
    check observes keeps the model it reads afterwards."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from garden.plugin.built import built_garden

    site = write_site(tmp_path / "elsewhere", ELSEWHERE)
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"))
    build(config)
    assert config.plugins["garden"].context is None
    entry = json.loads((site / "site" / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]
    assert "index.md" in built_garden(site / "mkdocs.yml").pages


def test_a_site_sets_how_many_pages_a_search_part_holds(tmp_path: Path) -> None:
    """A site on a small machine writes its search index in smaller parts: the browser merges
    them, and every page is found."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from garden.features.search_index import built_pages

    files = {**ELSEWHERE, "docs/two.md": "# Two\n\nAnother page on resolvers.\n",
             "docs/three.md": "# Three\n\nA third page on resolvers.\n",
             "mkdocs.yml": ELSEWHERE["mkdocs.yml"].replace(
                 "- garden", "- garden:\n              search_part_pages: 2")}
    site = write_site(tmp_path / "elsewhere", files)
    build(load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site")))
    index = json.loads((site / "site" / "search" / "search_index.json").read_text())
    [bundle] = index["config"]["pagefind"]
    held = [json.loads((site / "site" / folder / "pagefind-entry.json").read_text())
            ["languages"]["en"]["page_count"] for folder in [bundle["folder"], *bundle["parts"]]]
    assert len(held) > 1 and max(held) <= 2
    assert sum(held) == len(built_pages(site / "site"))  # each page in one part


def test_a_file_the_site_excludes_is_not_refused_as_published(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """MkDocs' own documentation keeps its hooks in docs/ and leaves them out of the site with
    `exclude_docs`: never published, they stop no build (as `garden check` does not report
    them); the same file published still does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    files = {**ELSEWHERE, "docs/hooks.py": "def on_config(config):\n    return config\n"}
    site = write_site(tmp_path / "published", files)
    with pytest.raises(Abort):
        build(load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site")))
    assert "hooks.py:1:1: GL807" in caplog.text
    excluding = ELSEWHERE["mkdocs.yml"].rstrip(" ") + "        exclude_docs: '*.py'\n"
    site = write_site(tmp_path / "excluded", {**files, "mkdocs.yml": excluding})
    build(load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site")))
    assert (site / "site" / "index.html").is_file()
    assert not (site / "site" / "hooks.py").exists()
