"""The OAuth2 token endpoint (``POST /token``) a service-account credential talks to.

A key file whose ``token_uri`` is ``<emu.url>/token`` makes google-auth fetch its access token
here. The JWT assertion is decoded, not verified (the emulator trusts every caller)::

    status, body = exchange(b"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"
                            b"&assertion=eyJ...")
    # 200, {"access_token": "emulator-token-...", "expires_in": 3600, "token_type": "Bearer"}
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from typing import Any
from urllib.parse import parse_qs

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"


def decode_jwt_payload(assertion: str) -> dict[str, Any]:
    """The claims of a JWT, unverified; raises ValueError when it is not a JWT."""
    parts = assertion.split(".")
    if len(parts) != 3:
        raise ValueError("a JWT has three parts")
    padded = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(padded))
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError("the JWT payload is not base64url JSON") from error
    if not isinstance(claims, dict):
        raise ValueError("the JWT payload is not an object")
    return claims


def exchange(form: bytes, issued: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    """Answer a token request: (HTTP status, JSON body); ``issued`` learns token -> e-mail
    (the JWT's ``iss``), so the API can tell who is calling."""
    fields = parse_qs(form.decode("utf-8", "replace"))
    grant = (fields.get("grant_type") or [""])[0]
    if grant != JWT_BEARER:
        return 400, {
            "error": "unsupported_grant_type",
            "error_description": f"The emulator only grants {JWT_BEARER}.",
        }
    assertion = (fields.get("assertion") or [""])[0]
    try:
        claims = decode_jwt_payload(assertion)
    except ValueError as error:
        return 400, {"error": "invalid_grant", "error_description": f"Invalid JWT: {error}."}
    token = "emulator-token-" + secrets.token_urlsafe(16)
    if issued is not None and isinstance(claims.get("iss"), str):
        issued[token] = claims["iss"]
    return 200, {"access_token": token, "expires_in": 3600, "token_type": "Bearer"}
