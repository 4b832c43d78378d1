"""An officer's own desk: only their published tasks, their calendar, and closing a task
with its outcome (refused for inspections, for someone else's task, without a reason when
not done, and against a stale version)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from db.models import AuditLog, PlanVersion, TaskOutcome
from db.session import read_session
from services.core.errors import ConflictError, ValidationError
from services.desks import officer
from services.planning.versions import instance_of, published_version
from tests.conftest import BACKENDS, _empty_all_tables
from tests.fixtures.desks import account, demo_loaded, this_monday


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, database_urls) -> Iterator[str]:
    with demo_loaded(database_urls[request.param], _empty_all_tables) as url:
        yield url


def _published_tasks_of(code: str) -> set[tuple[str, str]]:
    """(week, task) of every published assignment of `code` this week and next, read
    straight from the stored plans."""
    found = set()
    for week in (this_monday(), this_monday() + timedelta(days=7)):
        info = published_version(week)
        if info is None:
            continue
        for a in info.plan["assignments"]:
            if code in a["staff"]:
                found.add((week.isoformat(), a["task"]))
    return found


def test_an_officer_sees_exactly_their_own_published_tasks(demo):
    me = account("officer")
    code = officer.staff_code(me)
    tasks = officer.my_tasks(me)
    assert {(t.week_start.isoformat(), t.task) for t in tasks} == _published_tasks_of(code)
    trainings = [t for t in tasks if t.kind == "training" and t.start.hour == 19]
    assert len(trainings) >= 1  # the demo's evening trainings
    assert all(t.address and t.unit and t.prepare for t in tasks)
    # Teammates are the others on the same assignment, never the officer themself.
    info = published_version(this_monday())
    names = instance_of(info).staff_by_id
    for task in tasks:
        assert names[code].name not in task.teammates
    clerk = officer.my_tasks(account("clerk"))
    assert not {t.task for t in clerk} & {t.task for t in tasks}


def test_an_account_linked_to_nobody_has_no_tasks_and_no_calendar(demo):
    leader = account("leader")
    assert officer.my_tasks(leader) == [] and officer.my_calendar(leader) is None


def test_the_calendar_holds_the_officers_events_only(demo):
    me = account("officer")
    text = officer.my_calendar(me).decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VCALENDAR") == 1 and text.count("END:VTIMEZONE") == 1
    uids = {line.split(":", 1)[1] for line in text.split("\r\n") if line.startswith("UID:")}
    code = officer.staff_code(me)
    assert uids == {f"{week}-{task}-{code}@firedesk" for week, task in _published_tasks_of(code)}


def _training(me):
    return next(t for t in officer.my_tasks(me) if t.kind == "training" and t.outcome is None)


def test_wrong_outcomes_are_refused_with_the_reason_and_nothing_saved(demo):
    me = account("officer")
    task = _training(me)
    cases = [
        (task, "not_done", "", "task_outcome_note"),
        (task, "finished", "ok", "task_outcome"),
        (task, "done", "x" * 1001, "task_outcome_note"),
    ]
    # An inspection is recorded on 我的检查, with its checklist, never here.
    cases.append((replace(task, kind="offhours_inspection"), "done", "", "task_outcome"))
    for subject, outcome, note, field in cases:
        with pytest.raises(ValidationError) as refused:
            officer.record_outcome(me, subject, outcome, note, None)
        assert field in [e.field for e in refused.value.errors]
    # The clerk is on none of the officer's tasks.
    with pytest.raises(ValidationError) as refused:
        officer.record_outcome(account("clerk"), task, "done", "", None)
    assert "desk.error.not_yours" in [e.key for e in refused.value.errors]
    with read_session() as session:
        assert session.scalars(select(TaskOutcome).where(TaskOutcome.task == task.task)).all() == []
        assert session.scalar(select(PlanVersion.id).limit(1)) is not None


def test_an_officer_records_an_outcome_audited_and_changes_it_later(demo):
    me = account("officer")
    task = _training(me)
    officer.record_outcome(me, task, "not_done", "  单位停电  ", None)
    again = next(t for t in officer.my_tasks(me) if t.task == task.task)
    assert (again.outcome, again.outcome_note, again.outcome_version) == (
        "not_done",
        "单位停电",
        1,
    )
    with pytest.raises(ConflictError):  # someone saved it meanwhile: nothing overwritten
        officer.record_outcome(me, again, "done", "培训32人，发放宣传册", 0)
    # Not done, then done after all (a booking done cannot go back: test_outcome_feed).
    officer.record_outcome(me, again, "done", "培训32人，发放宣传册", again.outcome_version)
    with read_session() as session:
        row = session.scalars(select(TaskOutcome).where(TaskOutcome.task == task.task)).one()
        audited = session.scalars(
            select(AuditLog).where(AuditLog.table_name == "task_outcomes")
        ).all()
    assert (row.outcome, row.note, row.recorded_by, row.staff_id) == (
        "done",
        "培训32人，发放宣传册",
        "officer",
        me.staff_id,
    )
    assert len(audited) == 2 and all(a.username == "officer" for a in audited)
