"""Linear time: no page, however crafted, costs more than its size.

Each crafted input grows (long runs of blanks, many brackets, many links, unclosed tags and
comments, nesting, long lines) until checking it takes a measurable time, then doubles twice:
per doubling the time may roughly double, never quadruple (a quadratic pattern) or worse. The
measure is a ratio of the best of a few runs of the same work, so a loaded machine slows both
alike, and a ratio over the limit is measured once more before it counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from garden.check.runner import all_rules, check_garden
from garden.model.site import Garden, load_config
from garden.safety.csp import inline_script_hashes
from garden.safety.documents import document_findings
from garden.safety.sanitize import plain_text, sanitize_html
from garden.text.directives import replace_directives
from support.check_projects import write_config

# Doubling the input may multiply the time by this much (linear: 2; quadratic: 4;
# the work of an empty input left out). Linear work with growing memory measured up to 3.1
# on a 2-core CI machine: the limit sits between that and a quadratic's 4.
MAX_GROWTH = 3.5
MIN_SECONDS = 0.04  # grow until the smaller input takes this long...
MAX_CHARS = 1 << 18  # ...or is this long
RUNS = 3

CRAFTED: dict[str, Callable[[int], str]] = {
    "directive with blanks": lambda n: "<!-- garden: ignore" + " " * n + "x\n",
    "unclosed comments": lambda n: "<!--" * (n // 4) + "\n",
    "unclosed autolinks": lambda n: "<http://a" * (n // 9) + "\n",
    "unclosed tags": lambda n: "<a" * (n // 2) + "\n",
    "unclosed end tags": lambda n: "</a" * (n // 3) + "\n",
    "unclosed attribute quotes": lambda n: '<a x="' * (n // 6) + "\n",
    "a tag per line, never closed": lambda n: "<img\n" * (n // 5),
    "many brackets": lambda n: "[" * (n // 2) + "]" * (n // 2) + "\n",
    "escaped brackets": lambda n: ":\\[" * (n // 3) + "\n",
    "escaped closing brackets": lambda n: "[\\]" * (n // 3) + "\n",
    "link openers": lambda n: "[a](" + "(" * n + "\n",
    "many links": lambda n: "[a](b.md) " * (n // 10) + "\n",
    "many images": lambda n: "![a](b.png) " * (n // 12) + "\n",
    "many references": lambda n: "[a][b] " * (n // 7) + "\n",
    "backtick runs": lambda n: "`a" * (n // 2) + "\n",
    "attribute lists": lambda n: "x {" + " a=b" * (n // 4) + "\n",
    "attribute list openers": lambda n: "{#" * (n // 2) + "{a=" * (n // 6) + "\n",
    "nested quotes": lambda n: "> " * (n // 2) + "x\n",
    "nested lists": lambda n: "".join("  " * i + "- x\n" for i in range(int(n ** 0.5))),
    "long line of words": lambda n: "word " * (n // 5) + "\n",
    "emphasis": lambda n: "*a_" * (n // 3) + "\n",
    "dollar signs": lambda n: "$a \\" * (n // 4) + "\n",
    "math openers": lambda n: "\\(a" * (n // 3) + "\n",
    "display formulas never closed": lambda n: "$$\n\n" * (n // 4),
    "unclosed CSS comments and escapes": lambda n: "/*\\7" * (n // 4) + "\n",
}


def best_seconds(work: Callable[[str], object], text: str, runs: int = RUNS) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work(text)
        best = min(best, time.perf_counter() - started)
    return best


def growth(work: Callable[[str], object], make: Callable[[int], str]) -> tuple[int, float]:
    """(size, growth per doubling) from the first size whose work (beyond that of an empty
    input) is measurable: the square root of work(4 size) / work(size), two doublings
    (linear: 2, quadratic: 4). A machine busy during one measure inflates it: the smaller of
    two measures counts."""
    base = best_seconds(work, "")
    size = 1000
    # The best of a few runs here too: a pause during one run stopped the growth at a size
    # whose own work was a fraction of a millisecond, and the ratio then measured noise.
    while best_seconds(work, make(size)) - base < MIN_SECONDS and size < MAX_CHARS:
        size *= 2
    ratios = []
    for _ in range(2):
        small = max(best_seconds(work, make(size)) - base, 1e-6)
        ratios.append((max(best_seconds(work, make(4 * size)) - base, 0) / small) ** 0.5)
        if ratios[-1] <= MAX_GROWTH:
            break
    return size, min(ratios)


@pytest.fixture(scope="module")
def check_page(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], object]:
    """`garden check` of a garden whose one page holds the text: reading it included."""
    root = tmp_path_factory.mktemp("linear")
    (root / "docs").mkdir()
    write_config(root)
    config = load_config(root / "mkdocs.yml")
    page = root / "docs" / "index.md"
    rules = all_rules()

    def check(text: str) -> object:
        page.write_text("# Home\n\n" + text, encoding="utf-8")
        return check_garden(Garden.load(config), rules)

    return check


@pytest.mark.parametrize("name", CRAFTED)
def test_checking_a_crafted_page_takes_linear_time(name: str, check_page) -> None:
    size, ratio = growth(check_page, CRAFTED[name])
    assert ratio <= MAX_GROWTH, f"{name}: from {size} characters, {ratio:.1f}x per doubling"


def build_steps(text: str) -> object:
    """The garden's own steps of a page's build, on text as HTML: the sanitizer, plain text,
    directives, the policy's script hashes, the reading of published HTML and SVG files."""
    html = sanitize_html(text)
    return (plain_text(text), replace_directives(text, "garden", {"recent": str}),
            document_findings("style.css", text),
            inline_script_hashes(html), document_findings("page.html", text),
            document_findings("image.svg", text))


@pytest.mark.parametrize("name", CRAFTED)
def test_the_gardens_build_steps_take_linear_time(name: str) -> None:
    size, ratio = growth(build_steps, CRAFTED[name])
    assert ratio <= MAX_GROWTH, f"{name}: from {size} characters, {ratio:.1f}x per doubling"


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit=st.text(alphabet="<>[]()!`*_{}=:\"'-/ \n#&;|\\", min_size=1, max_size=6))
def test_any_repeated_delimiters_are_checked_in_linear_time(unit: str, check_page) -> None:
    """Runs of any few Markdown and HTML delimiters, repeated: the checker stays linear."""
    size, ratio = growth(check_page, lambda n: unit * (n // len(unit)) + "\n")
    assert ratio <= MAX_GROWTH, f"{unit!r}: from {size} characters, {ratio:.1f}x per doubling"
