"""Synthetic gardens for the benchmarks: pages, glossary terms and links shaped like ours.

A plan (`plan_garden`) decides every page's place, language, links and glossary mentions from
a seed; `write_pages` writes it as Markdown under docs/, `write_glossary` as glossary.yml, and
`plan_graph` gives the graph the build would emit for it (assets/graph.json's shape), so a
graph can be measured at a size without building a garden of that size.
"""

from __future__ import annotations

import posixpath
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SYLLABLES = ["ka", "lo", "mi", "ne", "tu", "ra", "so", "vi", "de", "po", "xe", "gu", "fa", "zi"]
FILLER = ["the", "a", "of", "to", "and", "in", "is", "that", "for", "it", "as", "with", "on",
          "by", "this", "be", "are", "from", "or", "an", "at", "which", "system", "request",
          "data", "service", "value", "page", "user", "time", "state", "change", "layer",
          "model", "network", "call", "process", "result", "client", "server", "store", "event",
          "queue"]
# Our notes are partly Russian: every RUSSIAN_EVERY-th page is written in Russian words.
FILLER_RU = ["и", "в", "не", "на", "что", "с", "по", "это", "для", "как", "запрос", "сервер",
             "клиент", "данные", "очередь", "задержка", "система", "сообщение", "событие",
             "состояние", "соединение", "поток", "протокол", "кэш", "слой", "модель"]
RUSSIAN_EVERY = 5
# Share of sentences naming a glossary term: a term every second sentence is dense prose.
TERM_DENSITY = 0.5
# Top-level sections as in our garden; each holds subsections of SUBSECTION_PAGES pages.
SECTIONS = ("fundamentals", "web", "architecture", "operations", "security")
SUBSECTION_PAGES = 50
# Links per page, and the share of them that go to a few popular pages (hubs).
LINKS_PER_PAGE = (1, 3)
HUB_SHARE = 0.3
MATURITIES = ("seedling", "budding", "evergreen")


# A Material site for synthetic gardens: the garden's Markdown extensions, a two-entry nav.
CONFIG = """\
site_name: Glossary benchmark
use_directory_urls: true
theme:
  name: material
  features: [content.tooltips]
plugins: [search]
validation:
  nav:
    omitted_files: ignore
nav:
  - index.md
  - glossary.md
markdown_extensions:
  - admonition
  - attr_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.inlinehilite
"""

def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def make_terms(count: int, rng: random.Random) -> list[dict]:
    terms, seen = [], set()
    while len(terms) < count:
        words = [word(rng) for _ in range(rng.randint(1, 3))]
        name = " ".join(words).capitalize()
        acronym = "".join(w[0] for w in words).upper() + str(len(terms))
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        terms.append({"id": f"t{len(terms)}", "term": name, "aliases": [acronym],
                      "definition": f"Synthetic term number {len(terms)} for the benchmark.",
                      "tags": ["bench"]})
    return terms


def sentence(rng: random.Random, terms: list[dict], filler: Sequence[str] = FILLER) -> str:
    words = [rng.choice(filler) for _ in range(rng.randint(10, 18))]
    if rng.random() < TERM_DENSITY:
        term = rng.choice(terms)
        words.insert(rng.randrange(len(words)), rng.choice([term["term"], *term["aliases"]]))
    return " ".join(words).capitalize() + "."


def make_page(number: int, rng: random.Random, terms: list[dict], links: Sequence[str] = (),
              filler: Sequence[str] = FILLER, front_matter: str = "tags: [bench]") -> str:
    """A page shaped like the garden's: headings, prose, a list, a fence, links (`links` are
    paths relative to the page; without them it links to the index)."""
    out = [f"---\ntitle: Page {number}\n{front_matter}\n---\n", f"# Page {number}\n"]
    # Russian prose carries its language, as the garden's pages mark it (GL407).
    opening, closing = (('<div lang="ru" markdown>\n', "</div>\n") if filler is FILLER_RU
                        else (None, None))
    for section in range(4):
        out.append(f"## Section {section} of page {number}\n")
        if opening:
            out.append(opening)
        for _ in range(2):
            out.append(" ".join(sentence(rng, terms, filler) for _ in range(4)) + "\n")
        out.append("\n".join(f"- {sentence(rng, terms, filler)}" for _ in range(3)) + "\n")
        if closing:
            out.append(closing)
        if section == 1:
            out.append(f"```python\nvalue = {number}  # {rng.choice(terms)['term']}\n```\n")
        if section == 2 and not links:
            out.append(f"See [the index](../index.md) and `code {rng.choice(FILLER)}`.\n")
        if section == 2 and links:
            out.append("See also " + ", ".join(f"[a related note]({link})" for link in links)
                       + ".\n")
    return "\n".join(out)


@dataclass
class PagePlan:
    number: int
    src: str                 # docs-relative path
    section: str
    links: list[int] = field(default_factory=list)  # numbers of the pages it links to


@dataclass
class GardenPlan:
    seed: int
    pages: list[PagePlan]
    terms: list[dict]

    def sections(self) -> dict[str, dict[str, list[PagePlan]]]:
        """Pages by top-level section and subsection folder, in order."""
        out: dict[str, dict[str, list[PagePlan]]] = {}
        for page in self.pages:
            folder = posixpath.dirname(page.src)
            out.setdefault(page.section, {}).setdefault(folder, []).append(page)
        return out


def term_count(pages: int) -> int:
    """Glossary size for a garden: ours has about two terms per page; large ones level off."""
    return max(20, min(500, pages // 4))


def plan_garden(pages: int, seed: int = 41) -> GardenPlan:
    rng = random.Random(seed)
    terms = make_terms(term_count(pages), rng)
    plans = []
    for number in range(pages):
        section = SECTIONS[number % len(SECTIONS)]
        sub = number // len(SECTIONS) // SUBSECTION_PAGES
        plans.append(PagePlan(number, f"{section}/topic-{sub:03d}/page-{number:05d}.md", section))
    for page in plans:
        for _ in range(rng.randint(*LINKS_PER_PAGE)):
            hub = rng.random() < HUB_SHARE
            target = int(abs(rng.gauss(0, pages ** 0.5))) % pages if hub else rng.randrange(pages)
            if target != page.number and target not in page.links:
                page.links.append(target)
    return GardenPlan(seed, plans, terms)


def write_pages(docs: Path, plan: GardenPlan) -> None:
    """The plan's pages, and an index page per section and subsection, under `docs`."""
    rng = random.Random(plan.seed + 1)
    for section, subsections in plan.sections().items():
        (docs / section).mkdir(parents=True, exist_ok=True)
        (docs / section / "index.md").write_text(
            f"# {section.capitalize()}\n\nThe {section} section of the synthetic garden.\n",
            encoding="utf-8")
        for folder, pages in subsections.items():
            (docs / folder).mkdir(parents=True, exist_ok=True)
            listing = "\n".join(f"- [Page {p.number}]({posixpath.basename(p.src)})"
                                for p in pages)
            (docs / folder / "index.md").write_text(
                f"# {posixpath.basename(folder).capitalize()}\n\n{listing}\n", encoding="utf-8")
    for page in plan.pages:
        here = posixpath.dirname(page.src)
        links = [posixpath.relpath(plan.pages[n].src, here) for n in page.links]
        filler = FILLER_RU if page.number % RUSSIAN_EVERY == RUSSIAN_EVERY - 1 else FILLER
        front = (f"description: Synthetic page {page.number}.\ntags: [bench, {page.section}]\n"
                 f"maturity: {MATURITIES[page.number % len(MATURITIES)]}")
        (docs / page.src).write_text(make_page(page.number, rng, plan.terms, links, filler, front),
                                     encoding="utf-8")


def write_glossary(path: Path, terms: list[dict]) -> None:
    path.write_text(yaml.safe_dump(terms, allow_unicode=True), encoding="utf-8")


def nav(plan: GardenPlan, head: Sequence[object] = (), tail: Sequence[object] = ()) -> list:
    """A full navigation like ours: every section, subsection and page listed."""
    entries: list[object] = list(head)
    for section, subsections in plan.sections().items():
        items: list[object] = [f"{section}/index.md"]
        for folder, pages in subsections.items():
            items.append({posixpath.basename(folder).capitalize():
                          [f"{folder}/index.md", *(p.src for p in pages)]})
        entries.append({section.capitalize(): items})
    return entries + list(tail)


def plan_graph(plan: GardenPlan) -> dict:
    """The graph a build of the plan shows (pages, terms, link and mention edges), in
    assets/graph.json's shape; mentions are approximated by one term per linked page."""
    nodes = [{"id": p.src, "label": f"Page {p.number}", "url": p.src[:-3] + "/", "kind": "page",
              "group": p.section, "maturity": None, "tags": ["bench"]} for p in plan.pages]
    nodes += [{"id": f"term:{t['id']}", "label": t["term"], "url": f"glossary/#{t['id']}",
               "kind": "term", "group": "glossary", "maturity": None, "tags": []}
              for t in plan.terms]
    edges = []
    for page in plan.pages:
        edges += [{"source": page.src, "target": plan.pages[n].src, "kind": "link"}
                  for n in page.links]
        term = plan.terms[(page.number * 7) % len(plan.terms)]
        edges.append({"source": page.src, "target": f"term:{term['id']}", "kind": "mention"})
    return {"nodes": nodes, "edges": edges}
