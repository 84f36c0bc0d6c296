"""One walk through every page of the built site in headless Chromium, for the tests that look
at each page: axe-core's accessibility violations and the requests that leave the site.

Walking once serves both: the time axe takes on a page is the time its late requests (a
repository's stars, a font) need to show up, so no page waits for the network to go idle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

SCHEMES = {"light": "default", "dark": "slate"}  # emulated preference -> Material's scheme
# The dark palette changes colours only: there, only the rules that read colours are run.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
LOCAL_SCHEMES = ("data", "blob", "about")
CLASS_RE = re.compile(r'<([a-z][a-z0-9]*)[^>]*?\sclass="([^"]*)"')


@dataclass
class Walk:
    violations: dict[str, list[dict]] = field(default_factory=dict)  # page -> axe's violations
    off_site: dict[str, set[str]] = field(default_factory=dict)  # URL -> pages that asked
    schemes: dict[str, str | None] = field(default_factory=dict)  # page -> palette shown


def axe_violations(page, axe_script: Path, rules: list[str] | None = None) -> list[dict]:
    """axe-core's violations on the loaded page (`rules`: only these)."""
    # Evaluated, not added as an inline <script>: the site's Content-Security-Policy refuses those.
    page.evaluate(axe_script.read_text(encoding="utf-8"))
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    return page.evaluate("options => axe.run(document, options)", options)["violations"]


def walk(browser, site_url: str, paths: list[str], axe_script: Path, preference: str) -> Walk:
    """Load each page in the `preference` palette, run axe on it, and abort and note every
    request that is not to the site itself."""
    own = urlsplit(site_url).netloc
    seen = Walk()
    visiting = {"page": ""}

    def gate(route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in LOCAL_SCHEMES or parts.netloc == own:
            route.continue_()
            return
        seen.off_site.setdefault(route.request.url, set()).add(visiting["page"])
        route.abort()

    context = browser.new_context(color_scheme=preference)
    context.route("**/*", gate)
    rules = COLOUR_RULES if preference == "dark" else None
    try:
        page = context.new_page()
        for path in paths:
            visiting["page"] = path or "/"
            page.goto(urljoin(site_url, path))
            seen.schemes[visiting["page"]] = page.evaluate(
                "document.body.getAttribute('data-md-color-scheme')")
            seen.violations[visiting["page"]] = axe_violations(page, axe_script, rules)
        page.wait_for_load_state("networkidle")  # the last page's late requests too
    finally:
        context.close()
    return seen


def components(page_html: str) -> set[str]:
    """The kinds of element a page shows, as its styles tell them apart: each tag with each of
    its classes (`div.admonition`, `a.glossary-term`)."""
    return {f"{tag}.{name}" for tag, names in CLASS_RE.findall(page_html)
            for name in names.split()}


def covering_pages(pages: dict[str, str]) -> list[str]:
    """Few pages that together show every component any page shows (greedy set cover over
    `pages`, path -> HTML), in the order chosen: where only colours differ, they answer for
    all pages."""
    left = {path: components(html) for path, html in pages.items()}
    needed = set().union(*left.values()) if left else set()
    chosen: list[str] = []
    while needed:
        best = max(left, key=lambda path: (len(left[path] & needed), path))
        chosen.append(best)
        needed -= left.pop(best)
    return chosen
