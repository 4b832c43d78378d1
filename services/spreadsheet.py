"""Spreadsheet cells that stay data: a text starting with = + - @ (or a tab or carriage
return) is what Excel and LibreOffice run as a formula, so such text from a user, an import
or a unit's registered name is prefixed with an apostrophe and shows as typed."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A cell value a spreadsheet will never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def workbook(sheets: Iterable[tuple[str, str, Sequence[Sequence[object]]]]) -> bytes:
    """An .xlsx of (sheet name, title line, rows whose first row is the header) sheets,
    every cell made safe."""
    book = Workbook()
    book.remove(book.active)
    for name, title, rows in sheets:
        sheet = book.create_sheet(name[:31])
        sheet.append([safe_cell(title)])
        sheet["A1"].font = Font(bold=True, size=14)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A3"
        for column in sheet.columns:
            letter = column[0].column_letter
            widest = max((len(str(c.value)) for c in column[1:] if c.value is not None), default=8)
            sheet.column_dimensions[letter].width = min(60, max(10, widest * 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
