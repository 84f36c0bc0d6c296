"""GL2xx: links, anchors and images, resolved against the model of the built site."""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from garden.check.rules import diagnostic
from garden.model.obsidian import WARNINGS
from garden.model.site import Garden, Page, is_external, is_page, page_url, resolve_link
from garden.text.diagnostics import Diagnostic, Severity
from garden.text.markdown_scan import INLINE_LINK_RE, Link
from garden.text.urls import relative_url

IMAGE_KINDS = ("image", "html-image")
RAW_HTML_KINDS = ("html", "html-image")
REMOTE_SCHEMES = ("http:", "https:", "//")


def page_for_url_path(garden: Garden, path: str) -> str | None:
    """The page a built URL path (`web/http/`, `web/http.html`, `web/`) is rendered from."""
    path = path.strip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")].rstrip("/")
    elif path.endswith(".html"):
        path = path[: -len(".html")]
    candidates = [f"{path}.md", f"{path}/index.md", f"{path}/README.md"] if path else [
        "index.md", "README.md"]
    return next((c for c in candidates if c in garden.pages), None)


def _with_fragment(path: str, fragment: str) -> str:
    return f"{path}#{fragment}" if fragment else path


def _site_prefix(garden: Garden) -> tuple[str, str]:
    """The site's URL and its path (`https://x.io/garden/`, `/garden/`)."""
    site_url = garden.config.site_url
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    return site_url, urlsplit(site_url).path or "/"


def _anchor_problem(garden: Garden, page: Page, target: Page, fragment: str) -> str | None:
    if target.has_anchor(fragment):
        return None
    where = "this page" if target is page else garden.rel(target.src)
    hint = difflib.get_close_matches(fragment, sorted(target.anchors), n=1, cutoff=0.6)
    suggestion = f"; did you mean '#{hint[0]}'?" if hint else ""
    return f"anchor '#{fragment}' does not exist on {where}{suggestion}"


def _check_absolute(garden: Garden, page: Page, link: Link) -> Diagnostic | None:
    site_url, site_path = _site_prefix(garden)
    url = link.target
    if site_url and url.startswith(site_url):
        path = url[len(site_url):]
    elif url.startswith("/") and not url.startswith("//"):
        path = url[len(site_path):] if url.startswith(site_path) else url
    else:
        return None
    parts = urlsplit(path)
    target = page_for_url_path(garden, unquote(parts.path))
    if target is None and garden.serves(unquote(parts.path).strip("/")):
        target = unquote(parts.path).strip("/")
    fix = (f"; write '{_with_fragment(relative_url(target, page.src), parts.fragment)}'"
           if target else "")
    return diagnostic(garden, page.src, link.line, link.column, "GL203",
                      f"absolute link '{url}' into the site breaks when the site moves; "
                      f"link the Markdown file relatively{fix}")


def _check_relative(garden: Garden, page: Page, link: Link) -> Diagnostic | None:
    if link.kind in RAW_HTML_KINDS:
        return _check_raw_html(garden, page, link)
    target = resolve_link(page.src, link.target)
    if target is None:
        return None
    is_image = link.kind in IMAGE_KINDS
    if target.src.startswith("../") or target.src == "..":
        return diagnostic(garden, page.src, link.line, link.column,
                          "GL205" if is_image else "GL201",
                          f"'{link.target}' points outside the docs directory")
    if target.src in garden.pages and is_image:  # the browser gets the page's HTML
        return diagnostic(garden, page.src, link.line, link.column, "GL205",
                          f"image '{link.target}' is a page, not an image; link it "
                          f"([text]({link.target})) or embed it with the obsidian option on")
    if target.src in garden.pages:
        problem = _anchor_problem(garden, page, garden.pages[target.src], target.fragment)
        return problem and diagnostic(garden, page.src, link.line, link.column, "GL202", problem)
    if garden.serves(target.src):
        return None
    path = urlsplit(link.target).path
    built = path.endswith((".html", "/")) or not posixpath.splitext(path)[1]
    source = page_for_url_path(garden, target.src) if built and not is_image else None
    if source is not None:
        fix = _with_fragment(relative_url(source, page.src), urlsplit(link.target).fragment)
        return diagnostic(garden, page.src, link.line, link.column, "GL204",
                          f"'{link.target}' is a URL of the built site; link the Markdown "
                          f"page instead: '{fix}'")
    return _not_found(garden, page, link, target.src)


def _check_raw_html(garden: Garden, page: Page, link: Link) -> Diagnostic | None:
    """A URL in raw HTML reaches the browser as written (MkDocs rewrites only Markdown
    links): it is relative to the page's URL, and names a built URL, not a Markdown file."""
    url = page_url(page.src, garden.config.use_directory_urls)
    target = resolve_link(page.src, link.target, base=posixpath.dirname(url))
    if target is None:
        return None
    where = "" if target.src in (".", "") else target.src
    if where.startswith("../") or where == "..":
        return diagnostic(garden, page.src, link.line, link.column,
                          "GL205" if link.kind in IMAGE_KINDS else "GL201",
                          f"'{link.target}' points outside the site (raw HTML is resolved "
                          f"from the page's URL, {url or '/'})")
    built = page_for_url_path(garden, where) if not is_page(where) else None
    if built is not None:
        problem = _anchor_problem(garden, page, garden.pages[built], target.fragment)
        return problem and diagnostic(garden, page.src, link.line, link.column, "GL202", problem)
    if garden.serves(where) and not is_page(where):
        return None
    return _not_found(garden, page, link, where, f" from the page's URL, {url or '/'}; raw "
                      "HTML is not rewritten, so it names built URLs, not Markdown files")


def _not_found(garden: Garden, page: Page, link: Link, src: str, how: str = "") -> Diagnostic:
    is_image = link.kind in IMAGE_KINDS
    what = "image" if is_image else "page or file"
    path = unquote(urlsplit(link.target).path)
    return diagnostic(garden, page.src, link.line, link.column, "GL205" if is_image else "GL201",
                      f"{what} '{path}' not found (resolved{how} to {garden.rel(src)})")


def _normal_label(label: str) -> str:
    return " ".join(label.split()).lower()


def _remote_image(link: Link) -> str | None:
    """The address of a remote image inside a link's text (a badge); GL804 reports the rest."""
    inner = INLINE_LINK_RE.search(link.text) if "![" in link.text else None
    if inner and inner.group("bang") and (inner.group("dest") or "").lower().startswith(
            REMOTE_SCHEMES):
        return inner.group("dest")
    return None


def _check_remote(garden: Garden, src: str, link: Link) -> Diagnostic | None:
    remote = _remote_image(link)
    if not remote:
        return None
    return diagnostic(garden, src, link.line, link.column, "GL208",
                      f"image '{remote}' is loaded from another host; the site works offline: "
                      "copy it into docs/assets/ or link to it")


def check_links(garden: Garden) -> Iterable[Diagnostic]:
    site_url = _site_prefix(garden)[0]
    for src, page in garden.checked_pages():
        labels = {_normal_label(label) for label in page.scan.ref_defs}
        for link in page.scan.links:
            if link.kind == "ref":
                if (link.explicit_ref and _normal_label(link.target) not in labels
                        and not garden.config.autorefs):
                    yield diagnostic(garden, src, link.line, link.column, "GL207",
                                     f"reference '[{link.target}]' is not defined on this page "
                                     "(it renders as plain text)")
                continue
            url = link.target.strip()
            if not url or "{{" in url:
                continue
            if link.kind in IMAGE_KINDS and not link.text.strip():
                yield diagnostic(garden, src, link.line, link.column, "GL206",
                                 f"image '{url}' has no alt text; describe it for readers "
                                 "who cannot see it")
            if (url.startswith("/") and not url.startswith("//")) or (
                    site_url and url.startswith(site_url)):
                found = _check_absolute(garden, page, link)
            elif is_external(url):
                found = _check_remote(garden, src, link)
            else:
                found = _check_relative(garden, page, link)
            if found:
                yield found


def check_wikilinks(garden: Garden) -> Iterable[Diagnostic]:
    """GL209-GL211, GL310: what the dialect of a page could not translate
    (garden.model.obsidian)."""
    for src, page in sorted(garden.pages.items()):
        for found in page.dialect:
            yield diagnostic(garden, src, found.line, found.column, found.code, found.message,
                             Severity.WARNING if found.code in WARNINGS else Severity.ERROR)


RULES = (check_links, check_wikilinks)
