"""Google key files: every way one can be wrong is one clear line, and no secret is shown.

Real files on disk, a real RSA key; the emulator-backed checks (a token fetched from the
emulator, 403 naming the key's client_email, ...) are in ``test_google_backend.py``.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from sheets_sync import errors
from sheets_sync.backends.google import GoogleSheetsBackend
from sheets_sync.backends.google_credentials import key_path, load_key
from sheets_sync.messages import Catalog

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "credentials.example.json"
CLIENT_EMAIL = "sheets-sync@example-school.iam.gserviceaccount.com"


@functools.cache
def private_key_pem() -> str:
    """A throwaway RSA key, made once per test session."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def write_key(folder: Path, token_uri: str, *, client_email: str = CLIENT_EMAIL) -> Path:
    """A service-account key file whose token endpoint is ``token_uri`` (the emulator's)."""
    info = json.loads(EXAMPLE.read_text("utf-8"))
    info |= {"private_key": private_key_pem(), "client_email": client_email, "token_uri": token_uri}
    path = folder / "key.json"
    path.write_text(json.dumps(info), "utf-8")
    return path


# -- key files -------------------------------------------------------------------------------


def render(error: errors.SheetsSyncError) -> str:
    return error.render(Catalog.load("en"))


def test_no_key_anywhere_says_how_to_give_one(monkeypatch):
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    with pytest.raises(errors.CredentialsMissing) as caught:
        key_path(None, source="1AbC")
    assert "--credentials" in render(caught.value)
    assert "GOOGLE_APPLICATION_CREDENTIALS" in render(caught.value)


def test_the_environment_names_the_key_when_the_option_does_not(monkeypatch, tmp_path):
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "key.json"))
    assert key_path(None, source="x") == str(tmp_path / "key.json")
    assert key_path("other.json", source="x") == "other.json"
    assert key_path("NONE", source="x") == "none"


def test_missing_key_file(tmp_path):
    with pytest.raises(errors.CredentialsNotFound) as caught:
        load_key(str(tmp_path / "key.json"))
    assert "key.json" in render(caught.value) and "was not found" in render(caught.value)
    assert caught.value.exit_code == 2


def test_a_folder_is_not_a_key(tmp_path):
    with pytest.raises(errors.CredentialsUnreadable) as caught:
        load_key(str(tmp_path))
    assert "folder" in render(caught.value)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not json at all", "not JSON (line 1, column 1)"),
        (b'{"type": "service_account",\n  oops}', "not JSON (line 2"),
        (b"\xff\xfe\x00garbage", "not a JSON text file"),
        (b"[1, 2]", "not a JSON object"),
        (
            b'{"type": "service_account", "client_email": "a@b.c", "token_uri": "x"}',
            "missing or empty fields: private_key",
        ),
    ],
)
def test_malformed_keys_say_what_is_wrong(tmp_path, content, reason):
    path = tmp_path / "key.json"
    path.write_bytes(content)
    with pytest.raises(errors.CredentialsMalformed) as caught:
        load_key(str(path))
    assert reason in render(caught.value)


@pytest.mark.parametrize(
    ("info", "kind"),
    [
        ({"type": "authorized_user", "refresh_token": "secret-refresh"}, "authorized_user"),
        ({"installed": {"client_id": "x", "client_secret": "secret-client"}}, "OAuth client ID"),
        ({"type": "external_account"}, "external_account"),
        ({"client_email": "a@b.c"}, 'without "type"'),
    ],
)
def test_other_google_json_files_are_named_and_their_secrets_never_shown(tmp_path, info, kind):
    path = tmp_path / "client.json"
    path.write_text(json.dumps(info))
    with pytest.raises(errors.CredentialsNotServiceAccount) as caught:
        load_key(str(path))
    text = render(caught.value)
    assert kind in text and "service-account key" in text and "secret" not in text


def test_the_example_key_is_refused_with_a_pointer_to_the_readme():
    info = json.loads(EXAMPLE.read_text("utf-8"))
    assert info["project_id"] == "example-school"
    assert info["client_email"] == "sheets-sync@example-school.iam.gserviceaccount.com"
    with pytest.raises(errors.CredentialsMalformed) as caught:
        load_key(str(EXAMPLE))
    assert "example file" in render(caught.value) and "README" in render(caught.value)


def test_a_broken_pem_key_is_refused_without_quoting_it(tmp_path):
    info = json.loads(EXAMPLE.read_text("utf-8"))
    info["private_key"] = (
        "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n"
    )
    path = tmp_path / "key.json"
    path.write_text(json.dumps(info))
    with pytest.raises(errors.CredentialsMalformed) as caught:
        load_key(str(path))
    text = render(caught.value)
    assert "private_key cannot be loaded" in text and "c2VjcmV0" not in text


def test_a_real_key_loads_with_the_spreadsheets_scope_only(tmp_path):
    key = load_key(str(write_key(tmp_path, "http://127.0.0.1:9/token")))
    assert key.client_email == "sheets-sync@example-school.iam.gserviceaccount.com"
    assert tuple(key.credentials.scopes) == ("https://www.googleapis.com/auth/spreadsheets",)


def test_none_is_refused_with_a_non_loopback_endpoint():
    backend = GoogleSheetsBackend("1AbC", credentials="none", endpoint="https://sheets.example.org")
    with pytest.raises(errors.CredentialsRequired) as caught:
        backend.read()
    text = render(caught.value)
    assert "https://sheets.example.org" in text and "--credentials" in text
    without = GoogleSheetsBackend("1AbC", credentials="none", endpoint=None)
    with pytest.raises(errors.CredentialsRequired):
        without.read()
