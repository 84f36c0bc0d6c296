"""Results kept from one build to the next of a `mkdocs serve`.

An edit changes a few pages; reading each of the others' sentences again took most of a typical
edit's build at 10,000 pages. `KeptResults` wraps a pure function of text (or of a page, by its
text): a build asks it as it would the function, and the next build gets the answers the last one
asked for without computing them again. Only what the last build asked for is kept, so it never
grows past one build's worth.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

A = TypeVar("A")
V = TypeVar("V")


class KeptResults(Generic[A, V]):
    """`function`'s results for what this build asked, and those of the build before, by
    `key` of the argument (the argument itself by default: it must then be hashable)."""

    def __init__(self, function: Callable[[A], V],
                 key: Callable[[A], Hashable] = lambda argument: argument) -> None:
        self._function = function
        self._key = key
        self._kept: dict[Hashable, V] = {}
        self._asked: dict[Hashable, V] = {}

    def __call__(self, argument: A) -> V:
        asked, key = self._asked, self._key(argument)
        if key not in asked:
            asked[key] = self._kept[key] if key in self._kept else self._function(argument)
        return asked[key]

    def next_build(self) -> None:
        """The answers this build asked for are the ones kept; the others are dropped."""
        self._kept, self._asked = self._asked, {}
