"""What a page's HTML may hold once published, by profile, applied with nh3 (ammonia).

Every page's HTML goes through `clean_page` after Markdown, the glossary and the lightbox have
rendered it. The `strict` profile (a site taking pull requests from anyone, as this garden) is
an allowlist: the markup the garden's own features write (glossary links and tooltips, previews,
lightbox, tabs, admonitions, annotations, emoji, task lists) and nothing that runs script, loads
from another host or submits anywhere; `garden check` reads the same allowlist (`ALLOWED_TAGS`)
to tell a contributor, at the line, what the build would drop. The `standard` profile (a site
whose authors are its owners) keeps whatever the page holds but script and embedded documents.
Either way, what a page loses is returned, to be reported.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3

from garden.safety.html_inventory import Inventory, Removal, inventory, removals

STRICT, STANDARD = "strict", "standard"

# Markup Python-Markdown, pymdown-extensions, Material and the garden's hooks write in content.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "nav",
    "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    # Inline icons and emoji (pymdownx.emoji with Material's twemoji index).
    "svg", "path", "g", "circle", "rect", "line", "polyline", "polygon", "ellipse",
})
# `markdown`: md_in_html leaves it on a block nested in another one (a tab); it does nothing.
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role", "markdown"})
ELEMENT_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "name"}),
    "abbr": frozenset(),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "input": frozenset({"type", "checked", "disabled", "name"}),
    "label": frozenset({"for"}),
    "ol": frozenset({"start", "type"}),
    # `style`: a Markdown table's column alignment, and only that (ALIGNMENT_STYLE_RE).
    "td": frozenset({"colspan", "rowspan", "align", "style"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope", "style"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "svg": frozenset({"viewbox", "viewBox", "xmlns", "width", "height", "fill",
                      "aria-hidden", "focusable"}),
    **{shape: frozenset({"d", "fill", "stroke", "stroke-width", "transform", "cx", "cy", "r",
                         "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "width", "height",
                         "points", "fill-rule", "clip-rule", "opacity"})
       for shape in ("path", "g", "circle", "rect", "line", "polyline", "polygon", "ellipse")},
}
# The style Python-Markdown's tables write on an aligned column's cells: the only style the
# strict profile keeps (a colour or a background image would go, the whole attribute, reported).
ALIGNMENT_STYLE_RE = re.compile(r"^\s*text-align\s*:\s*(?:left|right|center)\s*;?\s*$",
                                re.IGNORECASE)
# The data attributes the theme's and the garden's scripts read in content (previews, lightbox,
# tabs, graph, a glossary link's definition and a previewed link's title, which are shown as
# text); any other would be a handle on those scripts.
DATA_ATTRIBUTES = frozenset({
    "data-preview", "data-gallery", "data-title", "data-type", "data-width", "data-height",
    "data-desc-position", "data-garden-graph", "data-garden-node", "data-tabs",
    "data-garden-definition", "data-garden-preview", "data-garden-title",
})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Attributes whose URL the browser fetches without a click: on another host, a request off-site.
RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "xlink:href"})
# Ids the theme looks up in the document: content must not stand in for them (DOM clobbering).
RESERVED_ID_RE = re.compile(r"^__(?:config|drawer|search|palette_\d+|consent)$|^__md")
INPUT_TYPES = frozenset({"checkbox", "radio"})
# `[^<>]`: a tag never closed ends its attempt at the next `<` (else: quadratic).
TAG_RE = re.compile(r"<[A-Za-z!/?][^<>]*>")
# A `<` that would open a tag, a comment or a declaration where text is read as HTML.
TAG_OPEN_RE = re.compile(r"<(?=[A-Za-z!/?])")
# Attributes the theme's scripts or the lightbox turn into markup (innerHTML): Material's
# tooltips read `title`, and the lightbox its captions (`data-title`, `alt` with auto_caption).
READ_AS_HTML = frozenset({"title", "data-title", "data-description", "alt", "aria-label"})
# The only lightboxes: images (no iframes, videos or inline HTML of another page).
LIGHTBOX_TYPES = frozenset({"image"})
LINK_TAG_RE = re.compile(r'<a\s(?:[^>"]|"[^"]*")*>')
LIGHTBOX_CLASS_RE = re.compile(r'(\sclass=")([^"]*\bglightbox\b[^"]*)"')
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
CONTROL_RE = re.compile(r"[\x00-\x20]+")
# Schemes that run script or render a document of their own when followed or loaded.
ACTIVE_SCHEME_RE = re.compile(
    r"^(?:vbscript:|livescript:|mocha:|data:(?!image/(?:png|gif|jpe?g|webp|avif)[;,]))",
    re.IGNORECASE)
EVENT_HANDLER_RE = re.compile(r"^on[a-z]+$", re.IGNORECASE)
# Under the standard profile, what never reaches a page, whatever it holds: elements that run
# script, embed another document or rewrite the page's head, with their content where it is
# not text, and attributes that run script or submit elsewhere.
DROPPED_CONTENT = frozenset({"script", "object", "noscript", "template", "xmp", "noembed",
                             "noframes"})
SCRIPT_ELEMENTS = DROPPED_CONTENT | {"embed", "base", "meta", "link", "frame", "frameset",
                                     "applet", "portal"}
SCRIPT_ATTRIBUTES = frozenset({"srcdoc", "formaction", "action", "http-equiv"})
# Text a reader sees, never followed or loaded: a value starting `javascript:` is words there.
TEXT_ATTRIBUTES = READ_AS_HTML | {"placeholder", "value"}


def allowed_attribute(element: str, attribute: str) -> bool:
    """Whether the strict allowlist keeps `attribute` on `element` (its value judged apart)."""
    return (attribute in GLOBAL_ATTRIBUTES or attribute in DATA_ATTRIBUTES
            or attribute.startswith("aria-") or attribute in ELEMENT_ATTRIBUTES.get(element, ()))


def keeps_attribute(element: str, attribute: str, value: str) -> bool:
    """Whether the strict profile keeps `attribute="value"` on `element`: allowed there, and
    a style only as a cell's alignment (its other values judged apart: URLs, ids)."""
    return allowed_attribute(element, attribute) and (
        attribute != "style" or bool(ALIGNMENT_STYLE_RE.match(value)))


def keeps_anywhere(attribute: str, value: str) -> bool:
    """Whether the strict profile keeps `attribute="value"` on some element."""
    return keeps_attribute("", attribute, value) or any(
        keeps_attribute(element, attribute, value) for element in ELEMENT_ATTRIBUTES)


def _attributes() -> dict[str, set[str]]:
    allowed = {tag: set(ELEMENT_ATTRIBUTES.get(tag, ())) for tag in ALLOWED_TAGS}
    allowed["*"] = set(GLOBAL_ATTRIBUTES | DATA_ATTRIBUTES)
    return allowed


def is_offsite(url: str) -> bool:
    """Whether a URL leaves the site: another host (`https://x`, `//x`, `/\\x`) or another
    scheme (`data:`, `ftp:`); browsers ignore blanks and control characters around it."""
    url = CONTROL_RE.sub("", url).replace("\\", "/")
    return url.startswith("//") or bool(SCHEME_RE.match(url))


def runs_or_renders(url: str) -> bool:
    """Whether following or loading `url` runs script or renders a document of its own
    (`javascript:`, `vbscript:`, `data:` other than a raster image)."""
    bare = CONTROL_RE.sub("", url)
    return bare.lower().startswith("javascript:") or bool(ACTIVE_SCHEME_RE.match(bare))


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter under the strict profile: drop what the allowlist alone cannot
    judge."""
    if not keeps_attribute(element, attribute, value):
        return None  # a style that is more than a cell's alignment goes whole, and is reported
    if attribute in RESOURCE_ATTRIBUTES and is_offsite(value):
        return None  # an image from another host is a request off the site
    if attribute == "id" and RESERVED_ID_RE.match(value):
        return None
    if element == "input" and attribute == "type" and value.lower() not in INPUT_TYPES:
        return None
    if attribute == "data-type" and value.lower() not in LIGHTBOX_TYPES:
        return None
    if attribute in READ_AS_HTML:
        return inert_text(value)
    return value


def _keep_standard_attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter under the standard profile: no script by URL, none of the
    theme's ids, no markup where the theme's scripts read text as HTML."""
    if attribute == "id" and RESERVED_ID_RE.match(value):
        return None
    # `;`: SVG animations set an attribute to each value of a list (`values="0;javascript:…"`).
    if attribute not in TEXT_ATTRIBUTES and (
            runs_or_renders(value) or any(map(runs_or_renders, value.split(";")[1:]))):
        return None
    if attribute in READ_AS_HTML:
        return inert_text(value)
    return value


def _image_lightboxes_only(markup: str) -> str:
    """Links the lightbox would open that are not images (it frames any other URL) lose the
    lightbox's class; `markup` is nh3's output, whose attributes are always double-quoted."""
    def link(match: re.Match[str]) -> str:
        tag = match.group()
        if 'data-type="image"' in tag:
            return tag
        return LIGHTBOX_CLASS_RE.sub(lambda m: m.group(1) + " ".join(
            name for name in m.group(2).split() if name != "glightbox") + '"', tag)

    return LINK_TAG_RE.sub(link, markup) if "glightbox" in markup else markup


def _strict(markup: str) -> str:
    return _image_lightboxes_only(nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "template", "noscript", "xmp", "iframe",
                            "noembed", "noframes", "object"},
        attributes=_attributes(),
        attribute_filter=_keep_attribute,
        filter_style_properties={"text-align"},
        generic_attribute_prefixes={"aria-"},
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel=None,
    ))


def _standard(markup: str, found: Inventory) -> str:
    """Every element and attribute the page holds (`found`), but script and embeds."""
    tags = {name for name in found.element_names if name.lower() not in SCRIPT_ELEMENTS}
    names = {name for name in found.attribute_names
             if not EVENT_HANDLER_RE.match(name) and name.lower() not in SCRIPT_ATTRIBUTES}
    return nh3.clean(
        markup,
        tags=tags,
        clean_content_tags=set(DROPPED_CONTENT),
        attributes={"*": names},
        attribute_filter=_keep_standard_attribute,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes=set(nh3.ALLOWED_URL_SCHEMES) | {"data"},
        strip_comments=True,
        link_rel=None,
    )


def sanitize_html(markup: str, profile: str = STRICT) -> str:
    """A page's HTML with everything the profile does not publish removed (text kept,
    escaped); under the strict profile, lightboxes of images only."""
    return clean_page(markup, profile).html


@dataclass(frozen=True)
class Cleaned:
    """A page's HTML as published, what it lost, and the URLs it loads by itself."""

    html: str
    removed: tuple[Removal, ...]
    resources: tuple[tuple[str, str, str], ...]  # element, attribute, URL


def clean_page(markup: str, profile: str = STRICT) -> Cleaned:
    """A page's HTML through the profile's cleaning, with every element and attribute it
    lost, read from the difference between what went in and what came out."""
    before = inventory(markup)
    cleaned = _standard(markup, before) if profile == STANDARD else _strict(markup)
    after = inventory(cleaned)
    return Cleaned(cleaned, tuple(removals(before, after)), tuple(after.resources))


def inert_text(value: str) -> str:
    """Text that stays text when a script hands it to innerHTML: every `<` that would open a
    tag, a comment or a declaration is followed by an invisible zero-width space, so it reads
    the same and parses as text."""
    return TAG_OPEN_RE.sub("<\u200b", value)


def plain_words(value: str) -> str:
    """A contributor's string as words: tags dropped, entities decoded, inert when read back as
    HTML (`inert_text`); for places that are not HTML (mkdocs.yml's nav, front matter)."""
    return inert_text(html.unescape(TAG_RE.sub("", value)))


def plain_text(value: str) -> str:
    """A contributor's string for a template that prints it raw: tags dropped, text escaped,
    and inert when a script reads it back as HTML (Material's tooltips on long nav titles).

    Idempotent on already-plain text with entities (`A &amp; B` stays `A &amp; B`), so titles
    the toc or MkDocs already escaped are not escaped twice.
    """
    return html.escape(plain_words(value), quote=True)
