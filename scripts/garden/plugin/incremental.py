"""Rebuilds while serving: only the pages whose output an edit changes.

`mkdocs serve --dirty` renders a page again only when its source is newer than its output, so
on its own it leaves stale whatever one page shows of others: "Linked from", the glossary's
"Used in", the home page's lists, the nav. Each feature declares what its pages show of others
as `CrossPageInput`s; between builds the plugin keeps their values (`BuildState`: what each
page's output was made from), `stale_pages` compares them with the new ones, and the plugin
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
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from garden.model.site import TAG_LISTING_MARKER, Garden

EVERY_PAGE = None  # what stale_pages returns when every page must be rendered again

# Which pages a change of one input renders again, from the keys whose value changed.
Affected = Callable[[set[str], Garden], "set[str] | None"]


class HasGarden(Protocol):
    """What an input is collected from: the build's context (garden.plugin.context)."""

    @property
    def garden(self) -> Garden: ...


@dataclass(frozen=True)
class CrossPageInput:
    """One thing a page's output is made from besides its own text: the other pages' data a
    feature shows on a page (backlinks, the glossary's "Used in", the home page's lists), or
    what every page shows (the nav's titles). A feature declares each of its inputs; the
    plugin keeps their values between builds and `stale_pages` compares them, so a feature that
    declares what it shows cannot leave a page stale after a dirty build."""

    name: str
    collect: Callable[[Any], Mapping[str, Any]]  # the build's context -> value by key
    affected: Affected


def each_key(changed: set[str], garden: Garden) -> set[str]:
    """The input's keys are pages: each page whose value changed."""
    return changed


def every_page(changed: set[str], garden: Garden) -> None:
    """Every page shows the input (the nav, say): any change renders every page."""
    return EVERY_PAGE


def pages_where(select: Callable[[Garden], set[str]]) -> Affected:
    """Some pages show the whole input (the home page's lists): any change renders those."""
    return lambda changed, garden: select(garden)


def _tags(ctx: HasGarden) -> dict[str, tuple[str, ...]]:
    return {src: tuple(str(t) for t in page.meta.get("tags") or ())
            for src, page in ctx.garden.pages.items()}


# What every build's pages are made from, whatever the features: each page's text, and the
# titles (the nav's labels, and the set of pages) and tags (Material's tags plugin, whose
# listings are rendered with the pages) every page shows.
TEXTS = CrossPageInput("texts", lambda ctx: {src: page.text for src, page
                                             in ctx.garden.pages.items()}, each_key)
TITLES = CrossPageInput("titles", lambda ctx: {src: page.title for src, page
                                               in ctx.garden.pages.items()}, every_page)
TAGS = CrossPageInput("tags", _tags, every_page)
SITE_INPUTS = (TEXTS, TITLES, TAGS)


@dataclass(frozen=True)
class BuildState:
    """What one build rendered its pages from: the value of every declared input, by name."""

    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Mapping[str, Any]:
        return self.values[name]


def build_state(inputs: Iterable[CrossPageInput], ctx: HasGarden) -> BuildState:
    return BuildState({item.name: dict(item.collect(ctx)) for item in inputs})


def _changed_keys(old: Mapping[str, Any], new: Mapping[str, Any]) -> set[str]:
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def stale_pages(inputs: Sequence[CrossPageInput], old: BuildState,
                ctx: HasGarden) -> set[str] | None:
    """The pages whose output differs between the last build (`old`) and this one, or
    EVERY_PAGE. Those inputs that render every page are compared first, and the rest are
    not collected at all once one of them changed (the glossary's "Used in" waits for every
    page's plan)."""
    garden = ctx.garden
    if set(old.values) != {item.name for item in inputs}:  # the features changed
        return EVERY_PAGE
    stale: set[str] = set()
    for item in sorted(inputs, key=lambda item: item.affected is not every_page):
        changed = _changed_keys(old[item.name], item.collect(ctx))
        if not changed:
            continue
        affected = item.affected(changed, garden)
        if affected is EVERY_PAGE:
            return EVERY_PAGE
        stale |= affected
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
