"""Front matter is a schema, not a bag: every key a page may carry, with its type.

Keys are declared by the garden itself, by MkDocs and Material (what their templates read) and
by the plugins a site uses; a site adds its own with the plugin option `front_matter`. The
checker reports what breaks the schema at the key's line (GL812-GL814) and the build warns about
the same (`mkdocs build --strict` fails), then makes every value plain text, whatever its YAML
type, before a template can print it (`plain_value`).
"""

from __future__ import annotations

import datetime
import importlib.util
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from garden.safety.sanitize import plain_text

# A date as YAML reads one unquoted, or as a note editor may quote it: 2026-01-31, with a time.
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                     r"(?:Z|[+-]\d{2}:?\d{2})?)?$")
# Which kind a key is declared with when its values fit two alike (a quoted date is text too).
DECLARED_FIRST = ("date", "text", "texts", "number", "flag", "records")
NAME_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
ICON_RE = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)+$")
HASH_RE = re.compile(r"^[0-9a-f]{8,64}$")
# Templates of the theme made for one purpose, never for a page of content: Material's redirect
# page prints a front matter location into a script; the blog's need the blog plugin's context.
SPECIAL_TEMPLATES = frozenset({"404.html", "base.html", "redirect.html", "blog.html",
                               "blog-post.html", "sitemap.xml", "sitemap.html"})
DEFAULT_TEMPLATE = "main.html"
# What Material reads from `hide:`.
HIDE_CHOICES = frozenset({"navigation", "toc", "footer", "path", "tags", "feedback"})


@dataclass(frozen=True)
class Field:
    """One key's type: a kind, and for text the pattern or choices it must match."""

    kind: str
    pattern: re.Pattern[str] | None = None
    choices: frozenset[str] = frozenset()
    fields: Mapping[str, Field] = field(default_factory=dict)  # a mapping's keys
    # A list that may also be written empty or as one text, as note editors write
    # `aliases:` and `cssclasses:` (Obsidian's properties).
    loose: bool = False
    # A list that may be written empty (`tags:`, as a note's template leaves it): no items.
    nullable: bool = False


TEXT = Field("text")
TEXTS = Field("texts")
FLAG = Field("flag")
NUMBER = Field("number")
LOOSE_TEXTS = Field("texts", loose=True)
# Material's tags plugin reads an empty `tags:` as none; one text would fail its build.
TAGS = Field("texts", nullable=True)

GARDEN_KEYS: dict[str, Field] = {
    "title": TEXT, "description": TEXT, "tags": TAGS, "maturity": Field("text", NAME_RE),
    "source": Field("records"), "generated": Field("text", HASH_RE),
    "lang": Field("text", LANG_RE), "glossary": FLAG,
    # Obsidian's (and Obsidian Publish's) own properties (garden.model.obsidian, `garden import`).
    "aliases": LOOSE_TEXTS, "publish": FLAG, "draft": FLAG, "cssclasses": LOOSE_TEXTS,
    "cssclass": LOOSE_TEXTS, "permalink": TEXT,
}
THEME_KEYS: dict[str, Field] = {  # MkDocs' and Material's templates
    "template": TEXT, "author": TEXT, "subtitle": TEXT, "icon": Field("text", ICON_RE),
    "status": Field("text", NAME_RE), "hide": Field("texts", choices=HIDE_CHOICES),
    "comments": FLAG,
}
PLUGIN_KEYS: dict[str, dict[str, Field]] = {
    "search": {"search": Field("mapping", fields={"exclude": FLAG, "boost": NUMBER})},
    "material/search": {"search": Field("mapping", fields={"exclude": FLAG, "boost": NUMBER})},
    "glightbox": {"glightbox": FLAG},
    "tags": {"tags": TAGS},
    "material/tags": {"tags": TAGS},
}


def schema(plugins: Iterable[str], extra: Mapping[str, str] | None = None) -> dict[str, Field]:
    """The keys a page of a site with these plugins may carry; `extra`: the site's own keys
    (plugin option `front_matter`, key -> kind)."""
    keys = {**GARDEN_KEYS, **THEME_KEYS}
    for plugin in plugins:
        keys.update(PLUGIN_KEYS.get(plugin, {}))
    for key, kind in (extra or {}).items():
        keys[key] = Field(kind)  # one of FRONT_MATTER_KINDS: the option is validated
    return keys


@dataclass(frozen=True)
class Theme:
    """What front matter may pick from the theme: page templates by name, icons by path."""

    templates: frozenset[str]
    icon_dirs: tuple[Path, ...] = ()  # folders holding `<icon>.svg`

    def has_icon(self, name: str) -> bool:
        return any((folder / f"{name}.svg").is_file() for folder in self.icon_dirs)


def theme_of(custom_dir: Path | None) -> Theme:
    """The site's page templates and icons: Material's and its custom_dir's."""
    spec = importlib.util.find_spec("material")
    folders = [Path(location) / "templates" for location in
               (spec.submodule_search_locations or [])] if spec else []
    if custom_dir is not None:
        folders.insert(0, custom_dir)
    return Theme(allowed_templates(custom_dir), tuple(folder / ".icons" for folder in folders))


def allowed_templates(custom_dir: Path | None) -> frozenset[str]:
    """Templates a page may name: the theme's page template and the site's own top-level
    templates (in its custom_dir), by name; none of the special-purpose ones."""
    names = {DEFAULT_TEMPLATE}
    if custom_dir is not None and custom_dir.is_dir():
        names |= {path.name for path in custom_dir.glob("*.html") if path.is_file()}
    return frozenset(names - SPECIAL_TEMPLATES)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, datetime.date)) and not isinstance(value, bool)


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple, set)):
        return "a list"
    if isinstance(value, bytes):
        return "binary data (!!binary)"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "empty"
    if isinstance(value, str):
        return f"text ('{value[:40]}')"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, datetime.date):
        return f"a date ({value.isoformat()})"
    return f"a {type(value).__name__}"


def _text_problem(value: Any, spec: Field) -> str | None:
    if not isinstance(value, str):
        return f"must be text, not {_type_name(value)}"
    if spec.choices and value not in spec.choices:
        return f"'{value[:40]}' is not one of {', '.join(sorted(spec.choices))}"
    if spec.pattern is not None and not spec.pattern.match(value):
        return f"'{value[:40]}' is not a valid value"
    return None


def _mapping_problems(value: Any, spec: Field) -> Iterator[str]:
    if not isinstance(value, dict):
        yield f"must be a mapping, not {_type_name(value)}"
        return
    for key, item in value.items():
        inner = spec.fields.get(str(key))
        if inner is None:
            yield f"has no key '{str(key)[:40]}' (known: {', '.join(sorted(spec.fields))})"
        else:
            yield from (f"'{key}' {why}" for why in value_problems(item, inner))


def _texts_problems(value: Any, spec: Field) -> Iterator[str]:
    if value is None and (spec.loose or spec.nullable):
        return
    if spec.loose and isinstance(value, str):
        return
    if not isinstance(value, list):
        yield f"must be a list of text, not {_type_name(value)}"
        return
    for item in value:
        problem = _text_problem(item, spec)
        if problem:
            yield f"entry {problem}"


def _scalar_problems(value: Any, spec: Field) -> Iterator[str]:
    if spec.kind == "text":
        problem = _text_problem(value, spec)
        if problem:
            yield problem
    elif spec.kind == "flag" and not isinstance(value, bool):
        yield f"must be true or false, not {_type_name(value)}"
    elif spec.kind == "number" and (isinstance(value, bool)
                                    or not isinstance(value, (int, float))):
        yield f"must be a number, not {_type_name(value)}"
    elif spec.kind == "date" and "date" not in _fits(value):
        yield f"must be a date such as 2026-01-31, not {_type_name(value)}"


def _records_problems(value: Any, spec: Field) -> Iterator[str]:
    if not (isinstance(value, list) and all(
            isinstance(item, dict) and all(_is_scalar(v) for v in item.values())
            for item in value)):
        yield f"must be a list of mappings of plain values, not {_type_name(value)}"


def value_problems(value: Any, spec: Field) -> Iterator[str]:
    """Why `value` is not of the declared type (empty when it is)."""
    check = {"texts": _texts_problems, "records": _records_problems,
             "mapping": _mapping_problems}.get(spec.kind, _scalar_problems)
    yield from check(value, spec)


@dataclass(frozen=True)
class Problem:
    """A key of one page's front matter that breaks the schema."""

    key: str
    code: str  # GL812 unknown key, GL813 wrong type, GL814 template not allowed
    message: str


def front_matter_problems(meta: Mapping[Any, Any], keys: Mapping[str, Field],
                          theme: Theme) -> Iterator[Problem]:
    """Every key of `meta` that is unknown, of the wrong type or an unlisted template."""
    for raw_key, value in meta.items():
        key = str(raw_key)
        spec = keys.get(key)
        if spec is None:
            yield Problem(key, "GL812", (
                f"front matter key '{plain_text(key)[:40]}' is not one the garden, the theme or "
                "a plugin in use reads; remove it (or declare it in the plugin option "
                "`front_matter`)"))
            continue
        for why in value_problems(value, spec):
            yield Problem(key, "GL813", f"front matter `{key}` {why}")
        if key == "template" and isinstance(value, str) and value not in theme.templates:
            yield Problem(key, "GL814", (
                f"template '{plain_text(value)[:60]}' is not one of the site's page templates "
                f"({', '.join(sorted(theme.templates))}); the build uses {DEFAULT_TEMPLATE}"))
        if (key == "icon" and isinstance(value, str) and ICON_RE.match(value)
                and theme.icon_dirs and not theme.has_icon(value)):
            yield Problem(key, "GL813", f"front matter `icon` '{value}' is no icon of the theme")


def site_schema(plugins: Iterable[str], options: Mapping[str, Any],
                custom_dir: Path | None) -> tuple[dict[str, Field], Theme]:
    """The keys, page templates and icons of a site: its plugins, the garden plugin's options,
    its theme."""
    return schema(plugins, options.get("front_matter")), theme_of(custom_dir)


def key_line(lines: list[str], last: int, key: str) -> int:
    """The front matter line naming `key` (among the first `last` lines), 1 when not found."""
    pattern = re.compile(rf"^(?:{re.escape(key)}|['\"]{re.escape(key)}['\"])\s*:")
    for number, line in enumerate(lines[:last], start=1):
        if pattern.match(line):
            return number
    return 1


def plain_value(value: Any) -> Any:
    """A front matter value as plain text, recursively: strings (and mapping keys) with tags
    dropped and text escaped, binary data decoded, any other object as its escaped text.
    Printed whole (a list, a mapping), its text holds no markup either: no string in it can
    hold a quote or `<`."""
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, bytes):
        return plain_text(value.decode("utf-8", errors="replace"))
    if isinstance(value, bool) or value is None or isinstance(
            value, (int, float, datetime.date)):
        return value
    if isinstance(value, dict):
        return {plain_value(key): plain_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain_value(item) for item in value]
    return plain_text(str(value))


def as_text(value: Any) -> str:
    """Text for a key printed as text that holds something else: its plain leaves, joined."""
    if isinstance(value, dict):
        return " ".join(as_text(item) for item in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return " ".join(as_text(item) for item in value)
    return str(plain_value(value)) if value is not None else ""


def _fits(value: Any) -> tuple[str, ...]:
    """The kinds a key could be declared with that `value` is of."""
    if isinstance(value, bool):
        return ("flag",)
    if isinstance(value, (int, float)):
        return ("number",)
    if isinstance(value, datetime.date):
        return ("date",)
    if isinstance(value, str):
        return ("date", "text") if DATE_RE.match(value) else ("text",)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ("texts",)
    if isinstance(value, list) and all(
            isinstance(item, dict) and all(_is_scalar(v) for v in item.values())
            for item in value):
        return ("records",)
    return ()


@dataclass(frozen=True)
class KeyKind:
    """The kind to declare a key with, and how many of its values are of another one."""

    kind: str
    misfits: int  # `garden check` reports each (GL813)


def kind_of(values: Iterable[Any]) -> KeyKind | None:
    """The kind most of a key's values are of, to declare it (`text`, `texts`, `flag`,
    `number`, `date`, `records`), or None when none is of a kind a key can be declared with
    (nested mappings)."""
    present = [value for value in values if value is not None]
    counts = Counter(kind for value in present for kind in _fits(value))
    if not counts:
        return None
    kind = max(counts, key=lambda found: (counts[found], -DECLARED_FIRST.index(found)))
    return KeyKind(kind, len(present) - counts[kind])
