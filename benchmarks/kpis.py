"""The leadership KPI dashboard at province scale on PostgreSQL.

    python -m benchmarks.kpis                          # full history, prints the figures
    python -m benchmarks.kpis --update BENCHMARKS.md   # and appends its section there
    python -m benchmarks.kpis --scale 0.1              # a quicker look

A fresh database on BENCH_DATABASE_URL's server (default: the local test server) is
migrated and loaded with COPY, in three steps (10 %, 50 %, 100 % of the history), with
three years of 200,000 complaints, 1,000,000 evaluations (and their bad reviews' cases),
300,000 bookings over 14 districts and 300 units, and one published plan per week
(80 staff, 300 tasks). After each step (and VACUUM ANALYZE) it times what the dashboard
computes for the last full month, quarter and year: every tile with its two comparisons
(the page's first, uncached render), and a drill-down (trend + breakdown + records).
The database is dropped at the end unless --keep.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from benchmarks.trends import DEFAULT_SERVER, REPO, _create_database, _drop_database, _timed
from optimizer.summary import summarize
from rules.weeks import monday_of

SECTION = "## KPI dashboard at province scale"
DISTRICTS = 14
STATIONS = 40
UNITS = 300
FULL = {"complaints": 200_000, "evaluations": 1_000_000, "bookings": 300_000}
STEPS = (0.1, 0.5, 1.0)
DAYS = 3 * 365
KINDS = ["offhours_inspection", "training", "drill", "station_tour", "expert_visit", "outreach"]
STATUSES = ["done"] * 6 + ["planned", "cancelled", "requested", "no_show"]
CATEGORIES = ["locked_exit", "blocked_evacuation", "facility_disabled", "other_violation"]


def _places(url: str) -> dict[str, list[int]]:
    engine = create_engine(url)
    found: dict[str, list[int]] = {"station": [], "unit": []}
    with engine.begin() as conn:
        districts = [
            conn.execute(
                text("INSERT INTO districts (name) VALUES (:n) RETURNING id"), {"n": f"区{i:02d}"}
            ).scalar_one()
            for i in range(DISTRICTS)
        ]
        for kind, count in (("station", STATIONS), ("unit", UNITS)):
            for i in range(count):
                found[kind].append(
                    conn.execute(
                        text(
                            "INSERT INTO locations (code, kind, name, address, district_id,"
                            " opening_hours, version) VALUES (:c, :k, :n, '', :d, '{}', 1)"
                            " RETURNING id"
                        ),
                        {
                            "c": f"{kind[0]}{i:04d}",
                            "k": kind,
                            "n": f"{kind}{i}",
                            "d": districts[i % DISTRICTS],
                        },
                    ).scalar_one()
                )
        found["districts"] = districts
    engine.dispose()
    return found


def _moment(rng: random.Random, first: datetime) -> datetime:
    return first + timedelta(minutes=rng.randrange(DAYS * 1440))


def _complaints(rng, count, first, places, offset):
    for n in range(count):
        received = _moment(rng, first)
        category = rng.choice(CATEGORIES)
        deadline = received + timedelta(hours=24 if category != "other_violation" else 96)
        verified = received + timedelta(hours=rng.uniform(1, 110)) if rng.random() < 0.97 else None
        yield (
            f"C{offset + n:08d}",
            category,
            "closed" if verified else "received",
            f"unit{rng.randrange(UNITS)}",
            "",
            rng.choice(places["districts"]),
            received,
            deadline,
            False,
            verified,
            verified,
            verified is not None and rng.random() < 0.4,
            "",
            1,
        )


def _evaluations(rng, count, first, places):
    for _ in range(count):
        at = _moment(rng, first)
        day = at.date()
        level = rng.choices((1, 2, 3, 4, 5), (0.58, 0.26, 0.08, 0.06, 0.02))[0]
        yield (
            at,
            monday_of(day),
            day.replace(day=1),
            level,
            "device",
            "window",
            rng.choice(places["station"]),
            "",
            "",
            True,
            "demo",
            True,
            1,
        )


def _bookings(rng, count, first, places):
    for _ in range(count):
        day = (first + timedelta(days=rng.randrange(DAYS))).date()
        kind = rng.choice(KINDS)
        tour = kind == "station_tour"
        yield (
            kind,
            rng.choice(STATUSES),
            rng.choice(places["unit"]),
            "",
            "",
            "phone",
            "on_site",
            monday_of(day),
            "[]",
            60,
            1,
            "inspector",
            5,
            "",
            None,
            rng.randrange(10, 60) if tour else None,
            "",
            "",
            1,
        )


def _plan(rng: random.Random, week: date) -> tuple[dict, dict]:
    staff = [{"id": f"E{i}", "base": f"s{i % STATIONS:04d}"} for i in range(80)]
    locations = [
        {"id": f"s{i:04d}", "name": f"station{i}", "district": f"区{i % DISTRICTS:02d}"}
        for i in range(STATIONS)
    ]
    tasks, assignments, unscheduled = [], [], []
    for i in range(300):
        start = rng.randrange(0, 10080 - 120, 30)
        cost = rng.choice((0, 0, 0, 3))
        task = {
            "id": f"B{i}",
            "location": locations[i % STATIONS]["id"],
            "duration": 60,
            "windows": [{"start": start, "end": start + 120, "cost": cost}],
        }
        tasks.append(task)
        if rng.random() < 0.95:
            assignments.append(
                {"task": task["id"], "start": start, "staff": [rng.choice(staff)["id"]]}
            )
        else:
            unscheduled.append({"task": task["id"], "reasons": []})
    offhours = [[d * 1440 + 1050, d * 1440 + 1950] for d in range(5)] + [[7200, 10080]]
    instance = {
        "week_start": week.isoformat(),
        "offhours": offhours,
        "locations": locations,
        "staff": staff,
        "tasks": tasks,
    }
    return instance, {"assignments": assignments, "unscheduled": unscheduled}


def _load(url: str, places, share: float, seed: int, first: datetime) -> None:
    import psycopg

    rng = random.Random(seed)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    counts = {k: int(v * share) for k, v in FULL.items()}
    with psycopg.connect(dsn) as conn, conn.cursor() as cursor:
        copies = (
            (
                "complaint_cases (ticket_no, category, status, unit_name, address, district_id,"
                " received_at, deadline_at, deadline_provisional, verified_at, first_verified_at,"
                " violation_found, verification_notes, version)",
                _complaints(rng, counts["complaints"], first, places, seed * 1_000_000),
            ),
            (
                "evaluations (evaluated_at, week_start, month_start, level, channel, service,"
                " station_id, window_name, comment, anonymous, source, counted, version)",
                _evaluations(rng, counts["evaluations"], first, places),
            ),
            (
                "bookings (kind, status, location_id, visitor_group, contact_name, channel, mode,"
                " week_start, windows, duration_minutes, headcount, skill, priority, notes,"
                " tour_slot_id, group_size, cancel_reason, created_by, version)",
                _bookings(rng, counts["bookings"], first, places),
            ),
        )
        # Station tours need a slot: one shared slot keeps the check constraint satisfied.
        cursor.execute(
            "INSERT INTO tour_slots (station_id, starts_at, duration_minutes, capacity_groups,"
            " capacity_visitors, booked_groups, booked_visitors, version)"
            " VALUES (%s, %s, 60, 1, 40, 0, 0, 1) ON CONFLICT DO NOTHING",
            (places["station"][0], first),
        )
        slot = cursor.execute("SELECT min(id) FROM tour_slots").fetchone()[0]
        for target, rows in copies:
            with cursor.copy(f"COPY {target} FROM STDIN") as copy:
                for row in rows:
                    if target.startswith("bookings") and row[0] == "station_tour":
                        row = (*row[:14], slot, *row[15:])
                    copy.write_row(row)
        cursor.execute(
            "INSERT INTO rectification_cases (evaluation_id, status, opened_at, due_at,"
            " due_provisional, callback_note, cause, action_taken, answer, closed_at,"
            " appeal_reason, appeal_note, version)"
            " SELECT id, 'closed', evaluated_at, evaluated_at + interval '21 days', false,"
            " '', '', '', '', evaluated_at + (random() * 25) * interval '1 day', '', '', 1"
            " FROM evaluations e WHERE level >= 4 AND NOT EXISTS"
            " (SELECT 1 FROM rectification_cases r WHERE r.evaluation_id = e.id)"
        )
        if seed == 1:
            monday = monday_of(first.date())
            for week in range(DAYS // 7):
                day = monday + timedelta(weeks=week)
                instance, plan = _plan(rng, day)
                cursor.execute(
                    "INSERT INTO plan_versions (week_start, number, status, source, instance,"
                    " plan, reasons, objective, note, created_by, summary, version)"
                    " VALUES (%s, 1, 'published', 'solve', %s, %s, '{}', 0, '', 'bench', %s, 1)",
                    (
                        day,
                        json.dumps(instance),
                        json.dumps(plan),
                        json.dumps(summarize(instance, plan)),
                    ),
                )
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")


def _measure(url: str) -> list[tuple[str, float, float, float, float]]:
    from services.core.permissions import Actor
    from services.kpis import engine as kpis

    leader = Actor(user_id=None, username="bench", role="leader")
    rows = []
    for kind in ("month", "quarter", "year"):
        period = kpis.period_of(kind)
        kpis._PLAN_FACTS.clear()  # the first render reads every week's plan summary once
        tiles_cold, tiles = _timed(lambda p=period: kpis.tiles(p), repeat=3)

        def drill(p=period):
            kpis.trend("complaints_24h", p)
            kpis.breakdown("satisfaction", "station", p)
            kpis.records(leader, "offhours_inspections", p)

        drill_cold, drill_warm = _timed(drill, repeat=3)
        rows.append((kind, tiles_cold, tiles, drill_cold, drill_warm))
    return rows


def _page_timings(url: str) -> list[tuple[str, float, float, float]]:
    """AppTest runs of the whole dashboard page as leadership, per period kind: with every
    cache cleared (the process's first view of that period), and cached; and the home
    page's run, which is AppTest's own cost per run (it rescans installed packages for
    components and polls for the script's end)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from services.accounts import users as accounts
    from services.accounts.auth import has_users
    from services.core.clock import now
    from services.core.permissions import Actor
    from services.kpis import engine as kpis

    os.environ["DATABASE_URL"] = url
    if not has_users():
        accounts.create_first_admin("bench", "bench", "bench-password")
    leader = Actor(user_id=None, username="bench", role="leader")

    def render(page: str, kind: str = "month") -> float:
        app = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        app.session_state.actor = leader
        app.session_state.last_seen = now()
        app.session_state.kpi_period_kind = kind
        app.switch_page(page)
        started = time.perf_counter()
        app.run()
        elapsed = (time.perf_counter() - started) * 1000
        if app.exception:
            raise RuntimeError(app.exception[0].message)
        return elapsed

    dashboard = "pages/kpi_dashboard.py"
    render(dashboard)  # warm-up: imports, the migrations check, Altair
    home = statistics.median(render("pages/home.py") for _ in range(3))
    rows = []
    for kind in ("month", "quarter", "year"):
        st.cache_data.clear()
        kpis._PLAN_FACTS.clear()
        cold = render(dashboard, kind)
        cached = statistics.median(render(dashboard, kind) for _ in range(3))
        rows.append((kind, cold, cached, home))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the full history")
    parser.add_argument("--update", type=Path, help="append the section to this file")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER)
    url, name = _create_database(server)
    from db import session as db_session
    from db.migrate import upgrade

    try:
        upgrade(url)
        db_session.configure(url)
        places = _places(url)
        first = datetime.now() - timedelta(days=DAYS)
        results, loaded = [], 0.0
        for seed, step in enumerate(STEPS, start=1):
            _load(url, places, (step - loaded) * args.scale, seed, first)
            loaded = step
            for row in _measure(url):
                results.append((step, *row))
                print(
                    f"{step:.0%} {row[0]:8} tiles cold {row[1]:7.0f} ms warm {row[2]:7.0f} ms"
                    f"  drill-down cold {row[3]:6.0f} ms warm {row[4]:6.0f} ms",
                    flush=True,
                )
        pages = _page_timings(url)
        for kind, cold, cached, home in pages:
            print(f"page {kind:8} cold {cold:6.0f} ms cached {cached:6.0f} ms (home {home:.0f} ms)")
        if args.update:
            _append(args.update, results, pages, args.scale)
    finally:
        if not args.keep:
            from db.session import get_engine

            get_engine().dispose()
            _drop_database(server, name)
    return 0


def _append(path: Path, results, pages, scale: float) -> None:
    full = {k: f"{int(v * scale):,}" for k, v in FULL.items()}
    lines = [
        "",
        SECTION,
        "",
        f"`python -m benchmarks.kpis` ({datetime.now():%Y-%m-%d}), PostgreSQL on this shared"
        f" 2-core machine: three years of {full['complaints']} complaints,"
        f" {full['evaluations']} evaluations, {full['bookings']} bookings and one published"
        " plan a week (300 tasks, 80 staff). *Tiles* = every KPI over the period, the previous"
        " period and the same period last year (the page's uncached first render); *drill-down*"
        " = a trend, a breakdown and the records. First call, then median of 3, in ms.",
        "",
        "| history | period | tiles, first | tiles, again | drill-down, first | drill-down, again |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for step, kind, tc, tw, dc, dw in results:
        lines.append(f"| {step:.0%} | {kind} | {tc:.0f} | {tw:.0f} | {dc:.0f} | {dw:.0f} |")
    lines += [
        "",
        "The whole page (an AppTest run as leadership, at the full history): the process's"
        " first view of the period (every cache cleared), then cached. The home page's run,"
        " AppTest's own cost per run, is beside it.",
        "",
        "| period | page, first | page, cached | home page |",
        "|---|---:|---:|---:|",
    ]
    for kind, cold, cached, home in pages:
        lines.append(f"| {kind} | {cold:.0f} | {cached:.0f} | {home:.0f} |")
    with path.open("a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
