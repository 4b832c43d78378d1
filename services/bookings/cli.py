"""manage.py commands of the bookings area: export a week's planning instance."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from db.migrate import upgrade
from services.planning.instance import build_week_instance


def cmd_export_week(args: argparse.Namespace) -> int:
    upgrade()
    instance = build_week_instance(date.fromisoformat(args.week), name=args.name)
    text = json.dumps(instance, ensure_ascii=False, indent=1)
    if args.out == "-":
        print(text)
    else:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        print(
            f"week {args.week}: {len(instance['tasks'])} tasks, {len(instance['staff'])} staff "
            f"written to {args.out}"
        )
    return 0


def register(subparsers) -> None:
    export = subparsers.add_parser(
        "export-week", help="write the planning instance (firedesk.instance/1) of a week"
    )
    export.add_argument("--week", required=True, help="the week's Monday, YYYY-MM-DD")
    export.add_argument("--out", required=True, help="output file ('-' for standard output)")
    export.add_argument("--name", help="instance name (default: 辽阳支队 <week> 周计划)")
    export.set_defaults(run=cmd_export_week)
