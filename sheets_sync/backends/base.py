"""What every backend offers the engine: one read, one batched write.

A backend knows workbooks, tabs and cells, nothing of schools::

    snapshot = backend.read()
    ...
    backend.apply(snapshot, changes)   # one batch, or nothing at all

``apply`` must refuse (raise a ``SheetsSyncError``) rather than write over changes made to the
workbook after ``snapshot`` was read, and must apply all of a change set or none of it.
"""

from __future__ import annotations

from typing import Protocol

from ..changes import ChangeSet
from ..snapshot import Snapshot


class Backend(Protocol):
    @property
    def source(self) -> str:
        """Where the workbook lives, as a person would name it (a path, a sheet URL)."""
        ...

    def read(self) -> Snapshot:
        """Every tab's values in one consistent read."""
        ...

    def apply(self, snapshot: Snapshot, changes: ChangeSet) -> None:
        """Apply every change in one batch on top of ``snapshot``.

        The runner calls this on every run that is not a dry run; an empty change set must
        write nothing to the source (a backend that writes to a separate copy may copy).
        """
        ...
