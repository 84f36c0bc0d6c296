"""The glossary as a feature: its checks (GL5xx) and the entries rendered into the glossary
page (`docs/glossary.md`, or the `glossary_page` option) at build time. The terms themselves are
read by `garden.model.terms`.
"""

from __future__ import annotations

import html
import posixpath
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping

from garden.features.linker import Edit, Linker, plan_garden
from garden.model.site import Garden
from garden.model.terms import OTHER_LETTER, Glossary, Term, letter_anchor, name_key
from garden.text.diagnostics import Diagnostic, Severity

# Beyond this many pages a "Used in" list stops helping a reader; the rest is counted.
USED_IN_LIMIT = 25


def _entry_problems(glossary: Glossary) -> Iterable[tuple[int, int, str, str, Severity]]:
    for found in glossary.problems:
        yield found.line, found.column, found.code, found.message, Severity.ERROR
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
    glossary = garden.glossary
    rel = garden.config.relative(glossary.path)
    yield from glossary_problems(garden)
    plans = plan_garden(garden, Linker(glossary.terms, garden.config.glossary_page))
    for src, plan in sorted(plans.items()):
        for ref in plan.unknown_refs if not garden.config.autorefs else ():
            yield Diagnostic(garden.rel(src), ref.line, ref.column, "GL505",
                             f"`[{ref.text}][]` names no glossary term; add it to glossary.yml "
                             "or write a normal link")
    used = Counter(term_id for plan in plans.values() for term_id in plan.mentioned)
    for term in glossary.terms:
        if not used[term.id]:
            yield Diagnostic(rel, term.line, 1, "GL507", f"glossary term `{term.term}` "
                             f"(`{term.id}`) is not mentioned on any page", Severity.WARNING)


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
    definition = linker.link_text(term.definition, linker.glossary_page, skip=term.id,
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
