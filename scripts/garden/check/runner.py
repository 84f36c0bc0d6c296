"""`garden check`: validate the docs tree before MkDocs builds it.

Loads the garden once through the shared model, runs every rule, drops what inline
suppressions excuse, and prints one line per problem plus a summary. Exit status: 0 clean,
1 when any error remains, 2 on usage or configuration errors.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path

from garden.check.codes import HOUSE_RULES, VALIDATED_BY
from garden.check.rules import (
    Rule,
    diagnostic,
    editorial,
    external,
    fences,
    files,
    language,
    links,
    samples,
    security,
    stamps,
    text,
)
from garden.check.rules.text import without_code_spans
from garden.features.glossary import check_glossary
from garden.model.provenance import check_provenance
from garden.model.site import CONFIG_NAME, ConfigError, Garden, SiteConfig, load_config
from garden.text.diagnostics import Diagnostic, Severity
from garden.text.directives import alone_on_line, find_directives

CODE_RE = re.compile(r"^GL\d{3}$")
SUPPRESSION_HEAD = "garden:"  # in every suppression (`<!-- garden: ignore ...`): a quick test
CACHE_DIR = Path(".cache") / "garden"
NAMES_CACHE = "heading-names.json"
# Plugins that add no heading, page or nav entry a link could name (the rest may: hooks,
# mkdocstrings, blog, literate-nav ...).
STATIC_PLUGINS = frozenset({"search", "material/search", "tags", "material/tags", "garden",
                            "glightbox", "offline", "material/offline", "privacy",
                            "material/privacy", "social", "material/social", "minify",
                            "redirects", "git-revision-date-localized"})
# Rules that only run on request; suppressing them is not "unused" in a default run.
OPTIONAL_CODES = {"GL702"}
# Line breaks (every character str.splitlines splits at) shown as escapes in plain output lines.
LINE_BREAKS = {ord(c): repr(c)[1:-1] for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}


@dataclass(frozen=True)
class Suppression:
    path: str
    line: int  # the line it comments on
    at: int  # the line it is written on
    column: int
    code: str


def all_rules(options: external.ExternalOptions | None = None) -> list[Rule]:
    rules: list[Rule] = [*files.RULES, *links.RULES, *fences.RULES, *text.RULES,
                         *language.RULES, *editorial.RULES, *samples.RULES, *stamps.RULES,
                         *security.RULES, *external.RULES]
    rules += [check_glossary, check_provenance]
    if options is not None:
        rules.append(partial(external.check_reachable, options=options))
    return rules


def _failure(rule: Rule, error: Exception) -> str:
    import traceback  # only on this path: its import is a visible share of a small run

    name = getattr(rule, "__name__", None) or getattr(rule, "func", rule).__name__
    where = traceback.extract_tb(error.__traceback__)[-1]
    return (f"rule {name} failed: {type(error).__name__}: {error} "
            f"({Path(where.filename).name}:{where.lineno})")


def _isolated(garden: Garden, rule: Rule, error: Exception) -> list[Diagnostic]:
    """A rule that failed, run again page by page: its findings on the pages it can read,
    GL000 at each page it fails on; at mkdocs.yml when it fails whatever the page."""
    found: list[Diagnostic] = []
    failed: list[Diagnostic] = []
    for src, _ in garden.checked_pages():
        try:
            found.extend(list(rule(replace(garden, only=frozenset({src})))))
        except Exception as page_error:  # noqa: BLE001 - reported at the page
            failed.append(diagnostic(garden, src, 1, 1, "GL000",
                                     f"{_failure(rule, page_error)} on this page"))
    if not failed or len(failed) == len(garden.pages):
        config_rel = garden.config.relative(garden.config.config_file)
        return [Diagnostic(config_rel, 1, 1, "GL000", _failure(rule, error))]
    return found + failed


def run_rules(garden: Garden, rules: Iterable[Rule]) -> list[Diagnostic]:
    """Every rule's diagnostics; a rule that fails is run again page by page, so it reports
    GL000 at the page it fails on and its findings on every other page."""
    found: list[Diagnostic] = []
    for rule in rules:
        try:
            found.extend(list(rule(garden)))  # all of a rule's findings, or none
        except Exception as error:  # noqa: BLE001 - a checker never ends in a traceback
            found.extend(_isolated(garden, rule, error))
    return found


def find_suppressions(garden: Garden) -> tuple[list[Suppression], list[Diagnostic]]:
    """Inline suppressions of the pages rules report on, and the diagnostics about malformed
    ones."""
    result: list[Suppression] = []
    problems: list[Diagnostic] = []
    for src, page in garden.checked_pages():
        if SUPPRESSION_HEAD not in page.text:
            continue
        in_code = page.scan.code_lines()
        for index, line in enumerate(page.scan.lines, start=1):
            if index in in_code or SUPPRESSION_HEAD not in line:
                continue
            # `<!-- garden: ignore GL201 the reason -->`, after the problem on its line or
            # alone on the line before it.
            for found in find_directives(without_code_spans(line), "garden", "ignore"):
                column = found.start + 1
                code, _, reason = found.args.partition(" ")
                reason = reason.strip()
                if not CODE_RE.match(code):
                    problems.append(diagnostic(
                        garden, src, index, column, "GL002",
                        f"suppression names no rule code ('{code}'); write "
                        "<!-- garden: ignore GLnnn the reason -->"))
                    continue
                if not reason:
                    problems.append(diagnostic(
                        garden, src, index, column, "GL001",
                        f"suppression of {code} needs a reason: "
                        f"<!-- garden: ignore {code} why this is fine -->"))
                    continue
                target = index + 1 if alone_on_line(line, found) else index
                result.append(Suppression(garden.rel(src), target, index, column, code))
    return result, problems


def apply_suppressions(found: list[Diagnostic], suppressions: list[Suppression],
                       ran_optional: bool) -> list[Diagnostic]:
    by_key = {(s.path, s.line, s.code): s for s in suppressions}
    used: set[Suppression] = set()
    kept = []
    for item in found:
        suppression = by_key.get((item.path, item.line, item.code))
        if suppression is None:
            kept.append(item)
        else:
            used.add(suppression)
    for s in suppressions:
        if s not in used and (ran_optional or s.code not in OPTIONAL_CODES):
            kept.append(Diagnostic(s.path, s.at, s.column, "GL003",
                                   f"suppression of {s.code} matches no problem on line "
                                   f"{s.line}; remove it", Severity.WARNING))
    return kept


def check_garden(garden: Garden, rules: Iterable[Rule], ran_optional: bool = False) -> list[
        Diagnostic]:
    """All diagnostics of a loaded garden after suppressions, sorted by place."""
    suppressions, problems = find_suppressions(garden)
    found = [*garden.config.warnings, *run_rules(garden, rules), *problems]
    kept = apply_suppressions(found, suppressions, ran_optional)
    return sorted({item for item in map(partial(as_configured, garden.config), kept) if item})


def as_configured(config: SiteConfig, item: Diagnostic) -> Diagnostic | None:
    """A diagnostic at the severity the site asks for: what MkDocs' `validation:` setting
    says for the problems MkDocs checks too, `profile` for the garden's house rules."""
    validated = VALIDATED_BY.get(item.code)
    if validated is not None:
        level = config.validation.get(".".join(validated), logging.WARNING)
        if level < logging.INFO:
            return None
        return item if level >= logging.WARNING else replace(item, severity=Severity.WARNING)
    if item.code in HOUSE_RULES and config.options.profile != "strict":
        return replace(item, severity=Severity.WARNING)
    return item


# Output -----------------------------------------------------------------------------------

def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def one_line(text: str) -> str:
    """A plain output line that stays one line: a runner reads every line starting with `::`
    as a workflow command, so a file name or message must not start a line of its own."""
    return text.translate(LINE_BREAKS)


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_annotation(item: Diagnostic) -> str:
    """A workflow command: GitHub shows it on the diff (at most 10 per step)."""
    kind = "error" if item.severity == Severity.ERROR else "warning"
    props = ",".join(f"{key}={_escape_property(str(value))}" for key, value in (
        ("file", item.path), ("line", item.line), ("col", item.column), ("title", item.code)))
    return f"::{kind} {props}::{_escape_data(f'{item.code} {item.message}')}"


def summary(found: list[Diagnostic], pages: int, seconds: float) -> str:
    errors = sum(1 for d in found if d.severity == Severity.ERROR)
    warnings = len(found) - errors
    checked = f"{pages} page{'s' * (pages != 1)} in {seconds:.2f} s"
    if not found:
        return f"garden check: no problems ({checked})"
    files_count = len({d.path for d in found})
    return (f"garden check: {errors} error{'s' * (errors != 1)}, {warnings} "
            f"warning{'s' * (warnings != 1)} in {files_count} file{'s' * (files_count != 1)} "
            f"({checked})")


def render(found: list[Diagnostic], fmt: str, pages: int, seconds: float) -> str:
    if fmt == "json":
        items = [{**asdict(d), "severity": d.severity.value} for d in found]
        errors = sum(1 for d in found if d.severity == Severity.ERROR)
        return json.dumps({"diagnostics": items, "summary": {
            "errors": errors, "warnings": len(found) - errors, "pages": pages,
            "seconds": round(seconds, 3)}}, ensure_ascii=False, indent=2)
    lines = [github_annotation(d) for d in found] if fmt == "github" else []
    lines += [one_line(str(d)) for d in found]
    lines.append(summary(found, pages, seconds))
    return "\n".join(lines)


# Command ----------------------------------------------------------------------------------

def _path_filter(paths: Sequence[str], root: Path) -> Callable[[Diagnostic], bool] | str:
    """A predicate keeping diagnostics under the given paths, or an error message."""
    wanted = []
    for raw in paths:
        path = Path(raw).resolve()
        if not path.exists():
            return f"{raw}: no such file or directory"
        try:
            wanted.append(path.relative_to(root).as_posix())
        except ValueError:
            return f"{raw}: not inside the project ({root})"
    wanted = ["" if w == "." else w for w in wanted] or [""]
    return lambda d: any(not w or d.path == w or d.path.startswith(w + "/") for w in wanted)


def build_hint(config: SiteConfig, found: list[Diagnostic]) -> str | None:
    """When link or nav problems were found on a site whose hooks or plugins may make the
    anchors and pages in question, say how to check against the build instead."""
    makers = [name for name in config.mkdocs.plugins if name not in STATIC_PLUGINS]
    if not makers or not any(d.code in VALIDATED_BY for d in found):
        return None
    return (f"garden check: {', '.join(makers)} may add anchors, pages or nav entries this "
            "check cannot see; `garden check --from-build` checks against what the build "
            "renders")


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        config = load_config(args.config_file)
    except ConfigError as error:
        print(f"garden check: {error}", file=sys.stderr)
        return 2
    if not config.docs_dir.is_dir():
        print(f"garden check: docs directory {config.docs_dir} does not exist", file=sys.stderr)
        return 2
    keep = _path_filter(args.paths, config.root)
    if isinstance(keep, str):
        print(f"garden check: {keep}", file=sys.stderr)
        return 2
    cache_dir = None if args.no_cache else config.root / CACHE_DIR
    options = None
    if args.external:
        options = external.ExternalOptions(
            timeout=args.timeout, workers=args.jobs,
            cache_file=cache_dir / external.CACHE_NAME if cache_dir else None)
    if args.from_build:
        from garden.plugin.built import built_garden  # MkDocs builds only on request

        try:
            garden = built_garden(args.config_file)
        except ConfigError as error:
            print(f"garden check: {error}", file=sys.stderr)
            return 2
    else:
        garden = Garden.load(config, cache_dir / NAMES_CACHE if cache_dir else None)
    found = [d for d in check_garden(garden, all_rules(options), args.external) if keep(d)]
    print(render(found, args.format, len(garden.pages), time.perf_counter() - started))
    hint = None if args.from_build else build_hint(config, found)
    if hint:
        print(hint, file=sys.stderr)
    return 1 if any(d.severity == Severity.ERROR for d in found) else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check", help="validate links, anchors, fences and text of the docs tree",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="report only on these files or directories "
                        "(the whole garden is still read to resolve links)")
    parser.add_argument("-f", "--config-file", default=CONFIG_NAME,
                        help="the MkDocs configuration (default: mkdocs.yml)")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="output: text lines, JSON, or GitHub workflow annotations")
    parser.add_argument("--external", action="store_true",
                        help="also request every external URL over HTTP (cached)")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds to wait for each external URL (default: 10)")
    parser.add_argument("--jobs", type=int, default=16,
                        help="external URLs requested at once (default: 16)")
    parser.add_argument("--from-build", action="store_true",
                        help="build the site first (into a scratch folder) and check links "
                        "against what it rendered: anchors and pages that hooks and plugins "
                        "make (mkdocstrings, mkdocs-click, a blog, literate-nav)")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the caches in .cache/garden/ "
                        "(external URL answers, rendered heading names)")
    parser.set_defaults(run=run)
