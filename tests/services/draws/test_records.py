"""Inspection records and what the monthly disclosure publishes of the draws."""

from __future__ import annotations

import io
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

import pytest
from sqlalchemy import select

from db import session as db_session
from db.models import Location
from db.models.draws import InspectionRecord
from db.session import read_session
from rules.time import TIME_ZONE
from services.core.errors import PermissionDenied, ValidationError
from services.core.unit_of_work import unit_of_work
from services.draws import plans, records
from services.draws import tasks as draw_tasks
from services.draws.registers import register_units
from services.kpis import exports
from tests.conftest import _empty_all_tables
from tests.fixtures.draws import build_draw_world

SEED = "2026-12 公开种子"
WHEN = datetime(2026, 12, 3, 10, 0, tzinfo=TIME_ZONE)
SHARES = {"A": 10000, "B": 10000, "C": 2000, "D": 5000}


def _make_draw(manager, monkeypatch):
    moment = datetime(2026, 12, 20, 9, 0, tzinfo=TIME_ZONE)
    monkeypatch.setattr("services.draws.records.now", lambda: moment)
    request = plans.DrawRequest("2026-12", SEED, shares=SHARES)
    return plans.get_draw(manager, plans.make_draw(manager, request))


@pytest.fixture
def drawn(draw_world, manager, monkeypatch):
    return _make_draw(manager, monkeypatch)


def _record(actor, row, **changes) -> int:
    assignment = row.result["assignments"][0]
    values = dict(
        unit_code=assignment["unit"],
        kind="random_inspection",
        inspected_at=WHEN,
        officers=assignment["inspectors"],
        outcome="minor_corrected",
        findings=["exits"],
        draw_id=row.id,
    )
    return records.record_inspection(actor, records.InspectionInput(**(values | changes)))


def test_a_minor_violation_corrected_on_the_spot_is_recorded_as_such(drawn, staff_actor):
    record_id = _record(staff_actor, drawn)
    found = records.records_of(staff_actor, drawn.result["assignments"][0]["unit"])
    assert [(r.id, r.outcome, r.findings) for r in found] == [
        (record_id, "minor_corrected", ["exits"])
    ]
    # Recorded: the unit leaves the weeks still to plan, and its officers are its last.
    with read_session() as session:
        tasks = draw_tasks.planning_tasks(session, date(2026, 12, 7), date(2026, 12, 14))
        units = {u.code: u for u in register_units(session)}
    unit = drawn.result["assignments"][0]["unit"]
    assert unit not in {t["location"] for t in tasks}
    assert units[unit].last_inspectors == tuple(drawn.result["assignments"][0]["inspectors"])


@pytest.mark.parametrize(
    "changes",
    [
        {"officers": ["E001"]},
        {"officers": ["E001", "E003"]},  # E003 is no inspector
        {"outcome": "no_problem"},  # with a finding ticked
        {"outcome": "correction_order", "findings": []},
        {"findings": ["sprinkler_colour"]},
        {"outcome": "forgiven"},
        {"unit_code": "U001"},  # not drawn
        {"inspected_at": datetime(2027, 1, 1, tzinfo=TIME_ZONE)},
    ],
)
def test_bad_records_are_refused(drawn, staff_actor, changes):
    with pytest.raises(ValidationError):
        _record(staff_actor, drawn, **changes)
    assert records.records_of(staff_actor) == []


def _task_records(task: str) -> int:
    with read_session() as session:
        return len(
            session.scalars(select(InspectionRecord).where(InspectionRecord.task == task)).all()
        )


def test_a_task_recorded_between_the_check_and_the_save_is_refused_kindly(
    drawn, staff_actor, monkeypatch
):
    task = draw_tasks.task_id(drawn.id, drawn.result["assignments"][0]["unit"])
    _record(staff_actor, drawn, task=task)
    real = records._task_recorded
    calls = []

    def stale(session, checked):  # the check ran before the other officer's save
        calls.append(checked)
        return len(calls) > 1 and real(session, checked)

    monkeypatch.setattr(records, "_task_recorded", stale)
    with pytest.raises(ValidationError) as refused:
        _record(staff_actor, drawn, task=task)
    assert [e.field for e in refused.value.errors] == ["inspection_task"]
    assert task in refused.value.messages("zh-CN")[0]
    assert calls == [task, task] and _task_records(task) == 1


def test_two_officers_saving_the_same_task_at_once_on_postgres(
    postgres_url, manager, staff_actor, monkeypatch
):
    """Both pass the check before either saves; the second meets the unique index."""
    db_session.configure(postgres_url)
    try:
        build_draw_world()
        row = _make_draw(manager, monkeypatch)
        task = draw_tasks.task_id(row.id, row.result["assignments"][0]["unit"])
        real = records._task_recorded
        both_checked = threading.Barrier(2)

        def together(session, checked):
            found = real(session, checked)
            if not found:  # the first check of each; the loser's second one finds the row
                both_checked.wait(timeout=10)
            return found

        monkeypatch.setattr(records, "_task_recorded", together)

        def save(_n: int) -> str:
            try:
                _record(staff_actor, row, task=task)
            except ValidationError as error:
                return ",".join(e.field for e in error.errors)
            return "recorded"

        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = sorted(pool.map(save, range(2)))
        assert outcomes == ["inspection_task", "recorded"]
        assert _task_records(task) == 1
    finally:
        _empty_all_tables(postgres_url)
        db_session._current_url = None


def test_only_staff_roles_record(drawn, leader):
    with pytest.raises(PermissionDenied):
        _record(leader, drawn)


def test_the_disclosure_lists_draws_and_inspected_results_only(drawn, staff_actor, leader):
    _record(staff_actor, drawn)
    found = exports.disclosure(leader, date(2026, 12, 1))
    random = [d for d in found if d.kind == "random_inspection"]
    with read_session() as session:
        name = session.scalar(
            select(Location.name).where(Location.code == drawn.result["assignments"][0]["unit"])
        )
    # Only the inspected unit: the others drawn are not announced before their visit.
    assert [(d.unit, d.day, d.result) for d in random] == [
        (name, date(2026, 12, 3), "minor_corrected")
    ]
    rows = exports.disclosure_rows(found, "zh-CN")
    assert rows[1][:2] == ["2026-12-03", name] and rows[1][3] == "双随机抽查"
    assert "轻微问题当场改正，不予处罚" in {r[4] for r in rows[1:]}
    draws = exports.disclosed_draws(leader, date(2026, 12, 1))
    assert [(d.period, d.number, d.seed, d.units) for d in draws] == [
        ("2026-12", 1, SEED, len(drawn.result["assignments"]))
    ]
    assert exports.disclosed_draws(leader, date(2027, 1, 1)) == []
    table = exports.draw_rows(draws, "en")
    assert table[1][3] == "A 100% B 100% C 20% D 50%"


def test_a_quarter_draw_is_disclosed_in_each_of_its_months(draw_world, manager, leader):
    plans.make_draw(manager, plans.DrawRequest("2027-Q1", SEED))
    for month in (1, 2, 3):
        assert [d.period for d in exports.disclosed_draws(leader, date(2027, month, 1))] == [
            "2027-Q1"
        ]
    assert exports.disclosed_draws(leader, date(2027, 4, 1)) == []


def test_the_disclosure_workbook_is_safe_against_formula_injection(drawn, staff_actor, leader):
    unit = drawn.result["assignments"][0]["unit"]
    with unit_of_work(staff_actor) as session:
        location = session.scalar(select(Location).where(Location.code == unit))
        location.name = '=HYPERLINK("http://x","点我")'
    _record(staff_actor, drawn)
    found = exports.disclosure(leader, date(2026, 12, 1))
    draws = exports.disclosed_draws(leader, date(2026, 12, 1))
    content = exports.disclosure_xlsx(found, date(2026, 12, 1), "zh-CN", draws)
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        names = book.namelist()
        text = "".join(book.read(n).decode("utf-8") for n in names if n.endswith(".xml"))
    assert "xl/worksheets/sheet2.xml" in names
    assert "<f>" not in text
    assert "&apos;=HYPERLINK" in text or "'=HYPERLINK" in text
    assert SEED in text
