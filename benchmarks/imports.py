"""A full 12345 dispatch sheet (20,000 tickets, the import cap) imported all or nothing.

    python -m benchmarks.imports                          # prints the figures
    python -m benchmarks.imports --update BENCHMARKS.md   # and writes its section there
    python -m benchmarks.imports --rows 2000 --profile    # a quicker look, with a profile

On a fresh PostgreSQL database (server of BENCH_DATABASE_URL, default the local test server)
and a fresh SQLite file, it seeds 7 districts and 500 registered units, writes a CSV of
`--rows` tickets (a quarter of them about a unit and category already in the sheet, so they
merge into its case) and times `services.complaints.importer.import_sheet` end to end: reading,
checking every row, the legal clocks, and writing cases, tickets, events and audit rows in
one transaction. "app CPU" is the importing process's CPU time (not the database server's):
on a loaded machine the wall time minus it is mostly waiting for a core. The PostgreSQL
database is dropped at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from benchmarks.report import replace_block

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SECTION = "## Importing a 20,000-ticket complaint sheet"
START, END = "<!-- imports-benchmark:start -->", "<!-- imports-benchmark:end -->"
DISTRICTS = ["白塔区", "文圣区", "宏伟区", "弓长岭区", "太子河区", "辽阳县", "灯塔市"]
UNITS = 500
CATEGORIES = ["locked_exit", "blocked_evacuation", "facility_disabled", "other_violation"]
HEADER = ["ticket_no", "received_at", "channel", "category", "unit_name", "address",
          "district", "complainant_name", "complainant_phone", "description"]  # fmt: skip


def _seed(url: str) -> None:
    from db.models import District, Location

    engine = create_engine(url)
    with engine.begin() as conn:
        ids = [
            conn.execute(insert(District).values(name=n).returning(District.id)).scalar_one()
            for n in DISTRICTS
        ]
        conn.execute(
            insert(Location),
            [
                {
                    "code": f"U{n:04d}",
                    "kind": "unit",
                    "name": f"辽阳单位{n:04d}",
                    "district_id": ids[n % len(ids)],
                }
                for n in range(UNITS)
            ],
        )
    engine.dispose()


def dispatch_sheet(rows: int, seed: int = 0) -> bytes:
    """`rows` tickets of the last 20 days, in the 12345 sheet's English columns."""
    from services.core.spreadsheet import csv_bytes

    rng = random.Random(seed)
    end = datetime.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    subjects: list[tuple[str, str, str]] = []
    lines = []
    for n in range(rows):
        if subjects and rng.random() < 0.25:
            unit, category, district = rng.choice(subjects)  # another ticket, same case
        else:
            number = rng.randrange(UNITS * 4)  # most complaints name unregistered shops
            unit = f"辽阳单位{number:04d}" if number < UNITS else f"个体商户{number:05d}"
            category = rng.choice(CATEGORIES)
            district = DISTRICTS[number % len(DISTRICTS)]
            subjects.append((unit, category, district))
        received = end - timedelta(minutes=rng.randrange(20 * 24 * 60))
        lines.append(
            [
                f"LY{n:08d}",
                received.strftime("%Y-%m-%d %H:%M"),
                "12345",
                category,
                unit,
                f"辽阳市{district}某路{rng.randrange(1, 300)}号",
                district,
                rng.choice(["张", "王", "李", "赵"]) + "先生",
                f"13{rng.randrange(10**9):09d}",
                "安全出口上锁，疏散通道堆放杂物",
            ]
        )
    return csv_bytes(HEADER, lines)


def _measure(url: str, content: bytes, profile: bool) -> dict[str, object]:
    from db import session as db_session
    from db.migrate import upgrade
    from db.models.complaints import ComplaintCase, ComplaintTicket
    from services.calendar import workdays
    from services.complaints.importer import import_sheet, read_sheet
    from services.core.permissions import SYSTEM

    upgrade(url)
    _seed(url)
    db_session.configure(url)
    workdays.clear_cache()
    started = time.perf_counter()
    tickets = read_sheet("sheet.csv", content)
    read_seconds = time.perf_counter() - started
    profiler = cProfile.Profile() if profile else None
    started, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    result = import_sheet(SYSTEM, "sheet.csv", content)
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    with db_session.read_session() as session:
        stored = session.scalar(select(func.count()).select_from(ComplaintTicket))
        cases = session.scalar(select(func.count()).select_from(ComplaintCase))
    assert stored == len(tickets) == result.tickets and cases == result.cases
    db_session.engine_for(url).dispose()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "read": read_seconds,
        "tickets": stored,
        "cases": cases,
    }


def _render(results: dict[str, dict[str, object]], rows: int) -> str:
    lines = [
        START,
        f"- **Date:** {datetime.now():%Y-%m-%d %H:%M} UTC; `python -m benchmarks.imports"
        f" --rows {rows}`",
        f"- **Load average (1/5/15 min):** {' / '.join(f'{x:.1f}' for x in os.getloadavg())}",
        "",
        "| database | tickets | cases | reading the sheet | whole import | app CPU | tickets / s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for backend, r in results.items():
        lines.append(
            f"| {backend} | {r['tickets']:,} | {r['cases']:,} | {r['read']:.1f} s"
            f" | {r['seconds']:.1f} s | {r['cpu']:.1f} s | {r['tickets'] / r['seconds']:,.0f} |"
        )
    lines.append(END)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the import")
    parser.add_argument("--update", type=Path)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    content = dispatch_sheet(args.rows)
    backends = args.backends.split(",")

    server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER)
    name = f"firedesk_bench_imports_{uuid.uuid4().hex[:8]}"
    maintenance = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    results = {}
    try:
        if "postgresql" in backends:
            with maintenance.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            url = make_url(server).set(database=name).render_as_string(hide_password=False)
            results["PostgreSQL"] = _measure(url, content, args.profile)
        if "sqlite" in backends:
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite:///{folder}/bench.sqlite3"
                results["SQLite"] = _measure(url, content, args.profile)
    finally:
        with maintenance.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    block = _render(results, args.rows)
    print(block)
    if args.update:
        replace_block(args.update, block, start=START, end=END, heading=SECTION)


if __name__ == "__main__":
    main()
