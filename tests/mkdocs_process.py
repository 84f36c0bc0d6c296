"""Running this environment's mkdocs on the project or a scratch copy of it.

Test modules import these helpers from here, not from conftest: each test directory has its own
conftest.py, and `import conftest` would get whichever pytest loaded last.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


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
