"""The garden's model: its configuration, its pages, their anchors and links.

Importer, checker and the MkDocs plugin all load the garden through this module, so that every one
of them sees the same headings, the same anchors (computed with the site's own slugify and
Python-Markdown's duplicate rule) and the same links.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import inspect
import json
import logging
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions.toc import slugify as default_slugify
from markdown.extensions.toc import unique

from garden.model.obsidian import (
    Dialect,
    NotePage,
    Notes,
    block_ids,
    embedder,
    extend,
    inline_tags,
    loose_key,
    translate,
    uses_dialect,
)
from garden.model.options import GardenConfig
from garden.model.terms import GLOSSARY_FILE, Glossary, load_glossary, name_key
from garden.text.diagnostics import Diagnostic, Finding, Severity
from garden.text.markdown_scan import REF_DEF_RE, Heading, Link, Scan, scan_markdown

CONFIG_NAME = "mkdocs.yml"
# Markdown 3.10+ remembers the suffixes it gave (linear in repeated headings); older releases
# give the same ids, counting from _1 each time.
UNIQUE_COUNTS = "counters" in inspect.signature(unique).parameters
# Option names MkDocs quotes in its validation messages: "Config value 'plugins': Plugin
# 'garden' option 'glossary': ..." names plugins, garden, glossary.
CONFIG_NAME_RE = re.compile(r"'([^'\s]+)'")
# Heading text made only of these characters renders to itself, so it needs no Markdown pass.
INLINE_SYNTAX_RE = re.compile(r"[*_`\[\]<>&\\:!~^=+{}$]")
TAG_LISTING_MARKER = "<!-- material/tags"
# Extensions that only run inside an MkDocs page render (they need its `relpath` tree
# processor) and never change a heading's name: left out when naming headings.
BUILD_ONLY_EXTENSIONS = frozenset({"material.extensions.preview"})
FOOTNOTE_REF_RE = re.compile(r"\[\^(?P<id>[^\]\s]+)\]")
# `file.md:3:7` or `file.md:3` selects lines of a snippet.
SNIPPET_LINES_RE = re.compile(r"(?::-?\d*){1,2}$")
EXTERNAL_SCHEMES = ("http:", "https:", "mailto:", "ftp:", "tel:", "data:", "javascript:",
                    "vbscript:")
# Fragments every browser understands without an element carrying the id: the page's top.
BUILTIN_FRAGMENTS = frozenset({"", "top"})


class ConfigError(Exception):
    """mkdocs.yml is missing, or MkDocs' validation refuses it (the message says why)."""


@dataclass(frozen=True)
class SiteConfig:
    """What the garden needs from mkdocs.yml, as MkDocs validated it."""

    config_file: Path
    root: Path
    docs_dir: Path
    options: GardenConfig  # the garden plugin's options (their defaults when it is absent)
    extensions: tuple[str, ...]
    extension_configs: dict[str, dict[str, Any]]
    use_directory_urls: bool
    nav: list | None = None
    site_url: str = ""
    not_in_nav: Any = None  # MkDocs' matcher of `not_in_nav:` patterns, or None
    mkdocs: Any = None  # the MkDocsConfig itself, for MkDocs' own walk of docs_dir
    plugin_names: tuple[str, ...] = ()  # every plugin the site uses (hooks included)
    extra_scripts: frozenset[str] = frozenset()  # what `extra_javascript` lists, docs paths
    custom_dir: Path | None = None  # the theme's `custom_dir` (the site's own templates)
    # Other plugins' validated options by name (`tags`, `material/tags` ...): None when absent.
    plugins: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The logging level of each of MkDocs' `validation:` settings, as "group.setting".
    validation: dict[str, int] = field(default_factory=dict)
    # What MkDocs warned about while validating mkdocs.yml (an unknown option, say).
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def toc_config(self) -> dict[str, Any]:
        return self.extension_configs.get("toc", {})

    @property
    def slugify(self) -> Callable[[str, str], str]:
        return self.toc_config.get("slugify", default_slugify)

    @property
    def separator(self) -> str:
        return self.toc_config.get("separator", "-")

    @property
    def glossary_file(self) -> Path:
        """The glossary's YAML file (plugin option `glossary`, relative to mkdocs.yml)."""
        return self.root / self.options.glossary

    @property
    def glossary_page(self) -> str:
        """The docs page the glossary's entries are rendered into (plugin option
        `glossary_page`): term links point there."""
        return self.options.glossary_page

    @property
    def notes_dir(self) -> Path:
        """The raw notes' folder (plugin option `notes_dir`, relative to mkdocs.yml)."""
        return self.root / self.options.notes_dir

    @property
    def autorefs(self) -> bool:
        """mkdocs-autorefs (which mkdocstrings brings along) resolves references a page does
        not define, `[config][]`, across the site, and reports those it cannot resolve."""
        return bool({"autorefs", "mkdocstrings"} & set(self.plugins))

    def plugin_options(self, *names: str) -> dict[str, Any] | None:
        """The validated options of the first configured plugin among `names`, or None."""
        return next((self.plugins[name] for name in names if name in self.plugins), None)

    def relative(self, path: Path) -> str:
        """A path as diagnostics show it: relative to the project root, with `/`."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def load_config(config_file: str | Path = CONFIG_NAME) -> SiteConfig:
    """mkdocs.yml loaded and validated by MkDocs itself, as a build loads it (`!ENV`, hooks,
    plugins and their options): one reading of the configuration for the build, `garden
    check` and `garden import`. Errors raise ConfigError naming the file, line and option."""
    from mkdocs import exceptions
    from mkdocs.config import load_config as load_mkdocs_config

    path = Path(config_file).resolve()
    if not path.is_file():
        raise ConfigError(f"{config_file}: no such file")
    with _config_messages() as messages:
        try:
            mkdocs_config = load_mkdocs_config(str(path))
        except (exceptions.ConfigurationError, exceptions.Abort) as error:
            found = [str(_at_option(path, message, Severity.ERROR))
                     for level, message in messages if level >= logging.ERROR]
            raise ConfigError("\n".join(found) or f"{config_file}: {error}") from error
    warnings = tuple(_at_option(path, message, Severity.WARNING) for level, message in messages
                     if level == logging.WARNING)
    return replace(config_from_mkdocs(mkdocs_config), warnings=warnings)


@contextlib.contextmanager
def _config_messages() -> Iterator[list[tuple[int, str]]]:
    """What MkDocs logs while it validates a configuration, kept instead of printed."""
    messages: list[tuple[int, str]] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append((record.levelno, record.getMessage()))

    logger = logging.getLogger("mkdocs.config")
    handler, propagate = Keep(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _at_option(path: Path, message: str, severity: Severity) -> Diagnostic:
    """MkDocs' message about an option, at the line of mkdocs.yml that sets it."""
    names = CONFIG_NAME_RE.findall(message)
    line = option_line(path.read_text(encoding="utf-8", errors="replace"), names)
    return Diagnostic(path.name, line, 1, "GL105", message, severity)


def option_line(text: str, names: list[str]) -> int:
    """The 1-based line of mkdocs.yml setting the nested option `names` (outermost first),
    or of the deepest one found: each name is looked for after the line of the one before."""
    lines = text.splitlines()
    start, found = 0, 1
    for name in names:
        key = re.compile(rf"^\s*(?:-\s+)?['\"]?{re.escape(name)}['\"]?\s*:")
        item = re.compile(rf"^\s*-\s+['\"]?{re.escape(name)}['\"]?\s*$")
        hit = next((i for i in range(start, len(lines))
                    if key.match(lines[i]) or item.match(lines[i])), None)
        if hit is None:
            break
        start, found = hit + 1, hit + 1
    return found


def config_from_mkdocs(mkdocs_config: Any) -> SiteConfig:
    """The SiteConfig of a build, from the MkDocsConfig MkDocs validated (no second reading)."""
    path = Path(mkdocs_config.config_file_path).resolve()
    plugins = {name: dict(plugin.config) for name, plugin in mkdocs_config.plugins.items()
               if isinstance(getattr(plugin, "config", None), Mapping)}  # hooks have none
    garden = mkdocs_config.plugins.get("garden")
    options = garden.config if garden is not None else default_options()
    return SiteConfig(
        config_file=path,
        root=path.parent,
        docs_dir=Path(mkdocs_config.docs_dir).resolve(),
        options=options,
        extensions=tuple(name for name in mkdocs_config.markdown_extensions
                         if isinstance(name, str)),
        extension_configs={name: dict(options or {})
                           for name, options in mkdocs_config.mdx_configs.items()},
        use_directory_urls=mkdocs_config.use_directory_urls,
        nav=mkdocs_config.nav,
        site_url=str(mkdocs_config.site_url or ""),
        not_in_nav=mkdocs_config.not_in_nav,
        mkdocs=mkdocs_config,
        plugins=plugins,
        plugin_names=tuple(mkdocs_config.plugins),
        extra_scripts=frozenset(str(item) for item in mkdocs_config.extra_javascript),
        custom_dir=(Path(mkdocs_config.theme.custom_dir).resolve()
                    if mkdocs_config.theme.custom_dir else None),
        validation={f"{group}.{name}": level
                    for group, settings in mkdocs_config.validation.items()
                    for name, level in settings.items()},
    )


def default_options() -> GardenConfig:
    """The garden's options when mkdocs.yml does not name the plugin: every default."""
    options = GardenConfig()
    options.load_dict({})
    options.validate()
    return options


class HeadingNamer:
    """Turns a heading's Markdown into the text the toc extension slugifies.

    Plain text is its own name; anything with inline syntax is rendered once by a Markdown
    instance configured like the site, and the toc extension's own `name` is read back.
    Rendered names can be kept in a cache file, valid while mkdocs.yml and the Markdown
    packages stay the same: building the Markdown instance is the slowest step of a small run.
    """

    def __init__(self, config: SiteConfig, cache_file: Path | None = None) -> None:
        self._config = config
        self._cache_file = cache_file
        self._names: dict[str, str] = self._read_cache()
        self._unsaved = False

    @functools.cached_property
    def _fingerprint(self) -> str:
        import material
        import pymdownx.__meta__

        digest = hashlib.sha256(self._config.config_file.read_bytes())
        for version in (markdown.__version__, pymdownx.__meta__.__version__,
                        material.__version__):
            digest.update(version.encode())
        return digest.hexdigest()

    def _read_cache(self) -> dict[str, str]:
        if self._cache_file is None or not self._cache_file.is_file():
            return {}
        try:
            data = json.loads(self._cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        valid = isinstance(data, dict) and data.get("fingerprint") == self._fingerprint
        return dict(data.get("names") or {}) if valid else {}

    def save(self) -> None:
        """Write the cache file when names were rendered since it was read."""
        if self._cache_file is None or not self._unsaved:
            return
        try:
            self._cache_file.parent.mkdir(parents=True, exist_ok=True)
            self._cache_file.write_text(json.dumps(
                {"fingerprint": self._fingerprint, "names": self._names}, ensure_ascii=False),
                encoding="utf-8")
        except OSError:
            return  # a read-only checkout still checks, only slower
        self._unsaved = False

    @functools.cached_property
    def _markdown(self) -> markdown.Markdown:
        return markdown.Markdown(
            extensions=[name for name in self._config.extensions
                        if name not in BUILD_ONLY_EXTENSIONS],
            extension_configs=self._config.extension_configs,
        )

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one namer lives as long as its config
    def slug(self, name: str) -> str:
        """The configured slugify of a heading name (cached: headings repeat across pages)."""
        return self._config.slugify(name, self._config.separator)

    def name(self, source: str, ref_defs: str = "") -> str:
        """The heading's name; `ref_defs` are the page's reference definitions it uses."""
        if not INLINE_SYNTAX_RE.search(source):
            return source
        key = f"{source}\n{ref_defs}"
        known = self._names.get(key)
        if known is None:
            known = self._names[key] = self._render(source, ref_defs)
            self._unsaved = True
        return known

    def _render(self, source: str, ref_defs: str) -> str:
        md = self._markdown
        md.reset()
        md.convert("# " + source + ("\n\n" + ref_defs if ref_defs else ""))
        tokens = getattr(md, "toc_tokens", [])
        # The toc extension slugifies the unescaped name (`&amp;` is `&`).
        return html.unescape(tokens[0]["name"]) if tokens else source


@dataclass
class Page:
    """One Markdown page of the garden."""

    src: str  # path relative to docs_dir, with `/`
    path: Path
    text: str
    scan: Scan
    heading_ids: list[tuple[Heading, str]] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    # Written in Obsidian's dialect: the file as written (`text` is its translation), and
    # what could not be translated.
    written: str | None = None
    dialect: list[Finding] = field(default_factory=list)
    # Its authored links to other files of docs/, resolved once when it is read (the backlinks
    # and the graph both read them; a page kept between serve builds keeps them).
    outgoing: tuple[tuple[Target, Link], ...] = ()
    # Whether the file as written uses the dialect, when the site reads it: looked at once per
    # version of the file (looking was 0.7 s of each serve rebuild of 10,000 pages).
    obsidian: bool = False

    @property
    def meta(self) -> dict[str, Any]:
        return self.scan.meta

    def has_anchor(self, fragment: str) -> bool:
        """Whether a link to `#fragment` of this page lands on something (its top counts)."""
        return fragment in BUILTIN_FRAGMENTS or fragment in self.anchors

    @property
    def title(self) -> str:
        """The page title as MkDocs picks it: front matter, else the first h1, else the name."""
        if isinstance(self.meta.get("title"), str):
            return self.meta["title"]
        for heading in self.scan.headings:
            if heading.level == 1:
                return heading.source
        stem = posixpath.splitext(posixpath.basename(self.src))[0]
        name = "index" if stem == "README" else stem
        if name == "index" and "/" not in self.src:
            return "Home"  # the site's home page
        title = name.replace("-", " ").replace("_", " ")
        # Capitalized only when all lowercase, as MkDocs does.
        return title.capitalize() if title.lower() == title else title


def snippet_bases(config: SiteConfig) -> list[str]:
    """pymdownx.snippets' base paths, as mkdocs.yml lists them (its default: `.`)."""
    bases = config.extension_configs.get("pymdownx.snippets", {}).get("base_path", ".")
    return [bases] if isinstance(bases, str) else [str(base) for base in bases]


def locate_snippet(config: SiteConfig, target: str) -> tuple[Path, Path] | None:
    """(file, base) a `--8<-- "target"` line includes, searched as pymdownx.snippets does:
    each base path in turn, a target that leaves its base by `..` not found there; the paths
    as pymdownx opens them (symlinks not resolved)."""
    name = SNIPPET_LINES_RE.sub("", target)
    for base in snippet_bases(config):
        folder = Path(os.path.abspath(config.root / base))
        if folder.is_dir():
            candidate = Path(os.path.abspath(folder / name))
            if folder in candidate.parents and candidate.is_file():
                return candidate, folder
        elif folder.is_file() and (folder.parent / name).is_file() and os.path.samefile(
                folder.parent / name, folder):
            return folder, folder
    return None


def find_snippet(config: SiteConfig, target: str) -> Path | None:
    """The file a `--8<-- "target"` line includes, None when pymdownx.snippets finds none."""
    found = locate_snippet(config, target)
    return found[0] if found else None


@functools.lru_cache(maxsize=1024)
def scan_snippet(path: Path) -> Scan | None:
    """A snippet file's scan (None when it cannot be read)."""
    try:
        return scan_markdown(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def page_headings(scan: Scan, config: SiteConfig, depth: int = 0) -> list[Heading]:
    """The page's headings in order, those of included snippets spliced in where included."""
    if not scan.snippets or "pymdownx.snippets" not in config.extensions or depth > 8:
        return scan.headings
    result: list[Heading] = []
    headings = iter(scan.headings)
    pending = next(headings, None)
    for line, target in scan.snippets:
        while pending is not None and pending.line < line:
            result.append(pending)
            pending = next(headings, None)
        path = find_snippet(config, target)
        included = scan_snippet(path) if path else None
        if included is not None:
            result.extend(page_headings(included, config, depth + 1))
    if pending is not None:
        result.append(pending)
    result.extend(headings)
    return result


def _name_source(heading: Heading, scan: Scan, footnotes: set[str]) -> tuple[str, str]:
    """A heading's Markdown without footnote references (the toc drops them), and the
    reference definitions its links need to render."""
    source = FOOTNOTE_REF_RE.sub(lambda m: "" if m["id"] in footnotes else m[0], heading.source)
    if "[" not in source or not scan.ref_defs:
        return source, ""
    refs = "\n".join(f"[{label}]: {url}" for label, url in sorted(scan.ref_defs.items()))
    return source, refs


def compute_heading_ids(scan: Scan, config: SiteConfig, namer: HeadingNamer) -> list[
        tuple[Heading, str]]:
    """The id of every heading exactly as the toc extension assigns it."""
    headings = page_headings(scan, config)
    used: set[str] = set(scan.block_ids)
    used.update(h.explicit_id for h in headings if h.explicit_id)
    footnotes = set(scan.footnotes)
    counters: dict[str, int] = {}
    result = []
    for heading in headings:
        if heading.explicit_id:
            result.append((heading, heading.explicit_id))
            continue
        name = namer.name(*_name_source(heading, scan, footnotes))
        slug = namer.slug(name)
        result.append((heading, unique(slug, used, counters) if UNIQUE_COUNTS
                           else unique(slug, used)))
    return result


def page_anchors(scan: Scan, heading_ids: Iterable[tuple[Heading, str]]) -> set[str]:
    anchors = {anchor for _, anchor in heading_ids}
    anchors.update(scan.block_ids)
    anchors.update(scan.html_ids)
    for note in scan.footnotes:
        anchors.update((f"fn:{note}", f"fnref:{note}"))
    return anchors


def _snippet_ref_defs(targets: Iterable[str], config: SiteConfig) -> dict[str, str]:
    found: dict[str, str] = {}
    for target in targets:
        path = find_snippet(config, target)
        included = scan_snippet(path) if path else None
        if included is not None:
            found.update(included.ref_defs)
    return found


def with_snippet_ref_defs(scan: Scan, config: SiteConfig) -> None:
    """Add the reference definitions a page gets from snippets: those it includes, and those
    pymdownx.snippets adds to every page (`auto_prepend`, `auto_append`), in the order
    Python-Markdown reads them (a later definition of a label wins)."""
    if "pymdownx.snippets" not in config.extensions:
        return
    options = config.extension_configs.get("pymdownx.snippets", {})
    before = [*options.get("auto_prepend", ()), *(target for _, target in scan.snippets)]
    after = options.get("auto_append", ())
    if before or after:
        scan.ref_defs = {**_snippet_ref_defs(before, config), **scan.ref_defs,
                         **_snippet_ref_defs(after, config)}


def build_page(src: str, path: Path, text: str, config: SiteConfig, namer: HeadingNamer) -> Page:
    scan = scan_markdown(text)
    with_snippet_ref_defs(scan, config)
    ids = compute_heading_ids(scan, config, namer)
    return Page(src=src, path=path, text=text, scan=scan, heading_ids=ids,
                anchors=page_anchors(scan, ids), outgoing=outgoing_links(src, scan),
                obsidian=config.options.obsidian and uses_dialect(text))


def outgoing_links(src: str, scan: Scan) -> tuple[tuple[Target, Link], ...]:
    """A page's authored links (inline, reference and raw HTML `href`s) to another file of
    docs/, resolved, in the page's order; a reference definition counts where it is used."""
    found = []
    for link in scan.links:
        if link.kind == "ref":
            url = scan.ref_defs.get(link.target.strip().lower())
        elif link.kind == "link" and REF_DEF_RE.match(scan.lines[link.line - 1]):
            continue
        elif link.kind in ("link", "html"):
            url = link.target
        else:
            continue
        target = resolve_link(src, url) if url else None
        if target is not None and target.src != src:
            found.append((target, link))
    return tuple(found)


def with_dialect(config: SiteConfig, pages: dict[str, Page], files: set[str],
                 namer: HeadingNamer) -> Notes | None:
    """Read again, translated, the pages written in Obsidian's dialect (garden.model.obsidian);
    the names the translation resolved them with, or None when no page uses it."""
    written = [page for page in pages.values() if page.obsidian]
    if not written:
        return None
    notes = Notes(pages={src: note_page(page) for src, page in pages.items()},
                  files=frozenset(files))
    dialect = Dialect.of(config.extensions)
    for page in written:
        text, found = translate(page.text, page.src, notes, dialect, page.scan)
        if text != page.text or found:
            pages[page.src] = replace(build_page(page.src, page.path, text, config, namer),
                                      written=page.text, dialect=found, obsidian=True)
    return notes


def with_inline_tags(meta: dict, page: Page) -> None:
    """A page written in Obsidian's dialect gets the tags it writes in its text (`#tag`) after
    those of its front matter, as Obsidian lists them."""
    if page.written is not None:
        extend(meta, "tags", inline_tags(page.scan))


def note_page(page: Page) -> NotePage:
    """What a wikilink may name of a page: its aliases, headings and anchors."""
    aliases = page.meta.get("aliases") or []
    aliases = [aliases] if isinstance(aliases, str) else aliases
    return NotePage(page.src, tuple(str(alias) for alias in aliases if alias),
                    {key(heading.source): anchor for heading, anchor in reversed(page.heading_ids)
                     for key in (loose_key, name_key)},
                    frozenset(page.anchors | block_ids(page.text)))


def add_tag_listing_anchors(config: SiteConfig, pages: dict[str, Page]) -> None:
    """Material's tags plugin renders one `tag:<slug>` section per tag where a page holds the
    `<!-- material/tags -->` marker: those anchors exist in the built page."""
    options = config.plugin_options("tags", "material/tags")
    if options is None or options.get("enabled", True) is False:
        return
    listings = [page for page in pages.values() if TAG_LISTING_MARKER in page.text]
    if not listings:
        return
    slugify = options.get("tags_slugify") or _default_tag_slugify()
    separator = options.get("tags_slugify_separator", "-")
    template = options.get("tags_slugify_format", "tag:{slug}")
    name_property = options.get("tags_name_property", "tags")
    tags = {str(tag) for page in pages.values() if isinstance(page.meta.get(name_property), list)
            for tag in page.meta[name_property]}
    anchors = {template.format(slug=slugify(tag, separator)) for tag in tags}
    for page in listings:
        page.anchors.update(anchors)


def _default_tag_slugify() -> Callable[[str, str], str]:
    from pymdownx.slugs import slugify

    return slugify(case="lower")


def docs_tree(config: SiteConfig) -> Iterator[tuple[str, Path]]:
    """Every file of the site, as MkDocs' own walk leaves it (its default exclusions,
    `exclude_docs`, README.md beside index.md) with the theme's files the site does not
    replace (a link to `img/favicon.ico` may name the theme's): (site-relative src, path)."""
    from mkdocs.structure.files import get_files

    files = get_files(config.mkdocs)
    files.add_files_from_theme(config.mkdocs.theme.get_env(), config.mkdocs)
    kept = [file for file in files if file.abs_src_path and not file.inclusion.is_excluded()]
    for file in sorted(kept, key=lambda file: file.src_uri):
        yield file.src_uri, Path(file.abs_src_path)


def read_page(src: str, path: Path, config: SiteConfig, namer: HeadingNamer) -> Page | str:
    """One page read as MkDocs reads it, or the reason it cannot be."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        return f"not valid UTF-8 (byte {error.start})"
    try:
        return build_page(src, path, text.replace("\r\n", "\n"), config, namer)
    except Exception as error:  # noqa: BLE001 - one odd page must not stop the others
        return f"cannot be scanned ({type(error).__name__}: {error})"


@dataclass
class PageCache:
    """Pages kept between the builds of one `mkdocs serve`: a page is read again only when its
    file changed (modification time and size) or mkdocs.yml did. Pages that include snippets
    are never kept: their headings depend on other files."""

    config_key: bytes = b""
    pages: dict[str, tuple[tuple[int, int], Page]] = field(default_factory=dict)

    def valid_for(self, config: SiteConfig) -> None:
        key = hashlib.blake2b(config.config_file.read_bytes(), digest_size=16).digest()
        if key != self.config_key:
            self.config_key, self.pages = key, {}

    def read(self, src: str, path: Path, config: SiteConfig, namer: HeadingNamer
             ) -> Page | str:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        kept = self.pages.get(src)
        if kept is not None and kept[0] == stamp:
            page = kept[1]
        else:
            page = read_page(src, path, config, namer)
            if isinstance(page, str) or page.scan.snippets:
                self.pages.pop(src, None)
                return page
            self.pages[src] = (stamp, page)
        # The garden adds anchors to some pages (tag listings, the glossary): a copy each build.
        return replace(page, anchors=set(page.anchors))


def is_page(src: str) -> bool:
    return src.lower().endswith((".md", ".markdown"))


@dataclass
class Garden:
    """All pages and files under docs/, read once."""

    config: SiteConfig
    pages: dict[str, Page]
    files: set[str]  # every file under docs_dir (pages included), relative, with `/`
    # The site's other files: the theme's, and those plugins add (`--from-build`).
    site_files: set[str] = field(default_factory=set)
    unreadable: dict[str, str] = field(default_factory=dict)  # src -> reason
    glossary: Glossary = field(default_factory=lambda: Glossary(path=Path(GLOSSARY_FILE)))
    notes: Notes | None = None  # the pages by the names wikilinks use, when any page does
    # The pages rules report on, when not all: the one a failing rule is isolated on, or those
    # an edit changed while serving (each rule still reads every page).
    only: frozenset[str] | None = None
    # Docs paths as diagnostics show them: resolving a path is a system call, and a rule may
    # report a page thousands of times.
    shown: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def rendered_dialect(self, src: str, markdown: str) -> str:
        """A page's Markdown as the build hands it over, its Obsidian dialect translated as
        the model read it, and the notes it embeds written out in full."""
        if self.notes is None or not uses_dialect(markdown):
            return markdown
        dialect = Dialect.of(self.config.extensions)
        text, _ = translate(markdown, src, self.notes, dialect, scan_markdown(markdown),
                            embedder(self.written, self.notes, dialect, src))
        return text

    def serves(self, src: str) -> bool:
        """The built site has a file at this site-relative path."""
        return src in self.files or src in self.site_files

    def written(self, src: str) -> str | None:
        """A page's file as written (before its dialect is translated)."""
        page = self.pages.get(src)
        return None if page is None else page.written or page.text

    def checked_pages(self) -> list[tuple[str, Page]]:
        """The pages rules report on, in order: every page, or only `only`'s."""
        if self.only is not None:
            return sorted((src, self.pages[src]) for src in self.only if src in self.pages)
        return sorted(self.pages.items())

    @classmethod
    def load(cls, config: SiteConfig, names_cache: Path | None = None) -> Garden:
        """Read the garden from disk (the `garden` command); `names_cache` keeps rendered
        heading names between runs."""
        return cls.read(config, docs_tree(config), names_cache)

    @classmethod
    def from_files(cls, config: SiteConfig, files: Any, cache: PageCache | None = None
                   ) -> Garden:
        """The garden of one MkDocs build: the pages and files of its `Files`, as MkDocs
        selected them (its exclusions, other plugins' additions), never a second walk;
        `cache` keeps unchanged pages between the builds of one `mkdocs serve`."""
        tree = [(file.src_uri, Path(file.abs_src_path)) for file in files if file.abs_src_path]
        return cls.read(config, tree, cache=cache)

    @classmethod
    def read(cls, config: SiteConfig, tree: Iterable[tuple[str, Path]],
             names_cache: Path | None = None, cache: PageCache | None = None) -> Garden:
        """Read the pages among `tree`'s (src, path) files."""
        namer = HeadingNamer(config, names_cache)
        if cache is not None:
            cache.valid_for(config)
        read = cache.read if cache is not None else read_page
        pages: dict[str, Page] = {}
        files: set[str] = set()
        unreadable: dict[str, str] = {}
        site_files: set[str] = set()
        for src, path in tree:
            if not path.is_relative_to(config.docs_dir):
                site_files.add(src)  # a theme's file is part of the site, never one of its pages
                continue
            files.add(src)
            if not is_page(src):
                continue
            page = read(src, path, config, namer)
            if isinstance(page, str):
                unreadable[src] = page
            else:
                pages[src] = page
        notes = with_dialect(config, pages, files, namer) if config.options.obsidian else None
        namer.save()
        add_tag_listing_anchors(config, pages)
        glossary = load_glossary(config.glossary_file)
        if config.glossary_page in pages:  # its entries are rendered from glossary.yml
            pages[config.glossary_page].anchors.update(glossary.anchors())
        return cls(config=config, pages=pages, files=files, unreadable=unreadable,
                   glossary=glossary, notes=notes, site_files=site_files)

    def rel(self, src: str) -> str:
        """A docs path as the project root sees it, for diagnostics."""
        if src not in self.shown:
            self.shown[src] = self.config.relative(self.config.docs_dir / src)
        return self.shown[src]


def link_findings(garden: Garden, written: Mapping[str, str],
                  files: Iterable[str] = ()) -> dict[str, list[Finding]]:
    """What the site would report on the links of pages not written yet (an import's), by
    docs path, were they written beside the garden's pages (in place of any at the same path)
    with `files` beside them: the dialect's translation (GL211: a wikilink to a heading or
    block its note lacks), and an inline link to a heading another page lacks (GL202)."""
    config = garden.config
    namer = HeadingNamer(config)
    new = {src: build_page(src, config.docs_dir / src, text, config, namer)
           for src, text in written.items()}
    pages = {**garden.pages, **new}
    notes = Notes(pages={src: note_page(page) for src, page in pages.items()},
                  files=frozenset({*garden.files, *written, *files}))
    dialect = Dialect.of(config.extensions)
    return {src: [*(translate(page.text, src, notes, dialect, page.scan)[1]
                    if page.obsidian else ()),
                  *(Finding(link.line, link.column, "GL202",
                            f"anchor '#{target.fragment}' does not exist on {target.src}")
                    for target, link in (*page.outgoing, *_own_headings(src, page.scan))
                    if link.kind == "link" and target.src in pages
                    and not pages[target.src].has_anchor(target.fragment))]
            for src, page in new.items()}


def _own_headings(src: str, scan: Scan) -> Iterator[tuple[Target, Link]]:
    """A page's inline links to a heading of its own (`[x](#part)`)."""
    for link in scan.links:
        if link.kind == "link" and link.target.startswith("#") and len(link.target) > 1:
            target = resolve_link(src, link.target)
            if target is not None:
                yield target, link


@dataclass(frozen=True)
class Target:
    """Where an internal link points, relative to docs_dir."""

    src: str  # "" when the link is only a fragment
    fragment: str


def is_external(url: str) -> bool:
    lowered = url.strip().lower()
    return lowered.startswith(EXTERNAL_SCHEMES) or lowered.startswith("//")


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a page (`web/http/`, `web/http.html`, `web/`)."""
    stem, _, _ = src.rpartition(".")
    head, _, name = stem.rpartition("/")
    folder = f"{head}/" if head else ""
    if name in ("index", "README"):
        return folder
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def resolve_link(page_src: str, url: str, base: str | None = None) -> Target | None:
    """Resolve a relative link written in `page_src`; None for external or absolute links.
    `base`: the folder it is relative to, when not the page's own (a raw HTML URL is relative
    to the page's URL, as MkDocs leaves it to the browser)."""
    if is_external(url) or url.startswith("/"):
        return None
    if ":" in url:
        parts = urlsplit(url)
        path, fragment = parts.path, parts.fragment
    else:  # the common case, split by hand: urlsplit is the slowest step of a check
        path, _, fragment = url.partition("#")
        path = path.partition("?")[0]
    if "%" in fragment:
        fragment = unquote(fragment)
    if not path:
        return Target(page_src, fragment)
    folder = posixpath.dirname(page_src) if base is None else base
    joined = posixpath.normpath(posixpath.join(folder, unquote(path)))
    return Target(joined, fragment)
