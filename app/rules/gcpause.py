"""The cyclic garbage collector paused around one bulk step (no Qt, no database)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, as it was before after it.

    Loading 100,000 projects' facts or running the engine over them allocates millions of
    acyclic objects beside data that stays alive, so the collector's full passes walk millions
    of live objects and free nothing (a fifth to a third of those steps). Nested or concurrent
    blocks only re-enable what they found enabled."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
