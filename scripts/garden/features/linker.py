"""Automatic glossary links: one compiled matcher over every term and alias.

Every written form (term, aliases, and a simple English plural of each) goes into one
character trie compiled into a single regular expression, so finding mentions costs time
proportional to the text, whatever the number of terms. The trie makes the longest form win
("Dependency Injection Containers" over "Dependency Injection"). Matching runs only over the
prose spans `garden.text.markdown_scan` reports, so code, headings, links, URLs, image alt text,
admonition titles and HTML stay untouched.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from garden.model.site import Garden
from garden.model.terms import GLOSSARY_PAGE, Term, name_key
from garden.text.directives import find_directives
from garden.text.markdown_scan import Link, Scan, scan_markdown
from garden.text.plain import inline_text
from garden.text.urls import relative_url

LINK_CLASS = "glossary-term"
# Where a linked term's definition goes: its `title`, which the theme may turn into a tooltip,
# or this attribute, read by the garden's own tooltip (assets/tooltips.js) when the theme would
# set up a tooltip for every titled element as the page starts.
DEFINITION_ATTRIBUTE = "data-garden-definition"
# A term links at its first mention in each section, and on no more than this many sections
# of a page: a long reference page would otherwise link one common term dozens of times.
LINKS_PER_TERM = 3
# Whole words: no letter or digit (Unicode-aware, so Cyrillic too) on either side, and no
# identifier or path glue (`my_dns_var`, `/etc/dns`, `cache-control`, `node.js`, `user@dns`);
# a lone `_` is emphasis (`_DNS_`).
WORD_BEFORE = r"(?<![^\W_])(?<![/@.-])(?<!\w_)"
WORD_AFTER = r"(?![^\W_]|[/@-]|\.\w|_\w)"
# `<!-- glossary: off -->` … `<!-- glossary: on -->` turns automatic links off in between.


def plural(name: str) -> str | None:
    """A simple English plural of a name's last word, or None when none applies."""
    head, _, last = name.rpartition(" ")
    if not last or not last[-1].isascii() or not last[-1].isalpha():
        return None
    if last.isupper():
        word = last + "s"  # acronyms: APIs, JWTs
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        word = last + "es"
    elif last.endswith("y") and len(last) > 1 and last[-2].lower() not in "aeiou":
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def _exact_words(name: str) -> tuple[bool, ...]:
    """Per word: must it match case exactly? Acronyms and mixed case (DNS, OAuth, JWTs) do."""
    return tuple(any(ch.isupper() for ch in word[1:]) for word in name.split(" "))


@dataclass(frozen=True)
class Form:
    """One written form of a term, with its case rule."""

    text: str
    term: Term
    exact: tuple[bool, ...]

    def accepts(self, written: str) -> bool:
        return all(not exact or seen == wanted for seen, wanted, exact
                   in zip(written.split(" "), self.text.split(" "), self.exact, strict=False))


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    term: Term
    text: str


def _trie_pattern(keys: Iterable[str]) -> str:
    """A regular expression matching exactly the keys, longest first at every branch."""
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items())
                    if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"

    return build(trie)


class Linker:
    """The compiled matcher over all terms, and the link each mention becomes."""

    def __init__(self, terms: Iterable[Term], glossary_page: str = GLOSSARY_PAGE,
                 definition_attribute: str = "title") -> None:
        """`glossary_page`: the docs page the entries are rendered into (the site's
        `glossary_page` option), a term's link target unless its `page:` says otherwise;
        `definition_attribute`: the HTML links' attribute holding the definition."""
        self.terms = list(terms)
        self.glossary_page = glossary_page
        self.definition_attribute = definition_attribute
        self._forms: dict[str, list[Form]] = {}
        self.names: dict[str, Term] = {}  # name_key -> term, for explicit `[Term][]` references
        self.by_id = {term.id: term for term in self.terms}
        self._titles: dict[str, str] = {}
        normalised = [(term, " ".join(name.split())) for term in self.terms
                      for name in term.names]
        for term, name in normalised:
            self._add(term, name)
        for term, name in normalised:  # plurals never shadow a name written in glossary.yml
            generated = plural(name)
            if generated and generated.lower() not in self._forms:
                self._add(term, generated)
        self.pattern = (re.compile(WORD_BEFORE + "(?:" + _trie_pattern(self._forms) + ")"
                                   + WORD_AFTER, re.IGNORECASE) if self._forms else None)

    def _add(self, term: Term, name: str) -> None:
        if not name:
            return
        self._forms.setdefault(name.lower(), []).append(Form(name, term, _exact_words(name)))
        self.names.setdefault(name_key(name), term)

    def _accept(self, written: str) -> tuple[Form, str] | None:
        """The form a match is, trying shorter word prefixes when the case rule refuses it."""
        ends = [len(written)] + [i for i in range(len(written) - 1, 0, -1) if written[i] == " "]
        for end in ends:
            prefix = written[:end]
            for form in self._forms.get(prefix.lower(), ()):
                if form.accepts(prefix):
                    return form, prefix
        return None

    def find(self, text: str) -> Iterator[Mention]:
        """Every mention of a term in a run of prose, left to right, longest first."""
        if self.pattern is None:
            return
        for match in self.pattern.finditer(text):
            accepted = self._accept(match.group())
            if accepted:
                form, written = accepted
                yield Mention(match.start(), match.start() + len(written), form.term, written)

    def title(self, term: Term) -> str:
        """The tooltip: the definition as one line of plain text, HTML-escaped."""
        if term.id not in self._titles:
            self._titles[term.id] = html.escape(inline_text(term.definition)).replace(
                "|", "&#124;")  # a `|` would split a table cell
        return self._titles[term.id]

    def target(self, term: Term) -> str:
        """Where a mention of the term links: its `page:`, or its entry on the glossary page."""
        return term.page or f"{self.glossary_page}#{term.id}"

    def markdown_link(self, edit: Edit, src: str) -> str:
        """A Markdown link from page `src` to the term, MkDocs resolving the `.md` path."""
        term = self.by_id[edit.term_id]
        path, _, fragment = self.target(term).partition("#")
        url = relative_url(path, src) + (f"#{fragment}" if fragment else "")
        return f'[{edit.text}]({url} "{self.title(term)}"){{ .{LINK_CLASS} }}'

    def html_link(self, edit: Edit, url: str) -> str:
        """The same link as inline HTML, for a URL already resolved: far cheaper to render.

        Only the tags are raw HTML; the text between them stays Markdown.
        """
        return self.anchor(self.by_id[edit.term_id], url, edit.text)

    def anchor(self, term: Term, url: str, text: str) -> str:
        """The HTML link to `term` at the resolved `url`, around `text` (HTML)."""
        return (f'<a class="{LINK_CLASS}" href="{html.escape(url)}" '
                f'{self.definition_attribute}="{self.title(term)}">{text}</a>')

    def link_text(self, markdown_text: str, src: str, skip: str | None = None,
                  render: Callable[[Edit], str] | None = None) -> str:
        """A Markdown fragment with its mentions linked (first mention of each term).

        `render` writes each link; by default a Markdown link from page `src`.
        """
        scan = scan_markdown(markdown_text)
        edits = plan_page(scan, src, self, skip=skip).edits
        return apply_edits(scan.lines, edits,
                           render or (lambda edit: self.markdown_link(edit, src)))


@dataclass(frozen=True)
class Edit:
    line: int  # 1-based file line
    start: int  # 0-based columns in that line
    end: int
    text: str  # the words written, which become the link text
    term_id: str


@dataclass
class PagePlan:
    """What the glossary does to one page: the terms it mentions and the links it adds."""

    mentioned: set[str] = field(default_factory=set)
    edits: list[Edit] = field(default_factory=list)
    unknown_refs: list[Link] = field(default_factory=list)


def _forced_refs(scan: Scan) -> Iterator[Link]:
    """`[Term][]` collapsed references whose label no reference definition claims."""
    for link in scan.links:
        if link.kind != "ref" or link.explicit_ref:
            continue
        if link.text.strip().lower() in scan.ref_defs:
            continue
        source = scan.lines[link.line - 1]
        if source.startswith(f"[{link.text}][]", link.column - 1):
            yield link


def _opt_out_marks(scan: Scan) -> list[tuple[tuple[int, int], bool]]:
    """Positions where automatic linking turns off (False) or back on (True)."""
    in_fence = scan.fence_lines()
    marks = []
    for number, text in enumerate(scan.lines[scan.body_line - 1:], start=scan.body_line):
        if number not in in_fence:
            marks += [((number, d.start), d.name == "on")
                      for d in find_directives(text, "glossary") if d.name in ("off", "on")]
    return marks


Event = tuple[int, int, Link | None, Mention | None]  # line, 0-based column, what is there


def _events(scan: Scan, linker: Linker) -> list[Event]:
    """Explicit `[Term][]` references and mentions in prose, in reading order."""
    events: list[Event] = [(ref.line, ref.column - 1, ref, None) for ref in _forced_refs(scan)]
    for span in scan.spans:
        if span.in_html:
            continue
        source = scan.lines[span.line - 1]
        offset = span.column - 1
        for mention in linker.find(span.text):
            start, end = offset + mention.start, offset + mention.end
            if source[start:end] == mention.text:  # not across masked code or links
                events.append((span.line, start, None, mention))
    return sorted(events, key=lambda e: (e[0], e[1]))


class _Planner:
    """One page's plan in the making: which mentions get a link."""

    def __init__(self, scan: Scan, src: str, skip: str | None) -> None:
        self.plan = PagePlan()
        self.src, self.skip = src, skip
        self.auto = scan.meta.get("glossary", True) is not False
        self.lang = language_of(scan.meta.get("lang"))
        self.marks = _opt_out_marks(scan)
        self.mark_positions = [position for position, _ in self.marks]
        self.sections = sorted(heading.line for heading in scan.headings)
        self.linked: set[tuple[int, str]] = set()
        self.per_term: Counter[str] = Counter()

    def wanted(self, line: int, term: Term) -> bool:
        """Link this mention? Once per section, a few times a page at most, and never a
        page to itself."""
        key = (bisect_right(self.sections, line), term.id)
        own_page = (term.page or "").partition("#")[0] == self.src
        if (key in self.linked or own_page or term.id == self.skip
                or self.per_term[term.id] >= LINKS_PER_TERM):
            return False
        self.linked.add(key)
        self.per_term[term.id] += 1
        return True

    def linking_on(self, line: int, start: int) -> bool:
        """Automatic linking is on here: not off for the page nor by a `glossary: off`."""
        index = bisect_right(self.mark_positions, (line, start))
        return self.auto and not (index and not self.marks[index - 1][1])

    def reference(self, line: int, start: int, ref: Link, linker: Linker) -> None:
        term = linker.names.get(name_key(ref.text))
        if term is None:
            self.plan.unknown_refs.append(ref)
            return
        self.plan.mentioned.add(term.id)
        self.wanted(line, term)  # an explicit link counts as the section's first mention
        self.plan.edits.append(Edit(line, start, start + len(ref.text) + 4, ref.text, term.id))

    def mention(self, line: int, start: int, mention: Mention) -> None:
        if not self.linking_on(line, start) or language_of(mention.term.lang) != self.lang:
            return
        self.plan.mentioned.add(mention.term.id)
        if self.wanted(line, mention.term):
            self.plan.edits.append(Edit(line, start, start + len(mention.text), mention.text,
                                        mention.term.id))


def language_of(tag: object) -> str | None:
    """A language tag's primary language (`ru` of `ru-RU`), None for the site's own."""
    return str(tag).split("-")[0].lower() or None if tag else None


def plan_page(scan: Scan, src: str, linker: Linker, skip: str | None = None) -> PagePlan:
    """Find the mentions of one page and the links to add: first mention per section."""
    planner = _Planner(scan, src, skip)
    for line, start, ref, mention in _events(scan, linker):
        if ref is not None:
            planner.reference(line, start, ref, linker)
        elif mention is not None:
            planner.mention(line, start, mention)
    return planner.plan


def apply_edits(lines: list[str], edits: Iterable[Edit], render: Callable[[Edit], str],
                first_line: int = 1) -> str:
    """`lines` (the file's lines from line `first_line` on) joined, each edit's span replaced
    by `render(edit)`."""
    out = list(lines)
    for edit in sorted(edits, key=lambda e: (e.line, e.start), reverse=True):
        index = edit.line - first_line
        text = out[index]
        out[index] = text[:edit.start] + render(edit) + text[edit.end:]
    return "\n".join(out)


def plan_garden(garden: Garden, linker: Linker,
                srcs: Iterable[str] | None = None) -> dict[str, PagePlan]:
    """Plan every page once (the glossary page renders its own entries)."""
    wanted = set(srcs) if srcs is not None else None
    return {src: plan_page(page.scan, src, linker) for src, page in garden.pages.items()
            if src != garden.config.glossary_page and (wanted is None or src in wanted)}
