"""Rebuilds while serving: only the pages whose output an edit changes.

`mkdocs serve --dirty` renders a page again only when its source is newer than its output, so
on its own it leaves stale whatever one page shows of others: "Linked from", the glossary's
"Used in", the home page's lists, the nav. Between builds the plugin keeps a `BuildState` (what
each page's output was made from); `stale_pages` compares it with the new one, and the plugin
removes those pages' outputs, so MkDocs renders exactly them again. Changes every page shows
(the nav's titles, the set of pages, glossary terms, tags) rebuild every page.

A dirty build does not read the pages it does not render again, so their title and front
matter are empty, and the pages it does render would show them in the nav, the breadcrumbs and
previous/next as "None"; and Material's tags plugin would link a page's tags nowhere, as it
knows only the tag listings of the pages it read. The plugin remembers what each page showed
when it was last rendered (`RenderedPage`) and gives it back: a page is unread only when its
source is older than its output, so that is what its source gives.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from garden.features.backlinks import Backlink
from garden.model.site import TAG_LISTING_MARKER, Garden
from garden.model.terms import GLOSSARY_PAGE, Term
from garden.text.directives import find_directives

EVERY_PAGE = None  # what stale_pages returns when every page must be rendered again
LISTING_DIRECTIVES = ("recent", "maturity")


@dataclass(frozen=True)
class BuildState:
    """What one build rendered its pages from."""

    texts: Mapping[str, str]  # page source -> its text
    titles: tuple[tuple[str, str], ...]  # (src, title) of every page: the nav's labels
    terms: tuple[Term, ...]
    tags: Mapping[str, tuple[str, ...]]
    backlinks: Mapping[str, tuple[Backlink, ...]]
    status: Mapping[str, Any]  # src -> the badge and date the page shows
    listings: Any  # what the home page's lists show
    used_in: Mapping[str, tuple[str, ...]]  # term id -> pages mentioning it


def build_state(garden: Garden, backlinks: Mapping[str, Iterable[Backlink]],
                status: Mapping[str, Any], listings: Any,
                used_in: Mapping[str, Iterable[str]]) -> BuildState:
    return BuildState(
        texts={src: page.text for src, page in garden.pages.items()},
        titles=tuple(sorted((src, page.title) for src, page in garden.pages.items())),
        terms=tuple(garden.glossary.terms),
        tags={src: tuple(str(t) for t in page.meta.get("tags") or ())
              for src, page in garden.pages.items()},
        backlinks={target: tuple(links) for target, links in backlinks.items()},
        status=dict(status),
        listings=listings,
        used_in={term: tuple(pages) for term, pages in used_in.items()},
    )


def _changed_keys(old: Mapping[str, Any], new: Mapping[str, Any]) -> set[str]:
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def _listing_pages(garden: Garden) -> set[str]:
    return {src for src, page in garden.pages.items()
            if any(d.name in LISTING_DIRECTIVES for d in find_directives(page.text, "garden"))}


def stale_pages(old: BuildState, new: BuildState, garden: Garden) -> set[str] | None:
    """The pages whose output differs between the two builds, or EVERY_PAGE."""
    if old.titles != new.titles or old.terms != new.terms or old.tags != new.tags:
        return EVERY_PAGE
    stale = _changed_keys(old.texts, new.texts)
    stale |= _changed_keys(old.backlinks, new.backlinks)
    stale |= _changed_keys(old.status, new.status)
    if old.listings != new.listings:
        stale |= _listing_pages(garden)
    if old.used_in != new.used_in:
        stale.add(GLOSSARY_PAGE)
    stale &= set(garden.pages)
    # Material's tags plugin lists the tags of the pages it renders in this build only.
    if any(TAG_LISTING_MARKER in garden.pages[src].text for src in stale):
        return EVERY_PAGE
    return stale


@dataclass(frozen=True)
class RenderedPage:
    """What a page showed when it was last rendered that a dirty build cannot compute again."""

    title: str | None  # the nav's, breadcrumbs' and previous/next label for it
    meta: Mapping[str, Any]  # its front matter (the nav reads icon, status, subtitle)
    tag_links: Any  # what Material's tags plugin gave its template: tags and their listings


def rendered_page(page: Any, context: Mapping[str, Any], tags_variable: str) -> RenderedPage:
    """A page's title, front matter and tag links at the end of its rendering (copies)."""
    return RenderedPage(page.title, copy.deepcopy(dict(page.meta)), context.get(tags_variable))


def keep_tag_links(context: dict[str, Any], known: RenderedPage | None,
                   tags_variable: str) -> None:
    """Material's tags plugin links a page's tags to the listings of the pages it read in this
    build, and a dirty build reads a listing page only when it renders every page: without
    this, the tags of a page rendered alone would link nowhere. Its tags and the listings are
    those of its last render (a change to either renders every page)."""
    if known is not None and known.tag_links is not None:
        context[tags_variable] = known.tag_links


def restore_unread(files: Any, rendered: Mapping[str, RenderedPage]) -> None:
    """Give the pages a dirty build did not read the title and front matter they were last
    rendered with (`forget_outputs` made sure each of them has been rendered)."""
    for file in files.documentation_pages():
        page = file.page
        known = rendered.get(file.src_uri)
        if page is not None and page.markdown is None and known is not None:  # not read
            page.meta = copy.deepcopy(dict(known.meta))
            page.title = known.title


def forget_outputs(files: Any, srcs: Iterable[str] | None, rendered: Container[str]) -> int:
    """Remove the built pages of `srcs` (every documentation page for EVERY_PAGE), and of any
    page not `rendered` before, so that a dirty build renders them again. Returns how many
    pages will be rendered."""
    wanted = None if srcs is None else set(srcs)
    count = 0
    for file in files.documentation_pages():
        if wanted is None or file.src_uri in wanted or file.src_uri not in rendered:
            Path(file.abs_dest_path).unlink(missing_ok=True)
            count += 1
    return count


class DirtyBuildIsAccurate(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation and links inaccurate; with the
    garden plugin rendering again every page an edit changes, it does not, and a warning would
    stop a strict site's `mkdocs serve --dirty`. The message stays, as information."""

    MESSAGE = "A 'dirty' build is being performed"

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and str(record.msg).startswith(self.MESSAGE):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory between the builds of one `mkdocs serve`: MkDocs
    makes a new Jinja environment for every build. Jinja checks each template's source
    checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
