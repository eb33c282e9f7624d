"""The toolkit's exceptions.

Problems in the *data* are findings in a report and are never raised. What is raised here is
everything that stops a run: a missing workbook, a workbook locked by another program, a
settings file that does not parse. Each error carries a message code and parameters; the CLI
renders it in the user's language from the message catalog::

    try:
        backend.apply(snapshot, changes)
    except SheetsSyncError as error:
        print(error.render(catalog))
"""

from __future__ import annotations

from typing import Any, ClassVar


class SheetsSyncError(Exception):
    """Base of every error the toolkit raises on purpose."""

    code: ClassVar[str] = "error"
    exit_code: ClassVar[int] = 1

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.code, params)

    def render(self, catalog: Any) -> str:
        """The one-line message in the catalog's language."""
        return catalog.error(self.code, **self.params)

    def __str__(self) -> str:
        details = ", ".join(f"{key}={value}" for key, value in self.params.items())
        return f"{self.code}: {details}" if details else self.code


class WorkbookNotFound(SheetsSyncError):
    code = "workbook-not-found"
    exit_code = 2


class WorkbookUnreadable(SheetsSyncError):
    code = "workbook-unreadable"
    exit_code = 2


class WorkbookEncrypted(SheetsSyncError):
    """The workbook needs a password to open (an encrypted OLE package, not a zip)."""

    code = "workbook-encrypted"
    exit_code = 2


class WorkbookLocked(SheetsSyncError):
    code = "workbook-locked"
    exit_code = 4


class WorkbookChanged(SheetsSyncError):
    code = "workbook-changed"
    exit_code = 4


class WorkbookNotWritable(SheetsSyncError):
    """The workbook holds parts the xlsx writer cannot keep (charts, images, ...)."""

    code = "workbook-would-lose-content"
    exit_code = 4


class WorkbookReadOnly(SheetsSyncError):
    """The file's mode lets nobody write it (refused even for root)."""

    code = "workbook-read-only"
    exit_code = 4


class WorkbookHardLinked(SheetsSyncError):
    """The file has ``links`` names; replacing it would leave the others on the old version."""

    code = "workbook-hard-linked"
    exit_code = 4


class WorkbookSavedMeanwhile(SheetsSyncError):
    """Another program saved the file while the new version was being put in place."""

    code = "workbook-saved-meanwhile"
    exit_code = 4


class WorkbookSaveFailed(SheetsSyncError):
    code = "workbook-save-failed"
    exit_code = 4


class NoRegisters(SheetsSyncError):
    code = "no-registers"
    exit_code = 3


class SettingsError(SheetsSyncError):
    code = "settings-invalid"
    exit_code = 2


# -- Google Sheets -----------------------------------------------------------------------------
# Two families, each with a generic base that renders with just ``path``/``source`` and
# ``reason``: a key file that cannot be used (always the user's to fix, exit 2), and a
# spreadsheet the API would not serve. Messages never carry key material or tokens.


class CredentialsError(SheetsSyncError):
    """The Google key file cannot be used; ``path`` names it, ``reason`` says why."""

    code = "credentials-invalid"
    exit_code = 2


class CredentialsMissing(CredentialsError):
    """No key file given: neither ``--credentials`` nor GOOGLE_APPLICATION_CREDENTIALS."""

    code = "credentials-missing"


class CredentialsNotFound(CredentialsError):
    code = "credentials-not-found"


class CredentialsUnreadable(CredentialsError):
    code = "credentials-unreadable"


class CredentialsMalformed(CredentialsError):
    """Not JSON, missing fields, or a private key that does not parse."""

    code = "credentials-malformed"


class CredentialsNotServiceAccount(CredentialsError):
    """A JSON file of another kind (an OAuth client, a user token, ...); ``kind`` says which."""

    code = "credentials-not-service-account"


class CredentialsRejected(CredentialsError):
    """Google's token endpoint refused the key (deleted, disabled, clock far off, ...)."""

    code = "credentials-rejected"


class CredentialsRequired(CredentialsError):
    """``--credentials none`` with an endpoint that is not this machine."""

    code = "credentials-required"


class SpreadsheetError(SheetsSyncError):
    """The Sheets API refused a request for ``source``; ``reason`` is its one-line answer."""

    code = "spreadsheet-error"
    exit_code = 1


class SpreadsheetAccessDenied(SpreadsheetError):
    """403: the service account (``client_email``) is not an editor of the spreadsheet."""

    code = "spreadsheet-access-denied"
    exit_code = 2


class SpreadsheetAccessDeniedNoKey(SpreadsheetAccessDenied):
    """403 while running without a key (``--credentials none``)."""

    code = "spreadsheet-access-denied-no-key"


class SpreadsheetNotFound(SpreadsheetError):
    code = "spreadsheet-not-found"
    exit_code = 2


class SpreadsheetAddressInvalid(SpreadsheetError):
    """Neither a spreadsheet ID nor a docs.google.com spreadsheet URL, or a bad endpoint."""

    code = "spreadsheet-address-invalid"
    exit_code = 2


class SheetsUnreachable(SpreadsheetError):
    """No connection to ``endpoint`` at all (refused, name not found, TLS failure)."""

    code = "sheets-unreachable"
    exit_code = 5


class SheetsRetriesExhausted(SpreadsheetError):
    """The API kept failing: ``tries`` tries over ``seconds`` seconds, ``last`` the last one."""

    code = "sheets-retries-exhausted"
    exit_code = 5


class SheetsEndpointInvalid(SpreadsheetError):
    """``--endpoint`` is not an http(s) URL we may send a key's token to."""

    code = "sheets-endpoint-invalid"
    exit_code = 2


class EmulatorCannotStart(SheetsSyncError):
    """The emulator's address is taken or cannot be listened on."""

    code = "emulator-cannot-start"
    exit_code = 2


# -- the run's own outputs and unexpected failures ---------------------------------------------


class OutputRefused(SheetsSyncError):
    """An output path names a workbook of the same command (``path``)."""

    code = "output-is-workbook"
    exit_code = 2


class OutputNotOurs(OutputRefused):
    """An output path names an existing file that is not a report the toolkit wrote."""

    code = "output-not-a-report"


class CopyTargetNotOurs(OutputRefused):
    """``--out`` names an existing file that is not a copy the toolkit wrote (no mark of its)."""

    code = "copy-target-not-ours"


class ReportNotWritten(SheetsSyncError):
    """The JSON report could not be saved (disk full, no permission); the previous one stays."""

    code = "report-not-written"
    exit_code = 2


class UnexpectedFailure(SheetsSyncError):
    """A workbook's run stopped on a fault of the toolkit itself; the other workbooks go on.
    ``kind`` is the exception's class; ``--debug`` shows the traceback (chained)."""

    code = "unexpected-failure"
    exit_code = 1
