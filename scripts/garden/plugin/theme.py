"""Which of the garden's templates a site's theme really uses, and what follows from it.

The garden ships `main.html` (it hands Material's search dialog to Pagefind) and
`partials/content.html` (maturity and freshness above a page, "Linked from" and the
neighbourhood graph below it). A site's `custom_dir` wins over both, and a theme other than
Material reads neither. Where the garden's page partial is not in effect the plugin writes its
blocks into the page itself; where its `main.html` is not, the site keeps its own search. Either
way the build says so, once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

log = logging.getLogger("mkdocs.plugins.garden")

MAIN = "main.html"
CONTENT = "partials/content.html"
# The garden's own partials: a site's content.html that includes them shows them itself.
BLOCKS_ABOVE = ("partials/garden-status.html",)
BLOCKS_BELOW = ("partials/garden-backlinks.html", "partials/garden-local-graph.html")


@dataclass(frozen=True)
class TemplateFit:
    """What the site's templates leave to the garden."""

    pagefind: bool  # the garden's main.html drives the theme's search dialog
    inject_blocks: bool  # the plugin writes status, backlinks and graph into the page


def theme_sets_up_tooltips(theme_name: str | None, features: Iterable[str]) -> bool:
    """Material with `content.tooltips` makes a tooltip of every element with a `title` as a
    page starts (a style recalculation each: ~1 ms on a laptop, ten times that on a phone)."""
    return theme_name == "material" and "content.tooltips" in features


def _origin(env: jinja2.Environment, name: str) -> tuple[Path | None, str]:
    """The file a template name resolves to in this theme, and its source."""
    try:
        source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    except jinja2.TemplateNotFound:
        return None, ""
    return (Path(filename) if filename else None), source


def template_fit(env: jinja2.Environment, theme_name: str | None, templates_dir: Path,
                 want_pagefind: bool) -> TemplateFit:
    """Decide, from the template each name resolves to, what the garden can rely on."""
    material = theme_name == "material"
    main, _ = _origin(env, MAIN)
    pagefind = want_pagefind and material and main == templates_dir / MAIN
    if want_pagefind and not pagefind:
        why = (f"{main} takes the place of the garden's {MAIN}" if material
               else f"the theme '{theme_name}' has no search dialog the garden can drive")
        log.info(f"garden: search stays the theme's own: {why}")
    content, source = _origin(env, CONTENT)
    ours = material and content == templates_dir / CONTENT
    shows_blocks = ours or (material and all(name in source for name in BLOCKS_BELOW))
    if not shows_blocks:
        why = (f"{content} takes the place of the garden's {CONTENT}" if material
               else f"the theme '{theme_name}' does not use Material's {CONTENT}")
        log.info(f"garden: maturity, \"Linked from\" and the neighbourhood graph are added to "
                 f"each page's content: {why}")
    return TemplateFit(pagefind=pagefind, inject_blocks=not shows_blocks)


def with_blocks(content: str, env: jinja2.Environment, context: dict[str, Any]) -> str:
    """The page's HTML between the garden's blocks, rendered from its own partials."""
    def render(names: tuple[str, ...]) -> str:
        return "".join(env.get_template(name).render(context) for name in names)

    return f"{render(BLOCKS_ABOVE)}{content}{render(BLOCKS_BELOW)}"
