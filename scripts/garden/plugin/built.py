"""The garden as a build makes it, for `garden check --from-build`.

Some anchors, pages and nav entries exist only once the build has run: headings a hook adds,
ids that mkdocstrings or mkdocs-click render, pages a blog or literate-nav plugin makes. The
static check cannot see them; this module builds the site once, in a scratch folder, and hands
the checker the garden with what the build rendered: every id of every page's final HTML, the
files of the site after every plugin's `on_files`, and the pages of the nav MkDocs made.
"""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from mkdocs.structure.files import Files, InclusionLevel

from garden.model.site import ConfigError, Garden, config_from_mkdocs, outgoing_links
from garden.text.markdown_scan import scan_markdown

ID_RE = re.compile(r"""\sid=["']?([^"'\s>]+)""")


@dataclass
class BuildObservation:
    """What one build rendered, filled in by the garden plugin as it runs."""

    # src of every page in the built nav, and of those kept out of it on purpose
    nav: list[str] = field(default_factory=list)
    files: set[str] = field(default_factory=set)  # src of every file of the site
    anchors: dict[str, set[str]] = field(default_factory=dict)  # src -> ids in its HTML
    # src -> reference definitions of the Markdown MkDocs renders (hooks may add some)
    ref_defs: dict[str, dict[str, str]] = field(default_factory=dict)

    def site_files(self, files: Files) -> None:
        """The site's files; pages a plugin or `not_in_nav` keeps out of the nav on purpose
        (blog posts) are accounted for as the nav's own are."""
        self.files = {file.src_uri for file in files}
        self.nav += [file.src_uri for file in files.documentation_pages()
                     if file.inclusion == InclusionLevel.NOT_IN_NAV]

    def markdown_rendered(self, src: str, markdown: str) -> None:
        self.ref_defs[src] = scan_markdown(markdown).ref_defs

    def page_rendered(self, src: str, html: str) -> None:
        self.anchors[src] = set(ID_RE.findall(html))


def built_garden(config_file: str | Path) -> Garden:
    """Build the site (as `mkdocs build` does, into a scratch folder) and return its garden
    with the anchors, files and nav of the build."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory(prefix="garden-check-") as site_dir:
        try:
            config = load_config(str(config_file), site_dir=site_dir)
        except (exceptions.ConfigurationError, exceptions.Abort) as error:
            raise ConfigError(f"{config_file}: {error}") from error
        plugin = config.plugins.get("garden")
        if plugin is None:
            raise ConfigError(f"{config_file}: --from-build needs the garden plugin in "
                              "`plugins:` (it observes the build)")
        observed = plugin.observed = BuildObservation()
        quiet = logging.getLogger("mkdocs")
        level, quiet.level = quiet.level, logging.WARNING  # the build's warnings still show
        try:
            config.plugins.on_startup(command="build", dirty=False)
            build(config)
        except exceptions.MkDocsException as error:
            raise ConfigError(f"{config_file}: the build failed: {error}") from error
        finally:
            config.plugins.on_shutdown()
            quiet.level = level
    if plugin.context is None:
        raise ConfigError(f"{config_file}: the build made no garden")
    garden = plugin.context.garden
    for src, page in garden.pages.items():
        page.anchors.update(observed.anchors.get(src, ()))
        page.scan.ref_defs = {**observed.ref_defs.get(src, {}), **page.scan.ref_defs}
        page.outgoing = outgoing_links(src, page.scan)  # its links by those definitions too
    site = replace(config_from_mkdocs(config), nav=observed.nav or None)
    garden.site_files.update(observed.files - garden.files)
    return replace(garden, config=site)
