"""The `garden` plugin's options, as a site writes them under `plugins:` in mkdocs.yml.

MkDocs' own config machinery validates them, once: the build through the plugin, `garden check`
and `garden import` through `garden.model.site.load_config`, which loads mkdocs.yml as MkDocs does.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from garden.model.terms import GLOSSARY_FILE, GLOSSARY_PAGE

# Kinds of front matter value a site declares its own keys with (garden.safety.front_matter).
FRONT_MATTER_KINDS = ("text", "texts", "flag", "number", "date", "records", "mapping")

NOTES_DIR = "notes"
# The page that shows the full map; the home page's "recently updated" list leaves it out.
GRAPH_PAGE = "graph.md"
# The stages a page's `maturity:` may name, with their badges, in the order pages list them.
MATURITY_STAGES = {
    "seedling": "🌱",
    "budding": "🌿",
    "evergreen": "🌳",
}


class PageCount(c.BaseConfigOption[int]):
    """A number of pages: a whole number, at least 1 (`true` is not a number here)."""

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise c.ValidationError(f"must be a whole number of pages, at least 1, not {value!r}")
        return value


class GardenConfig(Config):
    """Every option is optional; `plugins: [search, garden]` gives all features."""

    # glossary.yml's path, relative to mkdocs.yml (`garden check` reads the same option).
    glossary = c.Type(str, default=GLOSSARY_FILE)
    # The raw notes' folder, relative to mkdocs.yml (`garden import` and `garden check`).
    notes_dir = c.Type(str, default=NOTES_DIR)
    # The page the glossary's entries are rendered into (docs-relative; generated when docs/
    # has none), where term links point.
    glossary_page = c.Type(str, default=GLOSSARY_PAGE)
    # Link glossary terms in every page and render the glossary page's entries.
    glossary_links = c.Type(bool, default=True)
    # "Linked from" under every page: the pages linking to it, with the linking sentence.
    backlinks = c.Type(bool, default=True)
    # With Material: the theme's link previews (`material.extensions.preview` marks links with
    # `data-preview`) made by the garden when a reader first points at a link, not set up for
    # every link as each page starts (the theme reads the sitemap once per link: seconds on a
    # page of a garden of thousands of pages). "Linked from" links always preview so.
    lazy_previews = c.Type(bool, default=False)
    # The site's graph (assets/graph.json), each page's neighbourhood graph and the full map.
    graph = c.Type(bool, default=True)
    # The page that shows the full map: it gets no neighbourhood graph of its own.
    graph_page = c.Type(str, default=GRAPH_PAGE)
    # How many pages `<!-- garden:recent -->` lists, and the pages it never lists.
    recent = c.Type(int, default=8)
    recent_exclude = c.ListOfItems(c.Type(str), default=["tags.md", GRAPH_PAGE])
    # Search by Pagefind: bundles written after the build (an extra one per language of the
    # passages in other languages), and Material's own search dialog driven by the garden's
    # worker. Off: Material's lunr search, as the theme ships it.
    pagefind = c.Type(bool, default=True)
    # Pages per part of a Pagefind bundle (garden.features.search_index.PART_PAGES when unset):
    # Pagefind holds about 0.15 MB a page while it writes a part, beside the build; a search
    # fetches a chunk of the word index from every part. Fewer pages: a build that fits a small
    # machine; more: searches that fetch less.
    search_part_pages = c.Optional(PageCount())
    # Contributors' text reaches readers as text and markup only: each page's HTML through the
    # profile's sanitizer (every removal warned), front matter printed as text, a
    # Content-Security-Policy, unsafe inputs (symlinks out of docs/, snippets outside their
    # folder, active SVG) refused.
    safety = c.Type(bool, default=True)
    # Obsidian-flavoured Markdown: wikilinks, embeds, callouts, highlights, %%comments%%
    # and ^block ids, in every page (garden.model.obsidian).
    obsidian = c.Type(bool, default=True)
    # `strict`: the garden's own house rules (fences that parse, raw HTML and off-site
    # resources refused, the editorial model) are errors, pages keep the sanitizer's allowlist
    # only and the policy names no other host, as for a site that takes pull requests from
    # anyone. `standard`: the rules are warnings, pages lose script only, and the policy names
    # the hosts the configuration and the pages load from, for a site that keeps its own ways.
    profile = c.Choice(("standard", "strict"), default="standard")
    # Maturity stages a page's front matter may name (`maturity: budding`), with their badges,
    # in the order the home page lists them.
    maturity = c.Type(dict, default=dict(MATURITY_STAGES))
    # The site's own front matter keys, beyond the garden's, the theme's and its plugins', each
    # with its kind (FRONT_MATTER_KINDS): any other key is an error.
    front_matter = c.DictOfItems(c.Choice(FRONT_MATTER_KINDS), default={})
