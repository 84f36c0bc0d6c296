"""What a piece of HTML holds, element by element and attribute by attribute, and what of it a
cleaning removed: the input's inventory against the output's.

The sanitizer's own output is the one source of truth for what a page loses; nothing here
decides what is allowed. Names are compared lowercased on both sides.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

# Elements whose content the cleaning drops with them (a browser running script reads a
# `<noscript>`'s as text): its elements are named by theirs.
OPAQUE_CONTENT = frozenset({"noscript", "template", "object"})
# The document's own elements, which the parser adds (and an HTML parser some plugins use
# writes around a page's content): a fragment has none, and their content stays.
DOCUMENT_ELEMENTS = frozenset({"html", "head", "body"})
# Attributes whose URL the browser loads by itself, by element (`srcset` holds several).
RESOURCE_URLS = frozenset({"src", "srcset", "poster", "data", "href"})
LOADED_HREF = frozenset({"image", "feimage"})
EXAMPLE_LENGTH = 80


@dataclass
class Inventory:
    """Elements and attributes of some HTML, counted, with the values seen."""

    elements: Counter[str] = field(default_factory=Counter)
    attributes: Counter[tuple[str, str]] = field(default_factory=Counter)
    values: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    start_tags: dict[str, str] = field(default_factory=dict)  # each element's first, as written
    # Names as parsed, SVG's with their case (`linearGradient`, `viewBox`), as nh3 compares them.
    element_names: set[str] = field(default_factory=set)
    attribute_names: set[str] = field(default_factory=set)
    resources: list[tuple[str, str, str]] = field(default_factory=list)  # element, name, URL


@dataclass(frozen=True)
class Removal:
    """One kind of thing a cleaning removed from a page: `<iframe>` or `style= on <td>`."""

    what: str
    example: str  # the first one removed, as written (shortened)
    count: int


def _start_tag(tag: str, attrs: dict[str, str | None]) -> str:
    """An element's start tag, written out again for a message."""
    return "<" + " ".join([tag, *(name if value is None else f'{name}="{value}"'
                                  for name, value in attrs.items())]) + ">"


def _add(found: Inventory, written: str, attrs: dict[str, str | None]) -> None:
    tag = written.lower()
    found.elements[tag] += 1
    if tag not in found.start_tags:
        found.start_tags[tag] = _start_tag(written, attrs)
    found.element_names.add(written)
    found.attribute_names.update(attrs)
    for name, value in attrs.items():
        found.attributes[tag, name.lower()] += 1
        found.values.setdefault((tag, name.lower()), []).append(value or "")
        if value and name in RESOURCE_URLS and (name != "href" or tag in LOADED_HREF):
            found.resources.append((tag, name, value))


def inventory(markup: str) -> Inventory:
    """The elements and attributes of `markup`, parsed as browsers parse HTML (lexbor):
    SVG's names with their case (`viewBox`, `linearGradient`), as nh3 compares them."""
    found = Inventory()
    root = LexborHTMLParser(markup).root
    pending = [root] if root is not None else []
    while pending:
        node = pending.pop()
        written = node.tag or ""
        if written.startswith(("-", "_", "!")):
            continue  # a comment or a doctype
        if written not in DOCUMENT_ELEMENTS:
            _add(found, written, node.attributes)
        if written not in OPAQUE_CONTENT:
            pending.extend(reversed(list(node.iter())))
    return found


def shortened(text: str) -> str:
    return text if len(text) <= EXAMPLE_LENGTH else text[:EXAMPLE_LENGTH - 1] + "…"


def _compared(value: str) -> str:
    """A value as a cleaning may write it back: blanks and a last `;` left out (nh3 writes a
    kept style `text-align: right;` as `text-align:right`)."""
    return "".join(value.split()).rstrip(";")


def removals(before: Inventory, after: Inventory) -> list[Removal]:
    """What `before` holds that `after` lacks: whole elements first, then attributes of the
    elements kept (an attribute of a removed element is not counted twice)."""
    lost_elements = before.elements - after.elements
    found = [Removal(f"<{tag}>", shortened(before.start_tags[tag]), count)
             for tag, count in lost_elements.items()]
    for (tag, name), count in before.attributes.items():
        lost = count - after.attributes[tag, name] - lost_elements[tag]
        if lost > 0:
            kept = {_compared(v) for v in after.values.get((tag, name), ())}
            value = next((v for v in before.values[tag, name] if _compared(v) not in kept), "")
            found.append(Removal(f"{name}= on <{tag}>", shortened(f'<{tag} {name}="{value}">'),
                                 lost))
    return found
