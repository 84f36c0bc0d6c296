"""The Content-Security-Policy of every page, as a `<meta>` tag (GitHub Pages sends no headers).

Scripts run only from the site's own script files, each named by its exact URL, and from the
inline scripts the theme and the plugins write, each allowed by the sha256 hash of its text.
Both are taken from a neutral page: what the theme and the plugins render for a page with no
content and no front matter (`site_scripts`), never from the page being published, so a script
that a template printed from a contributor's input is not allowed, whatever it says.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
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


def policy(scripts: SiteScripts | None) -> str:
    """Only the site's own resources: its script files and inline scripts (or, for a site
    without a `site_url`, its own origin and those inline scripts), its styles, its images
    (and `data:` ones, which the theme's icons use), requests to itself only. `None`: no
    script at all (a document published as it is)."""
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
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def with_policy(page_html: str, scripts: SiteScripts | None) -> str:
    """The page with its policy as the first thing in `<head>` after the charset."""
    tag = f'<meta http-equiv="{META_NAME}" content="{policy(scripts)}">'
    anchor = CHARSET_RE.search(page_html) or HEAD_RE.search(page_html)
    if anchor is None:
        return tag + page_html
    return page_html[: anchor.end()] + tag + page_html[anchor.end():]


def allow_script(page_html: str, body: str) -> str:
    """The page with one more inline script allowed by its policy, by the hash of `body` (the
    development server's live-reload script, which it writes into every page it sends)."""
    extra = f" {source_hash(body)}"
    return POLICY_RE.sub(lambda m: m.group(1) + m.group(2) + extra, page_html, count=1)
