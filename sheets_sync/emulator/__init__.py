"""A local emulator of the Google Sheets API v4, good enough for real gspread over HTTP.

    from sheets_sync.emulator import Emulator, serve
    from sheets_sync.emulator.client import gspread_client

    with Emulator() as emu:                                   # 127.0.0.1, a free port
        sid = emu.create_spreadsheet("Мектеп №8", tabs={"Мугалимдер": [["ID", "Аты-жөнү"]]})
        gc = gspread_client(emu.url)
        gc.open_by_key(sid).worksheet("Мугалимдер").update([["1", "Асанова"]], "A2")
        emu.values(sid, "Мугалимдер")     # [["ID", "Аты-жөнү"], ["1", "Асанова"]]
        emu.faults.fail_next(1, status=429, retry_after=2)
        emu.quota(reads_per_minute=60, writes_per_minute=60)
        emu.restrict(sid)                 # 403 from now on
        emu.share_read_only(sid)          # reads work, writes answer 403
        emu.protect(sid, "Мугалимдер", "J1:L", editors=["a@school.kg"])  # others get 400
        emu.faults.fail_next(1, status=503, method="POST", then=lambda: emu.mutate(sid, edit))

    serve(port=8765, state_dir="state")   # blocking; `python -m sheets_sync.emulator --help`

Modules, one step each: ``a1`` (A1 notation), ``discovery`` (request checks against Google's
discovery document), ``model`` (spreadsheets, sheets, cells), ``cells`` / ``numfmt`` /
``formulas`` / ``render`` (values in and out), ``styles`` (each colour beside its ``*Style``
twin), ``wire`` (the defaults Google's JSON leaves out), ``ranges``, ``values`` /
``spreadsheets`` / ``updates`` / ``metadata`` / ``furniture`` / ``drive`` (the API methods;
``furniture`` keeps charts, protections backed by named ranges and cell links), ``access``
(shares and protected ranges), ``faults``, ``tokens``, ``store``, ``handlers``
(routing), ``server`` (HTTP, ``Emulator``, ``serve``) and ``client`` (gspread).

Known simplifications: formulas outside ``formulas.FUNCTIONS`` are not evaluated (their
FORMATTED and UNFORMATTED values are the formula text); number and date input and output
follow en_US conventions whatever the spreadsheet locale (except day-first dates); copyPaste
does not shift relative references; batchUpdate kinds not in ``updates.HANDLERS`` answer 501;
effectiveFormat is the default format with the cell's own laid over it (conditional formats
and a formula's computed number format are not applied); developer metadata is found by
lookups only (data filters by range answer 501), and sorting leaves row metadata on its row
number (Google does not document what a sort does to it); moveDimension moves a merge,
protection or filter only when it lies inside the moved lines; deleting a named range removes
the protections backed by it.
"""

from .cells import Formula
from .faults import Faults, Quota
from .model import Sheet, Spreadsheet
from .requestlog import LoggedRequest
from .server import Emulator, serve

__all__ = [
    "Emulator",
    "Faults",
    "Formula",
    "LoggedRequest",
    "Quota",
    "Sheet",
    "Spreadsheet",
    "serve",
]
