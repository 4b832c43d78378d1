"""Migrations build the schema from empty, and the newest schema matches the models."""

import json
from collections.abc import Iterator
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import JSON, column, inspect, table, text
from sqlalchemy.exc import IntegrityError

from db.base import Base
from db.migrate import is_up_to_date, upgrade
from db.session import engine_for
from optimizer.summary import summarize
from tests.conftest import BACKENDS, _create_postgres_database, _drop_postgres_database


def test_upgrade_from_empty_matches_the_models(db):
    engine = engine_for(db)
    assert is_up_to_date(db)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_upgrade_is_idempotent(db):
    upgrade(db)  # already at head: nothing to do, nothing lost
    assert is_up_to_date(db)


@pytest.fixture(params=BACKENDS)
def empty_url(request, tmp_path) -> Iterator[str]:
    """A database with no schema yet, on each backend in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    url, name = _create_postgres_database()
    yield url
    engine_for(url).dispose()
    _drop_postgres_database(name)


def test_plans_published_before_0008_get_their_summary(empty_url):
    upgrade(empty_url, revision="0007")
    upgrade(empty_url, revision="0005")  # both heads before 0008
    instance = {
        "week_start": "2026-10-05",
        "offhours": [[1020, 1440]],
        "locations": [{"id": "U01", "name": "商场", "district": "白塔区"}],
        "staff": [{"id": "E1", "base": "U01"}],
        "tasks": [
            {
                "id": "B1",
                "location": "U01",
                "duration": 60,
                "windows": [{"start": 1020, "end": 1200, "cost": 0}],
            }
        ],
    }
    plan = {"assignments": [{"task": "B1", "start": 1020, "staff": ["E1"]}], "unscheduled": []}
    versions = table(
        "plan_versions",
        *(column(name) for name in ("week_start", "number", "status", "source", "reasons")),
        *(column(name) for name in ("objective", "note", "created_by", "version")),
        column("instance", JSON),
        column("plan", JSON),
    )
    common = {
        "week_start": date(2026, 10, 5),
        "source": "solve",
        "reasons": "{}",
        "objective": 0,
        "note": "",
        "created_by": "manager",
        "version": 1,
        "instance": instance,
        "plan": plan,
    }
    with engine_for(empty_url).begin() as conn:
        conn.execute(
            versions.insert(),
            [
                {**common, "number": 1, "status": "published"},
                {**common, "number": 2, "status": "draft"},
            ],
        )
    upgrade(empty_url)
    assert is_up_to_date(empty_url)
    with engine_for(empty_url).connect() as conn:
        rows = dict(conn.execute(text("SELECT number, summary FROM plan_versions")).all())
    summary = rows[1] if isinstance(rows[1], dict) else json.loads(rows[1])
    assert summary == summarize(instance, plan)
    assert summary["staff"] == [["E1", "白塔区", "商场", 60]]
    assert rows[2] is None  # a draft is summarized when it is published


def test_open_follow_ups_due_in_an_unconfirmed_year_become_provisional_in_0009(empty_url):
    upgrade(empty_url, revision="0008")
    years = table(
        "calendar_years", *(column(n) for n in ("year", "confirmed", "source", "version"))
    )
    follow_ups = table(
        "follow_ups",
        *(column(n) for n in ("id", "source_kind", "source_id", "due", "mode", "status")),
        *(column(n) for n in ("note", "version")),
    )
    common = {"source_kind": "inspection", "mode": "on_site", "note": "", "version": 1}
    with engine_for(empty_url).begin() as conn:
        conn.execute(
            years.insert(),
            [
                {"year": 2026, "confirmed": True, "source": "chinesecalendar", "version": 1},
                {"year": 2027, "confirmed": False, "source": "manual", "version": 1},
            ],
        )
        conn.execute(
            follow_ups.insert(),
            [
                {**common, "id": 1, "source_id": 1, "due": date(2026, 12, 7), "status": "open"},
                {**common, "id": 2, "source_id": 2, "due": date(2027, 1, 6), "status": "open"},
                {**common, "id": 3, "source_id": 3, "due": date(2027, 1, 6), "status": "done"},
            ],
        )
    upgrade(empty_url)
    assert is_up_to_date(empty_url)
    with engine_for(empty_url).connect() as conn:
        rows = conn.execute(
            text("SELECT id, due, due_provisional, due_from FROM follow_ups ORDER BY id")
        ).all()
    assert [(r.id, bool(r.due_provisional), r.due_from) for r in rows] == [
        (1, False, None),
        (2, True, None),
        (3, False, None),
    ]
    assert [str(r.due) for r in rows] == ["2026-12-07", "2027-01-06", "2027-01-06"]


def test_follow_ups_from_before_0010_get_someone_to_call(empty_url):
    upgrade(empty_url, revision="0008")
    moment = "2026-10-05 09:00:00+08:00"
    statements = [
        "INSERT INTO districts (id, name) VALUES (1, '白塔区')",
        "INSERT INTO locations (id, code, kind, name, address, district_id, contact_phone,"
        " opening_hours, version) VALUES"
        " (1, 'S01', 'station', '白塔站', '', 1, NULL, '{}', 1),"
        " (2, 'U01', 'unit', '华联商厦', '', 1, '04192123456', '{}', 1)",
        "INSERT INTO bookings (id, kind, status, location_id, visitor_group, contact_name,"
        " contact_phone, channel, mode, week_start, windows, duration_minutes, headcount, skill,"
        " priority, notes, cancel_reason, created_by, version) VALUES"
        " (7, 'training', 'done', 1, '实验小学', '刘老师', '13812345678', 'wechat',"
        " 'on_site', '2026-10-05', '[]', 60, 1, 'trainer', 1, '', '', 'clerk', 1)",
        "INSERT INTO complaint_cases (id, ticket_no, category, status, unit_name, address,"
        " district_id, location_id, received_at, deadline_at, deadline_provisional,"
        f" verification_notes, version) VALUES (3, 'T1', 'locked_exit', 'closed', '华联商厦', '',"
        f" 1, 2, '{moment}', '{moment}', false, '', 1)",
        "INSERT INTO complaint_tickets (id, case_id, ticket_no, received_at, channel,"
        f" complainant_name, complainant_phone, description) VALUES"
        f" (1, 3, 'T1', '{moment}', '12345', NULL, NULL, '匿名'),"
        f" (2, 3, 'T2', '{moment}', '12345', '张三', '13900001111', '再次投诉')",
        "INSERT INTO follow_ups (id, source_kind, source_id, unit_location_id, due, mode,"
        " status, note, version) VALUES"
        " (1, 'training', 7, NULL, '2026-10-12', 'phone', 'open', '', 1),"
        " (2, 'complaint', 3, 2, '2026-10-12', 'phone', 'open', '', 1),"
        " (3, 'inspection', 99, 2, '2026-10-12', 'on_site', 'open', '', 1)",
    ]
    with engine_for(empty_url).begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    upgrade(empty_url)
    assert is_up_to_date(empty_url)
    with engine_for(empty_url).connect() as conn:
        rows = conn.execute(
            text("SELECT id, contact_name, contact_phone, assignee_staff_id FROM follow_ups")
        ).all()
    assert sorted(tuple(r) for r in rows) == [
        (1, "刘老师", "13812345678", None),  # the booking's contact, even without a unit
        (2, "张三", "13900001111", None),  # the first complainant who left a number
        (3, "", "04192123456", None),  # no booking found: the unit's own phone
    ]


def test_hazard_cases_from_before_0017_keep_every_value(empty_url):
    """0017 adds seals and the major-hazard report; a case opened before keeps its values
    and shows no report recorded."""
    upgrade(empty_url, revision="0015")
    case = {
        "id": 1, "case_no": "YH2026-0001", "inspection_id": 1, "location_id": 1,
        "state": "order_issued", "findings": ["exits"], "legal_basis": "消防法", "major": True,
        "officers": ["E001", "E002"], "inspected_at": "2026-02-13 15:00:00+08:00",
        "order_due_at": "2026-02-25 23:59:59+08:00", "order_due_provisional": False,
        "guidance": [{"hazard_type": "exits", "plan": "拆除", "standard": ""}],
        "detachment": "辽阳", "order_year": 2026, "order_seq": 1, "deadline": "2026-03-31",
        "reinspection_due_provisional": False, "note": "", "created_by": "clerk", "version": 2,
    }  # fmt: skip
    with engine_for(empty_url).begin() as conn:
        conn.execute(text("INSERT INTO districts (id, name) VALUES (1, '白塔区')"))
        conn.execute(
            text(
                "INSERT INTO locations (id, code, kind, name, address, district_id,"
                " opening_hours, version) VALUES (1, 'R001', 'unit', '单位', '', 1, '{}', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO inspection_records (id, location_id, kind, inspected_at, officers,"
                " findings, outcome, note, created_by) VALUES (1, 1, 'offhours_inspection',"
                " '2026-02-13 15:00:00+08:00', '[]', '[]', 'correction_order', '', 'clerk')"
            )
        )
        columns = [c for c in case if c not in ("findings", "officers", "guidance")]
        hazard_cases = table("hazard_cases", *(column(n) for n in columns),
                             column("findings", JSON), column("officers", JSON),
                             column("guidance", JSON))  # fmt: skip
        conn.execute(hazard_cases.insert(), [case])
    upgrade(empty_url)
    assert is_up_to_date(empty_url)
    with engine_for(empty_url).connect() as conn:
        row = conn.execute(
            text(
                "SELECT case_no, state, major, order_seq, version, major_reported_at,"
                " major_report_level FROM hazard_cases"
            )
        ).one()
        seals = conn.execute(text("SELECT count(*) FROM hazard_seals")).scalar()
    assert (row.case_no, row.state, bool(row.major), row.order_seq, row.version) == (
        "YH2026-0001", "order_issued", True, 1, 2,
    )  # fmt: skip
    assert (row.major_reported_at, row.major_report_level, seals) == (None, None, 0)


def test_solves_from_before_0021_stay_solves_and_an_advice_has_its_own_week_lock(empty_url):
    upgrade(empty_url, revision="0015")
    columns = (
        "id, week_start, active_week, state, stop_requested, username, role, time_limit,"
        " task_count, note, instance, attempts, created_at"
    )
    with engine_for(empty_url).begin() as conn:
        conn.execute(
            text(
                f"INSERT INTO solve_jobs ({columns}) VALUES"
                " (1, '2026-11-30', '2026-11-30', 'running', false, 'mgr', 'duty_manager', 30,"
                " 5, 'n', '{}', 1, '2026-11-27 09:00:00+08:00'),"
                " (2, '2026-11-23', NULL, 'done', false, 'mgr', 'duty_manager', 30,"
                " 5, '', '{}', 1, '2026-11-20 09:00:00+08:00')"
            )
        )
    upgrade(empty_url)
    assert is_up_to_date(empty_url)
    with engine_for(empty_url).connect() as conn:
        rows = conn.execute(text("SELECT id, kind, state, active_week FROM solve_jobs")).all()
    assert sorted((r[0], r[1], r[2]) for r in rows) == [
        (1, "solve", "running"),
        (2, "solve", "done"),
    ]
    insert = (
        f"INSERT INTO solve_jobs ({columns}, kind) VALUES"
        " ({id}, '2026-11-30', '2026-11-30', 'queued', false, 'mgr', 'duty_manager', 1,"
        " 5, '', '{{}}', 0, '2026-11-27 10:00:00+08:00', '{kind}')"
    )
    with engine_for(empty_url).begin() as conn:  # the running solve holds only the solve lock
        conn.execute(text(insert.format(id=3, kind="advice")))
    with pytest.raises(IntegrityError), engine_for(empty_url).begin() as conn:
        conn.execute(text(insert.format(id=4, kind="advice")))
    with pytest.raises(IntegrityError), engine_for(empty_url).begin() as conn:
        conn.execute(text(insert.format(id=5, kind="solve")))


def test_random_inspections_recorded_before_0018_name_their_task(empty_url):
    upgrade(empty_url, revision="0015")
    moment = "2026-12-03 10:00:00+08:00"
    statements = [
        "INSERT INTO districts (id, name) VALUES (1, '白塔区')",
        "INSERT INTO locations (id, code, kind, name, address, district_id, contact_phone,"
        " opening_hours, version) VALUES"
        " (1, 'U01', 'unit', '华联商厦', '', 1, NULL, '{}', 1),"
        " (2, 'U02', 'unit', '白塔超市', '', 1, NULL, '{}', 1)",
        "INSERT INTO draws (id, period, number, status, seed, algorithm, algorithm_version,"
        " rules, snapshot, snapshot_hash, draw_key, result, reason, created_by) VALUES"
        " (4, '2026-12', 1, 'current', 's', 'a', 1, '{}', '{}', 'h', 'k', '{}', '', 'admin')",
        "INSERT INTO inspection_records (id, location_id, draw_id, kind, inspected_at, officers,"
        " findings, outcome, note, created_by) VALUES"
        f" (1, 1, 4, 'random_inspection', '{moment}', '[]', '[]', 'no_problem', '', 'a'),"
        f" (2, 1, 4, 'random_inspection', '{moment}', '[]', '[]', 'no_problem', '', 'a'),"
        f" (3, 2, NULL, 'offhours_inspection', '{moment}', '[]', '[]', 'no_problem', '', 'a')",
    ]
    with engine_for(empty_url).begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    upgrade(empty_url)
    assert is_up_to_date(empty_url)
    with engine_for(empty_url).connect() as conn:
        rows = conn.execute(text("SELECT id, task FROM inspection_records ORDER BY id")).all()
    # The earliest record of a draw's unit names its task; nothing else is guessed.
    assert [tuple(r) for r in rows] == [(1, "R4-U01"), (2, None), (3, None)]


def test_0022_keeps_every_job_and_an_ask_adds_one_thing_once(empty_url):
    upgrade(empty_url, revision="0021")
    with engine_for(empty_url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO solve_jobs (id, kind, week_start, active_week, state,"
                " stop_requested, username, role, time_limit, task_count, note, instance,"
                " attempts, created_at) VALUES (1, 'advice', '2026-11-30', NULL, 'done', false,"
                " 'mgr', 'duty_manager', 1, 5, '', '{}', 1, '2026-11-27 09:00:00+08:00')"
            )
        )
        conn.execute(text("INSERT INTO districts (id, name) VALUES (1, '白塔区')"))
        conn.execute(
            text(
                "INSERT INTO locations (id, code, kind, name, address, district_id,"
                " opening_hours, version) VALUES (1, 'HQ', 'office', '支队机关', '', 1, '{}', 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO staff (id, code, name, base_location_id, weekly_hour_cap, active,"
                " version) VALUES (1, 'E001', '王伟', 1, 40, true, 1)"
            )
        )
    upgrade(empty_url)
    assert is_up_to_date(empty_url)
    with engine_for(empty_url).connect() as conn:
        assert conn.execute(text("SELECT id, kind, state FROM solve_jobs")).all() == [
            (1, "advice", "done")
        ]
    ask = (
        "INSERT INTO capacity_asks (week_start, advice_job_id, suggestion, staff_id, start_at,"
        " end_at, max_minutes, serves, dedup_key, asked_at, asked_by, version) VALUES"
        " ('2026-11-30', 1, {index}, 1, {addition}, '[]', 'k',"
        " '2026-12-01 09:00:00+08:00', 'mgr', 1)"
    )
    period = "'2026-12-01 18:00:00+08:00', '2026-12-01 22:00:00+08:00', NULL"
    with engine_for(empty_url).begin() as conn:
        conn.execute(text(ask.format(index=0, addition=period)))
    both = "'2026-12-01 18:00:00+08:00', '2026-12-01 22:00:00+08:00', 2520"
    # asked once per suggestion; a period or a cap, never both nor neither
    for index, addition in [(0, period), (1, both), (2, "NULL, NULL, NULL")]:
        with pytest.raises(IntegrityError), engine_for(empty_url).begin() as conn:
            conn.execute(text(ask.format(index=index, addition=addition)))


def test_0023_adds_import_runs_from_0022_and_refuses_an_unknown_kind(empty_url):
    upgrade(empty_url, revision="0022")
    assert "import_runs" not in inspect(engine_for(empty_url)).get_table_names()
    upgrade(empty_url)
    assert is_up_to_date(empty_url)
    run = (
        "INSERT INTO import_runs (kind, filename, username, started_at, row_count, accepted,"
        " error_count, errors, created_count) VALUES ('{kind}', 'a.csv', 'clerk',"
        " '2026-12-01 09:00:00+08:00', 3, false, 1, '[]', 0)"
    )
    with engine_for(empty_url).begin() as conn:
        conn.execute(text(run.format(kind="bookings")))
        assert conn.execute(text("SELECT kind, accepted FROM import_runs")).all() == [
            ("bookings", False)
        ]
    with pytest.raises(IntegrityError), engine_for(empty_url).begin() as conn:
        conn.execute(text(run.format(kind="staff")))
