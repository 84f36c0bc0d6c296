"""While `mkdocs serve` runs, a mistake shows up in the browser, as one problem, and goes away
when fixed; no request of the session fails."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from test_serve import Server, server, wait_until_serving  # noqa: F401 - the fixture

pytestmark = [pytest.mark.build, pytest.mark.browser]

OVERLAY = "#garden-problems"
# The rebuild after an edit, on a busy 2-core machine, plus live reload's poll.
SEEN_WITHIN_MS = 60_000
FIXED_PAGE_SHOWN = f"""() => document.readyState === "complete"
  && document.querySelector("h1") && !document.querySelector("{OVERLAY}")"""


def test_a_broken_link_shows_in_the_browser_until_fixed(server: Server,  # noqa: F811
                                                         scratch_project: Path, page) -> None:
    wait_until_serving(server)
    missing: list[str] = []
    page.on("response", lambda response: missing.append(response.url)
            if response.status == 404 else None)
    page.goto(server.base + "garden/web/grpc/")
    page.wait_for_selector("h1")
    assert page.locator(OVERLAY).count() == 0

    source = scratch_project / "docs" / "web" / "grpc.md"
    original = source.read_text("utf-8")
    lines = original.count("\n")
    source.write_text(original + "\nSee [the missing page](missing-page.md).\n", "utf-8")
    started = time.monotonic()
    overlay = page.wait_for_selector(OVERLAY, timeout=SEEN_WITHIN_MS)
    text = overlay.inner_text()
    assert f"docs/web/grpc.md:{lines + 2}:5: GL201" in text, text
    assert "missing-page.md" in text and "failed" in text
    # One mistake, one problem: MkDocs' own warning and the strict build's stop fold into it.
    assert ": 1 problem " in text and "Doc file" not in text and "stopped" not in text, text
    # This page's problem is listed first and marked; the page itself is still served.
    assert "GL201" in page.locator(".garden-problems__here").first.inner_text()
    assert page.locator("h1").count() == 1
    print(f"overlay after {time.monotonic() - started:.1f} s")  # noqa: T201 - shown with -s

    source.write_text(original, "utf-8")
    # Live reload loads the page again: the overlay is gone once the fixed page is shown.
    page.wait_for_function(FIXED_PAGE_SHOWN, timeout=SEEN_WITHIN_MS)
    assert page.locator("h1").count() == 1
    assert "missing-page" not in page.content()
    assert missing == []
    assert " 404" not in server.output()
