"""GL7xx: external URLs: always well-formed; reachable when asked (`--external`).

The HTTP check runs requests concurrently on threads, each with a timeout, and remembers
good answers in an on-disk cache so that a second run does not ask again.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from garden import __version__
from garden.check.rules import diagnostic
from garden.model.site import Garden
from garden.text.diagnostics import Diagnostic

WEB_SCHEMES = ("http", "https", "ftp")
HOST_LABEL_RE = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
# Servers that refuse HEAD often answer GET properly.
RETRY_WITH_GET = {403, 405, 501}
CACHE_NAME = "external-urls.json"


def url_problem(url: str) -> str | None:
    """Why a URL written as external is malformed; None when it is well-formed."""
    if any(c.isspace() for c in url):
        return "contains whitespace (encode spaces as %20)"
    scheme = url.split(":", 1)[0].lower()
    if scheme == "mailto":
        return None if "@" in url else "mailto: URL without an address"
    if scheme not in WEB_SCHEMES and not url.startswith("//"):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        return str(error)
    if not parts.netloc:
        return "has no host (expected scheme://host/...)"
    host = parts.hostname or ""
    if host.startswith("[") or re.fullmatch(r"[\d.]+|[0-9a-fA-F:]+", host):
        return None
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return f"host '{host}' is not a valid domain name"
    labels = ascii_host.rstrip(".").split(".")
    if not all(HOST_LABEL_RE.match(label) for label in labels):
        return f"host '{host}' is not a valid domain name"
    if len(labels) < 2 and ascii_host != "localhost":
        return f"host '{host}' has no top-level domain"
    return None


def external_links(garden: Garden) -> Iterator[tuple[str, int, int, str]]:
    """(page src, line, column, url) of every link that leaves the site."""
    for src, page in garden.checked_pages():
        for link in page.scan.links:
            url = link.target.strip()
            if link.kind == "ref" or not url:
                continue
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme in WEB_SCHEMES or scheme == "mailto" or url.startswith("//"):
                yield src, link.line, link.column, url


def check_well_formed(garden: Garden) -> Iterable[Diagnostic]:
    for src, line, column, url in external_links(garden):
        problem = url_problem(url)
        if problem:
            yield diagnostic(garden, src, line, column, "GL701",
                             f"malformed URL '{url}': {problem}")


@dataclass(frozen=True)
class ExternalOptions:
    timeout: float = 10.0
    workers: int = 16
    cache_file: Path | None = None
    cache_ttl: float = 24 * 3600.0


def fetch_status(url: str, timeout: float) -> tuple[int | None, str | None]:
    """(HTTP status, None) or (None, why it could not be reached)."""
    import urllib.error
    import urllib.request

    headers = {"User-Agent": f"garden-check/{__version__}"}
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.status, None
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in RETRY_WITH_GET:
                continue
            return error.code, None
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            return None, str(reason) or type(error).__name__
    return None, "no answer"


def _load_cache(path: Path | None) -> dict[str, dict]:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_cache(path: Path | None, cache: dict[str, dict]) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")


def check_reachable(garden: Garden, options: ExternalOptions) -> Iterable[Diagnostic]:
    found = [item for item in external_links(garden)
             if item[3].lower().startswith(("http:", "https:")) and not url_problem(item[3])]
    urls = sorted({url.split("#", 1)[0] for *_, url in found})
    cache = _load_cache(options.cache_file)
    now = time.time()
    fresh = {url for url in urls
             if now - cache.get(url, {}).get("checked", 0) < options.cache_ttl}
    todo = [url for url in urls if url not in fresh]
    results: dict[str, tuple[int | None, str | None]] = {
        url: (cache[url]["status"], None) for url in fresh}
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        for url, result in zip(todo, pool.map(lambda u: fetch_status(u, options.timeout), todo),
                               strict=True):
            results[url] = result
            if result[0] is not None and result[0] < 400:
                cache[url] = {"status": result[0], "checked": now}
            else:
                cache.pop(url, None)  # failures are asked again next time
    _save_cache(options.cache_file, cache)
    for src, line, column, url in found:
        status, error = results[url.split("#", 1)[0]]
        if error is not None:
            yield diagnostic(garden, src, line, column, "GL702",
                             f"'{url}' is unreachable: {error}")
        elif status is not None and status >= 400:
            yield diagnostic(garden, src, line, column, "GL702",
                             f"'{url}' answers HTTP {status}")


RULES = (check_well_formed,)
