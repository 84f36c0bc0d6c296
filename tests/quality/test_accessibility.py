"""Every page of the site, walked once per palette in Chromium: axe-core finds no serious
accessibility violation (in the dark palette only the rules that read colours can answer
differently), and no page asks anything of another host (privacy: no tracker, no CDN, no web
font). One walk serves both: the time axe takes on a page is the time its late requests need."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from support.page_walk import SCHEMES, Walk, axe_violations, components, covering_pages

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def describe(path: str, violation: dict) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
    more = len(violation["nodes"]) - len(targets)
    return (f"{path}: {violation['impact']} {violation['id']}: {violation['help']} "
            f"at {'; '.join(targets)}{f' (+{more} more)' if more > 0 else ''}")


@pytest.mark.parametrize("preference", SCHEMES)
def test_every_page_is_accessible_and_stays_on_the_site(
        page_walks, preference: str, capsys: pytest.CaptureFixture[str]) -> None:
    seen: Walk = page_walks(preference)
    assert not seen.off_site, "requests off the site:\n" + "\n".join(
        f"{url} (from {', '.join(sorted(pages))})" for url, pages in sorted(seen.off_site.items()))
    wrong_palette = {path: scheme for path, scheme in seen.schemes.items()
                     if scheme != SCHEMES[preference]}
    assert not wrong_palette, f"pages not in the {preference} palette: {wrong_palette}"
    blocking: list[str] = []
    others: Counter[str] = Counter()
    for path, violations in seen.violations.items():
        for violation in violations:
            if violation["impact"] in BLOCKING:
                blocking.append(describe(path, violation))
            else:
                others[f"{violation['impact']} {violation['id']}"] += 1
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
    only_colours = {v["id"] for v in axe_violations(page, axe_script, ["color-contrast"])}
    assert only_colours == {"color-contrast"}


def test_the_dark_walk_covers_every_component() -> None:
    pages = {"a/": '<div class="admonition note"><p class="x">', "b/": '<div class="admonition">',
             "c/": '<a class="glossary-term">', "d/": '<p class="x"><a class="glossary-term">'}
    chosen = covering_pages(pages)
    assert set().union(*(components(pages[path]) for path in chosen)) == \
        {"div.admonition", "div.note", "p.x", "a.glossary-term"}
    assert len(chosen) == 2 and chosen[0] == "a/"  # the page showing most comes first
