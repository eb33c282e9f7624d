"""Pictures of the summary tabs as a person sees them, from the bundled sample school.

Checks a fresh copy of the sample workbook (as of the demo's date), prints it to PDF with
LibreOffice, finds the pages of «Жыйынтык» and «Мөөнөттөр» by the marker line their top rows
repeat on every page, and turns the first page of each into a PNG. The teachers' register is
printed once more with every sheet on a single page (the register's own page setup is the
school's, which the toolkit leaves alone), so its status columns show beside the names::

    .venv/bin/python docs/render.py     # docs/images/summary.png, deadlines.png, register.png
    .venv/bin/python docs/render.py --language ru --out /tmp/pictures

It says how many pages each tab prints on. Needs LibreOffice (``soffice``) and poppler's
``pdftotext`` and ``pdftoppm`` (Debian: libreoffice-calc, poppler-utils).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from jobs.methodical_work import JOB
from schemas.samples import DEMO_AS_OF, DEMO_SCHOOL, SAMPLE_WORKBOOK
from schemas.summaries import DEADLINES, OVERVIEW
from sheets_sync.backends.xlsx import XlsxBackend
from sheets_sync.job import run
from sheets_sync.summaries import marker

ROOT = Path(__file__).resolve().parent.parent

PICTURES = {"summary_overview": "summary.png", "summary_deadlines": "deadlines.png"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--language", default="ky", choices=("ky", "ru", "en"))
    parser.add_argument("--dpi", type=int, default=110)
    options = parser.parse_args()
    for tool in ("soffice", "pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"{tool} is needed: apt-get install libreoffice-calc poppler-utils")
            return 2
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        workbook = work / "school.xlsx"
        shutil.copyfile(SAMPLE_WORKBOOK, workbook)
        run(
            JOB,
            XlsxBackend(workbook),
            as_of=DEMO_AS_OF,
            language=options.language,
            school=DEMO_SCHOOL,
        )
        pdf = to_pdf(workbook, work)
        pages = page_texts(pdf)
        options.out.mkdir(parents=True, exist_ok=True)
        for key, titles in (("summary_overview", OVERVIEW), ("summary_deadlines", DEADLINES)):
            line = marker(titles.title(options.language))
            found = [number for number, text in enumerate(pages, start=1) if line in text]
            if not found:
                print(f"no page shows «{line}»")
                return 1
            target = options.out / PICTURES[key]
            picture(pdf, found[0], target, options.dpi)
            print(f"{titles.title(options.language)}: {len(found)} page(s) printed; {target}")
        whole = to_pdf(workbook, work / "single", single_page_sheets=True)
        page = register_page(workbook)
        target = options.out / "register.png"
        picture(whole, page, target, options.dpi, rows=REGISTER_ROWS)
        print(f"{REGISTER_TAB}: page {page} of the one-page-per-sheet print; {target}")
    return 0


REGISTER_TAB = "Мугалимдер"
REGISTER_ROWS = 0.45  # the top of the register: header and the first rows, notes included


def register_page(workbook: Path) -> int:
    """The teachers' tab's page when every sheet prints on one page (sheet order)."""
    titles = [sheet.title for sheet in XlsxBackend(workbook).read()]
    return titles.index(REGISTER_TAB) + 1


def to_pdf(workbook: Path, folder: Path, *, single_page_sheets: bool = False) -> Path:
    # a profile of its own, so a LibreOffice the user has open is neither used nor disturbed
    folder.mkdir(parents=True, exist_ok=True)
    profile = (folder / "profile").as_uri()
    target = "pdf"
    if single_page_sheets:
        target = 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}'
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(folder),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return folder / workbook.with_suffix(".pdf").name


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")


def picture(pdf: Path, page: int, target: Path, dpi: int, *, rows: float = 1.0) -> None:
    """The page as PNG, cut to the printed text and a margin (the paper's blank edges say
    nothing in a README); ``rows`` keeps only that top share of it."""
    left, top, right, bottom = text_box(pdf, page)
    bottom = top + (bottom - top) * rows
    scale, margin = dpi / 72, 12
    area = {
        "-x": int(left * scale) - margin,
        "-y": int(top * scale) - margin,
        "-W": int((right - left) * scale) + 2 * margin,
        "-H": int((bottom - top) * scale) + 2 * margin,
    }
    crop = [str(part) for pair in area.items() for part in pair]
    pages = ["-f", str(page), "-l", str(page)]
    stem = str(target.with_suffix(""))
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), *pages, *crop, "-singlefile", str(pdf), stem],
        check=True,
        capture_output=True,
    )


def text_box(pdf: Path, page: int) -> tuple[float, float, float, float]:
    """The smallest box, in points, around every word printed on the page."""
    pages = ["-f", str(page), "-l", str(page)]
    html = subprocess.run(
        ["pdftotext", "-bbox", *pages, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    words = [
        tuple(float(value) for value in found)
        for found in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html
        )
    ]
    return (
        min(w[0] for w in words),
        min(w[1] for w in words),
        max(w[2] for w in words),
        max(w[3] for w in words),
    )


if __name__ == "__main__":
    raise SystemExit(main())
