"""The Content-Security-Policy in Chromium: the theme runs under it, injected script does not.

The other browser suites assert that no page they visit reports a violation (conftest.py's
`no_csp_violation`); this one proves the policy bites: a built page with an inline handler, an
inline script and a `javascript:` link written into its content (as if the sanitizer had missed
them) runs none of them, while the theme's own scripts still run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support.static_server import serve_site

pytestmark = pytest.mark.browser

INJECTED = (
    '<img id="probe-image" src="missing.png" onerror="window.__injected = \'handler\'">'
    "<script>window.__injected = 'inline script';</script>"
    '<a id="probe-link" href="javascript:window.__injected = \'link\'">probe</a>'
)


@pytest.fixture(scope="module")
def tampered_site(built_site: Path, site_url: str, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("tampered") / "site"
    shutil.copytree(built_site, out)
    server, url = serve_site(out, site_url)
    page = out / "web" / "http-versions" / "index.html"
    # The policy names the site's script files on its own origin: this copy's port is another.
    html = page.read_text(encoding="utf-8").replace(site_url, url)
    marker = '<article class="md-content__inner md-typeset">'
    assert marker in html
    page.write_text(html.replace(marker, marker + INJECTED, 1), encoding="utf-8")
    yield url + "web/http-versions/"
    server.shutdown()


def test_injected_script_is_blocked_and_the_theme_still_runs(
        browser, tampered_site: str, csp_violations: list[str]) -> None:
    before = len(csp_violations)
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(tampered_site, wait_until="load")
        page.click("#probe-link")
        page.wait_for_timeout(200)
        injected = page.evaluate("window.__injected")
        theme_ran = page.evaluate("document.documentElement.classList.contains('js') && "
                                  "typeof __md_get === 'function'")
    finally:
        context.close()
    caused = csp_violations[before:]
    del csp_violations[before:]  # expected here: they are the point of this test
    assert injected is None
    assert theme_ran
    assert len(caused) >= 3, caused
    assert all("script-src" in text for text in caused)
