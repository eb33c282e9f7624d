"""Real Google clients (gspread, googleapiclient) whose HTTP goes to the emulator.

    gc = gspread_client(emu.url)                        # no credentials, no Authorization
    gc = gspread_client(emu.url, credentials=creds)     # google-auth credentials, refreshed
    book = gc.open_by_key(spreadsheet_id)

    service = sheets_service(emu.url)                   # googleapiclient's Sheets v4 resource
    service.spreadsheets().values().get(spreadsheetId=sid, range="A1").execute()

The clients build Google URLs themselves; the transports below rewrite the prefixes on the way
out:

    https://sheets.googleapis.com/...        -> <url>/...         (Sheets v4: /v4/spreadsheets)
    https://www.googleapis.com/drive/...     -> <url>/drive/...   (create, open by title, delete)
    https://oauth2.googleapis.com/token      -> <url>/token       (credential refresh)

Everything else (headers, JSON, errors) is untouched, so the clients behave exactly as with
Google, raising ``gspread.exceptions.APIError`` / ``googleapiclient.errors.HttpError`` with
the emulator's error code.
"""

from __future__ import annotations

from typing import Any

import google_auth_httplib2
import gspread
import httplib2
import requests
from google.auth.credentials import Credentials
from google.auth.transport.requests import AuthorizedSession, Request
from googleapiclient.discovery import Resource, build

_PREFIXES = (
    ("https://sheets.googleapis.com/", "/"),
    ("https://www.googleapis.com/drive/", "/drive/"),
    ("https://oauth2.googleapis.com/token", "/token"),
    ("https://accounts.google.com/o/oauth2/token", "/token"),
    ("https://www.googleapis.com/oauth2/v4/token", "/token"),
)


def rewrite(url: str, base_url: str) -> str:
    """A Google API URL pointed at the emulator at ``base_url``; other URLs unchanged."""
    for prefix, replacement in _PREFIXES:
        if url.startswith(prefix):
            return base_url.rstrip("/") + replacement + url[len(prefix) :]
    return url


class EmulatorSession(requests.Session):
    """A requests session that sends Google API calls to the emulator."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        return super().request(method, rewrite(str(url), self.base_url), *args, **kwargs)


class EmulatorAuthorizedSession(AuthorizedSession):
    """google-auth's AuthorizedSession, with Google URLs (and token refreshes) rewritten."""

    def __init__(self, credentials: Credentials, base_url: str) -> None:
        super().__init__(credentials, auth_request=Request(EmulatorSession(base_url)))
        self.base_url = base_url

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
        return super().request(method, rewrite(str(url), self.base_url), *args, **kwargs)


def gspread_client(
    url: str,
    credentials: Credentials | None = None,
    *,
    http_client: type[gspread.HTTPClient] = gspread.HTTPClient,
) -> gspread.Client:
    """A ``gspread.Client`` talking to the emulator at ``url`` (``emu.url``).

    ``http_client=gspread.BackOffHTTPClient`` gives gspread's own retrying client.
    """
    if credentials is None:
        session: requests.Session = EmulatorSession(url)
    else:
        session = EmulatorAuthorizedSession(credentials, url)
    return gspread.Client(auth=None, session=session, http_client=http_client)  # type: ignore[arg-type]


class EmulatorHttp(httplib2.Http):
    """An httplib2 transport (googleapiclient's) that sends Google API calls to the emulator."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url

    def request(self, uri: str, *args: Any, **kwargs: Any) -> tuple[Any, bytes]:
        return super().request(rewrite(uri, self.base_url), *args, **kwargs)


def sheets_service(url: str, credentials: Credentials | None = None) -> Resource:
    """googleapiclient's Sheets v4 service talking to the emulator at ``url``.

    Built from the discovery document shipped with the library (no network).
    """
    http: Any = EmulatorHttp(url)
    if credentials is not None:
        # Token refreshes go through the same rewriting transport, so they reach /token too.
        http = google_auth_httplib2.AuthorizedHttp(credentials, http=http)
    return build("sheets", "v4", http=http, static_discovery=True, cache_discovery=False)
