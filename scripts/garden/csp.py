"""The Content-Security-Policy of every page, as a `<meta>` tag (GitHub Pages sends no headers).

Scripts run only from the site itself and from the theme's inline scripts, each allowed by the
sha256 hash of its text as built: nothing a contributor writes can add one, since the hashes are
taken from the finished page with its (sanitized) content left out.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

# Inline scripts: no `src`; `type` absent or a JavaScript one (JSON data blocks never run).
SCRIPT_RE = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>",
                       re.IGNORECASE | re.DOTALL)
TYPE_RE = re.compile(r"\stype\s*=\s*[\"']?(?P<type>[^\"'\s>]+)", re.IGNORECASE)
SRC_RE = re.compile(r"\ssrc\s*=", re.IGNORECASE)
SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
CHARSET_RE = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
HEAD_RE = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
META_NAME = "Content-Security-Policy"


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


def source_hash(text: str) -> str:
    """A CSP hash source for an inline script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(script_hashes: Iterable[str], live_reload: bool = False) -> str:
    """Only the site's own resources: its scripts and the listed inline ones, its styles, its
    images (and `data:` ones, which the theme's icons use), requests to itself only.

    `live_reload` is for `mkdocs serve`, whose server writes a different inline script into
    every page it sends: there inline scripts are allowed, never in a build."""
    scripts = ["'unsafe-inline'"] if live_reload else list(script_hashes)
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *scripts]),
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


def with_policy(page_html: str, content: str = "", live_reload: bool = False) -> str:
    """The page with its policy as the first thing in `<head>` after the charset: hashes of the
    page's inline scripts, those inside `content` (the page's own HTML) left out."""
    outside = page_html.replace(content, "") if content else page_html
    content_policy = policy(inline_script_hashes(outside), live_reload)
    tag = f'<meta http-equiv="{META_NAME}" content="{content_policy}">'
    anchor = CHARSET_RE.search(page_html) or HEAD_RE.search(page_html)
    if anchor is None:
        return tag + page_html
    return page_html[: anchor.end()] + tag + page_html[anchor.end():]
