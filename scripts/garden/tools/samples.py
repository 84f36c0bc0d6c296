"""The code samples of the garden's pages, sorted by how they can be tested.

- `run`: a Python fence that runs on its own (`python sample.py`);
- `fragment`: a Python fence marked `<!-- garden: fragment (reason) -->`: compiled and linted,
  not run (it needs a broker, a generated module, the rest of a file);
- `server` and `client`: the Python fences of a pair of content tabs titled "Server" and
  "Client": the server is started and the client must succeed against it;
- `record`: a Python fence inside an "As written in the note" block: the note's code, kept for
  the record next to its correction, so it is only parsed;
- `shell`, `yaml`, `json`, `toml`: parsed only.

Everything else (text, Swift, Makefiles) is shown as written. The tests that run the samples
are in tests/test_samples.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from garden.check.rules.editorial import is_as_written
from garden.check.rules.fences import fragment_reason
from garden.model.site import Garden, Page
from garden.text.fence_code import lexer_name
from garden.text.markdown_scan import Container, Fence

# Pygments lexer names -> the sample kind checked by parsing only.
PARSED_KINDS = {
    "BashLexer": "shell",
    "YamlLexer": "yaml",
    "JsonLexer": "json",
    "TOMLLexer": "toml",
}
PAIR_TABS = {"server": "server", "client": "client"}


@dataclass(frozen=True)
class Sample:
    page: str  # docs-relative path of the page
    line: int  # line of the opening fence
    kind: str  # run, fragment, server, client, record, shell, yaml, json, toml
    code: str
    reason: str = ""  # why a fragment does not run on its own

    @property
    def name(self) -> str:
        """`web/websockets.md:68`, the sample's place for test ids and messages."""
        return f"{self.page}:{self.line}"


def _tab_of(page: Page, fence: Fence) -> Container | None:
    """The innermost content tab the fence is written in, if any."""
    tabs = [c for c in page.scan.containers
            if c.marker.startswith("===") and c.line < fence.line <= c.end_line]
    return tabs[-1] if tabs else None


def sample_kind(page: Page, fence: Fence) -> str | None:
    lexer = lexer_name((fence.lang or "").lower()) if fence.lang else None
    if lexer in PARSED_KINDS:
        return PARSED_KINDS[lexer]
    if lexer != "PythonLexer":
        return None
    if any(is_as_written(c) and c.line < fence.line <= c.end_line for c in page.scan.containers):
        return "record"
    if fragment_reason(page, fence) is not None:
        return "fragment"
    tab = _tab_of(page, fence)
    title = (tab.title or "").strip().casefold() if tab else ""
    return PAIR_TABS.get(title, "run")


def page_samples(page: Page) -> list[Sample]:
    found = []
    for fence in page.scan.fences:
        kind = sample_kind(page, fence) if fence.closed else None
        if kind is not None:
            reason = (fragment_reason(page, fence) or "") if kind == "fragment" else ""
            found.append(Sample(page.src, fence.line, kind, fence.body, reason))
    return found


def garden_samples(garden: Garden) -> list[Sample]:
    """Every sample of every page, in page order."""
    return [sample for _, page in sorted(garden.pages.items()) for sample in page_samples(page)]


def server_client_pairs(samples: list[Sample]) -> list[tuple[Sample, Sample]]:
    """Each server sample with the client sample that follows it on the same page."""
    pairs = []
    for index, sample in enumerate(samples):
        if sample.kind != "server":
            continue
        client = next((s for s in samples[index + 1:] if s.page == sample.page
                       and s.kind == "client"), None)
        if client is not None:
            pairs.append((sample, client))
    return pairs
