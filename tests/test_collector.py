"""The collector pause around bulk reading: it always gives the collector back as it was."""

from __future__ import annotations

import gc

import pytest
from conftest import check, school, teacher

from sheets_sync.collector import collector_paused
from sheets_sync.errors import SheetsSyncError


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_back_on_after(collector_on):
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error_inside(collector_on):
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_a_collector_someone_turned_off_stays_off(collector_on):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
    gc.enable()


def test_a_run_gives_the_collector_back_whether_it_writes_or_fails(collector_on, tmp_path):
    path = school(tmp_path, [teacher("Асанова Айгүл")])
    assert check(path).applied
    assert gc.isenabled()
    path.write_bytes(b"not a workbook")
    with pytest.raises(SheetsSyncError):
        check(path)
    assert gc.isenabled()
