"""GL402-405 and GL8xx: nothing a contributor writes reaches readers as script, an off-site
request or a private file; each finding at the line and column where it is written.

The build removes or refuses all of it too (garden.safety.sanitize, garden.safety.confinement);
these rules tell the contributor first, and make sure that a page `garden check` accepts builds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.meta import YAML_RE

from garden.check.rules import diagnostic
from garden.check.rules.text import without_code_spans
from garden.model.site import Garden, Page
from garden.safety.active_content import (
    STRAY_SCRIPT,
    UNCLOSED_TAG,
    attr_list_findings,
    markup_findings,
    name_problem,
    stray_script,
    unclosed_tags,
    url_finding,
)
from garden.safety.confinement import docs_escapes, snippet_escapes, snippet_option_problems
from garden.safety.documents import CHECKED_SUFFIXES, document_findings, suffix_of
from garden.safety.front_matter import Field, Theme, front_matter_problems, key_line, site_schema
from garden.safety.sanitize import STRICT, plain_text
from garden.text.diagnostics import Diagnostic
from garden.text.markdown_scan import scan_markdown

# A backslash-escaped `<` or `{` is text, never a tag or an attribute list.
ESCAPED_RE = re.compile(r"\\[<{]")
MARKUP_RE = re.compile(r"<[A-Za-z!/?]|&#|&[A-Za-z]+;|javascript:|\{:?[^}]*=", re.IGNORECASE)
LINK_PLACES = {"link": ("a link", False), "autolink": ("a link", False),
               "image": ("an image", True)}


def masked_markdown(page: Page) -> str:
    """The page's text with front matter, code blocks, code spans and escaped `<` blanked out
    (positions kept; raw HTML blocks have neither): what is left is read as HTML."""
    in_code = page.scan.code_lines()
    lines = []
    for number, line in enumerate(page.scan.lines, start=1):
        if number < page.scan.body_line or number in in_code:
            lines.append("")
        elif ("`" in line or "\\" in line) and number not in page.scan.raw_html_lines:
            lines.append(ESCAPED_RE.sub("  ", without_code_spans(line)))
        else:
            lines.append(line)
    return "\n".join(lines)


def _page_findings(page: Page, strict: bool) -> Iterator[tuple[int, int, str, str]]:
    masked = masked_markdown(page)
    for found in markup_findings(masked, strict):
        yield found.line, found.column, found.code, found.message
    if "{" in masked:
        for number, line in enumerate(masked.split("\n"), start=1):
            if "=" in line and "{" in line:
                for column, code, message in attr_list_findings(line, strict):
                    yield number, column + 1, code, message
    for line, column in unclosed_tags(page.scan):
        yield line, column, "GL818", UNCLOSED_TAG
    for link in page.scan.links:
        if link.kind in LINK_PLACES:
            where, resource = LINK_PLACES[link.kind]
            found = url_finding(link.target, where, resource)
            if found:
                yield link.line, link.column, *found


def check_page_markup(garden: Garden) -> Iterable[Diagnostic]:
    """Raw HTML, attr_list attributes and link targets of every page (GL402-405, GL801-804,
    GL811, and under the strict profile GL821)."""
    strict = garden.config.options.profile == STRICT
    for src, page in garden.checked_pages():
        for line, column, code, message in sorted(set(_page_findings(page, strict))):
            yield diagnostic(garden, src, line, column, code, message)


def _leaves(value: Any) -> Iterator[str]:
    """Every string a front matter value holds, at any depth (mapping keys and binary data
    included): each is printed by some template."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, bytes):
        yield value.decode("utf-8", errors="replace")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(key)
            yield from _leaves(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _leaves(item)


def _value_line(lines: list[str], last: int, key: str, value: str) -> int:
    """The front matter line holding `value` (an entry under `key`), else the key's line."""
    first = key_line(lines, last, key)
    for number in range(first, last):
        if value in lines[number - 1]:
            return number
    return first


def _front_matter_findings(page: Page, keys: dict[str, Field],
                           theme: Theme) -> Iterator[tuple[int, int, str, str]]:
    text = "\n".join(page.scan.lines)
    match = YAML_RE.match(text)
    if match and not page.meta:
        try:
            data = yaml.safe_load(match.group(1))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line, column = (mark.line + 2, mark.column + 1) if mark else (1, 1)
            problem = getattr(error, "problem", None) or str(error).split("\n")[0]
            yield line, column, "GL810", (f"front matter does not parse ({problem}); the build "
                                          "would show it as text")
            return
        if data is not None:
            yield 1, 1, "GL810", "front matter is not a mapping of keys to values"
        return
    lines, last = page.scan.lines, page.scan.body_line
    for problem in front_matter_problems(page.meta, keys, theme):
        yield key_line(lines, last, problem.key), 1, problem.code, problem.message
    for key, value in page.meta.items():
        for item in _leaves(value):
            if MARKUP_RE.search(item):
                line = _value_line(lines, last, str(key), item.split("\n")[0][:40])
                yield line, 1, "GL805", (f"front matter `{key}` holds markup "
                                         f"('{plain_text(item[:60])}'); it is shown as plain "
                                         "text: write words only")


def check_front_matter(garden: Garden) -> Iterable[Diagnostic]:
    """Front matter that does not parse (GL810), carries markup into templates (GL805), or
    breaks the site's schema (GL812-GL814)."""
    config = garden.config
    keys, theme = site_schema(config.plugin_names, config.options, config.custom_dir)
    for src, page in garden.checked_pages():
        for line, column, code, message in _front_matter_findings(page, keys, theme):
            yield diagnostic(garden, src, line, column, code, message)


def _nav_titles(nav: Any) -> Iterator[str]:
    """Every title mkdocs.yml's nav writes (the keys of its mappings), at any depth."""
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, dict):
            for title, child in item.items():
                yield str(title)
                yield from _nav_titles(child)


def check_nav_titles(garden: Garden) -> Iterable[Diagnostic]:
    """Titles in mkdocs.yml's nav, printed into every page's navigation (GL817)."""
    config = garden.config
    if not config.nav:
        return
    lines = config.config_file.read_text(encoding="utf-8", errors="replace").split("\n")
    for title in dict.fromkeys(_nav_titles(config.nav)):
        if MARKUP_RE.search(title):
            line = next((number for number, text in enumerate(lines, start=1)
                         if title in text), 1)
            yield Diagnostic(config.relative(config.config_file), line, 1, "GL817",
                             f"nav title '{title[:60]}' holds markup; it is shown as plain "
                             "text: write words only")


def _definition_findings(text: str, strict: bool) -> Iterator[tuple[str, str]]:
    scan = scan_markdown(text)
    for found in markup_findings(ESCAPED_RE.sub("  ", without_code_spans(text)), strict):
        yield found.code, found.message
    for link in scan.links:
        if link.kind in LINK_PLACES:
            found = url_finding(link.target, *LINK_PLACES[link.kind])
            if found:
                yield found


def check_glossary_markup(garden: Garden) -> Iterable[Diagnostic]:
    """Glossary terms and definitions: printed on every page that mentions them (GL806)."""
    glossary = garden.glossary
    strict = garden.config.options.profile == STRICT
    rel = garden.config.relative(glossary.path if glossary.path.is_absolute()
                                 else garden.config.root / glossary.path)
    for term in glossary.terms:
        for name in (term.term, *term.aliases):
            if MARKUP_RE.search(name):
                yield Diagnostic(rel, term.line_of(name), 1, "GL806",
                                 f"glossary name '{name}' holds markup; write words only")
        for code, message in dict.fromkeys(_definition_findings(term.definition, strict)):
            yield Diagnostic(rel, term.line_of("definition"), 1, "GL806",
                             f"definition of `{term.id}`: {code} {message}")


def check_published_documents(garden: Garden) -> Iterable[Diagnostic]:
    """Files under docs/ that are not pages are published as they are: SVG, HTML and CSS read
    as a browser reads them, other suffixes only when browsers show them inertly (GL807)."""
    for src in sorted(garden.files):
        if src in garden.pages or stray_script(src, garden.config.extra_scripts):
            continue  # pages are checked as pages; stray scripts are GL815
        if suffix_of(src) in CHECKED_SUFFIXES:
            try:
                text = (garden.config.docs_dir / src).read_text(encoding="utf-8",
                                                                errors="replace")
            except OSError:
                continue
        else:
            text = ""
        for found in document_findings(src, text):
            yield diagnostic(garden, src, found.line, found.column, "GL807",
                             f"{found.message} (this file is published as it is)")


def check_file_names(garden: Garden) -> Iterable[Diagnostic]:
    """Names the theme would print raw (GL816) and script files the policy does not name
    (GL815), for every file under docs/."""
    listed = garden.config.extra_scripts
    for src in sorted(garden.files):
        problem = name_problem(src)
        if problem:
            yield diagnostic(garden, src, 1, 1, "GL816", problem)
        if stray_script(src, listed):
            yield diagnostic(garden, src, 1, 1, "GL815", STRAY_SCRIPT)


def check_confinement(garden: Garden) -> Iterable[Diagnostic]:
    """Symlinks leaving docs/ (GL808), snippet options and snippets whose real path leaves
    their base path or the project, or lies in a private directory (GL809)."""
    config = garden.config
    for escape in docs_escapes(config.docs_dir):
        yield Diagnostic(config.relative(escape.path.parent) + "/" + escape.path.name, 1, 1,
                         "GL808", f"symlink {escape.reason}; the build refuses it: copy the "
                         "file into docs/ instead")
    if "pymdownx.snippets" not in config.extensions:
        return
    options = config.extension_configs.get("pymdownx.snippets", {})
    config_text = config.config_file.read_text(encoding="utf-8", errors="replace")
    line = config_text.count("\n", 0, max(config_text.find("pymdownx.snippets"), 0)) + 1
    for problem in snippet_option_problems(options):
        yield Diagnostic(config.relative(config.config_file), line, 1, "GL809",
                         f"snippets {problem}")
    for src, page in garden.checked_pages():
        for number, target in page.scan.snippets:
            if _leaves_base(target):
                yield diagnostic(garden, src, number, 1, "GL809",
                                 f"snippet '{target}' leaves the snippets directory")
        for number, _, why in snippet_escapes(config, page.scan.snippets):
            yield diagnostic(garden, src, number, 1, "GL809",
                             f"{why}; the build refuses it")


def _leaves_base(target: str) -> bool:
    path = Path(target.split(":", 1)[0] if not re.match(r"^[A-Za-z]:[\\/]", target) else target)
    return path.is_absolute() or ".." in path.parts or target.startswith(("/", "\\"))


RULES = (check_page_markup, check_front_matter, check_glossary_markup,
         check_published_documents, check_file_names, check_confinement, check_nav_titles)
