"""Google-shaped API errors: every failure the emulator answers is one of these.

Handlers raise and the server turns the error into Google's JSON error body::

    raise ApiError.invalid("Unable to parse range: Nope!A1")
    # -> 400 {"error": {"code": 400, "message": "Unable to parse range: Nope!A1",
    #                   "status": "INVALID_ARGUMENT"}}
"""

from __future__ import annotations

from typing import Any

# The canonical gRPC status Google pairs with each HTTP code in its error bodies.
STATUS_BY_CODE = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

# What Google says when it gives no more specific reason.
DEFAULT_MESSAGES = {
    400: "Request contains an invalid argument.",
    401: "Request is missing required authentication credential.",
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    429: "Resource has been exhausted (e.g. check quota).",
    500: "Internal error encountered.",
    501: "Method not implemented.",
    502: "Bad gateway.",
    503: "The service is currently unavailable.",
    504: "The request deadline was exceeded.",
}


class ApiError(Exception):
    """An error answer: HTTP ``code``, Google ``status`` and ``message``, optional details."""

    def __init__(
        self,
        code: int,
        message: str | None = None,
        *,
        status: str | None = None,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.code = code
        self.message = message or DEFAULT_MESSAGES.get(code, "Error.")
        self.status = status or STATUS_BY_CODE.get(code, "UNKNOWN")
        self.details = details
        self.headers = headers or {}
        super().__init__(f"{code} {self.status}: {self.message}")

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message, "status": self.status}
        if self.details:
            error["details"] = self.details
        return {"error": error}

    @classmethod
    def invalid(cls, message: str, violations: list[tuple[str, str]] | None = None) -> ApiError:
        """400 INVALID_ARGUMENT; ``violations`` are (field, description) pairs for the details."""
        details = None
        if violations:
            details = [
                {
                    "@type": "type.googleapis.com/google.rpc.BadRequest",
                    "fieldViolations": [
                        {"field": field, "description": text} for field, text in violations
                    ],
                }
            ]
        return cls(400, message, details=details)

    @classmethod
    def not_found(cls, message: str | None = None) -> ApiError:
        return cls(404, message)

    @classmethod
    def unimplemented(cls, what: str) -> ApiError:
        return cls(501, f"The Sheets emulator does not implement {what}.")
