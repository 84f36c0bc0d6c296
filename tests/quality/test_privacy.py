"""Privacy: loading every page of the site sends no request anywhere but the site's own server."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("data", "blob", "about")


def test_every_page_stays_on_the_local_server(browser, site_url: str, page_paths) -> None:
    own = urlsplit(site_url).netloc
    offenders: dict[str, set[str]] = {}
    context = browser.new_context()
    visiting = {"page": ""}

    def gate(route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES or parts.netloc == own:
            route.continue_()
            return
        offenders.setdefault(url, set()).add(visiting["page"])
        route.abort()

    context.route("**/*", gate)
    try:
        page = context.new_page()
        for path in [*page_paths, "404.html"]:
            visiting["page"] = path or "/"
            page.goto(urljoin(site_url, path), wait_until="networkidle")
    finally:
        context.close()
    assert not offenders, "requests off the site:\n" + "\n".join(
        f"{url} (from {', '.join(sorted(pages))})" for url, pages in sorted(offenders.items()))
