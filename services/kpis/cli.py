"""`manage.py disclosure --month 2027-01 --format csv|html|xlsx --out FILE`: the month's
public disclosure (一公开), the same content the disclosure page downloads: the month's
inspections with their results and publication days, and the draws covering the month.
Formula-safe (services.core.spreadsheet) and, as HTML, escaped."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from services.core.config import LANGUAGES
from services.core.permissions import SYSTEM
from services.kpis import exports


def _month(text: str) -> date:
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise SystemExit(f"--month {text!r} is not YYYY-MM") from None


def cmd_disclosure(args) -> int:
    month = _month(args.month)
    found = exports.disclosure(SYSTEM, month)
    draws = exports.disclosed_draws(SYSTEM, month)
    if args.format == "html":
        content = exports.disclosure_html(found, month, args.lang, draws).encode("utf-8")
    elif args.format == "xlsx":
        content = exports.disclosure_xlsx(found, month, args.lang, draws)
    else:
        content = exports.disclosure_csv(found, month, args.lang, draws)
    if args.out:
        Path(args.out).write_bytes(content)
    elif args.format == "xlsx":
        print("xlsx needs --out FILE", file=sys.stderr)
        return 2
    else:
        sys.stdout.buffer.write(content)
    print(
        f"disclosure {month:%Y-%m}: {len(found)} inspections, {len(draws)} draws",
        file=sys.stderr,
    )
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "disclosure", help="write the month's public disclosure of inspections and draws"
    )
    parser.add_argument("--month", required=True, help="the month, YYYY-MM")
    parser.add_argument("--format", choices=["csv", "html", "xlsx"], default="csv")
    parser.add_argument("--lang", choices=list(LANGUAGES), default=LANGUAGES[0])
    parser.add_argument("--out", help="write here (default: standard output; xlsx needs it)")
    parser.set_defaults(run=cmd_disclosure)
