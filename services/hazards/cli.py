"""`manage.py hazards [--open] --format csv`: the hazard cases as CSV (formula-safe), after
moving every case whose deadline has passed to re-inspection due."""

from __future__ import annotations

import sys

from services.core.permissions import SYSTEM
from services.core.spreadsheet import write_csv
from services.hazards.cases import advance_deadlines
from services.hazards.queue import EXPORT_COLUMNS, export_rows, list_cases


def cmd_list(args) -> int:
    advance_deadlines(SYSTEM)
    write_csv(sys.stdout, EXPORT_COLUMNS, export_rows(list_cases(SYSTEM, open_only=args.open)))
    return 0


def register(subparsers) -> None:
    listing = subparsers.add_parser("hazards", help="list hazard cases and their clocks")
    listing.add_argument("--open", action="store_true", help="only cases not yet closed")
    listing.add_argument("--format", choices=["csv"], default="csv")
    listing.set_defaults(run=cmd_list)
