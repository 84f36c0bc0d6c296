"""The safety profiles on a site shaped like the MkDocs sites that add the garden to theirs
(tests/fixtures/sites/elsewhere/), built once without the garden and once under each profile:
what a page loses is what the build warned about, and the policy names the hosts the site's
configuration and content need (the standard profile) or says which it leaves out (strict)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from garden.safety.html_inventory import inventory
from support.mkdocs_process import BIN, mkdocs_env, run_mkdocs

pytestmark = pytest.mark.build

SITE = Path(__file__).resolve().parent / "fixtures" / "sites" / "elsewhere"
PLUGINS = {
    "plain": "",
    "standard": "  - garden\n",
    "strict": "  - garden:\n      profile: strict\n",
}
POLICY_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
REMOVED_RE = re.compile(r"docs/index\.md: GL819 removed (<[^>]+>|\S+= on <[^>]+>):")
LEFT_OUT_RE = re.compile(r"mkdocs\.yml: GL820 the strict profile leaves out (\S+) \(")
# The hosts the fixture's configuration needs, and the setting that needs each.
CONFIG_HOSTS = {
    "https://fonts.googleapis.com": "style-src",  # theme.font
    "https://fonts.gstatic.com": "font-src",
    "https://api.github.com": "connect-src",  # repo_url
    "https://*.googletagmanager.com": "script-src",  # extra.analytics
    "https://*.google-analytics.com": "connect-src",
    "https://cdn.jsdelivr.net": "script-src",  # extra_javascript
    "https://unpkg.com": "style-src",  # extra_css
}


def built(root: Path, plugin: str) -> tuple[str, str, Path]:
    """The home page, the build's log and the site of the fixture with `plugin` in its
    plugins (built without --strict: the page holds a script on purpose)."""
    shutil.copytree(SITE, root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - garden\n", plugin),
                      encoding="utf-8")
    result = run_mkdocs("build", "--no-strict", cwd=root)
    assert result.returncode == 0, result.stderr
    return (root / "site" / "index.html").read_text(encoding="utf-8"), result.stderr, root / "site"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str, Path]]:
    return {name: built(tmp_path_factory.mktemp(name) / "site-root", plugin)
            for name, plugin in PLUGINS.items()}


def article(page: str) -> str:
    """The page's content as Markdown and the hooks wrote it: its heading to its last line."""
    return page[page.index("<h1"):page.index("<p>The end.</p>")]


def kinds(markup: str) -> Counter[str]:
    """Elements and attributes of `markup`, named as the build's warnings name them; the
    link autorefs makes of its placeholder after the sanitizer counts as the placeholder."""
    found = inventory(markup.replace('<a class="autorefs', '<autoref class="autorefs'))
    named = Counter({f"<{tag}>": count for tag, count in found.elements.items()})
    named.update({f"{name}= on <{tag}>": count for (tag, name), count in found.attributes.items()})
    return named


def lost(builds: dict[str, tuple[str, str, Path]], profile: str) -> set[str]:
    """What the page holds without the garden and lacks under `profile`; an attribute only
    where more went than its elements did."""
    gone = kinds(article(builds["plain"][0])) - kinds(article(builds[profile][0]))
    return {kind for kind, count in gone.items()
            if kind.startswith("<") or count > gone[kind.split(" on ")[1]]}


def directives(page: str) -> dict[str, list[str]]:
    found = POLICY_RE.search(page)
    assert found, "no policy"
    return {part.split()[0]: part.split()[1:] for part in found.group(1).split("; ")}


@pytest.mark.parametrize("profile", ["standard", "strict"])
def test_what_a_page_loses_is_warned_once_per_kind(
        builds: dict[str, tuple[str, str, Path]], profile: str) -> None:
    """The article under each profile holds the same elements and attributes as without the
    garden, but what the build named in its warnings, each kind once (Material's search
    takes `data-search-exclude` off every page later: warned, and lost either way)."""
    warned = REMOVED_RE.findall(builds[profile][1])
    assert len(warned) == len(set(warned))
    assert lost(builds, profile) <= set(warned)
    assert not kinds(article(builds[profile][0])) - kinds(article(builds["plain"][0]))


def test_the_standard_profile_keeps_the_sites_markup_and_drops_script(
        builds: dict[str, tuple[str, str, Path]]) -> None:
    assert lost(builds, "standard") == {"<script>", "onclick= on <p>"}
    page = article(builds["standard"][0])
    for kept in ('style="text-align: right;"', 'target="_blank"', 'align="left"',
                 "<title>Request flow</title>", '<tspan dx="4">app</tspan>', 'href="#box"',
                 '<source src="assets/demo.webm"', 'src="https://www.youtube-nocookie.com/',
                 'src="https://img.shields.io/', '<button class="md-button"',
                 '<a class="autorefs autorefs-internal" href="#elsewhere.Thing">Thing</a>'):
        assert kept in page


def test_the_strict_profile_names_the_markup_it_drops(
        builds: dict[str, tuple[str, str, Path]]) -> None:
    assert {"<iframe>", "<video>", "<text>", "<script>", "<autoref>", "align= on <img>",
            "target= on <a>"} <= lost(builds, "strict")
    assert "autorefs" not in article(builds["strict"][0])


def test_the_strict_profile_keeps_a_markdown_tables_alignment(
        builds: dict[str, tuple[str, str, Path]]) -> None:
    assert "style= on <td>" not in lost(builds, "strict")
    cells = re.findall(r"<t[dh][^>]*>", article(builds["strict"][0]))
    assert {'<th style="text-align:left">', '<td style="text-align:right">',
            '<td style="text-align:center">'} <= set(cells)


def test_garden_check_names_each_attribute_the_strict_build_removes(
        builds: dict[str, tuple[str, str, Path]]) -> None:
    root = builds["strict"][2].parent
    result = subprocess.run([str(BIN / "garden"), "check", "--format", "json"], cwd=root,
                            env=mkdocs_env(), capture_output=True, text=True)
    named = {(item["line"], match.group(1))
             for item in json.loads(result.stdout)["diagnostics"]
             for match in [re.search(r"'([\w:-]+)=' on ", item["message"])] if match}
    removed = {what.split("=")[0] for what in lost(builds, "strict") if "= on <" in what}
    assert removed, "the fixture holds attributes the strict profile removes"
    # An image's src from another host is named by what it does (GL804, off-site request).
    offsite = {"src"} if '"code": "GL804"' in result.stdout else set()
    assert removed <= {name for _, name in named} | offsite


def test_the_standard_policy_names_the_hosts_the_site_needs(
        builds: dict[str, tuple[str, str, Path]]) -> None:
    page, _, site = builds["standard"]
    policy = directives(page)
    for host, directive in CONFIG_HOSTS.items():
        assert host in policy[directive], (host, directive)
    assert "https://img.shields.io" in policy["img-src"]
    assert policy["frame-src"] == ["https://www.youtube-nocookie.com"]
    sources = [source for values in policy.values() for source in values]
    assert not [source for source in sources if source in ("*", "https:", "http:")]
    # The theme's own pages (404.html) carry the configuration's hosts, and no content's.
    missing = directives((site / "404.html").read_text(encoding="utf-8"))
    assert "https://fonts.gstatic.com" in missing["font-src"]
    assert missing["frame-src"] == ["'none'"]
    for path in site.rglob("*.html"):
        assert POLICY_RE.search(path.read_text(encoding="utf-8")), path


def test_the_strict_policy_warns_once_per_host_it_leaves_out(
        builds: dict[str, tuple[str, str, Path]]) -> None:
    page, log, _ = builds["strict"]
    warned = LEFT_OUT_RE.findall(log)
    assert len(warned) == len(set(warned))
    assert set(CONFIG_HOSTS) <= set(warned)
    policy = " ".join(value for values in directives(page).values() for value in values)
    assert not [host for host in warned if host in policy.split()]
    assert "(theme.font)" in log and "(repo_url)" in log and "(extra.analytics)" in log
