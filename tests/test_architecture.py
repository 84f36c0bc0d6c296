"""The package's shape: one folder per layer, each importing only the layers it may, no import
cycles, and MkDocs imported only where a build or its configuration is read."""

from __future__ import annotations

import ast
from pathlib import Path

from support.mkdocs_process import ROOT

PACKAGE = ROOT / "scripts" / "garden"

# Each layer (a folder of garden/) and the layers it may import besides itself. The command
# line (garden.cli, garden.__main__) sits on top; `garden` itself only holds the version.
LAYERS: dict[str, set[str]] = {
    "text": set(),
    "model": {"text"},
    "safety": {"text", "model"},
    "features": {"text", "model"},
    "importer": {"text", "model", "safety"},
    "check": {"text", "model", "safety", "features"},
    "plugin": {"text", "model", "safety", "features", "check"},
    "tools": {"text", "model", "safety", "features", "check"},
    "cli": {"check", "importer", "tools"},
}
# Imports across the table, each with its reason.
EXCEPTIONS = {
    # `garden check --from-build` builds the site with MkDocs first; imported only when asked.
    ("garden.check.runner", "garden.plugin.built"),
}
# What the table must keep saying: a change that allows one of these fails here first.
FORBIDDEN = {
    ("importer", "check"),  # the importer shares text readers with the rules, not the rules
    ("features", "plugin"),  # the features run under any host, not only MkDocs
    ("model", "features"),
    ("model", "safety"),
    ("safety", "plugin"),
    ("safety", "features"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


# Names sites write in their mkdocs.yml, kept at the top of the package, each in its layer.
PUBLIC_NAMES = {"cli": "cli", "__main__": "cli", "emoji": "features"}


def layer_of(module: str) -> str | None:
    """The layer a module of the package belongs to; None for `garden` itself."""
    parts = module.split(".")
    if len(parts) == 1:
        return None
    return PUBLIC_NAMES.get(parts[1], parts[1])


def imports() -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports, anywhere in it."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
                targets.update(n for n in [node.module, *names] if n in modules)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names if alias.name in modules)
        found[name] = targets - {name, "garden"}
    return found


def test_every_module_sits_in_a_layer() -> None:
    assert {name: layer_of(name) for name in imports()
            if name != "garden" and layer_of(name) not in LAYERS} == {}


def test_every_layer_says_what_it_is_and_what_it_may_import() -> None:
    for layer in LAYERS.keys() - {"cli"}:
        docstring = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text(
            encoding="utf-8")))
        assert docstring and "may import" in docstring.lower(), layer


def test_the_table_keeps_the_layer_rules() -> None:
    assert {(layer, other) for layer, other in FORBIDDEN if other in LAYERS[layer]} == set()
    assert LAYERS["text"] == set()
    assert {layer for layer, allowed in LAYERS.items() if "tools" in allowed} == {"cli"}


def test_every_import_respects_the_layers() -> None:
    leaks = sorted((name, target) for name, targets in imports().items() for target in targets
                   if layer_of(target) != layer_of(name)
                   and layer_of(target) not in LAYERS[layer_of(name) or "cli"]
                   and (name, target) not in EXCEPTIONS)
    assert leaks == []


def test_every_exception_is_still_needed() -> None:
    graph = imports()
    assert {(name, target) for name, target in EXCEPTIONS if target not in graph[name]} == set()


def test_no_import_cycles() -> None:
    graph = imports()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


# Where MkDocs may be imported: the plugin (the adapter to a build), the reading of mkdocs.yml
# and of docs/ the way MkDocs reads them (the model's loading, and the scanner's front matter,
# read by MkDocs' own `get_data`), and the checker's front matter pattern. The build features
# (links, glossary, backlinks, graph, search) and safety import none, so another engine can host
# them.
MKDOCS_USERS = {"garden.model.site", "garden.model.options", "garden.text.markdown_scan",
                "garden.check.rules.security"}


def mkdocs_importers() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [])
            if any(name == "mkdocs" or name.startswith("mkdocs.") for name in names):
                found.add(module_name(path))
    return found


def test_only_the_adapter_and_the_loading_import_mkdocs() -> None:
    users = {name for name in mkdocs_importers() if not name.startswith("garden.plugin")}
    assert users == MKDOCS_USERS
