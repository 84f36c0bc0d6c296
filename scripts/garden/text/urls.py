"""Site-relative URLs as a static site generator relates them, with no engine imported: the
build features (links, glossary, freshness) run under MkDocs, ProperDocs or another host.

`relative_url` answers as MkDocs' `get_relative_url` does (tests/test_urls.py compares them on
generated paths): both arguments are slash-separated paths, the last part of `other` is a file
when it has a dot, `..` climbs but never above the root.
"""

from __future__ import annotations

import posixpath


def _parts(path: str) -> list[str]:
    normal = posixpath.normpath(path if path.startswith("/") else f"/{path}")[1:]
    return normal.split("/") if normal else []


def relative_url(url: str, other: str) -> str:
    """`url` as a link from the page at `other` (both site-relative)."""
    folder, _, last = other.rpartition("/")
    here = _parts(folder if "." in last else other)
    there = _parts(url)
    common = 0
    for mine, theirs in zip(here, there, strict=False):  # the shorter path ends the match
        if mine != theirs:
            break
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return f"{relative}/" if url.endswith("/") else relative
