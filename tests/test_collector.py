"""The collector pause: back on after the outermost block; what a load keeps is still collectable."""

from __future__ import annotations

import gc
import weakref

from campaign.collector import collector_paused


class Node:
    """A garbage-collected object that can be made part of a cycle."""

    def __init__(self) -> None:
        self.other: object = None


def test_collector_is_paused_while_loading_and_back_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "only the outermost pause turns the collector back on"
    assert gc.isenabled()


def test_what_a_load_keeps_goes_to_the_oldest_generation_and_garbage_is_still_collected() -> None:
    with collector_paused(keeps=True):
        kept = Node()
        cycle = Node()
        cycle.other = cycle
        probe = weakref.ref(cycle)
        del cycle
    assert gc.isenabled()
    assert any(item is kept for item in gc.get_objects(generation=2))
    assert probe() is not None  # the cycle waits for a full collection...
    gc.collect()
    assert probe() is None  # ...which frees it
