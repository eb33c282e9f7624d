"""Building a large structure without the cyclic garbage collector walking it meanwhile.

::

    with collector_paused():
        records = [validate(row) for row in rows]

CPython's collector runs after every few hundred new containers and, as the survivors grow,
walks all of them again: reading, validating and planning a tab of 100,000 rows that way
spends a third of its time in the collector, freeing nothing, and the time grows faster than
the rows. A run pauses it from the read to the write: what it builds (rows, records,
findings, changes) holds no reference cycles, so reference counting frees it all the same,
and whatever cycles there are go at the collector's next pass. The collector resumes, as it
was, on the way out; the pause never runs a collection itself, nor touches a collector that
was already off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
