"""The package's shape: no import cycles, and the core model imports no feature."""

from __future__ import annotations

import ast
from pathlib import Path

from mkdocs_process import ROOT

PACKAGE = ROOT / "scripts" / "garden"
# The model of the garden every feature, the checker, the importer and the plugin share.
CORE = {"garden.model.site", "garden.text.markdown_scan", "garden.model.terms",
        "garden.text.diagnostics", "garden.text.directives", "garden.check.codes",
        "garden.model.options",
        "garden.model.obsidian", "garden.text.fence_meta"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


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


def test_the_core_model_imports_no_feature() -> None:
    graph = imports()
    assert {name: sorted(graph[name] - CORE) for name in CORE if graph[name] - CORE} == {}


# Where MkDocs may be imported: the plugin (the adapter to a build), the reading of mkdocs.yml
# and of docs/ the way MkDocs reads them (the model's loading), and the checker's front matter
# reading. The build features (links, glossary, backlinks, graph, search, safety) import none,
# so another engine can host them.
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
