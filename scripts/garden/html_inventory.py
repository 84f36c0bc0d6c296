"""What a piece of HTML holds, element by element and attribute by attribute, and what of it a
cleaning removed: the input's inventory against the output's.

The sanitizer's own output is the one source of truth for what a page loses; nothing here
decides what is allowed. Names are compared lowercased, as the standard library's HTML parser
reports them, on both sides.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements whose content a browser reads as text, or the cleaning drops with them: what looks
# like tags inside them is never an element of the page.
OPAQUE_CONTENT = frozenset({"iframe", "noscript", "xmp", "noembed", "noframes", "template",
                            "object", "textarea"})
# The document's own elements, which an HTML parser some plugins use writes around a page's
# content: a fragment has none, and their content stays.
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
    written_names: set[str] = field(default_factory=set)  # element names with their case
    resources: list[tuple[str, str, str]] = field(default_factory=list)  # element, name, URL


@dataclass(frozen=True)
class Removal:
    """One kind of thing a cleaning removed from a page: `<iframe>` or `style= on <td>`."""

    what: str
    example: str  # the first one removed, as written (shortened)
    count: int


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = Inventory()
        self.opaque: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.opaque or tag in DOCUMENT_ELEMENTS:
            return
        found = self.found
        raw = self.get_starttag_text() or f"<{tag}>"
        found.elements[tag] += 1
        found.start_tags.setdefault(tag, raw)
        found.written_names.add(raw[1:1 + len(tag)])
        for name, value in attrs:
            found.attributes[tag, name] += 1
            found.values.setdefault((tag, name), []).append(value or "")
            if value and name in RESOURCE_URLS and (name != "href" or tag in LOADED_HREF):
                found.resources.append((tag, name, value))
        if tag in OPAQUE_CONTENT:
            self.opaque.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.opaque and self.opaque[-1] == tag:
            self.opaque.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.opaque and self.opaque[-1] == tag:
            self.opaque.pop()


def inventory(markup: str) -> Inventory:
    """The elements and attributes of `markup`. Nothing after its last `>` can be a whole tag
    (the standard library's parser would try each `<` there up to the end: quadratic)."""
    reader = _Reader()
    reader.feed(markup[:markup.rfind(">") + 1])
    reader.close()
    return reader.found


def shortened(text: str) -> str:
    return text if len(text) <= EXAMPLE_LENGTH else text[:EXAMPLE_LENGTH - 1] + "…"


def removals(before: Inventory, after: Inventory) -> list[Removal]:
    """What `before` holds that `after` lacks: whole elements first, then attributes of the
    elements kept (an attribute of a removed element is not counted twice)."""
    lost_elements = before.elements - after.elements
    found = [Removal(f"<{tag}>", shortened(before.start_tags[tag]), count)
             for tag, count in lost_elements.items()]
    for (tag, name), count in before.attributes.items():
        lost = count - after.attributes[tag, name] - lost_elements[tag]
        if lost > 0:
            kept = set(after.values.get((tag, name), ()))
            value = next((v for v in before.values[tag, name] if v not in kept), "")
            found.append(Removal(f"{name}= on <{tag}>", shortened(f'<{tag} {name}="{value}">'),
                                 lost))
    return found
