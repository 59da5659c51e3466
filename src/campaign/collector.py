"""Pausing Python's cyclic garbage collector around work that allocates millions of objects.

Loading a large recipients list allocates hundreds of thousands of objects; every 700
allocations start a collection, and the older generations make the collector walk every object
the process holds. Loading leaves almost no cycles behind, so those walks find nothing: with tens
of thousands of recipients they were a large part of `validate` (bench/README.md has the figures).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused(*, keeps: bool = False) -> Iterator[None]:
    """Pause the collector for the block if it runs, and turn it back on after, also on failure.

    Nested pauses are fine: only the outermost one turns the collector back on, and a caller that
    paused it keeps it paused.

    `keeps`: what the block allocated is kept for the rest of the run (a loaded campaign). It is
    moved straight to the oldest generation, which the collector scans rarely, instead of being
    scanned once more as young objects the moment the collector is back. Garbage among it is
    still collected, at the next full collection. Without it the first collection after the block
    frees the cycles it left.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if keeps:
                gc.freeze()  # every tracked object to the permanent generation, unscanned...
                gc.unfreeze()  # ...and from there to the oldest one
            gc.enable()
