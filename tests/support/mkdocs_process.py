"""Running this environment's mkdocs on the project or a scratch copy of it.

Test modules import these helpers from here, not from conftest: each test directory has its own
conftest.py, and `import conftest` would get whichever pytest loaded last.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# What a copy of the garden needs to build: its configuration and every input of the build.
SOURCES = ("mkdocs.yml", "docs", "overrides", "glossary.yml", "notes", "snippets")


def copy_sources(destination: Path, names: Iterable[str] = SOURCES) -> Path:
    """A scratch copy of the garden's sources (those that exist) in `destination`."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination


def mkdocs_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run_mkdocs(
    *args: str, cwd: Path = ROOT, check: bool = False, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the mkdocs of this environment (with `env` added) and capture its output."""
    return subprocess.run(
        [str(BIN / "mkdocs"), *args], cwd=cwd, env={**mkdocs_env(), **(env or {})},
        capture_output=True, text=True, check=check,
    )
