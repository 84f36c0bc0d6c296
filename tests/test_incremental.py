"""`mkdocs serve --dirty` with the garden plugin: after edits, the rebuilt site equals a full
build (benchmarks/serve_bench.py at a small scale; the benchmark times larger gardens)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support.mkdocs_process import ROOT, mkdocs_env

pytestmark = pytest.mark.build


def test_dirty_rebuilds_after_edits_equal_a_full_build() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "serve_bench.py"), "--pages", "24",
         "--terms", "12"], capture_output=True, text=True, env=mkdocs_env(), timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert result.stdout.count("rebuilt site equals a full build") == 3  # after every edit
    # The edits touched one page each; the title change renders every page again.
    assert result.stdout.count("rebuild") == 3
