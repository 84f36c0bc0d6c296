"""Check/build parity: a page `garden check` accepts builds strictly, and builds inert.

Generated pages mix the garden's ordinary Markdown with fragments of hostile or broken input.
Whenever the checker reports no error on the page, the strict build (the garden's own
configuration, its plugins included) must succeed and the built page must hold no active content.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config as load_mkdocs_config

from garden.check.runner import all_rules, check_garden
from garden.model.site import Garden, load_config
from garden.text.diagnostics import Severity
from support.inert_html import active_content
from support.mkdocs_process import ROOT

pytestmark = pytest.mark.build

BENIGN = [
    "Plain prose about HTTP/3 and a [link](index.md).",
    "Code `<script>alert(1)</script>` in a span.",
    "```html\n<img src=x onerror=alert(1)>\n```",
    "    <iframe src=\"https://x.invalid\"></iframe>",
    "Escaped \\<b> and &lt;script&gt; text.",
    "## A heading { #a-heading .wide }",
    "A paragraph.\n{: .note #intro }",
    "!!! note \"Note\"\n\n    Body with **bold**.",
    "| a | b |\n| --- | --- |\n| <kbd>Ctrl</kbd> | `x < y` |",
    "<details><summary>More</summary>Hidden text.</details>",
    "See [the site](https://example.org/) :material-check:.",
    "- [x] a task\n- [ ] another",
]
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](index.md){ onclick=\"alert(1)\" }",
    "A paragraph.\n{: onmouseover=\"alert(1)\" }",
    "## Title <script>alert(1)</script>",
    "<svg/onload=alert(1)>",
    "<details ontoggle=alert(1)>x</details>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"data:text/html,x\"></object>",
    "<base href=\"https://x.invalid/\">",
    "<form action=\"https://x.invalid/\"><input></form>",
    "<style>p { background: url(https://x.invalid/) }</style>",
    "![pixel](https://x.invalid/p.png)",
    "<img src alt=\"empty\">",
    "--8<-- \"missing.md\"",
    "--8<-- \"../.git/config\"",
    "<a href=\"#\" id=\"__config\">x</a>",
]
FRONT_MATTER = ["", "---\ntitle: A page\ntags: [web]\n---\n\n", "---\ntitle: [broken\n---\n\n",
                "---\ntitle: <b>bold</b>\n---\n\n"]
# Benign fragments three times as often, so that about half the pages pass the check and build.
pages = st.tuples(st.sampled_from(FRONT_MATTER),
                  st.lists(st.sampled_from(BENIGN * 3 + HOSTILE), min_size=1, max_size=4)).map(
    lambda parts: parts[0] + "# Page\n\n" + "\n\n".join(parts[1]) + "\n")

@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This site's own theme, glossary and options, with a home page and the page under test."""
    root = tmp_path_factory.mktemp("parity")
    for name in ("overrides", "snippets"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    shutil.copy2(ROOT / "docs" / "glossary.md", root / "docs" / "glossary.md")
    (root / "docs" / "index.md").write_text("# Home\n\nThe home page on HTTP/3.\n",
                                            encoding="utf-8")
    (root / "glossary.yml").write_text(
        "- id: http3\n  term: HTTP/3\n  definition: HTTP over QUIC.\n", encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config[: config.index("\nnav:\n")] + "\nnav:\n  - index.md\n  - page.md\n"
        "  - glossary.md\n", encoding="utf-8")
    return root


def page_errors(project: Path, text: str) -> list[str]:
    (project / "docs" / "page.md").write_text(text, encoding="utf-8")
    found = check_garden(Garden.load(load_config(project / "mkdocs.yml")), all_rules())
    return [str(d) for d in found if d.severity == Severity.ERROR]


@settings(max_examples=16, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(pages)
def test_a_page_check_accepts_builds_strictly_and_inert(project: Path, text: str) -> None:
    if page_errors(project, text):
        event("refused by garden check")
        return
    event("built")
    site = project / "site"
    config = load_mkdocs_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    build(config)  # raises on any warning (strict) or error
    built = (site / "page" / "index.html").read_text(encoding="utf-8")
    assert active_content(built) == []


def test_every_hostile_fragment_is_an_error_on_its_own(project: Path) -> None:
    """The other half of parity: no hostile fragment alone passes the check."""
    passed = [fragment for fragment in HOSTILE
              if not page_errors(project, f"# Page\n\n{fragment}\n")]
    assert passed == []
