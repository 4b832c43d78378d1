"""The administration side: demo loading, the admin pages, and the audit log at scale.

    python -m benchmarks.admin                          # prints the figures
    python -m benchmarks.admin --update BENCHMARKS.md   # and writes its section there
    python -m benchmarks.admin --audit-rows 20000       # a quicker look

On a fresh PostgreSQL database (server of BENCH_DATABASE_URL, default the local test server)
and a fresh SQLite file, it times the demo load (the foundation alone, then with every
registered area), the services behind the admin pages (median of 5 after a warm-up), an
AppTest rerun of each admin page, and the audit page's queries once the log holds
`--audit-rows` entries. The PostgreSQL database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from benchmarks.report import replace_block

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SECTION = "## Administration pages and the demo detachment"
START, END = "<!-- admin-benchmark:start -->", "<!-- admin-benchmark:end -->"
PAGES = ["admin_staff", "admin_locations", "admin_accounts", "admin_audit"]


def _median(action: Callable[[], object], runs: int = 5) -> float:
    action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _once(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _fill_audit_log(rows: int) -> None:
    """`rows` entries spread over the last 90 days, as a year of real use would leave them."""
    from db.models import AuditLog
    from db.session import get_engine
    from services.core.clock import now

    end = now()
    users = ["admin", "manager", "clerk", "leader", "manage.py"]
    tables = ["bookings", "complaint_cases", "evaluations", "staff", "locations", "users"]
    batch = []
    with get_engine().begin() as conn:
        for i in range(rows):
            batch.append(
                {
                    "at": end - timedelta(seconds=90 * 86400 * i / rows),
                    "user_id": None,
                    "username": users[i % len(users)],
                    "action": "update",
                    "table_name": tables[i % len(tables)],
                    "row_id": str(i),
                    "before": {"status": "open"},
                    "after": {"status": "done"},
                    "detail": "",
                }
            )
            if len(batch) == 5000:
                conn.execute(insert(AuditLog.__table__), batch)
                batch = []
        if batch:
            conn.execute(insert(AuditLog.__table__), batch)
        if conn.dialect.name == "postgresql":
            conn.execute(text("ANALYZE audit_log"))


def _measure(url: str, audit_rows: int) -> dict[str, float]:
    from db import session as db_session
    from db.migrate import upgrade
    from demo import detachment as demo
    from demo.setup import load_demo_detachment
    from rules.weeks import next_monday
    from services.calendar.workdays import working_day_checker
    from services.core import audit_log
    from services.core.clock import now
    from services.core.permissions import Actor
    from services.locations import registry as locations
    from services.staff import people as staff
    from tests.conftest import _empty_all_tables
    from tests.pages.conftest import open_app

    upgrade(url)
    db_session.configure(url)
    os.environ["DATABASE_URL"] = url
    figures: dict[str, float] = {}
    areas = demo.AREA_BUILDERS
    demo.AREA_BUILDERS = []
    figures["demo load, foundation only"] = _once(load_demo_detachment)
    demo.AREA_BUILDERS = areas
    _empty_all_tables(url)
    figures[f"demo load, all {len(areas)} areas"] = _once(load_demo_detachment)

    admin = Actor(user_id=None, username="admin", role="admin")
    week = next_monday(now().date())
    checker = working_day_checker({week.year})
    figures["list_staff (60)"] = _median(lambda: staff.list_staff(admin))
    figures["week_view (60 staff)"] = _median(lambda: staff.week_view(admin, week, checker))
    figures["list_locations (513)"] = _median(lambda: locations.list_locations(admin))
    figures["travel_matrix"] = _median(locations.travel_matrix)
    for page in PAGES:
        app = open_app(admin, f"pages/{page}.py")
        figures[f"page {page} (AppTest rerun)"] = _median(app.run, runs=3)

    _fill_audit_log(audit_rows)
    default = audit_log.default_filter()
    figures[f"audit page 1, last 7 days ({audit_rows:,} entries)"] = _median(
        lambda: audit_log.audit_page(admin, default)
    )
    one_user = audit_log.AuditFilter(default.start, default.end, username="clerk")
    figures["audit page 1, one user"] = _median(lambda: audit_log.audit_page(admin, one_user))
    quarter = audit_log.AuditFilter(default.end - timedelta(days=90), default.end)
    figures["audit page 100, last 90 days"] = _median(
        lambda: audit_log.audit_page(admin, quarter, page=99)
    )
    figures["audit filter choices, last 7 days"] = _median(
        lambda: audit_log.audit_choices(admin, default)
    )
    db_session.engine_for(url).dispose()
    return figures


def _render(results: dict[str, dict[str, float]], audit_rows: int) -> str:
    names = list(next(iter(results.values())))
    backends = list(results)
    lines = [
        START,
        f"- **Date:** {datetime.now():%Y-%m-%d %H:%M} UTC; `python -m benchmarks.admin"
        f" --audit-rows {audit_rows}`",
        f"- **Load average (1/5/15 min):** {' / '.join(f'{x:.1f}' for x in os.getloadavg())}",
        "",
        "| measure | " + " | ".join(backends) + " |",
        "|---|" + "---:|" * len(backends),
    ]
    for name in names:
        cells = " | ".join(f"{results[b][name] * 1000:,.0f} ms" for b in backends)
        lines.append(f"| {name} | {cells} |")
    lines.append(END)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--audit-rows", type=int, default=200_000)
    parser.add_argument("--update", type=Path)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))

    server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER)
    name = f"firedesk_bench_admin_{uuid.uuid4().hex[:8]}"
    maintenance = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    with maintenance.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    postgres = make_url(server).set(database=name).render_as_string(hide_password=False)
    results = {}
    try:
        with tempfile.TemporaryDirectory() as folder:
            results["SQLite"] = _measure(f"sqlite:///{folder}/bench.sqlite3", args.audit_rows)
        results["PostgreSQL"] = _measure(postgres, args.audit_rows)
    finally:
        with maintenance.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    block = _render(results, args.audit_rows)
    print(block)
    if args.update:
        replace_block(args.update, block, start=START, end=END, heading=SECTION)


if __name__ == "__main__":
    main()
