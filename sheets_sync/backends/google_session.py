"""HTTP sessions that send Sheets API calls to another API root, as Google's emulators are used.

gspread builds every URL on ``https://sheets.googleapis.com``; these sessions swap that root for
``endpoint`` just before sending, so the rest of gspread runs unchanged::

    session = redirecting_session("http://127.0.0.1:8085")              # no credentials
    session = redirecting_session("https://proxy.example/sheets", creds)  # with a key
    session.get("https://sheets.googleapis.com/v4/spreadsheets/ID")
    # -> GET https://proxy.example/sheets/v4/spreadsheets/ID

Only the Sheets root is rewritten: the token endpoint named in a key file (``token_uri``) is
called as it is. A session without an endpoint is a plain (authorized) session.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

import requests
from google.auth.credentials import Credentials
from google.auth.transport.requests import AuthorizedSession

__all__ = ["SHEETS_ROOT", "is_loopback", "redirecting_session", "rewrite", "valid_endpoint"]

SHEETS_ROOT = "https://sheets.googleapis.com"


def rewrite(url: str, endpoint: str | None) -> str:
    """``url`` with the Sheets root replaced by ``endpoint`` (unchanged for other hosts)."""
    if not endpoint:
        return url
    if url == SHEETS_ROOT or url.startswith(SHEETS_ROOT + "/"):
        return endpoint.rstrip("/") + url[len(SHEETS_ROOT) :]
    return url


def is_loopback(endpoint: str) -> bool:
    """Whether ``endpoint`` names this machine: localhost, 127.0.0.0/8 or ::1."""
    host = (urlsplit(endpoint).hostname or "").rstrip(".").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def valid_endpoint(endpoint: str) -> str | None:
    """Why ``endpoint`` cannot be used, or None when it can."""
    try:
        parts = urlsplit(endpoint)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "not a URL"
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return "give a URL starting with http:// or https://"
    if parts.query or parts.fragment:
        return "an API root has no ?query or #fragment"
    if parts.scheme == "http" and not is_loopback(endpoint):
        # An access token would travel in clear text to another machine.
        return "plain http is allowed only on this machine; use https"
    return None


class _Redirecting:
    """Mixed into a requests session: rewrite the Sheets root before the request is sent."""

    endpoint: str | None = None

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
        return super().request(method, rewrite(url, self.endpoint), *args, **kwargs)  # type: ignore[misc]


class RedirectingSession(_Redirecting, requests.Session):
    """A session without credentials (an emulator on this machine)."""


class RedirectingAuthorizedSession(_Redirecting, AuthorizedSession):
    """google-auth's session (adds and refreshes the bearer token), redirected."""


def redirecting_session(
    endpoint: str | None, credentials: Credentials | None = None
) -> requests.Session:
    """A session for gspread's ``HTTPClient``: authorized when ``credentials`` are given."""
    session: requests.Session
    if credentials is None:
        session = RedirectingSession()
    else:
        session = RedirectingAuthorizedSession(credentials)
    session.endpoint = endpoint  # type: ignore[attr-defined]
    return session
