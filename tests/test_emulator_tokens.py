"""The OAuth2 token endpoint, with real google-auth service-account credentials."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import google.auth.transport.requests
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.oauth2 import service_account

from sheets_sync.emulator import Emulator
from sheets_sync.emulator.client import gspread_client

SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


def key_file(folder: Path, token_uri: str) -> Path:
    """A service-account key file with a freshly generated RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    info = {
        "type": "service_account",
        "project_id": "mektep-8",
        "private_key_id": "0123456789abcdef",
        "private_key": pem,
        "client_email": "sheets-sync@mektep-8.iam.gserviceaccount.com",
        "client_id": "1234567890",
        "token_uri": token_uri,
    }
    path = folder / "key.json"
    path.write_text(json.dumps(info), encoding="utf-8")
    return path


def test_a_service_account_credential_gets_its_token_from_the_emulator(
    emu: Emulator, tmp_path: Path
) -> None:
    path = key_file(tmp_path, f"{emu.url}/token")
    credentials = service_account.Credentials.from_service_account_file(str(path), scopes=SCOPES)
    credentials.refresh(google.auth.transport.requests.Request())
    assert credentials.token.startswith("emulator-token-")
    assert credentials.valid and credentials.expiry is not None
    (call,) = emu.requests
    assert (call.method, call.path, call.status) == ("POST", "/token", 200)


def test_gspread_with_credentials_sends_the_bearer_token(emu: Emulator, tmp_path: Path) -> None:
    sid = emu.create_spreadsheet("Мектеп", tabs={"Мугалимдер": [["ID"]]})
    path = key_file(tmp_path, f"{emu.url}/token")
    credentials = service_account.Credentials.from_service_account_file(str(path), scopes=SCOPES)
    gc = gspread_client(emu.url, credentials)
    assert gc.open_by_key(sid).sheet1.get_all_values() == [["ID"]]
    token_call, *sheets_calls = emu.requests
    assert token_call.path == "/token"
    assert sheets_calls
    assert all(
        call.headers["Authorization"] == f"Bearer {credentials.token}" for call in sheets_calls
    )


def test_credentials_pointing_at_google_are_redirected_to_the_emulator(
    emu: Emulator, tmp_path: Path
) -> None:
    path = key_file(tmp_path, "https://oauth2.googleapis.com/token")
    credentials = service_account.Credentials.from_service_account_file(str(path), scopes=SCOPES)
    sid = emu.create_spreadsheet("Мектеп")
    assert gspread_client(emu.url, credentials).open_by_key(sid).title == "Мектеп"
    assert emu.requests[0].path == "/token"


def test_sheets_requests_need_no_token_at_all(emu: Emulator) -> None:
    sid = emu.create_spreadsheet("Мектеп")
    answer = requests.get(f"{emu.url}/v4/spreadsheets/{sid}", timeout=5)
    assert answer.status_code == 200
    assert "Authorization" not in emu.requests[0].headers


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer"}, "invalid_grant"),
        (
            {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": "a.b"},
            "invalid_grant",
        ),
        (
            {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": "x.%%%.y"},
            "invalid_grant",
        ),
        ({"grant_type": "password", "assertion": "x.e30.y"}, "unsupported_grant_type"),
    ],
)
def test_a_missing_or_malformed_assertion_is_refused(emu: Emulator, form, error) -> None:
    answer = requests.post(f"{emu.url}/token", data=form, timeout=5)
    assert answer.status_code == 400
    assert answer.json()["error"] == error


def test_any_well_formed_jwt_is_accepted_unverified(emu: Emulator) -> None:
    form = {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": "x.e30.y"}
    body = requests.post(f"{emu.url}/token", data=form, timeout=5).json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600


def test_googleapiclient_service_reaches_the_emulator_with_credentials(
    emu: Emulator, tmp_path: Path
) -> None:
    from googleapiclient.errors import HttpError

    from sheets_sync.emulator.client import sheets_service

    sid = emu.create_spreadsheet("Мектеп", tabs={"Мугалимдер": [["ID", "Аты-жөнү"]]})
    path = key_file(tmp_path, "https://oauth2.googleapis.com/token")
    credentials = service_account.Credentials.from_service_account_file(str(path), scopes=SCOPES)
    values = sheets_service(emu.url, credentials).spreadsheets().values()
    answer = values.get(spreadsheetId=sid, range="'Мугалимдер'!A1:B1").execute()
    assert answer["values"] == [["ID", "Аты-жөнү"]]
    with pytest.raises(HttpError) as refused:
        values.get(spreadsheetId=sid, range="Жок!A1").execute()
    assert refused.value.status_code == 400
    token_call, sheets_call, _ = emu.requests
    assert token_call.path == "/token"
    assert sheets_call.headers["authorization"] == f"Bearer {credentials.token}"
