"""`manage.py applications [--open] --format csv`: the queue as CSV (formula-safe)."""

from __future__ import annotations

import sys

from services.applications.queue import EXPORT_COLUMNS, export_rows, list_applications
from services.core.permissions import SYSTEM
from services.core.spreadsheet import write_csv


def cmd_list(args) -> int:
    rows = list_applications(SYSTEM, open_only=args.open)
    write_csv(sys.stdout, EXPORT_COLUMNS, export_rows(rows))
    return 0


def register(subparsers) -> None:
    listing = subparsers.add_parser(
        "applications", help="list front-desk applications (applicants are not listed)"
    )
    listing.add_argument("--open", action="store_true", help="only those not yet delivered")
    listing.add_argument("--format", choices=["csv"], default="csv")
    listing.set_defaults(run=cmd_list)
