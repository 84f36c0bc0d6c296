"""Memory a build no longer needs, handed back to the system.

Pagefind indexes the built site in processes of its own while the build's process still holds
every page MkDocs rendered: what the build's peak is, is the two together. Python's allocator
keeps what it frees for its own later use; glibc's `malloc_trim` gives the free pages back.
"""

from __future__ import annotations

import ctypes
import gc


def release_memory() -> None:
    """Collect what is unreachable, and let the C allocator return the freed pages to the
    system where it can (glibc; other C libraries return large blocks themselves)."""
    gc.collect()
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError, TypeError):  # not glibc; no C library to load by that name
        return
    trim(0)
