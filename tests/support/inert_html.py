"""What a built page holds that neither the theme nor the garden wrote: active content."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from garden.safety.sanitize import is_offsite

# Elements a page may hold only as the theme writes them (by class, id or name).
THEME_ELEMENTS = {"form": {"md-header__option", "md-search__form"},
                  "style": {"glightbox-style"}}
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet",
                      "link-in-body", "meta-in-body", "noscript", "math"}
ACTIVE_URL_RE = re.compile(r"^\s*(?:javascript|vbscript|data:text/html)", re.IGNORECASE)


class ActiveContent(HTMLParser):
    """Everything active in a built page that the theme did not write."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.in_body = self.in_body or tag == "body"
        marks = {values.get("class") or "", values.get("id") or "", values.get("name") or ""}
        if tag in THEME_ELEMENTS and not marks & THEME_ELEMENTS[tag]:
            self.problems.append(f"<{tag} {attrs}>")
        if tag in FORBIDDEN_ELEMENTS or (self.in_body and tag in ("link", "meta")):
            self.problems.append(f"<{tag}>")
        if tag == "script" and values.get("src") and is_offsite(values["src"]):
            self.problems.append(f"<script src={values['src']}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=>")
            elif value and ACTIVE_URL_RE.match(value) and name not in ("content", "alt",
                                                                          "title"):
                self.problems.append(f"<{tag} {name}={value[:30]}>")
            elif name in ("src", "poster", "srcset", "data") and value and (
                    value.startswith("//") or re.match(r"^\s*[a-z][a-z0-9+.-]*:", value, re.I)):
                self.problems.append(f"<{tag} {name}={value[:40]}> leaves the site")


def active_content(html: str) -> list[str]:
    """Every event handler, active URL, off-site resource and element outside the theme's own
    in a built page (empty when the page is inert)."""
    finder = ActiveContent()
    finder.feed(html)
    finder.close()
    return finder.problems
