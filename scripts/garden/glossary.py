"""The glossary: `glossary.yml` read into terms, checked, and rendered into `docs/glossary.md`.

`glossary.yml` (project root) is the single source of truth: a YAML list, one mapping per
term, easy to review in a pull request. It is read with PyYAML's composer so that every entry
and field keeps its line number for diagnostics. The glossary page itself keeps only its
introduction in `docs/glossary.md`; the entries are rendered into it at build time.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from garden.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from garden.linker import Edit, Linker
    from garden.site import Garden

GLOSSARY_FILE = "glossary.yml"
GLOSSARY_PAGE = "glossary.md"
# Stable anchors: lower-case ASCII slugs, so `glossary.md#jwt` survives any edit of the term.
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STRING_FIELDS = ("id", "term", "definition", "page")
LIST_FIELDS = ("aliases", "tags")
REQUIRED_FIELDS = ("id", "term", "definition")
OTHER_LETTER = "#"
# Beyond this many pages a "Used in" list stops helping a reader; the rest is counted.
USED_IN_LIMIT = 25

@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    id: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    page: str | None = None  # docs-relative in-depth page, may carry `#anchor`
    tags: tuple[str, ...] = ()
    line: int = 1  # line of the entry in glossary.yml
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The term and its aliases: every written form a page may use."""
        return (self.term, *self.aliases)

    @property
    def letter(self) -> str:
        """The jump-bar letter the entry files under."""
        first = unicodedata.normalize("NFD", self.term.strip()[:1])[:1].upper()
        return first if first.isalpha() else OTHER_LETTER

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


@dataclass
class Glossary:
    """The entries of glossary.yml, plus the problems met while reading it."""

    path: Path
    terms: list[Term] = field(default_factory=list)
    problems: list[tuple[int, int, str, str]] = field(default_factory=list)  # line, col, code, msg
    readable: bool = True  # False when the file is no list of entries: its terms are unknown

    def by_id(self) -> dict[str, Term]:
        return {term.id: term for term in self.terms}

    def sorted_terms(self) -> list[Term]:
        return sorted(self.terms, key=lambda t: (t.term.casefold(), t.id))

    def letters(self) -> list[str]:
        """Letter groups present, in display order (A–Z first, then others, then `#`)."""
        present = {term.letter for term in self.terms}
        return sorted(present, key=lambda x: (x == OTHER_LETTER, not ("A" <= x <= "Z"), x))

    def anchors(self) -> set[str]:
        """Every anchor the rendered glossary page adds: entry ids and letter groups."""
        return {term.id for term in self.terms} | {letter_anchor(x) for x in self.letters()}


def letter_anchor(letter: str) -> str:
    return "glossary-other" if letter == OTHER_LETTER else f"glossary-{letter.lower()}"


def _scalar(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return "" if node.tag.endswith(":null") else str(node.value).strip()
    return None


def _entry(node: yaml.Node, glossary: Glossary) -> Term | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        glossary.problems.append((line, node.start_mark.column + 1, "GL501",
                                  "glossary entry is not a mapping (`- id: …`)"))
        return None
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node)
        where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if key in STRING_FIELDS:
            value = _scalar(value_node)
            if value is None:
                glossary.problems.append((*where, "GL501", f"`{key}` must be a string"))
                continue
            values[key] = value
            lines[key] = value_node.start_mark.line + 1
        elif key in LIST_FIELDS:
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else None
            texts = [_scalar(item) for item in items or []]
            if items is None or any(text is None for text in texts):
                glossary.problems.append((*where, "GL501", f"`{key}` must be a list of strings"))
                continue
            values[key] = tuple(text for text in texts if text)
            for item, text in zip(items, texts, strict=True):
                lines[text] = item.start_mark.line + 1
        else:
            glossary.problems.append((*where, "GL501", f"unknown glossary field `{key}` "
                                      f"(known: {', '.join(STRING_FIELDS + LIST_FIELDS)})"))
    missing = [name for name in ("id", "term") if not values.get(name)]
    if missing:
        glossary.problems.append((line, node.start_mark.column + 1, "GL501",
                                  f"glossary entry without {' and '.join(missing)}"))
        return None
    term_id = str(values["id"])
    if not ID_RE.match(term_id):
        glossary.problems.append((lines["id"], 1, "GL501", f"glossary id `{term_id}` is not a "
                                  "lower-case slug (a-z, 0-9, `-`)"))
    lines.setdefault(str(values["term"]), lines.get("term", line))
    return Term(id=term_id, term=str(values["term"]), definition=str(values.get("definition", "")),
                aliases=tuple(values.get("aliases", ())), page=values.get("page") or None,
                tags=tuple(values.get("tags", ())), line=line, lines=lines)


def parse_glossary(text: str, path: Path) -> Glossary:
    """Read glossary.yml's text; entries keep their line numbers."""
    glossary = Glossary(path=path)
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        glossary.problems.append((*where, "GL501", f"glossary.yml is not valid YAML: "
                                  f"{getattr(error, 'problem', None) or error}"))
        glossary.readable = False
        return glossary
    if root is None:
        return glossary
    if not isinstance(root, yaml.SequenceNode):
        glossary.problems.append((1, 1, "GL501", "glossary.yml must be a list of entries"))
        glossary.readable = False
        return glossary
    for node in root.value:
        term = _entry(node, glossary)
        if term is not None:
            glossary.terms.append(term)
    return glossary


def load_glossary(path: Path) -> Glossary:
    """The glossary in a YAML file (a folder means its glossary.yml); an empty one when the
    file does not exist."""
    if path.is_dir():
        path = path / GLOSSARY_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Glossary(path=path)
    except (OSError, UnicodeDecodeError) as error:
        glossary = Glossary(path=path, readable=False)
        glossary.problems.append((1, 1, "GL501", f"glossary.yml cannot be read: {error}"))
        return glossary
    return parse_glossary(text, path)


def name_key(name: str) -> str:
    """How names compare for duplicates and explicit references: case and spacing ignored."""
    return " ".join(name.split()).casefold()


def _entry_problems(glossary: Glossary) -> Iterable[tuple[int, int, str, str, Severity]]:
    for line, column, code, message in glossary.problems:
        yield line, column, code, message, Severity.ERROR
    first_id: dict[str, Term] = {}
    first_name: dict[str, tuple[Term, str]] = {}
    for term in glossary.terms:
        if term.id in first_id:
            yield (term.line_of("id"), 1, "GL502", f"duplicate glossary id `{term.id}` (first "
                   f"at line {first_id[term.id].line_of('id')})", Severity.ERROR)
        else:
            first_id[term.id] = term
        for name in dict.fromkeys(term.names):
            key = name_key(name)
            if key in first_name:
                other, other_name = first_name[key]
                owner = "this entry" if other is term else f"`{other.id}`"
                yield (term.line_of(name), 1, "GL503", f"`{name}` is already a name of {owner} "
                       f"(`{other_name}`, line {other.line_of(other_name)})", Severity.ERROR)
            else:
                first_name[key] = (term, name)
        if not term.definition.strip():
            yield (term.line_of("definition"), 1, "GL504",
                   f"glossary entry `{term.id}` has an empty definition", Severity.ERROR)


def _page_problems(garden: Garden, glossary: Glossary) -> Iterable[
        tuple[int, int, str, str, Severity]]:
    for term in glossary.terms:
        if not term.page:
            continue
        path, _, fragment = term.page.partition("#")
        page = garden.pages.get(posixpath.normpath(path)) if path else None
        if page is None:
            yield (term.line_of("page"), 1, "GL506", f"`page: {term.page}` of `{term.id}`: no "
                   f"page `{path}` under docs/", Severity.ERROR)
        elif fragment and fragment not in page.anchors:
            yield (term.line_of("page"), 1, "GL506", f"`page: {term.page}` of `{term.id}`: "
                   f"`{path}` has no anchor `#{fragment}`", Severity.ERROR)


def glossary_problems(garden: Garden) -> Iterator[Diagnostic]:
    """The glossary file's own mistakes and its `page:` targets that do not exist: cheap
    enough for every build (the plugin reports them through MkDocs)."""
    glossary = garden.glossary
    rel = garden.config.relative(glossary.path)
    yield from (Diagnostic(rel, line, column, code, message, severity)
                for line, column, code, message, severity in _entry_problems(glossary))
    yield from (Diagnostic(rel, line, column, code, message, severity)
                for line, column, code, message, severity in _page_problems(garden, glossary))


def check_glossary(garden: Garden) -> Iterable[Diagnostic]:
    """GL5xx: the glossary's own mistakes, unknown explicit references and unused terms."""
    from garden.linker import Linker, plan_garden  # the linker builds on this module

    glossary = garden.glossary
    rel = garden.config.relative(glossary.path)
    yield from glossary_problems(garden)
    plans = plan_garden(garden, Linker(glossary.terms))
    for src, plan in sorted(plans.items()):
        for ref in plan.unknown_refs:
            yield Diagnostic(garden.rel(src), ref.line, ref.column, "GL505",
                             f"`[{ref.text}][]` names no glossary term; add it to glossary.yml "
                             "or write a normal link")
    used = Counter(term_id for plan in plans.values() for term_id in plan.mentioned)
    for term in glossary.terms:
        if not used[term.id]:
            yield Diagnostic(rel, term.line, 1, "GL507", f"glossary term `{term.term}` "
                             f"(`{term.id}`) is not mentioned on any page", Severity.WARNING)


def plain_text(markdown_text: str) -> str:
    """A definition as tooltip text: one line, without code ticks, emphasis or link targets."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    text = re.sub(r"`+|\*\*|__", "", text)
    return " ".join(text.split())


PageLink = Callable[[str, str], str]  # (docs-relative target with #anchor, text) -> markup


def markdown_page_link(target: str, text: str) -> str:
    return f"[{text}]({target})"


def render_glossary(glossary: Glossary, usage: Mapping[str, list[str]],
                    titles: Mapping[str, str], linker: Linker,
                    page_link: PageLink = markdown_page_link,
                    used_in_slot: Callable[[Term], str] | None = None,
                    term_link: Callable[[Edit], str] | None = None) -> str:
    """The entries of the glossary page, in Markdown: a jump bar, letter groups, entries.

    Links to pages go through `page_link` (Markdown by default). A build may pass
    `used_in_slot`, a placeholder per term that it fills with `used_in_markup` once the page
    is HTML: on a large garden those lists hold thousands of links. `term_link` writes the
    glossary links inside definitions (Markdown links by default).
    """
    terms = glossary.sorted_terms()
    if not terms:
        return "\n\n*The glossary has no entries yet.*\n"
    letters = glossary.letters()
    jump = [f'<a href="#{letter_anchor(x)}">{x}</a>' if x in letters
            else f'<span aria-disabled="true">{x}</span>'
            for x in [*(chr(c) for c in range(ord("A"), ord("Z") + 1)),
                      *(x for x in letters if not "A" <= x <= "Z")]]
    out = ['', '<nav class="glossary-jump" aria-label="Glossary letters">',
           " ".join(jump), "</nav>", ""]
    for letter in letters:
        label = "0–9 and symbols" if letter == OTHER_LETTER else letter
        out += [f"## {label} {{ #{letter_anchor(letter)} .glossary-letter }}", ""]
        for term in (t for t in terms if t.letter == letter):
            used = (used_in_slot(term) if used_in_slot else
                    used_in_markup(usage.get(term.id, []), titles, page_link))
            out += _render_entry(term, used, titles, linker, page_link, term_link)
    return "\n".join(out) + "\n"


def _titled_link(target: str, titles: Mapping[str, str], page_link: PageLink) -> str:
    path = target.partition("#")[0]
    return page_link(target, html.escape(titles.get(path, path), quote=False)
                     .replace("[", "&#91;").replace("]", "&#93;"))


def used_in_markup(used_in: Iterable[str], titles: Mapping[str, str],
                   page_link: PageLink = markdown_page_link) -> str:
    """The pages mentioning a term, by title, the first USED_IN_LIMIT of them linked."""
    pages = sorted(used_in, key=lambda src: (titles.get(src, src).casefold(), src))
    listed = ", ".join(_titled_link(src, titles, page_link) for src in pages[:USED_IN_LIMIT])
    if len(pages) > USED_IN_LIMIT:
        listed += f" and {len(pages) - USED_IN_LIMIT} more pages"
    return listed or "not mentioned on any page yet"


def _render_entry(term: Term, used_in: str, titles: Mapping[str, str],
                  linker: Linker, page_link: PageLink,
                  term_link: Callable[[Edit], str] | None) -> list[str]:
    definition = linker.link_text(term.definition, GLOSSARY_PAGE, skip=term.id,
                                  render=term_link)
    meta = []
    if term.aliases:
        meta.append("**Also:** " + ", ".join(term.aliases))
    if term.tags:
        meta.append("**Tags:** " + ", ".join(
            f'<span class="glossary-tag">{tag}</span>' for tag in term.tags))
    if term.page:
        meta.append("**In depth:** " + _titled_link(term.page, titles, page_link))
    meta.append("**Used in:** " + used_in)
    return [f"### {term.term} {{ #{term.id} .glossary-entry }}", "",
            definition or "*(no definition)*", "",
            "  \n".join(meta), '{ .glossary-meta }', ""]
