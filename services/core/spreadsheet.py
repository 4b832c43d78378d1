"""Spreadsheets in and out: the one writer of every CSV and Excel file the app produces,
and the one reader of every sheet it imports.

Writing: a text starting with = + - @ (or a tab or carriage return) is what Excel and
LibreOffice run as a formula (OWASP, "CSV injection"), so such text from a user, an import
or a unit's registered name is prefixed with an apostrophe and shows as typed. No other
module writes CSV or xlsx (a test checks it).

Reading: CSV in UTF-8 (with or without BOM) or GBK, or Excel; at most `MAX_IMPORT_ROWS`
data rows; an empty, header-only, damaged or wrongly encoded file is a `SheetError` with a
message the user can act on, never a parser's traceback.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from services.core.errors import FiredeskError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A cell value a spreadsheet will never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in values]


def write_csv(stream: TextIO, header: Sequence[str], rows: Iterable[Iterable[object]]) -> int:
    """Write the header and each row to `stream` as they come (rows may be a generator, so
    a long export never sits in memory); returns the number of data rows written."""
    writer = csv.writer(stream)
    writer.writerow(safe_row(header))
    count = 0
    for row in rows:
        writer.writerow(safe_row(row))
        count += 1
    return count


def csv_bytes(header: Sequence[str], rows: Iterable[Iterable[object]]) -> bytes:
    """A CSV file to download, with a BOM so Excel on Windows reads the UTF-8 right."""
    buffer = io.StringIO()
    write_csv(buffer, header, rows)
    return buffer.getvalue().encode("utf-8-sig")


def workbook(sheets: Iterable[tuple[str, str | None, Sequence[Sequence[object]]]]) -> bytes:
    """An .xlsx of (sheet name, title line, rows whose first row is the header) sheets,
    every cell made safe. A sheet without a title (None) starts with its header, as an
    import template must."""
    book = Workbook()
    book.remove(book.active)
    for name, title, rows in sheets:
        sheet = book.create_sheet(name[:31])
        header_row = 1
        if title is not None:
            sheet.append([safe_cell(title)])
            sheet["A1"].font = Font(bold=True, size=14)
            header_row = 2
        for row in rows:
            sheet.append(safe_row(row))
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = f"A{header_row + 1}"
        for column in sheet.columns:
            letter = column[0].column_letter
            cells = column[header_row - 1 :]
            widest = max((len(str(c.value)) for c in cells if c.value is not None), default=8)
            sheet.column_dimensions[letter].width = min(60, max(10, widest * 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- reading imports ----------------------------------------------------------------------

# Every import (complaints, bookings, evaluations) stops here: a bigger file is a mistake
# or an attack, and one all-or-nothing transaction of it would hold the database too long.
MAX_IMPORT_ROWS = 20_000
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# GB18030 is a superset of GBK: what Excel and WPS on Chinese Windows save CSV as.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
# Imported dates before this, or more than a year after today, are typing errors.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_AHEAD = timedelta(days=366)


class SheetError(FiredeskError):
    """The file cannot be read as a sheet of rows; nothing was imported."""


def plausible_date(day: date, today: date) -> bool:
    return EARLIEST_DATE <= day <= today + LATEST_AHEAD


def _csv_text(name: str, content: bytes) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("sheet.error.encoding", name=name)


def read_rows(name: str, content: bytes, *, text: bool = True) -> pd.DataFrame:
    """The data rows of an uploaded sheet, with stripped column names.

    `text=True` reads every cell as a string ("" when empty); `text=False` keeps Excel's
    own types (dates, numbers, NaN for empty cells). CSV cells are always strings."""
    suffix = Path(name).suffix.lower()
    if suffix not in (*EXCEL_SUFFIXES, ".csv"):
        raise SheetError("sheet.error.file_type", name=name)
    if not content.strip():
        raise SheetError("sheet.error.empty", name=name)
    limit = MAX_IMPORT_ROWS + 1  # one more than allowed tells "too many" without reading all
    if suffix in EXCEL_SUFFIXES:
        if not zipfile.is_zipfile(io.BytesIO(content)):
            raise SheetError("sheet.error.unreadable", name=name)
        options = {"dtype": str, "keep_default_na": False} if text else {"dtype": object}
        try:
            frame = pd.read_excel(io.BytesIO(content), nrows=limit, **options)
        except Exception as error:  # openpyxl raises many kinds on a damaged workbook
            raise SheetError("sheet.error.unreadable", name=name) from error
    else:
        try:
            frame = pd.read_csv(
                io.StringIO(_csv_text(name, content)),
                dtype=str,
                keep_default_na=False,
                nrows=limit,
            )
        except pd.errors.EmptyDataError as error:
            raise SheetError("sheet.error.empty", name=name) from error
        except pd.errors.ParserError as error:
            raise SheetError("sheet.error.csv", name=name, detail=str(error)) from error
    if len(frame.columns) == 0:
        raise SheetError("sheet.error.empty", name=name)
    if frame.empty:
        raise SheetError("sheet.error.no_rows", name=name)
    if len(frame) > MAX_IMPORT_ROWS:
        raise SheetError("sheet.error.too_many", name=name, max=MAX_IMPORT_ROWS)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame
