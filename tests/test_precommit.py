"""pre-commit on a fresh clone: every hook runs from the project's environment, offline, and the
committed tree is already clean under them. The clone is of the committed HEAD (what CI and a
new contributor get), with this test run's virtual environment as its `.venv`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support.mkdocs_process import ROOT

CONFIG = ".pre-commit-config.yaml"
# Any download would have to go through these: a closed loopback port and no git transport
# but local files, so a hook that needs the network fails instead of fetching.
OFFLINE = {
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "PIP_NO_INDEX": "1",
    "GIT_ALLOW_PROTOCOL": "file",
}


def git(clone: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=clone, capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture()
def clone(tmp_path: Path) -> Path:
    """A fresh clone of the repository whose `.venv` is the environment running the tests."""
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    (target / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    # .gitignore's `.venv/` matches directories only, not the link standing in for one.
    with (target / ".git" / "info" / "exclude").open("a", encoding="utf-8") as exclude:
        exclude.write("/.venv\n")
    return target


def pre_commit(clone: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **OFFLINE, "PRE_COMMIT_HOME": str(clone.parent / "pre-commit-home"),
           "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--color=never", *args],
                          cwd=clone, env=env, capture_output=True, text=True)


def test_every_hook_is_local() -> None:
    config = yaml.safe_load((ROOT / CONFIG).read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    for hook in config["repos"][0]["hooks"]:
        assert hook["entry"].startswith(".venv/bin/"), f"{hook['id']} runs from .venv"
        assert (Path(sys.prefix) / "bin" / hook["entry"].split()[0].removeprefix(".venv/bin/")
                ).exists(), f"{hook['id']}: its program is installed by the dev extra"


def test_all_files_pass_offline_and_change_nothing(clone: Path) -> None:
    result = pre_commit(clone, "--all-files", "--show-diff-on-failure")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout and "Failed" not in result.stdout
    assert git(clone, "status", "--porcelain") == ""


def test_fixers_tidy_pages_and_never_touch_raw_notes(clone: Path) -> None:
    page = clone / "docs" / "scratch.md"
    page.write_bytes(b"A hard break  \nA stray space \n\n```python\nif x:\n    \n    y()\n```\n"
                     b"\n\n")
    note = clone / "notes" / "scratch.txt"
    raw = b"copied as written \r\n    \nno newline at the end"
    note.write_bytes(raw)
    git(clone, "add", "docs/scratch.md", "notes/scratch.txt")
    for hook in ("trailing-whitespace", "end-of-file-fixer", "mixed-line-ending"):
        pre_commit(clone, hook, "--files", "docs/scratch.md", "notes/scratch.txt")
    # The Markdown hard break stays, the stray space and the blank line of spaces go.
    assert page.read_bytes() == (b"A hard break  \nA stray space\n\n"
                                 b"```python\nif x:\n\n    y()\n```\n")
    assert note.read_bytes() == raw
