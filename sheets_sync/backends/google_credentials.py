"""Service-account keys for the Sheets API: found, read and checked, with one clear error each.

::

    path = key_path("key.json", source="https://docs.google.com/...")  # or the env variable
    key = load_key(path)
    key.client_email        # whom to share the spreadsheet with
    key.credentials         # google-auth credentials, scope spreadsheets only

Errors name the file and the fix, never the key: nothing read from the file reaches a
message except ``client_email`` and the ``type`` field.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from google.oauth2 import service_account

from ..errors import (
    CredentialsMalformed,
    CredentialsMissing,
    CredentialsNotFound,
    CredentialsNotServiceAccount,
    CredentialsUnreadable,
)

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
    try:
        credentials = service_account.Credentials.from_service_account_info(
            info, scopes=list(SCOPES)
        )
    except Exception as error:  # cryptography/google-auth: ValueError, TypeError, ...
        # Their messages may quote key material: keep only the kind of failure.
        reason = f"private_key cannot be loaded ({type(error).__name__})"
        raise CredentialsMalformed(path=path, reason=reason) from None
    return Key(path=path, client_email=info["client_email"], credentials=credentials)


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
