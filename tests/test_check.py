"""`garden check` on its fixtures: each rule fails its bad tree and passes its good one."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from garden.check import runner as check
from garden.check.codes import BUILD_ONLY, CODES
from garden.check.rules import diagnostic
from garden.check.runner import all_rules, check_garden, github_annotation
from garden.model.site import Garden, load_config
from garden.text.diagnostics import Diagnostic, Severity
from support.check_projects import FIXTURES, fixture_dirs, make_project, write_config

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    """`garden check ...` through the command's own parser (as garden.cli wires it)."""
    parser = argparse.ArgumentParser(prog="garden")
    check.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.run(args)


def check_project(project: Path) -> list[Diagnostic]:
    return check_garden(Garden.load(load_config(project / "mkdocs.yml")), all_rules())


def expected(fixture: Path) -> set[tuple[str, str, str]]:
    path = fixture / "expected.txt"
    if not path.exists():
        return set()
    found = set()
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            place, code = line.split()
            file, line_no = place.rsplit(":", 1)
            found.add((file, line_no, code))
    return found


def matches(found: list[Diagnostic], wanted: set[tuple[str, str, str]]) -> bool:
    got = {(d.path, str(d.line), d.code) for d in found}
    wild = {(f, c) for f, n, c in wanted if n == "*"}
    exact = {w for w in wanted if w[1] != "*"}
    rest = {g for g in got if (g[0], g[2]) not in wild}
    return rest == exact and all(any((d.path, d.code) == w for d in found) for w in wild)


@pytest.mark.parametrize("fixture", fixture_dirs(), ids=lambda p: f"{p.parent.name}-{p.name}")
def test_fixture(fixture: Path, tmp_path: Path) -> None:
    found = check_project(make_project(tmp_path, fixture))
    shown = "\n".join(map(str, found))
    if fixture.name == "good":
        assert found == [], shown
    else:
        assert (fixture / "expected.txt").exists()
        assert matches(found, expected(fixture)), shown


def test_every_rule_has_a_good_and_a_bad_fixture() -> None:
    missing = [f"{code}/{kind}" for code in CODES for kind in ("good", "bad")
               if code not in {"GL000", "GL702", *BUILD_ONLY}
               and not code.startswith(("GL5", "GL6"))
               and not (FIXTURES / code / kind).is_dir()]
    assert missing == []


def test_the_registry_the_reference_page_and_the_package_agree() -> None:
    """Every code is registered once, documented under its own heading, and reported
    somewhere; nothing reports or documents a code the registry lacks."""
    page = (ROOT / "docs" / "about" / "checks.md").read_text(encoding="utf-8")
    documented = re.findall(r"^#+ (GL\d{3})\b", page, re.MULTILINE)
    assert sorted(documented) == sorted(CODES)
    package = ROOT / "scripts" / "garden"
    reported = {code for path in package.rglob("*.py") if path.name != "codes.py"
                for code in re.findall(r"[\"'](GL\d{3})[\"' ]", path.read_text(encoding="utf-8"))}
    assert reported <= set(CODES)
    assert set(CODES) - reported == set()


def test_diagnostics_name_file_line_and_column(tmp_path: Path) -> None:
    found = check_project(make_project(tmp_path, FIXTURES / "GL304" / "bad"))
    assert [str(d).split(" ")[0:2] for d in found] == [["docs/index.md:6:11:", "GL304"]]


def test_anchor_hint_and_html_fix(tmp_path: Path) -> None:
    messages = [d.message for d in check_project(make_project(tmp_path, FIXTURES / "GL204" /
                                                              "bad"))]
    assert "'web/http.md'" in messages[0] and "'web/index.md'" in messages[2]
    found = check_project(make_project(tmp_path / "x", FIXTURES / "GL202" / "bad"))
    assert any("did you mean '#home'" in d.message for d in found)


def run_cli(project: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "-f", str(project / "mkdocs.yml"), *args])
    return code, capsys.readouterr().out


def test_exit_codes_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = make_project(tmp_path / "good", FIXTURES / "GL201" / "good")
    code, out = run_cli(good, capsys=capsys)
    assert code == 0 and out.startswith("garden check: no problems (2 pages")
    bad = make_project(tmp_path / "bad", FIXTURES / "GL201" / "bad")
    code, out = run_cli(bad, capsys=capsys)
    assert code == 1
    assert out.splitlines()[0].startswith("docs/index.md:3:5: GL201 page or file")
    assert out.splitlines()[-1].startswith("garden check: 3 errors, 0 warnings in 1 file")


def test_usage_and_config_errors_exit_2(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-f", str(tmp_path / "nope.yml")]) == 2
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    assert main(["check", "-f", str(tmp_path / "mkdocs.yml")]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--format", "xml"])
    assert exit_info.value.code == 2
    good = make_project(tmp_path / "good", FIXTURES / "GL201" / "good")
    assert main(["check", "-f", str(good / "mkdocs.yml"), str(tmp_path / "missing.md")]) == 2


def test_paths_limit_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, FIXTURES / "GL202" / "bad")
    monkeypatch.chdir(project)
    code, out = run_cli(project, "docs/web", capsys=capsys)
    assert code == 0 and "no problems" in out
    code, out = run_cli(project, "docs/index.md", capsys=capsys)
    assert code == 1 and out.count("GL202") == 3


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, FIXTURES / "GL302" / "bad")
    code, out = run_cli(project, "--format", "json", capsys=capsys)
    data = json.loads(out)
    assert code == 1
    assert data["diagnostics"][0] | {"message": ""} == {
        "path": "docs/index.md", "line": 3, "column": 1, "code": "GL302", "message": "",
        "severity": "error"}
    assert data["summary"]["errors"] == 1 and data["summary"]["pages"] == 1


def test_github_format_escapes_and_prints_plain_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    item = Diagnostic("docs/a,b:c.md", 3, 4, "GL201", "50% off\r\nnext: line",
                      Severity.WARNING)
    assert github_annotation(item) == (
        "::warning file=docs/a%2Cb%3Ac.md,line=3,col=4,title=GL201::GL201 50%25 off%0D%0Anext: "
        "line")
    project = make_project(tmp_path, FIXTURES / "GL302" / "bad")
    code, out = run_cli(project, "--format", "github", capsys=capsys)
    lines = out.splitlines()
    assert lines[0].startswith("::error file=docs/index.md,line=3,col=1,title=GL302::GL302 ")
    assert lines[1].startswith("docs/index.md:3:1: GL302 ")
    assert lines[2].startswith("garden check: 1 error")


def test_suppression_on_the_line_before(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        "# Home\n\n<!-- garden: ignore GL201 written before the page exists -->\n"
        "[x](later.md) [y](gone.md)\n\n[z](also-gone.md)\n", encoding="utf-8")
    write_config(tmp_path)
    found = check_project(tmp_path)
    assert [(d.line, d.code) for d in found] == [(6, "GL201")]


def test_a_check_of_some_pages_reads_their_suppressions_alone(tmp_path: Path) -> None:
    """While serving, only the edited pages are checked: another page's suppressions (a
    malformed one included) are neither read nor reported, the checked page's still work."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        "# Home\n\n[x](later.md) <!-- garden: ignore GL201 written before the page -->\n"
        "[y](gone.md) <!-- garden: ignore GL201 -->\n", encoding="utf-8")
    (tmp_path / "docs" / "other.md").write_text(
        "# Other\n\n[z](gone.md) <!-- garden: ignore everything here -->\n",
        encoding="utf-8")
    write_config(tmp_path)
    garden = Garden.load(load_config(tmp_path / "mkdocs.yml"))
    found = check_garden(replace(garden, only=frozenset({"index.md"})), all_rules())
    assert [(d.path, d.line, d.code) for d in found] == [
        ("docs/index.md", 4, "GL201"), ("docs/index.md", 4, "GL001")]
    everything = check_garden(garden, all_rules())
    assert ("docs/other.md", 3, "GL002") in [(d.path, d.line, d.code) for d in everything]


def test_a_failing_rule_is_a_diagnostic(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "GL201" / "good")

    def broken(garden: Garden) -> list[Diagnostic]:
        raise RuntimeError("boom")

    found = check_garden(Garden.load(load_config(project / "mkdocs.yml")), [broken])
    assert [(d.path, d.code) for d in found] == [("mkdocs.yml", "GL000")]
    assert "broken failed: RuntimeError: boom" in found[0].message


def test_a_rule_failing_on_one_page_still_checks_the_others(tmp_path: Path) -> None:
    """A rule that fails on one page reports GL000 at that page, and its findings on every
    other page, the pages after it included."""
    for name in ("a", "b", "c"):
        (tmp_path / "docs" / f"{name}.md").parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / f"{name}.md").write_text(f"# {name}\n")
    write_config(tmp_path)
    garden = Garden.load(load_config(tmp_path / "mkdocs.yml"))

    def fragile(garden: Garden) -> Iterator[Diagnostic]:
        for src, _ in garden.checked_pages():
            if src == "b.md":
                raise ValueError("cannot read this page")
            yield diagnostic(garden, src, 1, 1, "GL201", "a finding")

    found = [(d.path, d.code) for d in check_garden(garden, [fragile])]
    assert found == [("docs/a.md", "GL201"), ("docs/b.md", "GL000"), ("docs/c.md", "GL201")]


def test_the_real_garden_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "-f", str(ROOT / "mkdocs.yml")])
    out = capsys.readouterr().out
    assert code == 0, out


def test_heading_names_cache(tmp_path: Path) -> None:
    """Rendered heading names are kept between runs, and dropped when mkdocs.yml changes."""
    project = make_project(tmp_path, FIXTURES / "GL202" / "good")
    cache = tmp_path / "names.json"
    config = load_config(project / "mkdocs.yml")
    first = Garden.load(config, cache)
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert "`GET` and **POST** requests\n" in stored["names"]
    stored["names"]["`GET` and **POST** requests\n"] = "cached name"
    cache.write_text(json.dumps(stored), encoding="utf-8")
    ids = [anchor for _, anchor in Garden.load(config, cache).pages["index.md"].heading_ids]
    assert "cached-name" in ids and "get-and-post-requests" not in ids
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as handle:
        handle.write("# changed\n")
    again = Garden.load(load_config(project / "mkdocs.yml"), cache)
    assert again.pages["index.md"].heading_ids == first.pages["index.md"].heading_ids


def severities(project: Path) -> dict[str, set[str]]:
    found = check_project(project)
    return {code: {d.severity.value for d in found if d.code == code}
            for code in {d.code for d in found}}


def test_severity_follows_the_site(tmp_path: Path) -> None:
    """The house rules are errors under `profile: strict` only; the problems MkDocs checks
    too take the level of the site's own `validation:` setting (warn, info, ignore)."""
    project = make_project(tmp_path, FIXTURES / "GL302" / "bad")
    assert severities(project) == {"GL302": {"error"}}  # the fixtures' strict profile
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("profile: strict",
                                                                 "profile: standard"))
    assert severities(project) == {"GL302": {"warning"}}
    project = make_project(tmp_path / "anchors", FIXTURES / "GL202" / "bad")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    anchors: warn", "    anchors: info"), encoding="utf-8")
    assert severities(project) == {"GL202": {"warning"}}
    config.write_text(text.replace("    anchors: warn", "    anchors: ignore"), encoding="utf-8")
    assert severities(project) == {}


def test_autorefs_resolves_references_the_page_does_not_define(tmp_path: Path) -> None:
    """With mkdocs-autorefs (or mkdocstrings, which brings it) `[Config][]` is a
    cross-reference the plugin resolves and reports itself, not an undefined label."""
    project = make_project(tmp_path, FIXTURES / "GL207" / "bad")
    garden = Garden.load(load_config(project / "mkdocs.yml"))
    assert any(d.code == "GL207" for d in check_garden(garden, all_rules()))
    garden.config = replace(garden.config, plugins={**garden.config.plugins, "autorefs": {}})
    assert not any(d.code in ("GL207", "GL505") for d in check_garden(garden, all_rules()))


def test_references_from_snippets_are_defined(tmp_path: Path) -> None:
    """Reference definitions a page includes, or pymdownx.snippets appends to every page
    (`auto_append`), define the page's labels."""
    project = make_project(tmp_path, FIXTURES / "GL207" / "bad")
    labels = re.findall(r"\[([^\]]+)\]\[\]|\]\[([^\]]+)\]",
                        (project / "docs" / "index.md").read_text(encoding="utf-8"))
    names = sorted({a or b for a, b in labels})
    (project / "snippets").mkdir(exist_ok=True)  # the garden's snippets base_path
    (project / "snippets" / "refs.md").write_text("".join(f"[{name}]: https://example.org/\n"
                                             for name in names), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - pymdownx.snippets:", "  - pymdownx.snippets:\n      auto_append: [refs.md]"),
        encoding="utf-8")
    assert "auto_append" in config.read_text(encoding="utf-8")
    assert not [d for d in check_project(project) if d.code == "GL207"]


def test_an_obsidian_query_fence_is_named_as_one(tmp_path: Path) -> None:
    """```dataview and ```tasks blocks of a vault are queries Obsidian runs: the warning says
    what the reader gets, not to pick another lexer."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        "# Home\n\n```tasks\nnot done\n```\n\n```nosuchlang\nx\n```\n", encoding="utf-8")
    write_config(tmp_path)
    messages = [(d.line, d.code, d.message) for d in check_project(tmp_path)]
    assert messages == [
        (3, "GL303", "code fence 'tasks' is a query the Tasks plugin runs in Obsidian; the "
                     "site shows the query as code, not its results"),
        (7, "GL303", "code fence language 'nosuchlang' is unknown to Pygments; use a Pygments "
                     "lexer name or 'text'")]
