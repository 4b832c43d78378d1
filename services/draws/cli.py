"""`manage.py draw --period 2027-01 --seed TEXT --out FILE.csv` makes the period's draw
(or, with `--redraw --reason TEXT`, a new version of it) and writes its file; the key-unit
and hazard-unit rules are `--key-units` and `--hazard-units` (share, always, never);
`manage.py draw --verify FILE.csv` recomputes the draw the file names from the stored
snapshot and exits with 2 on any difference."""

from __future__ import annotations

import sys
from pathlib import Path

from rules.draws import (
    DEFAULT_HAZARD_UNIT_RULE,
    DEFAULT_KEY_UNIT_RULE,
    HAZARD_UNIT_RULES,
    KEY_UNIT_RULES,
)
from services.core.permissions import SYSTEM
from services.draws import plans, verify


def cmd_draw(args) -> int:
    if args.verify:
        return _verify(Path(args.verify))
    if not (args.period and args.seed):
        print("draw needs --period and --seed (or --verify FILE)", file=sys.stderr)
        return 2
    request = plans.DrawRequest(
        period=args.period,
        seed=args.seed,
        key_units=args.key_units,
        hazard_units=args.hazard_units,
        reason=args.reason or "",
    )
    make = plans.redraw if args.redraw else plans.make_draw
    draw_id = make(SYSTEM, request)
    row = plans.get_draw(SYSTEM, draw_id)
    content = verify.draw_csv(row)
    if args.out:
        Path(args.out).write_bytes(content)
    else:
        sys.stdout.write(content.decode("utf-8"))
    result = row.result
    print(
        f"draw {row.period} version {row.number}: {len(result['assignments'])} units drawn, "
        f"{len(result['unstaffed'])} without two eligible inspectors; "
        f"snapshot {row.snapshot_hash}",
        file=sys.stderr,
    )
    return 0


def _verify(path: Path) -> int:
    if not path.is_file():
        print(f"no file at {path}", file=sys.stderr)
        return 2
    row, verdict = verify.verify_file(SYSTEM, path.read_bytes())
    if row is None or not verdict.ok:
        which = f" for draw {row.period} version {row.number}" if row else ""
        print(f"VERIFICATION FAILED{which}:", file=sys.stderr)
        for problem in verdict.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    print(f"draw {row.period} version {row.number} verified: snapshot {row.snapshot_hash}")
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "draw", help="make a double-random draw of units and inspectors, or verify a draw file"
    )
    parser.add_argument("--period", help="2027-01 (a month) or 2027-Q1 (a quarter)")
    parser.add_argument("--seed", help="the seed published before the draw")
    parser.add_argument(
        "--key-units",
        choices=KEY_UNIT_RULES,
        default=DEFAULT_KEY_UNIT_RULE,
        help="key units: in their class share, always drawn, or left out",
    )
    parser.add_argument(
        "--hazard-units",
        choices=HAZARD_UNIT_RULES,
        default=DEFAULT_HAZARD_UNIT_RULE,
        help="units with an open hazard case: in their class share, always drawn, or left out",
    )
    parser.add_argument("--out", help="write the draw's CSV here (default: standard output)")
    parser.add_argument("--redraw", action="store_true", help="a new version of the draw")
    parser.add_argument("--reason", help="why the period is drawn again (required to redraw)")
    parser.add_argument("--verify", metavar="FILE", help="recompute and check a draw file")
    parser.set_defaults(run=cmd_draw)
