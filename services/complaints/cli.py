"""`manage.py import-complaints FILE` (the daily batch) and `manage.py complaints --open`."""

from __future__ import annotations

import sys
from pathlib import Path

from services.complaints.cases import OPEN_STATUSES, STATUSES
from services.complaints.importer import import_sheet
from services.complaints.queue import EXPORT_COLUMNS, Filters, all_cases, export_rows
from services.core.permissions import SYSTEM
from services.core.spreadsheet import write_csv


def cmd_import(args) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"no file at {path}", file=sys.stderr)
        return 2
    result = import_sheet(SYSTEM, path.name, path.read_bytes())
    print(f"imported {result.tickets} tickets into {result.cases} cases")
    return 0


def cmd_list(args) -> int:
    """Every matching case, however many: read in batches and written row by row."""
    statuses = OPEN_STATUSES if args.open else STATUSES
    cases = all_cases(SYSTEM, Filters(statuses=statuses))
    rows = (row.values() for row in export_rows(cases))
    write_csv(sys.stdout, EXPORT_COLUMNS, rows)
    return 0


def register(subparsers) -> None:
    batch = subparsers.add_parser(
        "import-complaints", help="import a 12345 dispatch sheet (CSV or Excel); all or nothing"
    )
    batch.add_argument("file")
    batch.set_defaults(run=cmd_import)
    listing = subparsers.add_parser("complaints", help="list complaint cases (complainants masked)")
    listing.add_argument("--open", action="store_true", help="only cases not yet closed")
    listing.add_argument("--format", choices=["csv"], default="csv")
    listing.set_defaults(run=cmd_list)
