"""The quota pacer under a simulated clock: never more than the quota in any minute, and no
wait while there is room. Driven through the same ``Callable[[str], None]`` the Google backend
calls before every attempt."""

from __future__ import annotations

import threading

from sheets_sync.emulator.faults import Quota
from sheets_sync.pacer import QuotaPacer


class SimulatedTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self._lock = threading.Lock()

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.now += max(seconds, 0.0)


def test_calls_within_the_quota_never_wait():
    time = SimulatedTime()
    pacer = QuotaPacer(60, 60, clock=time.clock, sleep=time.sleep)
    for _ in range(60):
        pacer("read")
        pacer("write")
    assert time.now == 1000.0 and pacer.waited == 0.0
    assert pacer.calls == {"read": 60, "write": 60}


def test_the_emulators_quota_never_refuses_a_paced_caller():
    time = SimulatedTime()
    pacer = QuotaPacer(60, 60, clock=time.clock, sleep=time.sleep)
    quota = Quota(reads_per_minute=60, writes_per_minute=60, clock=time.clock)
    refused = 0
    for number in range(500):
        kind = "write" if number % 3 == 0 else "read"
        pacer(kind)
        refused += quota.check(is_read=kind == "read") is not None
        time.now += 0.05  # the request itself takes a moment
    assert refused == 0
    minutes = (time.now - 1000.0) / 60
    # 334 reads at 60 a minute cannot take less than 5 minutes, and pacing adds little
    assert 5 <= minutes < 6.5


def test_an_unpaced_caller_is_refused_by_the_same_quota():
    time = SimulatedTime()
    quota = Quota(reads_per_minute=60, writes_per_minute=60, clock=time.clock)
    refused = sum(quota.check(is_read=True) is not None for _ in range(100))
    assert refused == 40


def test_threads_sharing_one_pacer_stay_under_the_quota():
    time = SimulatedTime()
    pacer = QuotaPacer(30, 30, clock=time.clock, sleep=time.sleep, margin=0.0)
    quota = Quota(reads_per_minute=30, writes_per_minute=30, clock=time.clock)
    refused: list[bool] = []
    arrival = threading.Lock()  # the request reaches the quota at the time it was let go

    def school() -> None:
        for _ in range(20):
            with arrival:
                pacer("read")
                refused.append(quota.check(is_read=True) is not None)

    threads = [threading.Thread(target=school) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(refused) == 120 and not any(refused)
    # 120 reads at 30 a minute: the last 30 cannot start before three minutes have passed
    assert time.now - 1000.0 >= 180
