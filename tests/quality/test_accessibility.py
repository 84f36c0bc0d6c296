"""Accessibility: axe-core on every page of the site, in the light and the dark palette."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import pytest

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
SCHEMES = {"light": "default", "dark": "slate"}  # emulated preference -> Material's scheme
RUN_AXE = "() => axe.run(document, {resultTypes: ['violations']})"


def axe_violations(page, axe_script: Path) -> list[dict]:
    """axe-core's violations on the loaded page."""
    # Evaluated, not added as an inline <script>: the site's Content-Security-Policy refuses those.
    page.evaluate(axe_script.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE)["violations"]


def describe(path: str, violation: dict) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
    more = len(violation["nodes"]) - len(targets)
    return (f"{path or '/'}: {violation['impact']} {violation['id']}: {violation['help']} "
            f"at {'; '.join(targets)}{f' (+{more} more)' if more > 0 else ''}")


@pytest.mark.parametrize("preference", SCHEMES)
def test_every_page_has_no_serious_violation(browser, site_url: str, page_paths,
                                             axe_script: Path, preference: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    context = browser.new_context(color_scheme=preference)
    blocking: list[str] = []
    others: Counter[str] = Counter()
    try:
        page = context.new_page()
        for path in [*page_paths, "404.html"]:
            page.goto(urljoin(site_url, path))
            scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert scheme == SCHEMES[preference], f"{path}: palette {scheme}"
            for violation in axe_violations(page, axe_script):
                if violation["impact"] in BLOCKING:
                    blocking.append(describe(path, violation))
                else:
                    others[f"{violation['impact']} {violation['id']}"] += 1
    finally:
        context.close()
    if others:  # shown on every run, briefly: each rule and how many pages
        with capsys.disabled():
            print(f"\naxe, {preference} palette, minor or moderate: "
                  + ", ".join(f"{rule} ({count} pages)" for rule, count in others.most_common()))
    assert not blocking, f"{len(blocking)} serious or critical ({preference}):\n" + \
        "\n".join(blocking)


def test_axe_reports_a_serious_violation(page, axe_script: Path) -> None:
    page.set_content('<html lang="en"><body><main><img src="data:,"><p style="color:#777;'
                     'background:#888">faint</p></main></body></html>')
    found = {(v["id"], v["impact"]) for v in axe_violations(page, axe_script)}
    assert {("image-alt", "critical"), ("color-contrast", "serious")} <= found
