"""The bounded retry: backoff, Retry-After, and both bounds (tries and total time). No waiting."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests

from sheets_sync.retry import (
    Backoff,
    GaveUp,
    RetryPolicy,
    call_with_retry,
    retry_after_seconds,
)

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def answer(status: int, **headers: str) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.headers.update(headers)
    response.raw = io.BytesIO(b"{}")
    return response


def sender(*outcomes):
    """``send`` returning (or raising) each outcome in turn; ``.calls`` counts the tries."""

    def send():
        outcome = outcomes[min(send.calls, len(outcomes) - 1)]
        send.calls += 1
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    send.calls = 0
    return send


def call(send, policy=None, fake=None, **options):
    fake = fake or FakeTime()
    return call_with_retry(
        send,
        policy or RetryPolicy(),
        sleep=fake.sleep,
        clock=fake.clock,
        now=lambda: NOW,
        **options,
    )


def test_backoff_doubles_from_base_delay_up_to_max_delay_without_jitter():
    policy = RetryPolicy(base_delay=1, max_delay=32, jitter=0)
    assert [policy.backoff(tries) for tries in range(1, 8)] == [1, 2, 4, 8, 16, 32, 32]


def test_jitter_only_shortens_the_delay_by_at_most_its_fraction():
    policy = RetryPolicy(base_delay=4, jitter=0.5)
    assert policy.backoff(1, rng=lambda: 0.0) == 4
    assert policy.backoff(1, rng=lambda: 0.999) == pytest.approx(2.002)


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_transient_statuses_are_retried_until_an_answer(status):
    send = sender(answer(status), answer(status), answer(200))
    fake = FakeTime()
    assert call(send, fake=fake).status_code == 200
    assert send.calls == 3 and len(fake.sleeps) == 2


@pytest.mark.parametrize("status", [200, 400, 401, 403, 404])
def test_other_answers_return_at_once(status):
    send = sender(answer(status))
    fake = FakeTime()
    assert call(send, fake=fake).status_code == status
    assert send.calls == 1 and fake.sleeps == []


def test_retry_after_in_seconds_is_honoured_even_above_the_backoff():
    fake = FakeTime()
    call(sender(answer(429, **{"Retry-After": "7"}), answer(200)), fake=fake)
    assert fake.sleeps == [7]


def test_retry_after_as_an_http_date_is_honoured():
    later = format_datetime(NOW + timedelta(seconds=12), usegmt=True)
    fake = FakeTime()
    call(sender(answer(503, **{"Retry-After": later}), answer(200)), fake=fake)
    assert fake.sleeps == [12]


def test_a_short_retry_after_does_not_shorten_the_backoff():
    fake = FakeTime()
    policy = RetryPolicy(base_delay=3, jitter=0)
    call(sender(answer(429, **{"Retry-After": "1"}), answer(200)), policy, fake)
    assert fake.sleeps == [3]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("2", 2.0),
        (" 0 ", 0.0),
        ("1.5", 1.5),
        (format_datetime(NOW - timedelta(seconds=30), usegmt=True), 0.0),
        ("soon", None),
        ("", None),
        (None, None),
        ("inf", None),
    ],
)
def test_retry_after_parsing(value, seconds):
    assert retry_after_seconds(value, NOW) == seconds


def test_tries_bound_stops_and_says_how_many_over_how_long_and_the_last_status():
    send = sender(answer(503))
    fake = FakeTime()
    with pytest.raises(GaveUp) as caught:
        call(send, RetryPolicy(max_tries=4, base_delay=1, jitter=0), fake)
    assert send.calls == 4
    assert fake.sleeps == [1, 2, 4]  # no sleep after the last try
    assert (caught.value.tries, caught.value.seconds, caught.value.last) == (4, 7, "HTTP 503")


def test_total_time_bound_stops_before_a_wait_that_would_pass_it():
    send = sender(answer(500))
    fake = FakeTime()
    policy = RetryPolicy(max_tries=100, max_total_seconds=10, base_delay=1, jitter=0)
    with pytest.raises(GaveUp) as caught:
        call(send, policy, fake)
    assert fake.sleeps == [1, 2, 4]  # 7 s spent; the next wait (8 s) would end at 15 s
    assert send.calls == 4 and caught.value.seconds == 7


def test_a_retry_after_past_the_total_time_gives_up_at_once():
    send = sender(answer(429, **{"Retry-After": "3600"}))
    fake = FakeTime()
    with pytest.raises(GaveUp) as caught:
        call(send, RetryPolicy(max_total_seconds=120), fake)
    assert send.calls == 1 and fake.sleeps == [] and caught.value.last == "HTTP 429"


def test_slow_answers_count_against_the_total_time():
    fake = FakeTime()

    def send():
        fake.now += 50  # each try takes 50 s before failing
        return answer(503)

    with pytest.raises(GaveUp) as caught:
        call(send, RetryPolicy(max_total_seconds=120, jitter=0), fake)
    # Tries end at 50, 101 and 153 s: a try cannot be cut short (the read timeout bounds it),
    # but no new wait starts once the clock is past the bound.
    assert (caught.value.tries, caught.value.seconds) == (3, 153)


def test_errors_are_retried_only_when_retry_error_says_so():
    dropped = requests.exceptions.ConnectionError("Connection aborted.")
    send = sender(dropped, answer(200))
    assert call(send, retry_error=lambda error: True).status_code == 200
    with pytest.raises(requests.exceptions.ConnectionError):
        call(sender(dropped, answer(200)), retry_error=lambda error: False)


def test_giving_up_on_errors_keeps_the_last_one_as_cause():
    dropped = requests.exceptions.ConnectionError("Connection aborted.")
    with pytest.raises(GaveUp) as caught:
        call(sender(dropped), RetryPolicy(max_tries=2), retry_error=lambda error: True)
    assert caught.value.__cause__ is dropped and caught.value.last == "connection dropped"


@pytest.mark.parametrize(
    "options",
    [{"max_tries": 0}, {"jitter": 1.5}, {"base_delay": -1}],
)
def test_nonsense_policies_are_refused(options):
    with pytest.raises(ValueError):
        RetryPolicy(**options)


def test_a_429_without_retry_after_waits_for_the_quota_minute_to_move_on():
    fake = FakeTime()
    policy = RetryPolicy(rate_limit_delay=20, jitter=0)
    call(sender(answer(429), answer(200)), policy, fake)
    assert fake.sleeps == [20]


@pytest.mark.parametrize("rng", [0.0, 0.5, 0.999])
def test_with_the_defaults_the_waits_after_429s_outlast_a_quota_minute(rng):
    fake = FakeTime()
    with pytest.raises(GaveUp):
        call(sender(answer(429)), RetryPolicy(), fake, rng=lambda: rng)
    assert sum(fake.sleeps) > 60 and fake.now <= 120


def test_other_statuses_keep_the_short_backoff():
    fake = FakeTime()
    call(sender(answer(503), answer(200)), RetryPolicy(jitter=0), fake)
    assert fake.sleeps == [1]


# -- Backoff: the same bounds for a caller's own loop ----------------------------------------


def test_a_caller_s_own_loop_waits_as_call_with_retry_and_stops_at_the_same_bound():
    fake = FakeTime()
    policy = RetryPolicy(max_tries=3, base_delay=1, jitter=0)
    backoff = Backoff(policy, sleep=fake.sleep, clock=fake.clock, now=lambda: NOW)
    backoff.failed_answer(answer(503))
    backoff.failed_answer(answer(429, **{"Retry-After": "7"}))
    assert fake.sleeps == [1, 7]
    with pytest.raises(GaveUp) as caught:
        backoff.failed("connection dropped", cause=ConnectionError("x"))
    assert caught.value.tries == 3 and caught.value.last == "connection dropped"
    assert isinstance(caught.value.__cause__, ConnectionError) and fake.sleeps == [1, 7]
