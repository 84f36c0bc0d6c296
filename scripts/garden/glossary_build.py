"""The glossary during one MkDocs build: every page read, scanned and planned exactly once.

The plans (links to add, terms mentioned, page title) are needed twice: by each page as
MkDocs renders it, and by the glossary page's "Used in" lists, which need all of them. MkDocs
renders on one core, so on larger gardens the planning runs ahead of it in a worker process
on another core, in chunks in MkDocs' own page order; a page whose chunk is not ready yet is
planned on the spot instead of waiting. The glossary page is rendered last (the hook moves it
to the end of the file list), when every plan is in.
"""

from __future__ import annotations

import hashlib
import html
import multiprocessing
import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils import get_relative_url

from garden.glossary import GLOSSARY_PAGE, load_glossary, markdown_page_link, render_glossary
from garden.linker import Edit, Linker, PagePlan, apply_edits, plan_page
from garden.markdown_scan import scan_markdown
from garden.site import Page

# Below this many pages a worker process costs more than it saves.
PARALLEL_MIN_PAGES = 200
CHUNK_PAGES = 50


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


def plan_files(pages: Iterable[tuple[str, str]], linker: Linker) -> dict[str, PlannedPage]:
    """Read, scan and plan pages, reading each as MkDocs does (UTF-8, BOM dropped)."""
    planned = {}
    for src, path in pages:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs reports it
        scan = scan_markdown(text)
        plan = plan_page(scan, src, linker) if src != GLOSSARY_PAGE else PagePlan()
        body = "\n".join(scan.lines[scan.body_line - 1:])
        planned[src] = PlannedPage(body_digest(body), Page(src, Path(path), text, scan).title,
                                   frozenset(plan.mentioned), tuple(plan.edits), scan.body_line)
    return planned


_worker_linker: Linker | None = None


def _start_worker(root: str) -> None:
    global _worker_linker
    _worker_linker = Linker(load_glossary(Path(root)).terms)


def _plan_chunk(pages: list[tuple[str, str]]) -> dict[str, PlannedPage]:
    assert _worker_linker is not None
    return plan_files(pages, _worker_linker)


class GlossaryBuild:
    """Plans for every page of one build, and the Markdown each page ends up with."""

    def __init__(self, root: Path, pages: list[tuple[str, str]],
                 urls: Mapping[str, str] | None = None, parallel: bool | None = None) -> None:
        """`pages`: (src, path) in rendering order; `urls`: each page's site URL, so links
        can be written as resolved HTML (without it they are Markdown links to `.md` files)."""
        self.urls = dict(urls or {})
        self.glossary = load_glossary(root)
        self.linker = Linker(self.glossary.terms)
        self._planned: dict[str, PlannedPage] = {}
        self._pending: dict[str, Future[dict[str, PlannedPage]]] = {}
        self._executor: ProcessPoolExecutor | None = None
        if parallel is None:
            parallel = len(pages) >= PARALLEL_MIN_PAGES and (os.cpu_count() or 1) > 1
        if parallel and self.glossary.terms:
            self._executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker, initargs=(str(root),))
            for start in range(0, len(pages), CHUNK_PAGES):
                chunk = pages[start:start + CHUNK_PAGES]
                future = self._executor.submit(_plan_chunk, chunk)
                self._pending.update((src, future) for src, _ in chunk)
        else:
            self._planned = plan_files(pages, self.linker)

    def _collect(self, future: Future[dict[str, PlannedPage]]) -> None:
        for src in future.result():
            self._pending.pop(src, None)
        self._planned.update(future.result())

    def _plan_of(self, src: str) -> PlannedPage | None:
        """The page's plan if it is ready; None means plan it here rather than wait."""
        future = self._pending.get(src)
        if future is not None and future.done():
            self._collect(future)
        return self._planned.get(src)

    def finish(self) -> None:
        """Wait for every plan and stop the worker."""
        for future in list(dict.fromkeys(self._pending.values())):
            self._collect(future)
        self._pending.clear()
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None

    def used_in(self) -> dict[str, list[str]]:
        """Term id -> the pages mentioning it (every plan must be in: call finish() first)."""
        used: dict[str, list[str]] = {}
        for src, planned in sorted(self._planned.items()):
            for term_id in planned.mentioned:
                used.setdefault(term_id, []).append(src)
        return used

    def page_markdown(self, src: str, markdown: str) -> str:
        """A page's Markdown as MkDocs hands it over, with glossary links (or entries) added."""
        if src == GLOSSARY_PAGE:
            self.finish()
            titles = {name: planned.title for name, planned in self._planned.items()}
            return markdown.rstrip("\n") + "\n" + render_glossary(
                self.glossary, self.used_in(), titles, self.linker, self._page_link)
        if not self.glossary.terms:
            return markdown
        render = self._renderer(src)
        planned = self._plan_of(src)
        if planned is not None and planned.digest == body_digest(markdown):
            return apply_edits(markdown.split("\n"), planned.edits, render, planned.body_line)
        # Not planned yet, or changed since (another plugin): plan it here.
        scan = scan_markdown(markdown)
        return apply_edits(scan.lines, plan_page(scan, src, self.linker).edits, render)

    def _page_link(self, target: str, text: str) -> str:
        """A link from the glossary page, as resolved HTML when the target is known."""
        path, _, fragment = target.partition("#")
        if path not in self.urls or GLOSSARY_PAGE not in self.urls:
            return markdown_page_link(target, text)
        url = get_relative_url(self.urls[path], self.urls[GLOSSARY_PAGE])
        return f'<a href="{html.escape(url)}{"#" + fragment if fragment else ""}">{text}</a>'

    def _renderer(self, src: str) -> Callable[[Edit], str]:
        """How page `src` writes a link: HTML with the site URL when known, else Markdown."""
        page_url = self.urls.get(src)

        def render(edit: Edit) -> str:
            term = self.linker.by_id[edit.term_id]
            path, _, fragment = (term.page or f"{GLOSSARY_PAGE}#{term.id}").partition("#")
            if page_url is None or path not in self.urls:
                return self.linker.markdown_link(edit, src)  # MkDocs reports a bad target
            url = get_relative_url(self.urls[path], page_url)
            return self.linker.html_link(edit, url + (f"#{fragment}" if fragment else ""))

        return render
