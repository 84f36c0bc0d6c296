"""The glossary during one MkDocs build: every page planned exactly once, from the garden's scans.

The plans (links to add, terms mentioned, page title) are needed three times: by each page as
MkDocs renders it, by the glossary page's "Used in" lists and by the graph's mention edges,
which need all of them. MkDocs renders on one core, so on larger gardens the planning runs
ahead of it in a forked worker process on another core, in chunks in MkDocs' own page order;
the worker inherits the build's garden, so only page names go to it and small plans come
back. A page whose chunk is not ready yet is planned on the spot instead of waiting. The
glossary page is rendered last (the plugin moves it to the end of the file list), when every
plan is in. A worker that fails only costs time: its pages are planned here.
"""

from __future__ import annotations

import hashlib
import html
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from garden.features.glossary import markdown_page_link, render_glossary, used_in_markup
from garden.features.linker import Edit, Linker, PagePlan, apply_edits, plan_page
from garden.model.site import Garden
from garden.text.markdown_scan import scan_markdown
from garden.text.urls import relative_url

# Below this many pages a worker process costs more than it saves.
PARALLEL_MIN_PAGES = 200
CHUNK_PAGES = 50
# A forked worker starts at once and needs no re-import of the program that runs MkDocs.
START_METHOD = "fork"
# Private-use characters marking links and "Used in" lists until the page is HTML.
LINK_OPEN, LINK_MID, LINK_CLOSE, USED_IN = "\ue000", "\ue001", "\ue002", "\ue003"
LINK_MARK_RE = re.compile(f"{LINK_OPEN}(\\d+){LINK_MID}(.*?){LINK_CLOSE}", re.DOTALL)
USED_IN_RE = re.compile(f"{USED_IN}(\\d+){USED_IN}")
MARKER_CHARS_RE = re.compile(f"[{LINK_OPEN}-{USED_IN}]")


@dataclass(frozen=True)
class PlannedPage:
    """One page's plan, small enough to travel between processes."""

    digest: bytes  # of the Markdown body the plan was made for
    title: str
    mentioned: frozenset[str]
    edits: tuple[Edit, ...]
    body_line: int


def body_digest(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).digest()


def plan_pages(garden: Garden, srcs: Iterable[str], linker: Linker) -> dict[str, PlannedPage]:
    """Plan pages from the garden's scans (a page the garden could not read is left out)."""
    planned = {}
    for src in srcs:
        page = garden.pages.get(src)
        if page is None:
            continue  # MkDocs reports it
        scan = page.scan
        plan = plan_page(scan, src, linker) if src != linker.glossary_page else PagePlan()
        body = "\n".join(scan.lines[scan.body_line - 1:])
        planned[src] = PlannedPage(body_digest(body), page.title, frozenset(plan.mentioned),
                                   tuple(plan.edits), scan.body_line)
    return planned


class _Worker:
    """What the planning worker plans from. The pool forks with the build's garden and linker
    as the initializer's arguments, so the worker inherits them (never pickled); only the
    worker process sets this, once, when it starts."""

    state: tuple[Garden, Linker] | None = None

    @classmethod
    def start(cls, garden: Garden, linker: Linker) -> None:
        cls.state = (garden, linker)

    @classmethod
    def plan(cls, srcs: list[str]) -> dict[str, PlannedPage]:
        assert cls.state is not None, "the worker starts with the build's garden"
        garden, linker = cls.state
        return plan_pages(garden, srcs, linker)


class GlossaryBuild:
    """Plans for every page of one build, and the Markdown each page ends up with."""

    def __init__(self, garden: Garden, srcs: list[str], urls: Mapping[str, str] | None = None,
                 parallel: bool | None = None,
                 reuse: Mapping[str, PlannedPage] | None = None,
                 definition_attribute: str = "title") -> None:
        """`garden`: the build's garden (its scans and glossary); `srcs`: the pages MkDocs
        builds, in rendering order; `urls`: each page's site URL, so links can be written as
        resolved HTML (without it they are Markdown links to `.md` files); `reuse`: plans
        still valid from an earlier build (same page text, same terms), not planned again;
        `definition_attribute`: where the links carry the term's definition (Linker)."""
        self.urls = dict(urls or {})
        self.glossary = garden.glossary
        self.page = garden.config.glossary_page  # where the entries are rendered
        self.linker = Linker(self.glossary.terms, self.page, definition_attribute)
        self._index = {term.id: index for index, term in enumerate(self.linker.terms)}
        self._garden = garden
        self._planned = {src: reuse[src] for src in srcs if reuse and src in reuse}
        srcs = [src for src in srcs if src not in self._planned]
        self._chunks: list[tuple[Future[dict[str, PlannedPage]], list[str]]] = []
        self._pending: dict[str, int] = {}  # src -> index of its chunk in self._chunks
        self._executor: ProcessPoolExecutor | None = None
        if parallel is None:
            parallel = (len(srcs) >= PARALLEL_MIN_PAGES and (os.cpu_count() or 1) > 1
                        and START_METHOD in multiprocessing.get_all_start_methods())
        if parallel and self.glossary.terms:
            self._executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context(START_METHOD),
                initializer=_Worker.start, initargs=(garden, self.linker))
            for start in range(0, len(srcs), CHUNK_PAGES):
                chunk = srcs[start:start + CHUNK_PAGES]
                self._pending.update((src, len(self._chunks)) for src in chunk)
                self._chunks.append((self._executor.submit(_Worker.plan, chunk), chunk))
        else:
            self._planned.update(plan_pages(garden, srcs, self.linker))

    def _collect(self, index: int) -> None:
        future, chunk = self._chunks[index]
        try:
            planned = future.result()
        except Exception:  # noqa: BLE001 - cancelled, or a lost worker: plan here instead
            planned = plan_pages(self._garden, chunk, self.linker)
        for src in chunk:
            self._pending.pop(src, None)
        self._planned.update(planned)

    def _plan_of(self, src: str) -> PlannedPage | None:
        """The page's plan if it is ready; None means plan it here rather than wait."""
        index = self._pending.get(src)
        if index is not None and self._chunks[index][0].done():
            self._collect(index)
        return self._planned.get(src)

    def finish(self) -> None:
        """Every plan in, and the worker stopped. Chunks the worker has not started yet are
        planned here, from the last one back, while it works on the earlier ones."""
        for index in sorted(set(self._pending.values()), reverse=True):
            self._chunks[index][0].cancel()  # only succeeds if not started: _collect plans it
            self._collect(index)
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None

    def plans(self) -> dict[str, PlannedPage]:
        """Every page's plan, once every plan is in (for the next build to reuse)."""
        self.finish()
        return dict(self._planned)

    def used_in(self) -> dict[str, list[str]]:
        """Term id -> the pages mentioning it, once every plan is in."""
        self.finish()
        used: dict[str, list[str]] = {}
        for src, planned in sorted(self._planned.items()):
            for term_id in planned.mentioned:
                used.setdefault(term_id, []).append(src)
        return used

    def page_markdown(self, src: str, markdown: str) -> str:
        """A page's Markdown as MkDocs hands it over, with glossary links (or entries) added.

        Where the link targets' URLs are known, a link is only marked here, with private-use
        characters Python-Markdown passes through as text, and written by `page_content`:
        rendering thousands of real links would cost Markdown far more than the matching.
        """
        markers = self.urls.get(src) is not None and not MARKER_CHARS_RE.search(markdown)
        if src == self.page:
            self.finish()
            slot = (lambda term: f"{USED_IN}{self._index[term.id]}{USED_IN}") if markers else None
            # Definitions link their terms as HTML, like every page: a Markdown link would
            # get Material's `data-preview`, which replaces the definition tooltip.
            return markdown.rstrip("\n") + "\n" + render_glossary(
                self.glossary, self.used_in(), self._titles(), self.linker, self._page_link,
                slot, self._renderer(src))
        if not self.glossary.terms:
            return markdown
        render = self._marker if markers else self._renderer(src)
        planned = self._plan_of(src)
        if planned is not None and planned.digest == body_digest(markdown):
            return apply_edits(markdown.split("\n"), planned.edits, render, planned.body_line)
        # Not planned yet, or changed since (another plugin): plan it here.
        scan = scan_markdown(markdown)
        return apply_edits(scan.lines, plan_page(scan, src, self.linker).edits, render)

    def page_content(self, src: str, content: str) -> str:
        """The page's HTML with the marked links and "Used in" lists written out."""
        if not MARKER_CHARS_RE.search(content):
            return content
        page_url = self.urls[src]

        def link(match: re.Match[str]) -> str:
            term = self.linker.terms[int(match.group(1))]
            path, _, fragment = self.linker.target(term).partition("#")
            url = relative_url(self.urls[path], page_url) + (f"#{fragment}" if fragment
                                                                  else "")
            return self.linker.anchor(term, url, match.group(2))

        usage, titles = (self.used_in(), self._titles()) if USED_IN in content else ({}, {})

        def used_in(match: re.Match[str]) -> str:
            term = self.linker.terms[int(match.group(1))]
            return used_in_markup(usage.get(term.id, []), titles, self._page_link)

        content = USED_IN_RE.sub(used_in, LINK_MARK_RE.sub(link, content))
        return MARKER_CHARS_RE.sub("", content)  # a mark Markdown split up stays plain text

    def _marker(self, edit: Edit) -> str:
        return f"{LINK_OPEN}{self._index[edit.term_id]}{LINK_MID}{edit.text}{LINK_CLOSE}"

    def _titles(self) -> dict[str, str]:
        return {name: planned.title for name, planned in self._planned.items()}

    def _page_link(self, target: str, text: str) -> str:
        """A link from the glossary page, as resolved HTML when the target is known."""
        path, _, fragment = target.partition("#")
        if path not in self.urls or self.page not in self.urls:
            return markdown_page_link(target, text)
        url = relative_url(self.urls[path], self.urls[self.page])
        return f'<a href="{html.escape(url)}{"#" + fragment if fragment else ""}">{text}</a>'

    def _renderer(self, src: str) -> Callable[[Edit], str]:
        """How page `src` writes a link: HTML with the site URL when known, else Markdown."""
        page_url = self.urls.get(src)

        def render(edit: Edit) -> str:
            term = self.linker.by_id[edit.term_id]
            path, _, fragment = self.linker.target(term).partition("#")
            if page_url is None or path not in self.urls:
                return self.linker.markdown_link(edit, src)  # MkDocs reports a bad target
            url = relative_url(self.urls[path], page_url)
            return self.linker.html_link(edit, url + (f"#{fragment}" if fragment else ""))

        return render
