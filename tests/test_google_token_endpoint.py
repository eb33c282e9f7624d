"""The token endpoint's answers never reach a message or the report, and it is reached only
over https (or plain http on this machine).

A real HTTP server on loopback plays the token endpoint; the key file names it as its
``token_uri``. The Sheets API is never reached: the token is fetched first.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from click.testing import CliRunner
from conftest import course, school, teacher
from test_google_credentials import CLIENT_EMAIL, write_key

from sheets_sync import errors
from sheets_sync.backends.google import GoogleSheetsBackend
from sheets_sync.backends.google_credentials import load_key
from sheets_sync.cli import main
from sheets_sync.messages import Catalog

SECRET_TOKEN = "ya29.a0-secret-access-token-do-not-print"


class TokenEndpoint:
    """Answers every POST with ``status`` and ``body`` (a callable of the request's form)."""

    def __init__(self) -> None:
        self.status = 400
        self.body = lambda form: b"{}"
        self.content_type = "application/json"
        self.assertions: list[str] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = parse_qs(self.rfile.read(length).decode("ascii"))
                endpoint.assertions += form.get("assertion", [])
                data = endpoint.body(form)
                self.send_response(endpoint.status)
                self.send_header("Content-Type", endpoint.content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> TokenEndpoint:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def token() -> Iterator[TokenEndpoint]:
    with TokenEndpoint() as endpoint:
        yield endpoint


def refused(token: TokenEndpoint, tmp_path) -> errors.CredentialsRejected:
    key = write_key(tmp_path, token.url + "/token")
    backend = GoogleSheetsBackend("1AbC", credentials=str(key), endpoint=token.url)
    with pytest.raises(errors.CredentialsRejected) as caught:
        backend.read()
    return caught.value


def echo(form: dict[str, list[str]]) -> bytes:
    """A hostile endpoint: repeats the signed assertion it was sent in its refusal."""
    words = f"Invalid JWT: {form['assertion'][0]} (token {SECRET_TOKEN})"
    return json.dumps({"error": "invalid_grant", "error_description": words}).encode()


def test_a_refusal_is_reduced_to_its_error_code(token, tmp_path):
    token.body = echo
    error = refused(token, tmp_path)
    text = error.render(Catalog.load("en"))
    assert token.assertions, "the key's assertion was sent"
    assert "invalid_grant" in text and CLIENT_EMAIL in text
    assert token.assertions[0] not in text and SECRET_TOKEN not in text
    assert "Invalid JWT" not in text
    chained = [error.__cause__, getattr(error.__cause__, "__cause__", None)]
    for cause in filter(None, chained):  # nor in what --debug would print
        assert token.assertions[0] not in repr(cause.args) and SECRET_TOKEN not in repr(cause.args)


def test_an_error_code_that_is_not_an_oauth_word_is_not_repeated(token, tmp_path):
    token.body = lambda form: json.dumps({"error": f"no {SECRET_TOKEN} for you"}).encode()
    text = refused(token, tmp_path).render(Catalog.load("en"))
    assert SECRET_TOKEN not in text and "without an OAuth error code" in text


def test_a_refusal_that_is_not_json_is_not_repeated(token, tmp_path):
    token.content_type = "text/plain"
    token.body = lambda form: f"denied: {form['assertion'][0]}".encode()
    error = refused(token, tmp_path)
    text = error.render(Catalog.load("en"))
    assert token.assertions[0] not in text and "without an OAuth error code" in text


def test_a_200_answer_that_is_not_json_is_one_clean_line(token, tmp_path):
    token.status, token.content_type = 200, "text/html"
    token.body = lambda form: b"<html>Sign in</html>"
    text = refused(token, tmp_path).render(Catalog.load("en"))
    assert "not a JSON token answer" in text and "TypeError" not in text
    assert "\n" not in text


def test_a_200_answer_without_an_access_token_does_not_print_what_it_holds(token, tmp_path):
    token.status = 200
    token.body = lambda form: json.dumps({"token": SECRET_TOKEN}).encode()
    text = refused(token, tmp_path).render(Catalog.load("en"))
    assert SECRET_TOKEN not in text and "answered without a token" in text


def test_neither_the_console_nor_the_report_shows_the_endpoints_words(token, tmp_path):
    token.body = echo
    key = write_key(tmp_path, token.url + "/token")
    workbook = school(tmp_path, [teacher("Асанова Гүлзат")], [course("Асанова Гүлзат")])
    report = tmp_path / "report.json"
    result = CliRunner().invoke(
        main,
        [
            "run", "--xlsx", str(workbook), "--spreadsheet", "1AbC", "--credentials", str(key),
            "--endpoint", token.url, "--report-json", str(report), "--language", "en",
        ],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    written = report.read_text("utf-8")
    assert "invalid_grant" in result.output and "invalid_grant" in written
    for secret in (token.assertions[0], SECRET_TOKEN, "Invalid JWT"):
        assert secret not in result.output and secret not in written


@pytest.mark.parametrize(
    "token_uri",
    ["http://oauth2.example.org/token", "http://10.0.0.7/token", "ftp://127.0.0.1/token"],
)
def test_a_token_uri_that_would_send_the_assertion_in_clear_is_refused(tmp_path, token_uri):
    key = write_key(tmp_path, token_uri)
    with pytest.raises(errors.CredentialsMalformed) as caught:
        load_key(str(key))
    text = caught.value.render(Catalog.load("en"))
    assert "token_uri" in text and str(key) in text and token_uri not in text


@pytest.mark.parametrize(
    "token_uri",
    ["https://oauth2.googleapis.com/token", "http://127.0.0.1:9/token", "http://localhost/t"],
)
def test_https_anywhere_and_plain_http_on_this_machine_are_accepted(tmp_path, token_uri):
    assert load_key(str(write_key(tmp_path, token_uri))).client_email == CLIENT_EMAIL
