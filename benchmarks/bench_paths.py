"""Where a benchmark finds what it shares with the tests: the project's root, and tests/ on the
import path for their helpers (`support`: the loopback server, the scratch copy of the project).

The one place the benchmarks set the import path: a benchmark imports this before `support`,
so `python benchmarks/NAME.py` runs as it is (benchmarks/ itself is on the path then). Under
pytest, pyproject.toml's `pythonpath` has done it already."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"

if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))
