"""Results kept from one build to the next of a `mkdocs serve`.

An edit changes a few pages; reading each of the others' sentences again took most of a typical
edit's build at 10,000 pages. `KeptResults` wraps a pure function of text: a build asks it as it
would the function, and the next build gets the answers the last one asked for without computing
them again. Only what the last build asked for is kept, so it never grows past one build's worth.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class KeptResults(Generic[K, V]):
    """`function`'s results for the keys this build asked for, and those of the build before."""

    def __init__(self, function: Callable[[K], V]) -> None:
        self._function = function
        self._kept: dict[K, V] = {}
        self._asked: dict[K, V] = {}

    def __call__(self, key: K) -> V:
        asked = self._asked
        if key not in asked:
            asked[key] = self._kept[key] if key in self._kept else self._function(key)
        return asked[key]

    def next_build(self) -> None:
        """The answers this build asked for are the ones kept; the others are dropped."""
        self._kept, self._asked = self._asked, {}
