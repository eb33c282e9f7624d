"""The book of orders (seed 001 §2.7): numbers run 1, 2, 3 … through each calendar year."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import check, codes_at, only, order, registers

from schemas.rules.orders import parse_number, ranges


def orders(tmp_path, rows):
    return check(registers(tmp_path, orders=rows))


def test_a_number_twice_in_one_year_is_an_error_on_the_later_row(tmp_path):
    result = orders(
        tmp_path,
        [
            order("1", date(2026, 1, 10)),
            order("2", date(2026, 1, 12)),
            order("№ 2", date(2026, 2, 1)),
        ],
    )
    assert codes_at(result, "orders", 4) == ["order-number-duplicate"]
    [finding] = only(result, "order-number-duplicate")
    assert (finding.severity, finding.column) == ("error", "Буйрук №")
    assert finding.params == {"value": "№ 2", "first_row": 3, "year": 2026}


def test_numbering_restarts_every_calendar_year(tmp_path):
    result = orders(tmp_path, [order("1", date(2025, 12, 30)), order("1", date(2026, 1, 10))])
    assert [f.code for f in result.findings() if f.register == "orders"] == []


@pytest.mark.parametrize(
    ("numbers", "missing"),
    [
        (["1", "2", "3"], None),
        (["1", "2", "4"], ("3", 1)),
        (["1", "5", "6", "9"], ("2–4, 7–8", 5)),
        (["40", "41"], None),  # the book was started mid-year
    ],
)
def test_skipped_numbers_are_one_warning_for_the_year(tmp_path, numbers, missing):
    rows = [order(number, date(2026, 3, day)) for day, number in enumerate(numbers, 1)]
    gaps = only(orders(tmp_path, rows), "order-number-gap")
    assert [(f.params["numbers"], f.params["count"]) for f in gaps] == (
        [missing] if missing else []
    )
    for finding in gaps:
        assert (finding.row, finding.severity, finding.params["year"]) == (None, "warning", 2026)


def test_an_order_whose_date_is_unreadable_is_not_also_a_gap(tmp_path):
    rows = [order("1", date(2026, 3, 1)), order("2", "кийин"), order("3", date(2026, 3, 3))]
    result = orders(tmp_path, rows)
    assert [f.code for f in result.findings() if f.register == "orders"] == ["bad-date"]


def test_a_series_letter_keeps_its_own_sequence(tmp_path):
    rows = [
        order("1", date(2026, 1, 10)),
        order("2", date(2026, 1, 11)),
        order("1-к", date(2026, 1, 12)),
        order("3-к", date(2026, 1, 13)),
        order("2/1", date(2026, 1, 14)),  # part of 2
        order("б/н", date(2026, 1, 15)),  # no number: left alone
    ]
    result = orders(tmp_path, rows)
    assert [f.params["numbers"] for f in only(result, "order-number-gap")] == ["2 («к»)"]
    assert only(result, "order-number-duplicate") == []


@pytest.mark.parametrize(
    ("second_date", "codes"),
    [(date(2026, 1, 9), ["order-date-order"]), (date(2026, 1, 10), [])],
    ids=["dated-a-day-earlier", "same-day"],
)
def test_a_higher_number_dated_earlier_is_a_warning(tmp_path, second_date, codes):
    result = orders(tmp_path, [order("1", date(2026, 1, 10)), order("2", second_date)])
    assert codes_at(result, "orders", 3) == codes
    for finding in only(result, "order-date-order"):
        assert (finding.severity, finding.column) == ("warning", "Күнү")
        assert finding.params == {
            "value": "2",
            "date": second_date,
            "previous": "1",
            "previous_date": date(2026, 1, 10),
        }


def test_every_order_dated_before_any_lower_number_is_flagged(tmp_path):
    rows = [
        order("1", date(2026, 1, 10)),
        order("2", date(2026, 3, 1)),
        order("3", date(2026, 2, 1)),
        order("4", date(2026, 2, 15)),
    ]
    found = only(orders(tmp_path, rows), "order-date-order")
    assert [(f.row, f.params["previous"]) for f in found] == [(4, "2"), (5, "2")]


def test_orders_in_step_after_an_early_one_are_not_flagged(tmp_path):
    rows = [
        order("1", date(2026, 1, 10)),
        order("2", date(2026, 1, 5)),
        order("3", date(2026, 1, 12)),
    ]
    assert [f.row for f in only(orders(tmp_path, rows), "order-date-order")] == [3]


def test_a_repeated_number_is_compared_with_the_lower_numbers_too(tmp_path):
    rows = [
        order("1", date(2026, 1, 10)),
        order("2", date(2026, 3, 1)),
        order("2", date(2026, 1, 5)),  # repeated, and earlier than № 1
        order("3", date(2026, 2, 1)),  # earlier than the first № 2
    ]
    result = orders(tmp_path, rows)
    found = only(result, "order-date-order")
    assert [(f.row, f.params["previous"]) for f in found] == [(4, "1"), (5, "2")]
    assert [f.row for f in only(result, "order-number-duplicate")] == [4]


def test_order_numbers_are_read_with_their_series():
    assert parse_number("№ 12-к") == parse_number("12 К")
    assert (parse_number("12-к").value, parse_number("12-к").series) == (12, "к")
    assert parse_number("б/н") is None
    assert ranges([3, 4, 5, 9]) == "3–5, 9"
