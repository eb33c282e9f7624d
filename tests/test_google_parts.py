"""The Google backend's offline parts: cell JSON, batching, addresses, sessions, key files.

Everything here runs for real without an API: key files on disk, real sockets for the
transport failures, the JSON a request would carry.
"""

from __future__ import annotations

import http.server
import socket
import threading
from datetime import date, datetime, time

import pytest
import requests
from test_retry import FakeTime

from sheets_sync import errors
from sheets_sync.backends.google import GoogleSheetsBackend
from sheets_sync.backends.google_cells import (
    WITH_FORMAT_MASK,
    batches,
    body_size,
    cell_data,
    from_api,
    quote_title,
    update_cells,
    without_rows,
)
from sheets_sync.backends.google_http import RetryingHTTPClient, failure_kind, utf8_json
from sheets_sync.backends.google_session import is_loopback, rewrite, valid_endpoint
from sheets_sync.messages import LANGUAGES, Catalog
from sheets_sync.retry import GaveUp, RetryPolicy, describe

# -- cells -----------------------------------------------------------------------------------


def test_rows_left_out_of_a_rectangle_split_it_around_them_and_other_sheets_stay():
    cells = {(row, column): f"{row}{column}" for row in range(2, 7) for column in (9, 10)}
    requests_ = [*update_cells(7, cells), *update_cells(8, {(3, 1): "x"})]
    kept = without_rows(requests_, {7: {2, 4, 5}})
    starts = [
        (r["updateCells"]["start"]["sheetId"], r["updateCells"]["start"]["rowIndex"]) for r in kept
    ]
    assert starts == [(7, 2), (7, 5), (8, 2)]
    assert [
        v["userEnteredValue"]["stringValue"] for v in kept[0]["updateCells"]["rows"][0]["values"]
    ] == ["39", "310"]
    assert [len(r["updateCells"]["rows"]) for r in kept] == [1, 1, 1]
    assert without_rows(requests_, {7: {2, 3, 4, 5, 6}, 8: {3}}) == []
    assert without_rows(requests_, {}) == requests_


def test_titles_are_always_quoted_and_apostrophes_doubled():
    assert quote_title("Мугалимдер") == "'Мугалимдер'"
    assert quote_title("Mom's 2024") == "'Mom''s 2024'"


@pytest.mark.parametrize("text", ["=1+1", "+996 555 123 456", "-", "@x", "'quoted", "#N/A"])
def test_text_is_always_a_string_value_never_a_formula(text):
    assert cell_data(text) == ({"userEnteredValue": {"stringValue": text}}, "userEnteredValue")


def test_values_map_to_their_own_kinds():
    assert cell_data(True)[0] == {"userEnteredValue": {"boolValue": True}}
    assert cell_data(72)[0] == {"userEnteredValue": {"numberValue": 72}}
    assert cell_data(1.5)[0] == {"userEnteredValue": {"numberValue": 1.5}}
    assert cell_data(None) == ({}, "userEnteredValue")  # value cleared, format kept


def test_a_date_is_a_serial_with_a_date_format_and_a_mask_that_covers_both():
    data, mask = cell_data(date(2026, 11, 21))
    assert data == {
        "userEnteredValue": {"numberValue": 46347},
        "userEnteredFormat": {"numberFormat": {"type": "DATE", "pattern": "dd.mm.yyyy"}},
    }
    assert mask == WITH_FORMAT_MASK == "userEnteredValue,userEnteredFormat.numberFormat"
    assert cell_data(date(1899, 12, 31))[0]["userEnteredValue"]["numberValue"] == 1


def test_datetimes_and_times_carry_the_fraction_of_the_day():
    assert cell_data(datetime(2026, 11, 21, 12))[0]["userEnteredValue"]["numberValue"] == 46347.5
    assert cell_data(time(6))[0]["userEnteredValue"]["numberValue"] == 0.25


def test_empty_text_from_the_api_is_an_empty_cell():
    assert [from_api(value) for value in ("", "x", 0, False, 2.5)] == [None, "x", 0, False, 2.5]


def test_a_tabs_status_columns_take_few_requests_whatever_the_number_of_rows():
    cells = {(1, 9): "Статус", (1, 10): "Мөөнөт", (1, 11): "Эскертүү"}
    for row in range(2, 502):
        cells |= {(row, 9): "✔", (row, 10): None, (row, 11): None}
    requests_ = update_cells(7, cells)
    assert len(requests_) == 1  # one rectangle I1:K501
    update = requests_[0]["updateCells"]
    assert update["start"] == {"sheetId": 7, "rowIndex": 0, "columnIndex": 8}
    assert len(update["rows"]) == 501 and update["fields"] == "userEnteredValue"


def test_cells_of_different_masks_are_not_merged_so_text_keeps_its_format():
    cells = {(2, 9): "✖", (2, 10): date(2026, 1, 1), (2, 11): "note", (4, 9): "✔"}
    requests_ = [r["updateCells"] for r in update_cells(3, cells)]
    spans = [(r["start"]["rowIndex"], r["start"]["columnIndex"], r["fields"]) for r in requests_]
    assert spans == [
        (1, 8, "userEnteredValue"),
        (1, 9, WITH_FORMAT_MASK),
        (1, 10, "userEnteredValue"),
        (3, 8, "userEnteredValue"),
    ]


def test_a_large_batch_is_split_in_order_under_the_limit():
    cells = {(row, 1): "x" * 1000 for row in range(1, 301)}
    structural = {"appendDimension": {"sheetId": 1, "dimension": "COLUMNS", "length": 3}}
    parts = batches([structural, *update_cells(1, cells)], limit=100_000)
    assert len(parts) > 1
    assert parts[0][0] == structural
    assert all(body_size(part) <= 100_000 for part in parts)
    rows = [r["updateCells"]["start"]["rowIndex"] for part in parts for r in part[1:] or part]
    assert rows == sorted(rows)
    written = sum(
        len(r["updateCells"]["rows"]) for part in parts for r in part if "updateCells" in r
    )
    assert written == 300


def test_body_size_is_what_the_client_sends_and_text_goes_as_utf8():
    requests_ = update_cells(1, {(1, 1): "Мугалим"})
    body = utf8_json({"requests": requests_})
    assert body_size(requests_) == len(body)
    assert "Мугалим".encode() in body  # not six bytes of \\uXXXX per letter


# -- addresses and endpoints -----------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    [
        "1AbC-d_9",
        "https://docs.google.com/spreadsheets/d/1AbC-d_9/edit#gid=0",
        "https://docs.google.com/spreadsheets/d/1AbC-d_9/edit?usp=sharing",
        " https://docs.google.com/spreadsheets/d/1AbC-d_9 ",
    ],
)
def test_the_spreadsheet_is_an_id_or_a_url_and_source_is_as_given(given):
    backend = GoogleSheetsBackend(given, credentials="none", endpoint="http://127.0.0.1:9")
    assert backend.spreadsheet_id == "1AbC-d_9"
    assert backend.source == given


@pytest.mark.parametrize("given", ["https://docs.google.com/document/d/1AbC/edit", "my sheet"])
def test_an_address_that_is_not_a_spreadsheet_is_refused_before_any_call(given):
    backend = GoogleSheetsBackend(given, credentials="none", endpoint="http://127.0.0.1:9")
    with pytest.raises(errors.SpreadsheetAddressInvalid):
        backend.read()


def test_only_the_sheets_root_is_rewritten():
    endpoint = "http://127.0.0.1:8085/"
    assert (
        rewrite("https://sheets.googleapis.com/v4/spreadsheets/ID?x=1", endpoint)
        == "http://127.0.0.1:8085/v4/spreadsheets/ID?x=1"
    )
    assert rewrite("https://oauth2.googleapis.com/token", endpoint).startswith("https://oauth2")
    assert rewrite("https://sheets.googleapis.com.evil/x", endpoint).endswith(".evil/x")
    assert (
        rewrite("https://sheets.googleapis.com/v4/x", None) == "https://sheets.googleapis.com/v4/x"
    )


@pytest.mark.parametrize(
    ("endpoint", "loopback"),
    [
        ("http://127.0.0.1:8085", True),
        ("http://127.9.9.9", True),
        ("http://[::1]:8085", True),
        ("http://localhost:8085", True),
        ("http://LOCALHOST.", True),
        ("https://sheets.googleapis.com", False),
        ("http://10.0.0.5:8085", False),
        ("http://localhost.example.com", False),
    ],
)
def test_loopback_means_this_machine_only(endpoint, loopback):
    assert is_loopback(endpoint) is loopback


@pytest.mark.parametrize(
    ("endpoint", "fine"),
    [
        ("http://127.0.0.1:8085", True),
        ("https://sheets.example.org/api", True),
        ("http://emulator.lan:8085", False),  # a token would cross the network in clear
        ("ftp://127.0.0.1", False),
        ("127.0.0.1:8085", False),
        ("http://127.0.0.1:port", False),
        ("http://127.0.0.1/?x=1", False),
    ],
)
def test_endpoints_must_be_http_urls_and_plain_http_stays_on_this_machine(endpoint, fine):
    assert (valid_endpoint(endpoint) is None) is fine


def test_a_bad_endpoint_is_one_clear_error():
    backend = GoogleSheetsBackend("1AbC", credentials="none", endpoint="127.0.0.1:8085")
    with pytest.raises(errors.SheetsEndpointInvalid) as caught:
        backend.read()
    assert "127.0.0.1:8085" in caught.value.render(Catalog.load("en"))


def test_endpoint_comes_from_the_environment_when_not_given(monkeypatch):
    monkeypatch.setenv("SHEETS_SYNC_ENDPOINT", "https://sheets.example.org")
    backend = GoogleSheetsBackend("1AbC", credentials="none")
    with pytest.raises(errors.CredentialsRequired) as caught:
        backend.read()
    assert "https://sheets.example.org" in caught.value.render(Catalog.load("en"))


# -- transport failures, on real sockets ------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def hang_up_server():
    """A server that reads a request and closes the connection without answering."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def serve():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            with connection:
                connection.recv(65536)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    server.close()


def failure(url: str) -> Exception:
    with pytest.raises(requests.RequestException) as caught:
        requests.get(url, timeout=5)
    return caught.value


def test_a_refused_connection_was_never_sent():
    error = failure(f"http://127.0.0.1:{closed_port()}/")
    assert (failure_kind(error), describe(error)) == ("unsent", "connection refused")


def test_a_hang_up_after_the_request_is_a_dropped_connection(hang_up_server):
    error = failure(hang_up_server + "/")
    assert (failure_kind(error), describe(error)) == ("dropped", "connection dropped")


def test_a_refused_connection_is_retried_only_once_the_endpoint_has_answered():
    # A one-request server: it answers once, closes the connection and stops listening.
    server = http.server.HTTPServer(("127.0.0.1", 0), _OneAnswer)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    fake = FakeTime()
    client = RetryingHTTPClient(
        None,
        requests.Session(),
        policy=RetryPolicy(max_tries=3),
        sleep=fake.sleep,
        clock=fake.clock,
    )
    assert client.request("get", url + "/first").status_code == 200
    thread.join()
    server.server_close()
    with pytest.raises(GaveUp) as caught:
        client.request("get", url + "/second")
    assert (caught.value.tries, caught.value.last) == (3, "connection refused")
    assert len(fake.sleeps) == 2
    # A fresh client that never had an answer gives up at once: a wrong --endpoint.
    fresh = RetryingHTTPClient(None, requests.Session(), sleep=fake.sleep, clock=fake.clock)
    with pytest.raises(requests.ConnectionError):
        fresh.request("get", url + "/third")
    assert len(fake.sleeps) == 2


class _OneAnswer(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_an_unknown_host_is_fatal():
    error = failure("http://no-such-host.invalid/")
    assert (failure_kind(error), describe(error)) == ("fatal", "host name not found")


# -- messages --------------------------------------------------------------------------------

GOOGLE_ERRORS = {
    errors.CredentialsMissing: {"source": "S"},
    errors.CredentialsNotFound: {"path": "k.json"},
    errors.CredentialsUnreadable: {"path": "k.json", "reason": "r"},
    errors.CredentialsMalformed: {"path": "k.json", "reason": "r"},
    errors.CredentialsNotServiceAccount: {"path": "k.json", "kind": "K"},
    errors.CredentialsRejected: {"path": "k.json", "client_email": "e@x", "reason": "r"},
    errors.CredentialsRequired: {"endpoint": "https://e"},
    errors.SpreadsheetAccessDenied: {"source": "S", "client_email": "e@x"},
    errors.SpreadsheetAccessDeniedNoKey: {"source": "S"},
    errors.SpreadsheetNotFound: {"source": "S"},
    errors.SpreadsheetAddressInvalid: {"source": "S", "reason": "r"},
    errors.SheetsEndpointInvalid: {"endpoint": "https://e", "reason": "r"},
    errors.SheetsUnreachable: {"source": "S", "endpoint": "https://e", "reason": "r"},
    errors.SheetsRetriesExhausted: {"source": "S", "tries": 6, "seconds": 63, "last": "HTTP 503"},
}


def test_every_google_error_is_listed_here():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    families = {*subclasses(errors.CredentialsError), *subclasses(errors.SpreadsheetError)}
    assert families == set(GOOGLE_ERRORS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("error", list(GOOGLE_ERRORS), ids=lambda error: error.code)
def test_every_google_error_renders_one_line_with_its_values(language, error):
    params = GOOGLE_ERRORS[error]
    text = error(**params).render(Catalog.load(language))
    assert "\n" not in text
    for value in params.values():
        assert str(value) in text


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errors.CredentialsNotFound, 2),
        (errors.SpreadsheetAccessDenied, 2),
        (errors.SpreadsheetNotFound, 2),
        (errors.SheetsUnreachable, 5),
        (errors.SheetsRetriesExhausted, 5),
    ],
)
def test_exit_codes(error, code):
    assert error.exit_code == code
