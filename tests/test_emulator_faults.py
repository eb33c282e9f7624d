"""Injected failures, quotas, restricted spreadsheets, the request log and concurrent clients."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import requests

from sheets_sync.emulator import Emulator


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def sid(emu: Emulator) -> str:
    return emu.create_spreadsheet("Мектеп", tabs={"Мугалимдер": [["ID"], ["1"]]})


def read(emu: Emulator, sid: str) -> requests.Response:
    return requests.get(f"{emu.url}/v4/spreadsheets/{sid}/values/A1", timeout=5)


def write(emu: Emulator, sid: str, value: str = "x") -> requests.Response:
    return requests.put(
        f"{emu.url}/v4/spreadsheets/{sid}/values/B1",
        params={"valueInputOption": "RAW"},
        json={"values": [[value]]},
        timeout=5,
    )


def test_fail_next_answers_429_with_retry_after_then_recovers(emu: Emulator, sid: str) -> None:
    emu.faults.fail_next(1, status=429, retry_after=2)
    refused = read(emu, sid)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "2"
    assert refused.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert read(emu, sid).status_code == 200


def test_fail_next_can_answer_several_503s(emu: Emulator, sid: str) -> None:
    emu.faults.fail_next(2, status=503)
    statuses = [read(emu, sid).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert "Retry-After" not in read(emu, sid).headers


def test_drop_next_closes_the_connection_without_an_answer(emu: Emulator, sid: str) -> None:
    emu.faults.drop_next(1)
    with pytest.raises(requests.ConnectionError):
        write(emu, sid, "lost")
    assert emu.values(sid, "Мугалимдер") == [["ID"], ["1"]]  # the request was never applied
    assert emu.requests[-1].status is None
    assert write(emu, sid).status_code == 200


def test_random_faults_follow_their_seed_and_rate(emu: Emulator, sid: str) -> None:
    def run() -> list[int]:
        emu.faults.random(rate=0.3, statuses=(429, 500, 503), retry_after=1, seed=7)
        statuses = [read(emu, sid).status_code for _ in range(60)]
        emu.faults.clear()
        return statuses

    first, second = run(), run()
    assert first == second
    failures = [status for status in first if status != 200]
    assert 6 <= len(failures) <= 30
    assert set(failures) <= {429, 500, 503}
    assert read(emu, sid).status_code == 200


def test_random_drops_are_connection_errors(emu: Emulator, sid: str) -> None:
    emu.faults.random(rate=0.0, drop_rate=1.0, seed=1)
    with pytest.raises(requests.ConnectionError):
        read(emu, sid)
    emu.faults.clear()
    assert read(emu, sid).status_code == 200


def test_faults_never_touch_the_token_endpoint(emu: Emulator) -> None:
    emu.faults.fail_next(1, status=500)
    answer = requests.post(f"{emu.url}/token", data={"grant_type": "x"}, timeout=5)
    assert answer.status_code == 400  # the token endpoint's own answer, not the fault
    assert requests.get(f"{emu.url}/v4/spreadsheets/nope", timeout=5).status_code == 500


def test_quota_counts_reads_and_writes_per_minute(emu: Emulator, sid: str) -> None:
    now = [1000.0]
    emu.quota(reads_per_minute=2, writes_per_minute=1, clock=lambda: now[0])
    assert [read(emu, sid).status_code for _ in range(2)] == [200, 200]
    over = read(emu, sid)
    assert over.status_code == 429
    assert over.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert "'Read requests per minute per user'" in over.json()["error"]["message"]
    assert write(emu, sid).status_code == 200  # writes have their own budget
    assert write(emu, sid).status_code == 429
    now[0] += 60
    assert read(emu, sid).status_code == 200
    emu.quota(None, None)
    assert all(read(emu, sid).status_code == 200 for _ in range(5))


def test_a_restricted_spreadsheet_answers_403_to_everything(emu: Emulator, sid: str) -> None:
    other = emu.create_spreadsheet("Башка")
    emu.restrict(sid)
    for answer in (read(emu, sid), write(emu, sid)):
        assert answer.status_code == 403
        assert answer.json()["error"] == {
            "code": 403,
            "message": "The caller does not have permission",
            "status": "PERMISSION_DENIED",
        }
    assert read(emu, other).status_code == 200
    emu.unrestrict(sid)
    assert read(emu, sid).status_code == 200


def test_the_request_log_records_each_call(emu: Emulator, sid: str) -> None:
    emu.clear_log()
    write(emu, sid, "Асанова")
    requests.get(
        f"{emu.url}/v4/spreadsheets/{sid}/values:batchGet",
        params=[("ranges", "'Мугалимдер'!A1"), ("ranges", "B1")],
        timeout=5,
    )
    first, second = emu.requests
    assert (first.method, first.path, first.status) == (
        "PUT",
        f"/v4/spreadsheets/{sid}/values/B1",
        200,
    )
    assert first.query == {"valueInputOption": ["RAW"]}
    assert first.body == {"values": [["Асанова"]]}
    assert second.query == {"ranges": ["'Мугалимдер'!A1", "B1"]}
    assert second.body is None
    emu.clear_log()
    assert emu.requests == []


def test_concurrent_clients_lose_no_writes(emu: Emulator, sid: str) -> None:
    def append(worker: int) -> None:
        with requests.Session() as session:
            for n in range(10):
                answer = session.post(
                    f"{emu.url}/v4/spreadsheets/{sid}/values/'Мугалимдер'!A1:append",
                    params={"valueInputOption": "RAW"},
                    json={"values": [[f"{worker}-{n}"]]},
                    timeout=10,
                )
                assert answer.status_code == 200

    threads = [threading.Thread(target=append, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    column = [row[0] for row in emu.values(sid, "Мугалимдер")]
    assert len(column) == 2 + 80
    assert sorted(column[2:]) == sorted(f"{w}-{n}" for w in range(8) for n in range(10))
