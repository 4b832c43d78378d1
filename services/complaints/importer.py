"""Reading 12345 dispatch sheets: CSV (UTF-8 or GBK) and Excel, English or Chinese headers,
at most services.core.spreadsheet.MAX_IMPORT_ROWS tickets.

The sheet is checked as a whole: any bad row, and nothing is written (services.complaints.intake
does the checking, the same as for the form).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from services.complaints.intake import COLUMNS, TicketInput, intake
from services.core.errors import FieldError, ValidationError
from services.core.imports import recorded_import
from services.core.permissions import Actor, require
from services.core.spreadsheet import read_rows

CHINESE_HEADERS = {
    "工单号": "ticket_no",
    "受理时间": "received_at",
    "渠道": "channel",
    "类别": "category",
    "单位名称": "unit_name",
    "地址": "address",
    "区县": "district",
    "投诉人": "complainant_name",
    "联系电话": "complainant_phone",
    "问题描述": "description",
}
REQUIRED_COLUMNS = ("ticket_no", "received_at", "category", "unit_name", "district")
# Row 1 is the header, so the first ticket is on row 2 as a spreadsheet shows it.
FIRST_ROW = 2


@dataclass(frozen=True)
class ImportResult:
    tickets: int
    cases: int  # distinct cases the tickets opened or joined


def _cell(value: object) -> str | datetime:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, datetime):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number or ticket number Excel stored as a number
    return str(value).strip()


def _file_error(key: str, **params: object) -> ValidationError:
    return ValidationError([FieldError("complaint_file", key, params)])


def read_sheet(name: str, content: bytes) -> list[TicketInput]:
    """The tickets of a dispatch sheet; a missing column or an unreadable sheet is an error."""
    frame = read_rows(name, content, text=False)
    frame = frame.rename(columns=lambda c: CHINESE_HEADERS.get(str(c).strip(), str(c).strip()))
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise _file_error("complaints.error.columns", columns=", ".join(missing))
    present = [c for c in COLUMNS if c in frame.columns]
    return [
        TicketInput(**{c: _cell(value) for c, value in zip(present, values, strict=True)})
        for values in frame[present].itertuples(index=False, name=None)
    ]


def import_sheet(actor: Actor, name: str, content: bytes) -> ImportResult:
    """All tickets of the sheet or none; the attempt is recorded either way."""
    require(actor, "complaints.write")
    with recorded_import(actor, "complaints", name) as run:
        tickets = read_sheet(name, content)
        run.rows = len(tickets)
        case_ids = intake(actor, tickets, first_row=FIRST_ROW)
        run.created = len(case_ids)
    return ImportResult(tickets=len(case_ids), cases=len(set(case_ids)))
