"""Inputs stay inside the project: symlinks under docs/, snippet directories, import sections.

A symlink under docs/ is published as the file it points to, so one leaving docs/ publishes any
file of the build machine, and one pointing at an ancestor makes MkDocs walk the same tree until
the path is too long. Snippets are included from a snippets directory only: a base path of `.`
would let a page include `.git/config`, which holds the CI token under actions/checkout defaults.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Directories a snippet base path may never be or contain: the repository's own metadata.
PRIVATE_DIRS = (".git", ".github", ".venv", ".cache")


@dataclass(frozen=True)
class Escape:
    """A file or directory under docs/ that leads out of it."""

    path: Path  # the symlink, as found under docs/
    reason: str


def _symlink_problem(link: Path, docs_dir: Path) -> str | None:
    try:
        target = link.resolve(strict=True)
    except RuntimeError:
        return "is a symlink loop"
    except OSError as error:
        if error.errno == 40:  # ELOOP
            return "is a symlink loop"
        return f"points to '{os.readlink(link)}', which does not exist"
    if target != docs_dir and docs_dir not in target.parents:
        return f"points outside the docs directory (to '{target}')"
    if target.is_dir() and (target == docs_dir or target in link.parents):
        return "points to a directory that contains it (a loop)"
    return None


def docs_escapes(docs_dir: Path) -> Iterator[Escape]:
    """Every symlink under `docs_dir` that leaves it, loops or dangles; the walk itself never
    follows a symlink, so it ends on any tree."""
    docs_dir = docs_dir.resolve()
    for folder, dirs, files in os.walk(docs_dir, followlinks=False):
        for name in sorted([*dirs, *files]):
            path = Path(folder) / name
            if path.is_symlink():
                problem = _symlink_problem(path, docs_dir)
                if problem:
                    yield Escape(path, problem)
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]


def snippet_base_problems(root: Path, bases: str | Iterable[str]) -> Iterator[tuple[str, str]]:
    """(base, why) for each snippet base path that is not a directory of its own inside the
    project: the project root itself, a folder outside it, or one holding private files."""
    root = root.resolve()
    for base in [bases] if isinstance(bases, str) else bases:
        path = (root / base).resolve()
        if path == root:
            yield base, "is the project root, which holds .git/ (the CI token) and every file"
        elif root not in path.parents:
            yield base, "is outside the project"
        elif any(part in PRIVATE_DIRS for part in path.relative_to(root).parts):
            yield base, "is inside a private directory"
        elif any((path / private).exists() for private in PRIVATE_DIRS):
            yield base, "contains a private directory"


def snippet_option_problems(options: dict) -> Iterator[str]:
    """pymdownx.snippets options that let a snippet leave its base path or the machine."""
    if options.get("restrict_base_path") is False:
        yield "restrict_base_path: false lets a snippet path leave its base path"
    if options.get("url_download"):
        yield "url_download: true includes files from other hosts at build time"


def confined_section(docs_dir: Path, section: str) -> str | None:
    """Why an import `--section` would write outside docs/, or None when it stays inside."""
    if not section.strip() or Path(section).is_absolute() or section.startswith(("/", "\\")):
        return "must be a relative directory under docs/"
    parts = section.replace("\\", "/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "must not contain '.', '..' or empty parts"
    target = (docs_dir / section).resolve()
    if docs_dir.resolve() not in target.parents:
        return "leads outside docs/ (through a symlink)"
    return None
