"""Service-account keys for the Sheets API: found, read and checked, with one clear error each.

::

    path = key_path("key.json", source="https://docs.google.com/...")  # or the env variable
    key = load_key(path)
    key.client_email        # whom to share the spreadsheet with
    key.credentials         # google-auth credentials, scope spreadsheets only

Errors name the file and the fix, never the key: nothing read from the file reaches a
message except ``client_email`` and the ``type`` field. The token endpoint is held to the same
rule: its refusals are reduced to their OAuth error code (``invalid_grant``), because an
endpoint may echo the signed assertion or a token in its answer, and ``token_uri`` over plain
http is accepted only on this machine, like ``--endpoint``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from google.auth import exceptions as auth_exceptions
from google.auth.transport import Request
from google.oauth2 import service_account

from ..errors import (
    CredentialsMalformed,
    CredentialsMissing,
    CredentialsNotFound,
    CredentialsNotServiceAccount,
    CredentialsUnreadable,
)
from .google_session import is_loopback

__all__ = ["ENV_CREDENTIALS", "NO_CREDENTIALS", "SCOPES", "Key", "key_path", "load_key"]

SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
"""The only scope asked for: spreadsheets the account was given, no Drive, no e-mail."""

ENV_CREDENTIALS = "GOOGLE_APPLICATION_CREDENTIALS"
NO_CREDENTIALS = "none"
"""``--credentials none``: send requests without a token (only to an emulator on loopback)."""

_REQUIRED = ("client_email", "private_key", "token_uri")
_OTHER_KINDS = {
    "authorized_user": "user sign-in (authorized_user)",
    "external_account": "workload identity federation (external_account)",
    "external_account_authorized_user": "external user sign-in",
    "impersonated_service_account": "impersonation (impersonated_service_account)",
    "gdch_service_account": "GDC-hosted service account",
}


_ERROR_CODE = re.compile(r"[A-Za-z0-9_.\-]{1,64}")  # RFC 6749 codes are short ASCII words
NOT_A_TOKEN = "the token endpoint answered without a token (not a JSON token answer)"
NO_ERROR_CODE = "the token endpoint refused without an OAuth error code"


class ServiceAccountCredentials(service_account.Credentials):
    """google-auth's service-account credentials whose refresh failures carry no answer text.

    google-auth puts the token endpoint's whole answer into ``RefreshError`` (message and
    arguments); here only the error code survives, and the original is not chained."""

    def refresh(self, request: Request) -> None:
        try:
            super().refresh(request)
        except auth_exceptions.RefreshError as error:
            code = _error_code(error)
            answered = str(error.args[0] if error.args else "").startswith("No access token")
            reason = code or (NOT_A_TOKEN if answered else NO_ERROR_CODE)
            raise auth_exceptions.RefreshError(reason, {"error": reason}) from None
        except (TypeError, KeyError, ValueError, AttributeError):
            # A 200 answer that is not a JSON object: google-auth indexes the text itself.
            raise auth_exceptions.RefreshError(NOT_A_TOKEN, {"error": NOT_A_TOKEN}) from None


def _error_code(error: auth_exceptions.RefreshError) -> str | None:
    body = error.args[1] if len(error.args) > 1 else None
    if not isinstance(body, dict):
        return None
    code = body.get("error")
    if isinstance(code, str) and _ERROR_CODE.fullmatch(code):
        return code
    return None


@dataclass(frozen=True)
class Key:
    """A loaded key: where it came from, whose it is, and credentials made from it."""

    path: str
    client_email: str
    credentials: service_account.Credentials


def key_path(
    credentials: str | os.PathLike[str] | None,
    *,
    source: str,
    environ: Mapping[str, str] = os.environ,
) -> str:
    """The key file to use: the one given, else ``GOOGLE_APPLICATION_CREDENTIALS``.

    Returns ``"none"`` for no credentials. Raises ``CredentialsMissing`` when there is none.
    """
    if credentials is not None and os.fspath(credentials).strip():
        given = os.fspath(credentials).strip()
    else:
        given = environ.get(ENV_CREDENTIALS, "").strip()
    if not given:
        raise CredentialsMissing(source=source)
    return NO_CREDENTIALS if given.lower() == NO_CREDENTIALS else given


def load_key(path: str) -> Key:
    """Read and check a service-account key file; every problem is a ``CredentialsError``."""
    info = _read_json(path)
    kind = info.get("type")
    if kind != "service_account":
        raise _not_service_account(path, info)
    missing = [name for name in _REQUIRED if not _text(info.get(name))]
    if missing:
        reason = f"missing or empty fields: {', '.join(missing)}"
        raise CredentialsMalformed(path=path, reason=reason)
    if "PRIVATE KEY-----" not in info["private_key"]:
        # Checked here so that the placeholder in credentials.example.json gets a plain answer.
        reason = "private_key is not a PEM private key (is this the example file?)"
        raise CredentialsMalformed(path=path, reason=reason)
    problem = _token_uri_problem(info["token_uri"])
    if problem:
        raise CredentialsMalformed(path=path, reason=problem)
    try:
        credentials = ServiceAccountCredentials.from_service_account_info(info, scopes=list(SCOPES))
    except Exception as error:  # cryptography/google-auth: ValueError, TypeError, ...
        # Their messages may quote key material: keep only the kind of failure.
        reason = f"private_key cannot be loaded ({type(error).__name__})"
        raise CredentialsMalformed(path=path, reason=reason) from None
    return Key(path=path, client_email=info["client_email"], credentials=credentials)


def _token_uri_problem(token_uri: str) -> str | None:
    """Why the key's token endpoint may not be used, or None. The URL itself is not quoted:
    the file's content stays out of messages."""
    try:
        parts = urlsplit(token_uri.strip())
    except ValueError:
        return "token_uri is not a URL"
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return "token_uri is not an http(s) URL"
    if parts.scheme == "http" and not is_loopback(token_uri.strip()):
        # The signed assertion would travel in clear text to another machine.
        return "token_uri uses plain http to another machine; only https is allowed there"
    return None


def _read_json(path: str) -> dict[str, Any]:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise CredentialsNotFound(path=path) from None
    except IsADirectoryError:
        raise CredentialsUnreadable(path=path, reason="it is a folder") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise CredentialsUnreadable(path=path, reason=reason) from None
    try:
        info = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise CredentialsMalformed(path=path, reason="not a JSON text file") from None
    except json.JSONDecodeError as error:
        # Position only: the message must not echo the file's content.
        reason = f"not JSON (line {error.lineno}, column {error.colno})"
        raise CredentialsMalformed(path=path, reason=reason) from None
    if not isinstance(info, dict):
        raise CredentialsMalformed(path=path, reason="not a JSON object")
    return info


def _not_service_account(path: str, info: Mapping[str, Any]) -> CredentialsNotServiceAccount:
    kind = info.get("type")
    if kind is None and ("installed" in info or "web" in info):
        return CredentialsNotServiceAccount(path=path, kind="OAuth client ID")
    if kind is None:
        return CredentialsNotServiceAccount(path=path, kind='JSON without "type"')
    label = _OTHER_KINDS.get(str(kind), f'"{str(kind)[:40]}"')
    return CredentialsNotServiceAccount(path=path, kind=label)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
