"""Inputs stay inside the project: symlinks under docs/, snippet directories, import sections.

A symlink under docs/ is published as the file it points to, so one leaving docs/ publishes any
file of the build machine, and one pointing at an ancestor makes MkDocs walk the same tree until
the path is too long. A snippet is included only when its real path (symlinks resolved) stays
inside its base path and the project and out of private directories: with a base path of `.`,
`.git/config` (which holds the CI token under actions/checkout defaults) is refused, the other
files of the project are not.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from garden.model.site import SiteConfig, locate_snippet, scan_snippet

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


def snippet_escape(root: Path, file: Path, base: Path) -> str | None:
    """Why an included snippet file must not be published: its real path (every symlink,
    of the file or of a directory on the way, resolved) leaves its base path or the project,
    or lies in a private directory such as .git/. None when it is fine."""
    root, real = root.resolve(), file.resolve()
    real_base = base.resolve()
    if real != real_base and real_base not in real.parents:
        return f"resolves to '{real}', outside its base path '{base}'"
    if root not in real.parents:
        return f"resolves to '{real}', outside the project"
    private = [part for part in real.relative_to(root).parts if part in PRIVATE_DIRS]
    if private:
        return f"lies in the private directory {private[0]}/"
    return None


def snippet_escapes(config: SiteConfig, snippets: Iterable[tuple[int, str]],
                    depth: int = 0) -> Iterator[tuple[int, str, str]]:
    """(line, target, why) for each snippet a page's `--8<--` lines include, directly or
    through the snippets they include, that must not be published (`snippet_escape`)."""
    for line, target in snippets:
        found = locate_snippet(config, target)
        if found is None:
            continue
        problem = snippet_escape(config.root, *found)
        if problem:
            yield line, target, f"snippet '{target}' {problem}"
            continue
        nested = scan_snippet(found[0])
        if nested is not None and nested.snippets and depth < 8:
            for _, _, why in snippet_escapes(config, nested.snippets, depth + 1):
                yield line, target, f"{why} (included by '{target}')"


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
