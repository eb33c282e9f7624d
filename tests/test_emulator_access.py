"""Read-only shares and protected ranges in the emulator, as Google enforces them on a service
account: real keys, tokens from the emulator's token endpoint, real gspread over a socket."""

from __future__ import annotations

import gspread
import pytest
from google.oauth2.service_account import Credentials
from test_google_credentials import CLIENT_EMAIL, write_key
from test_retry import FakeTime

from sheets_sync import errors
from sheets_sync.backends.google import GoogleSheetsBackend
from sheets_sync.changes import CellRef, ChangeSet, SetCell
from sheets_sync.emulator import Emulator
from sheets_sync.emulator.client import gspread_client
from sheets_sync.messages import Catalog

TAB = "Мугалимдер"
PROTECTED = "You are trying to edit a protected cell or object"


@pytest.fixture
def emu():
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def key(emu, tmp_path):
    return write_key(tmp_path, emu.url + "/token")


@pytest.fixture
def sid(emu):
    rows = [["ID", "Аты-жөнү"], ["T1", "Асанова"], ["T2", "Бакиев"], ["T3", "Жумабаева"]]
    return emu.create_spreadsheet("Мектеп", tabs={TAB: rows})


def robot(emu, key) -> gspread.Worksheet:
    """The service account's own view of the tab (its token comes from the emulator)."""
    scopes = ["https://www.googleapis.com/auth/spreadsheets"]
    credentials = Credentials.from_service_account_file(str(key), scopes=scopes)
    return gspread_client(emu.url, credentials=credentials)


def sheet(emu, key, sid) -> gspread.Worksheet:
    return robot(emu, key).open_by_key(sid).worksheet(TAB)


def owner(emu, sid) -> gspread.Worksheet:
    """A request without a token: the spreadsheet's owner."""
    return gspread_client(emu.url).open_by_key(sid).worksheet(TAB)


def backend(emu, sid, key) -> GoogleSheetsBackend:
    fake = FakeTime()
    return GoogleSheetsBackend(
        sid, credentials=str(key), endpoint=emu.url, sleep=fake.sleep, clock=fake.clock
    )


# -- read-only shares ------------------------------------------------------------------------


def test_a_viewer_reads_but_every_write_answers_google_s_403(emu, key, sid):
    emu.share_read_only(sid, CLIENT_EMAIL)
    tab = sheet(emu, key, sid)
    assert tab.get_all_values()[1] == ["T1", "Асанова"]
    for write in (lambda: tab.update([["x"]], "C2"), lambda: tab.insert_row(["a"], 2)):
        with pytest.raises(gspread.exceptions.APIError) as caught:
            write()
        assert caught.value.response.status_code == 403
        assert caught.value.error["status"] == "PERMISSION_DENIED"
    assert emu.values(sid, TAB)[1] == ["T1", "Асанова"]
    owner(emu, sid).update([["ok"]], "C2")  # the share limits the viewer, not the owner
    assert emu.values(sid, TAB)[1] == ["T1", "Асанова", "ok"]


def test_the_backend_reads_a_viewer_share_and_its_write_names_the_account_to_make_editor(
    emu, key, sid
):
    emu.share_read_only(sid)
    google = backend(emu, sid, key)
    snapshot = google.read()
    with pytest.raises(errors.SpreadsheetAccessDenied) as caught:
        google.apply(snapshot, ChangeSet((SetCell(CellRef(TAB, 1, 3), "Статус"),)))
    assert f"{CLIENT_EMAIL} as Editor" in caught.value.render(Catalog.load("en"))
    assert emu.values(sid, TAB)[0] == ["ID", "Аты-жөнү"]


# -- protected ranges ------------------------------------------------------------------------


def test_a_write_into_a_protection_the_account_may_not_edit_is_refused_whole(emu, key, sid):
    emu.protect(sid, TAB, "C1:E", editors=["someone@school.kg"])
    tab = sheet(emu, key, sid)
    with pytest.raises(gspread.exceptions.APIError) as caught:
        tab.batch_update([{"range": "A2", "values": [["T9"]]}, {"range": "C2", "values": [["x"]]}])
    assert PROTECTED in caught.value.error["message"]
    assert emu.values(sid, TAB)[1] == ["T1", "Асанова"]  # A2 was not written either
    tab.update([["T9"]], "A2")  # outside the protection: fine
    assert emu.values(sid, TAB)[1] == ["T9", "Асанова"]


def test_editors_warning_only_protections_and_the_owner_may_write(emu, key, sid):
    emu.protect(sid, TAB, "C1:C", editors=[CLIENT_EMAIL])
    emu.protect(sid, TAB, "D1:D", warning_only=True)
    emu.protect(sid, TAB, "E1:E")
    tab = sheet(emu, key, sid)
    tab.update([["c", "d"]], "C2")
    owner(emu, sid).update([["e"]], "E2")
    assert emu.values(sid, TAB)[1] == ["T1", "Асанова", "c", "d", "e"]


def test_rows_inserted_above_a_protection_move_it_but_deleting_a_protected_row_is_refused(
    emu, key, sid
):
    emu.protect(sid, TAB, "A3:B3")
    tab = sheet(emu, key, sid)
    tab.insert_row(["T0", "Алиев"], 2)  # moves the protected row to 4: its cells unchanged
    assert emu.values(sid, TAB)[3] == ["T2", "Бакиев"]
    with pytest.raises(gspread.exceptions.APIError) as caught:
        tab.delete_rows(4)
    assert PROTECTED in caught.value.error["message"]
    with pytest.raises(gspread.exceptions.APIError):
        tab.update([["x"]], "B4")
    tab.delete_rows(2)  # an unprotected row
    assert emu.values(sid, TAB)[2] == ["T2", "Бакиев"]


def test_a_whole_tab_protection_blocks_every_cell_but_its_unprotected_ranges(emu, key, sid):
    def protect_tab_but_column_c(book):
        book.sheet(TAB).protected_ranges.append(
            {
                "protectedRangeId": 9,
                "range": {"sheetId": 0},
                "unprotectedRanges": [{"sheetId": 0, "startColumnIndex": 2, "endColumnIndex": 3}],
                "editors": {},
            }
        )

    emu.mutate(sid, protect_tab_but_column_c)
    tab = sheet(emu, key, sid)
    tab.update([["ok"]], "C2")
    with pytest.raises(gspread.exceptions.APIError):
        tab.update([["no"]], "D2")
    assert emu.values(sid, TAB)[1] == ["T1", "Асанова", "ok"]


def test_the_backend_refuses_to_write_a_protected_status_column_and_writes_nothing(emu, key, sid):
    emu.protect(sid, TAB, "C1:C")
    google = backend(emu, sid, key)
    snapshot = google.read()
    changes = ChangeSet((SetCell(CellRef(TAB, 1, 3), "Статус"), SetCell(CellRef(TAB, 1, 4), "x")))
    with pytest.raises(errors.SpreadsheetError) as caught:
        google.apply(snapshot, changes)
    assert PROTECTED in caught.value.render(Catalog.load("en"))
    assert emu.values(sid, TAB)[0] == ["ID", "Аты-жөнү"]
