"""Every code sample of the garden is tested: Python samples run offline against the pinned
versions of the `samples` extra (servers on loopback, driven by the page's own client where it
has one), marked fragments are compiled and linted, shell, YAML, JSON and TOML are parsed."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from garden.model.site import Garden, load_config
from garden.text.fence_code import parse_json, parse_toml, parse_yaml
from garden.tools.samples import Sample, garden_samples, server_client_pairs

ROOT = Path(__file__).resolve().parent.parent
RUNNER = Path(__file__).resolve().parent / "samples" / "runner.py"
TIMEOUT = 30
# What a sample reads when it reads standard input (a pipeline's next program).
STDIN = "first line\nsecond line\n"
# Lint rules a sample must pass: syntax, pyflakes, bare except and the like, bugbear.
LINT_SELECT = "E7,E9,F,B"
# `raise self.retry(exc=exc)` is Celery's documented idiom; `from exc` would add nothing.
LINT_IGNORE = "B904"
# A fragment uses names defined in the code around it.
FRAGMENT_IGNORE = '{"fragment_*.py" = ["F821", "F401", "F841"]}'

SAMPLES = garden_samples(Garden.load(load_config(ROOT / "mkdocs.yml")))
PAIRS = server_client_pairs(SAMPLES)
PAIRED = {sample for pair in PAIRS for sample in pair}

pytestmark = pytest.mark.samples


def of_kind(*kinds: str) -> list[Sample]:
    return [s for s in SAMPLES if s.kind in kinds and s not in PAIRED]


def sample_file(sample: Sample, directory: Path) -> Path:
    prefix = "fragment" if sample.kind == "fragment" else "sample"
    name = f"{prefix}_{sample.page.replace('/', '_').removesuffix('.md')}_{sample.line}.py"
    path = directory / name.replace("-", "_")
    path.write_text(sample.code + "\n", encoding="utf-8")
    return path


def run_sample(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(RUNNER), str(path), *args], cwd=path.parent,
                          input=STDIN, capture_output=True, text=True, timeout=TIMEOUT)


def shown(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


@pytest.fixture(scope="module")
def lint_findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """ruff over every Python sample at once: file name -> its findings."""
    directory = tmp_path_factory.mktemp("lint")
    for sample in SAMPLES:
        if sample.kind in ("run", "fragment", "server", "client"):
            sample_file(sample, directory)
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff (the dev extra) is needed to lint the samples"
    result = subprocess.run(
        [ruff, "check", "--isolated", "--no-cache", "--output-format", "json",
         "--target-version", "py311", "--select", LINT_SELECT, "--ignore", LINT_IGNORE,
         "--config", f"lint.per-file-ignores = {FRAGMENT_IGNORE}", "."],
        cwd=directory, capture_output=True, text=True, timeout=TIMEOUT)
    findings: dict[str, list[str]] = {}
    for item in json.loads(result.stdout or "[]"):
        findings.setdefault(Path(item["filename"]).name, []).append(
            f"{item['location']['row']}:{item['location']['column']} {item['code']} "
            f"{item['message']}")
    return findings


def assert_lint_clean(sample: Sample, path: Path, findings: dict[str, list[str]]) -> None:
    problems = findings.get(path.name, [])
    assert not problems, f"{sample.name} (line numbers within the sample):\n" + "\n".join(
        problems)


@pytest.mark.parametrize("sample", of_kind("run"), ids=lambda s: s.name)
def test_python_sample_runs(sample: Sample, tmp_path: Path,
                            lint_findings: dict[str, list[str]]) -> None:
    path = sample_file(sample, tmp_path)
    assert_lint_clean(sample, path, lint_findings)
    has_tests = any(line.startswith("def test_") for line in sample.code.splitlines())
    result = run_sample(path, *(["--pytest"] if has_tests else []))
    assert result.returncode == 0, f"{sample.name} failed: {shown(result)}"


@pytest.mark.parametrize("sample", of_kind("fragment"), ids=lambda s: s.name)
def test_fragment_compiles_and_lints(sample: Sample, tmp_path: Path,
                                     lint_findings: dict[str, list[str]]) -> None:
    assert sample.reason, f"{sample.name}: a fragment says why it does not run"
    path = sample_file(sample, tmp_path)
    compile(sample.code, sample.name, "exec")
    assert_lint_clean(sample, path, lint_findings)


@pytest.mark.parametrize("sample", of_kind("record"), ids=lambda s: s.name)
def test_recorded_note_code_parses(sample: Sample) -> None:
    ast.parse(sample.code, sample.name)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p[0].name}+{p[1].line}")
def test_server_answers_its_client(pair: tuple[Sample, Sample], tmp_path: Path,
                                   lint_findings: dict[str, list[str]]) -> None:
    server_sample, client_sample = pair
    server_path = sample_file(server_sample, tmp_path)
    client_path = sample_file(client_sample, tmp_path)
    for sample, path in ((server_sample, server_path), (client_sample, client_path)):
        assert_lint_clean(sample, path, lint_findings)
    server = subprocess.Popen([sys.executable, str(RUNNER), str(server_path)], cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:  # the client retries until the server listens
            result = run_sample(client_path)
            if result.returncode == 0 or time.monotonic() > deadline:
                break
            assert server.poll() is None, f"{server_sample.name} stopped: {server.stderr.read()}"
            time.sleep(0.2)
        assert result.returncode == 0, f"{client_sample.name} failed: {shown(result)}"
        assert result.stdout.strip(), f"{client_sample.name} printed no answer"
        assert server.poll() is None, f"{server_sample.name} stopped after one client"
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.parametrize("sample", of_kind("shell"), ids=lambda s: s.name)
def test_shell_sample_parses(sample: Sample) -> None:
    result = subprocess.run(["bash", "-n"], input=sample.code, capture_output=True, text=True,
                            timeout=TIMEOUT)
    assert result.returncode == 0, f"{sample.name}: {result.stderr}"


PARSERS = {"yaml": parse_yaml, "json": parse_json, "toml": parse_toml}


@pytest.mark.parametrize("sample", of_kind(*PARSERS), ids=lambda s: s.name)
def test_data_sample_parses(sample: Sample) -> None:
    assert PARSERS[sample.kind](sample.code) is None, sample.name


def test_every_python_sample_is_tested() -> None:
    python = [s for s in SAMPLES if s.kind in ("run", "fragment", "server", "client")]
    tested = set(of_kind("run", "fragment")) | PAIRED
    assert python and set(python) == tested
