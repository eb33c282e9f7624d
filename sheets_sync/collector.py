"""Building a large structure without the cyclic garbage collector walking it meanwhile.

::

    with collector_paused():
        records = [validate(row) for row in rows]

CPython's collector runs after every few hundred new containers and, as the survivors grow,
walks all of them again: reading or validating a tab of 100,000 rows that way spends as
long in the collector as in the work, and the time grows faster than the rows. The
structures built under the pause hold no reference cycles (rows, records, findings), so
reference counting frees them all the same; the collector resumes, as it was, on the way
out. It does not run a collection itself, nor touch a collector that was already off.
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
