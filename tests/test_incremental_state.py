"""What a dirty rebuild renders again, without a build: `stale_pages` over the inputs the
features declare, for each kind of edit, and the property that keeps a feature honest: a page
whose output an edit changes is a page `stale_pages` names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from mkdocs.structure.files import get_files

from garden.features.freshness import page_freshness
from garden.plugin.context import BuildContext, page_urls
from garden.plugin.incremental import (
    EVERY_PAGE,
    SITE_INPUTS,
    BuildState,
    CrossPageInput,
    build_state,
    each_key,
    stale_pages,
)
from garden.plugin.page_features import (
    PageFeature,
    declared_inputs,
    page_features,
)
from support.garden_project import make_garden

GLOSSARY = """\
- id: latency
  term: Latency
  definition: The time a request waits.
- id: broker
  term: Broker
  definition: What passes messages on.
"""
PAGES = {
    "index.md": "# Home\n\n<!-- garden:recent -->\n\n<!-- garden:maturity -->\n",
    "a.md": "---\nmaturity: seedling\ntags: [net]\n---\n\n# Alpha\n\nSee [Beta](b.md).\n",
    "b.md": "# Beta\n\nAbout latency and nothing else.\n",
    "c.md": "# Gamma\n\nA page of its own.\n",
    "glossary.md": "# Glossary\n",
}
DAY = datetime(2024, 5, 1, tzinfo=UTC)


def build(root: Path, pages: dict[str, str], glossary: str = GLOSSARY,
          dates: dict[str, datetime] | None = None,
          extra: tuple[PageFeature, ...] = ()) -> tuple[BuildContext, tuple[PageFeature, ...]]:
    """What the plugin's on_files makes of a garden, every feature on (the options' defaults),
    each page dated `dates` (else all the same day)."""
    for stale in (root / "docs").rglob("*.md") if (root / "docs").is_dir() else ():
        stale.unlink()
    garden = make_garden(root, pages, glossary)
    config = garden.config.mkdocs
    config.plugins._current_plugin = "garden"  # what MkDocs sets while a plugin's event runs
    files = get_files(config)
    features = page_features(garden.config.options) + extra
    for feature in features:
        feature.add_files(garden, files, config)
    when = {src: (dates or {}).get(src, DAY) for src in garden.pages}
    ctx = BuildContext(garden, files, page_urls(files), page_freshness(garden, when))
    for feature in features:
        feature.start(ctx, None)
    return ctx, features


def outputs(ctx: BuildContext, features: tuple[PageFeature, ...]) -> dict[str, Any]:
    """Every page as the features leave it: its Markdown, its HTML steps (run on that
    Markdown) and what its template gets."""
    config = ctx.garden.config.mkdocs
    for feature in features:
        feature.env(ctx, ctx.files, config)
    shown = {}
    for src, page in ctx.garden.pages.items():
        markdown = page.text
        for feature in features:
            markdown = feature.markdown(ctx, src, markdown)
        for feature in features:
            markdown = feature.content(ctx, src, markdown)
        context: dict[str, Any] = {}
        for feature in features:
            context.update(feature.page_context(ctx, src, dict(page.meta)))
        shown[src] = (markdown, context)
    ctx.finish()
    return shown


def rebuilt(tmp_path: Path, edit: Callable[[dict[str, str]], None], **kwargs: Any
            ) -> tuple[set[str] | None, set[str]]:
    """The pages stale_pages renders again after `edit`, and those whose output changed."""
    before, features = build(tmp_path, PAGES, **kwargs.get("before", {}))
    old = build_state(declared_inputs(features), before)
    shown = outputs(before, features)
    pages = dict(PAGES)
    edit(pages)
    after, features = build(tmp_path, pages, **kwargs.get("after", {}))
    stale = stale_pages(declared_inputs(features), old, after)
    new = outputs(after, features)
    changed = {src for src in shown.keys() | new.keys() if shown.get(src) != new.get(src)}
    return stale, changed


def set_page(src: str, text: str) -> Callable[[dict[str, str]], None]:
    return lambda pages: pages.__setitem__(src, text)


EDITS: dict[str, tuple[Callable[[dict[str, str]], None], set[str] | None]] = {
    "nothing": (lambda pages: None, set()),
    "a sentence": (set_page("c.md", "# Gamma\n\nA page of its own, longer.\n"), {"c.md"}),
    "a new link": (set_page("c.md", "# Gamma\n\nSee [Alpha](a.md).\n"), {"c.md", "a.md"}),
    "a link removed": (set_page("a.md", PAGES["a.md"].replace("See [Beta](b.md).", "")),
                       {"a.md", "b.md"}),
    "a term mentioned": (set_page("c.md", "# Gamma\n\nA broker.\n"), {"c.md", "glossary.md"}),
    "a maturity": (set_page("c.md", "---\nmaturity: budding\n---\n\n# Gamma\n"),
                   {"c.md", "index.md"}),
    "a title": (set_page("c.md", "# Gamma ray\n\nA page of its own.\n"), EVERY_PAGE),
    "a tag": (set_page("a.md", PAGES["a.md"].replace("[net]", "[web]")), EVERY_PAGE),
    "a page added": (set_page("d.md", "# Delta\n"), EVERY_PAGE),
}


@pytest.mark.parametrize("name", EDITS)
def test_each_kind_of_edit_renders_the_pages_it_changes(tmp_path: Path, name: str) -> None:
    edit, expected = EDITS[name]
    stale, changed = rebuilt(tmp_path, edit)
    assert stale == expected
    # The property: no page shows something new that the rebuild leaves as it was.
    assert stale is EVERY_PAGE or changed <= stale


def test_a_newer_date_renders_the_page_and_the_home_lists(tmp_path: Path) -> None:
    stale, changed = rebuilt(tmp_path, lambda pages: None,
                             after={"dates": {"b.md": datetime(2024, 6, 1, tzinfo=UTC)}})
    assert stale == {"b.md", "index.md"} and changed <= stale


def test_a_glossary_edit_renders_every_page(tmp_path: Path) -> None:
    before, features = build(tmp_path, PAGES)
    old = build_state(declared_inputs(features), before)
    before.finish()
    after, features = build(tmp_path, PAGES, glossary=GLOSSARY + "- id: queue\n  term: Queue\n"
                                                       "  definition: A line of messages.\n")
    assert stale_pages(declared_inputs(features), old, after) is EVERY_PAGE
    after.finish()


def test_a_page_listing_tags_renders_every_page_when_it_is_stale(tmp_path: Path) -> None:
    pages = {**PAGES, "tags.md": "# Tags\n\n<!-- material/tags -->\n"}
    before, features = build(tmp_path, pages)
    old = build_state(declared_inputs(features), before)
    before.finish()
    after, features = build(tmp_path, {**pages, "tags.md": pages["tags.md"] + "\nAll.\n"})
    assert stale_pages(declared_inputs(features), old, after) is EVERY_PAGE
    after.finish()


def test_other_features_than_the_last_build_s_render_every_page(tmp_path: Path) -> None:
    ctx, features = build(tmp_path, PAGES)
    old = build_state(SITE_INPUTS, ctx)  # a build with every feature off
    assert stale_pages(declared_inputs(features), old, ctx) is EVERY_PAGE
    assert stale_pages(SITE_INPUTS, old, ctx) == set()
    ctx.finish()


def test_every_feature_declares_what_its_pages_show_of_others(tmp_path: Path) -> None:
    """A feature that changes what a page shows declares its inputs (or the property test
    below shows the page it leaves stale)."""
    ctx, features = build(tmp_path, PAGES)
    ctx.finish()
    steps = ("markdown", "content", "page_context")
    for feature in features:
        if any(getattr(type(feature), step) is not getattr(PageFeature, step) for step in steps):
            assert feature.inputs is not None, f"{type(feature).__name__} declares no input"
    names = [item.name for item in declared_inputs(features)]
    assert len(names) == len(set(names))  # one value per input in BuildState


class LastEdited(PageFeature):
    """A feature that shows every page another page's data and declares nothing."""

    def page_context(self, ctx: BuildContext, src: str, meta: dict[str, Any]) -> dict[str, Any]:
        return {"beta_says": ctx.garden.pages["b.md"].text}


class DeclaredLastEdited(LastEdited):
    def __init__(self) -> None:
        self.inputs = (CrossPageInput("beta", lambda ctx: {
            src: ctx.garden.pages["b.md"].text for src in ctx.garden.pages}, each_key),)


def test_the_property_catches_a_feature_that_forgot_its_input(tmp_path: Path) -> None:
    edit = set_page("b.md", "# Beta\n\nAbout latency, and more.\n")
    stale, changed = rebuilt(tmp_path, edit, before={"extra": (LastEdited(),)},
                             after={"extra": (LastEdited(),)})
    assert stale == {"b.md"} and not changed <= stale  # the others would stay stale
    stale, changed = rebuilt(tmp_path, edit, before={"extra": (DeclaredLastEdited(),)},
                             after={"extra": (DeclaredLastEdited(),)})
    assert stale != EVERY_PAGE and len(changed) > 1 and changed <= stale


def test_build_state_keeps_one_value_per_declared_input(tmp_path: Path) -> None:
    ctx, features = build(tmp_path, PAGES)
    state = build_state(declared_inputs(features), ctx)
    ctx.finish()
    assert isinstance(state, BuildState)
    assert set(state.values) == {"texts", "titles", "tags", "status", "listings", "backlinks",
                                 "terms", "used_in", "graph_node"}
    assert state["backlinks"]["b.md"][0].source == "a.md"
    assert state["used_in"] == {"latency": ("b.md",)}
