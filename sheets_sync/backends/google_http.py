"""gspread's ``HTTPClient`` with our bounded retry under every request.

Every gspread call (``spreadsheets_get``, ``values_batch_get``, ``batch_update``, ...) ends in
``HTTPClient.request``; overriding it puts each one under the same policy::

    http = RetryingHTTPClient(None, session, policy=RetryPolicy(), sleep=time.sleep)
    http.values_batch_get(spreadsheet_id, ["'Мугалимдер'"])

Which failures are retried, and why:

* 429, 500, 502, 503, 504 (see ``retry.RETRY_STATUSES``): the request was not carried out.
* A connection that could not be opened (refused, connect timeout) once this client has had an
  answer from the endpoint: the request was never sent, and a server that answered a moment
  ago is restarting or behind a flapping link. On the *first* contact the same failure means a
  wrong ``--endpoint``, a stopped emulator or no network: retrying would only make the user
  wait two minutes for the same message, so it fails at once.
* A host name that does not resolve, a TLS failure or a proxy error: never; waiting fixes none.
* A connection dropped after the request went out (reset, no answer in time, a cut-off body):
  retried for reads and for writes the caller marks ``replay_safe`` (setting the same values
  twice is the same as once). Other writes raise ``OutcomeUnknown``: the caller must find out
  whether the write landed before sending it again (adding a tab twice is not the same).
"""

from __future__ import annotations

import json as json_module
import time
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

import requests
from gspread.exceptions import APIError
from gspread.http_client import FileType, HTTPClient, ParamsType

from ..retry import RetryPolicy, call_with_retry, describe

__all__ = ["OutcomeUnknown", "RetryingHTTPClient", "failure_kind", "utf8_json"]

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def utf8_json(body: Mapping[str, Any]) -> bytes:
    """A request body as sent: compact JSON in UTF-8."""
    return json_module.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class OutcomeUnknown(Exception):
    """A write's connection dropped after it was sent: it may or may not have been applied."""


def failure_kind(error: BaseException) -> str:
    """``"unsent"``, ``"dropped"`` or ``"fatal"`` for an exception raised while sending."""
    if not isinstance(error, requests.RequestException):
        return "fatal"  # e.g. google-auth's RefreshError: the key, not the network
    if isinstance(error, requests.exceptions.SSLError | requests.exceptions.ProxyError):
        return "fatal"
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return "unsent"
    if isinstance(error, requests.exceptions.ConnectionError):
        reason = describe(error)
        if reason == "host name not found":
            return "fatal"
        return "unsent" if reason == "connection refused" else "dropped"
    if isinstance(
        error,
        requests.exceptions.ReadTimeout
        | requests.exceptions.ChunkedEncodingError
        | requests.exceptions.ContentDecodingError,
    ):
        return "dropped"
    return "fatal"  # InvalidURL, TooManyRedirects, ...: a retry sends the same mistake


class RetryingHTTPClient(HTTPClient):
    """``HTTPClient`` whose ``request`` retries under a ``RetryPolicy``."""

    def __init__(
        self,
        auth: Any,
        session: requests.Session | None = None,
        *,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], object] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        before_call: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(auth, session)
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.clock = clock
        self.before_call = before_call
        self.answered = False  # has the endpoint ever answered this client?

    def request(
        self,
        method: str,
        endpoint: str,
        params: ParamsType | None = None,
        data: bytes | None = None,
        json: Mapping[str, Any] | None = None,
        files: FileType = None,
        headers: MutableMapping[str, str] | None = None,
        *,
        replay_safe: bool | None = None,
        once: bool = False,
    ) -> requests.Response:
        """gspread's request, retried; ``replay_safe`` defaults to True for GET only.

        ``once`` sends a single try and returns whatever answer comes (transport errors are
        raised as they are): for a caller that must check something before each new try.
        ``before_call`` hears "read" (GET) or "write" before every try that goes out.
        """
        if replay_safe is None:
            replay_safe = method.upper() in _SAFE_METHODS
        kind = "read" if method.upper() in _SAFE_METHODS else "write"

        if json is not None:
            # UTF-8, not requests' \uXXXX escapes: Kyrgyz and Russian text is most of a status
            # write, and escaping it would nearly triple the body (and the number of batches).
            data = utf8_json(json)
            headers = {**(headers or {}), "Content-Type": "application/json; charset=utf-8"}

        def send() -> requests.Response:
            if self.before_call is not None:
                self.before_call(kind)
            response = self.session.request(
                method=method,
                url=endpoint,
                params=params,
                data=data,
                files=files,
                headers=headers,
                timeout=self.timeout,
            )
            self.answered = True
            return response

        def retry_error(error: Exception) -> bool:
            kind = failure_kind(error)
            if kind == "unsent":
                return self.answered
            return kind == "dropped" and replay_safe

        if once:
            return send()
        try:
            response = call_with_retry(
                send, self.policy, retry_error=retry_error, sleep=self.sleep, clock=self.clock
            )
        except requests.RequestException as error:
            if failure_kind(error) == "dropped" and not replay_safe:
                raise OutcomeUnknown(describe(error)) from error
            raise
        if response.ok:
            return response
        raise APIError(response)
