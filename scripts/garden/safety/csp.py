"""The Content-Security-Policy of every page, as a `<meta>` tag (GitHub Pages sends no headers).

Scripts run only from the site's own script files, each named by its exact URL, and from the
inline scripts the theme and the plugins write, each allowed by the sha256 hash of its text.
Both are taken from a neutral page: what the theme and the plugins render for a page with no
content and no front matter (`site_scripts`), never from the page being published, so a script
that a template printed from a contributor's input is not allowed, whatever it says.

Under the standard profile a page's policy also names the hosts the site's configuration needs
(`config_sources`: the theme's web fonts, the repository facts, analytics, scripts and styles
from a CDN) and those its content loads from (`content_sources`), each by its origin.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

# Inline scripts: no `src`; `type` absent or a JavaScript one (JSON data blocks never run).
SCRIPT_RE = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>",
                       re.IGNORECASE | re.DOTALL)
TYPE_RE = re.compile(r"\stype\s*=\s*[\"']?(?P<type>[^\"'\s>]+)", re.IGNORECASE)
SRC_RE = re.compile(r"\ssrc\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))",
                    re.IGNORECASE)
SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
CHARSET_RE = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
HEAD_RE = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
META_NAME = "Content-Security-Policy"
POLICY_RE = re.compile(rf'(<meta http-equiv="{META_NAME}" content="[^"]*script-src )([^;"]*)')


# Material asks a repository's host for its facts (stars, forks, latest release) in the reader's
# browser, matching `repo_url` as its own script does: GitHub's API, or a GitLab host's.
GITHUB_RE = re.compile(r"^.+github\.com/([^/]+)/?([^/]+)?", re.IGNORECASE)
GITLAB_RE = re.compile(r"^.+?([^/]*gitlab[^/]+)/(.+?)/?$", re.IGNORECASE)
# The header's repository link as Material renders it when it asks for those facts.
SOURCE_COMPONENT = 'data-md-component="source"'
# The stylesheet Material links for `theme.font`; it loads the fonts from fonts.gstatic.com.
GOOGLE_FONTS = "https://fonts.googleapis.com/"
# Where Google Analytics 4 loads from and reports to (Google's own guidance for a CSP).
GOOGLE_ANALYTICS = {
    "script-src": ("https://*.googletagmanager.com",),
    "img-src": ("https://*.google-analytics.com", "https://*.googletagmanager.com"),
    "connect-src": ("https://*.google-analytics.com", "https://*.analytics.google.com",
                    "https://*.googletagmanager.com"),
}
# What a page's content loads by itself, by element: the directive that governs it.
CONTENT_DIRECTIVES = {
    "img": "img-src", "image": "img-src", "feimage": "img-src", "input": "img-src",
    "video": "media-src", "audio": "media-src", "track": "media-src",
    "iframe": "frame-src", "frame": "frame-src",
}


@dataclass(frozen=True)
class SiteFacts:
    """What a site's configuration makes its pages load from other hosts."""

    theme: str | None
    web_fonts: bool  # `theme.font` is not false: Material loads Google Fonts
    repo_url: str | None  # set when the pages show the theme's repository facts
    analytics: str | None  # `extra.analytics.provider`
    scripts: tuple[str, ...] = ()  # `extra_javascript`
    stylesheets: tuple[str, ...] = ()  # `extra_css`


@dataclass(frozen=True)
class Source:
    """One host a directive allows, and why: the setting or the content that needs it."""

    directive: str
    origin: str
    reason: str


def origin(url: str) -> str | None:
    """`https://host[:port]` of an absolute http(s) URL (`//host/…` taken as https), else None."""
    parts = urlsplit("https:" + url if url.startswith("//") else url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1].lower()}"


def repo_facts_origin(repo_url: str) -> str | None:
    """The host Material asks for a repository's facts, as its script picks it."""
    if GITHUB_RE.match(repo_url):
        return "https://api.github.com"
    gitlab = GITLAB_RE.match(repo_url)
    return f"https://{gitlab.group(1)}" if gitlab else None


def config_sources(facts: SiteFacts) -> list[Source]:
    """The hosts the site's configuration needs, per directive."""
    found: list[Source] = []
    if facts.theme == "material" and facts.web_fonts:
        found += [Source("style-src", GOOGLE_FONTS.rstrip("/"), "theme.font"),
                  Source("font-src", "https://fonts.gstatic.com", "theme.font")]
    api = repo_facts_origin(facts.repo_url) if facts.repo_url else None
    if api:
        found.append(Source("connect-src", api, "repo_url"))
    if facts.analytics == "google":
        found += [Source(directive, host, "extra.analytics")
                  for directive, hosts in GOOGLE_ANALYTICS.items() for host in hosts]
    # A script or a stylesheet from a CDN loads its own parts and fonts from there (MathJax).
    for directives, urls, reason in ((("script-src", "font-src"), facts.scripts,
                                      "extra_javascript"),
                                     (("style-src", "font-src"), facts.stylesheets,
                                      "extra_css")):
        found += [Source(directive, host, reason) for url in urls
                  if (host := origin(url)) for directive in directives]
    return list(dict.fromkeys(found))


def _content_directive(element: str, attribute: str) -> str | None:
    if attribute in ("poster", "srcset"):
        return "img-src"  # a video's poster; a picture's or an image's candidates
    if element == "source":
        return "media-src"
    return CONTENT_DIRECTIVES.get(element)


def content_sources(resources: Iterable[tuple[str, str, str]]) -> list[Source]:
    """The hosts a page's content loads from, by the directive of each element: (element,
    attribute, URL) as the sanitizer found them; `srcset` lists several URLs."""
    found: dict[Source, None] = {}
    for element, attribute, value in resources:
        directive = _content_directive(element, attribute)
        urls = ([part.split()[0] for part in value.split(",") if part.split()]
                if attribute == "srcset" else [value])
        for url in urls:
            host = origin(url.strip())
            if directive and host:
                found[Source(directive, host, f"<{element} {attribute}=>")] = None
    return list(found)


def by_directive(sources: Iterable[Source]) -> dict[str, list[str]]:
    """Origins per directive, in order, without repeats."""
    grouped: dict[str, dict[str, None]] = {}
    for source in sources:
        grouped.setdefault(source.directive, {})[source.origin] = None
    return {directive: list(origins) for directive, origins in grouped.items()}


@dataclass(frozen=True)
class SiteScripts:
    """What a page may run: hashes of inline scripts, URLs of script files."""

    hashes: tuple[str, ...]
    files: tuple[str, ...]


def inline_script_hashes(markup: str) -> list[str]:
    """`'sha256-…'` of every inline script that would run, in order, without repeats."""
    hashes: dict[str, None] = {}
    for match in SCRIPT_RE.finditer(markup):
        attrs = match.group("attrs")
        kind = TYPE_RE.search(attrs)
        if SRC_RE.search(attrs) or (kind and kind.group("type").lower() not in SCRIPT_TYPES):
            continue
        hashes[source_hash(match.group("body"))] = None
    return list(hashes)


def script_sources(markup: str) -> list[str]:
    """The `src` of every `<script src>` of `markup`, in order, without repeats."""
    found: dict[str, None] = {}
    for match in SCRIPT_RE.finditer(markup):
        src = SRC_RE.search(match.group("attrs"))
        if src:
            found[src.group("dq") or src.group("sq") or src.group("bare") or ""] = None
    return [src for src in found if src]


def source_hash(text: str) -> str:
    """A CSP hash source for an inline script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def site_scripts(neutral_page: str, page_url: str, more_files: Iterable[str] = ()) -> SiteScripts:
    """The scripts of a neutral page rendered at `page_url` (absolute, on the site's origin):
    its inline scripts' hashes, its script files' URLs, and `more_files` (site-root URLs of the
    files the site's scripts load themselves)."""
    files = [urljoin(page_url, src) for src in script_sources(neutral_page)]
    files += [urljoin(page_url, url) for url in more_files]
    return SiteScripts(tuple(inline_script_hashes(neutral_page)), tuple(dict.fromkeys(
        url for url in files if urlsplit(url).scheme in ("http", "https"))))


def _source_list(url: str) -> str:
    """A URL as a CSP source expression (no query or fragment; `;`, `,` and blanks escaped)."""
    parts = urlsplit(url)
    path = re.sub(r"[;,\s\"']", lambda m: f"%{ord(m.group()):02X}", parts.path)
    return f"{parts.scheme}://{parts.netloc}{path}"


def policy(scripts: SiteScripts | None, extra: Mapping[str, Iterable[str]] | None = None) -> str:
    """Only the site's own resources: its script files and inline scripts (or, for a site
    without a `site_url`, its own origin and those inline scripts), its styles, its images
    (and `data:` ones, which the theme's icons use), requests to itself only; and the origins
    of `extra`, per directive. `None`: no script at all (a document published as it is)."""
    if scripts is None:
        sources = ["'none'"]
    else:
        sources = ([_source_list(url) for url in scripts.files] or ["'self'"])
        sources += scripts.hashes
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(sources),
        # The theme and the lightbox set inline styles from their scripts; no contributor
        # style reaches a page (the sanitizer drops `style` elements and attributes).
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "worker-src": "'self'",
        "frame-src": "'none'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }
    for directive, origins in (extra or {}).items():
        own = directives.get(directive, directives["default-src"])
        kept = [] if own == "'none'" else [own]
        directives[directive] = " ".join(kept + list(origins))
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def with_policy(page_html: str, scripts: SiteScripts | None,
                extra: Mapping[str, Iterable[str]] | None = None) -> str:
    """The page with its policy as the first thing in `<head>` after the charset."""
    tag = f'<meta http-equiv="{META_NAME}" content="{policy(scripts, extra)}">'
    anchor = CHARSET_RE.search(page_html) or HEAD_RE.search(page_html)
    if anchor is None:
        return tag + page_html
    return page_html[: anchor.end()] + tag + page_html[anchor.end():]


def allow_script(page_html: str, body: str) -> str:
    """The page with one more inline script allowed by its policy, by the hash of `body` (the
    development server's live-reload script, which it writes into every page it sends)."""
    extra = f" {source_hash(body)}"
    return POLICY_RE.sub(lambda m: m.group(1) + m.group(2) + extra, page_html, count=1)
