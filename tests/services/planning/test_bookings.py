"""Planning a week from the database: its bookings follow the published plan."""

from __future__ import annotations

from datetime import datetime, timedelta

from rules.time import TIME_ZONE
from services.bookings import requests as bookings
from services.core.permissions import SYSTEM
from services.planning import edits as plan_edits
from services.planning import jobs as plan_jobs
from services.planning import publish as plan_publish
from services.planning import versions as plan_versions
from tests.fixtures.bookings import MONDAY, booking_input, build_world


def test_publishing_marks_bookings_planned_and_a_dropped_one_requested_again(db, manager):
    build_world()
    monday_daytime = [{"start": 600, "end": 900, "cost": 0}]  # both office inspectors free
    booking_id = bookings.create_booking(manager, booking_input(windows=monday_daytime))
    run = plan_jobs.start_solve(manager, MONDAY, time_limit=2)
    assert run.wait(60) and run.state == "done", run.error
    draft = plan_versions.get_version(run.version_id)
    task = f"B{booking_id}"
    assert task in {a["task"] for a in draft.plan["assignments"]}

    first = plan_publish.publish(manager, draft.id, draft.version)
    assert first.booking_problems == ()
    assert bookings.get_booking(SYSTEM, booking_id).status == "planned"
    # When and by whom, read from the plan the one way (publishing and the booking page).
    [assignment] = [a for a in draft.plan["assignments"] if a["task"] == task]
    names = {s["id"]: s["name"] for s in draft.instance["staff"]}
    monday = datetime.combine(MONDAY, datetime.min.time(), tzinfo=TIME_ZONE)
    assert plan_publish.booking_appointments(first.version) == {
        booking_id: plan_publish.Appointment(
            monday + timedelta(minutes=assignment["start"]),
            tuple(names[s] for s in assignment["staff"]),
        )
    }

    without = plan_edits.unassign(manager, draft.id, first.version.version, task)
    second = plan_publish.publish(manager, without.id, without.version)
    assert second.version.number == 2
    assert bookings.get_booking(SYSTEM, booking_id).status == "requested"
    assert plan_publish.booking_appointments(second.version) == {}


def test_plan_week_command_solves_publishes_and_exports(db, manager, tmp_path, capsys):
    import manage

    build_world()
    bookings.create_booking(manager, booking_input(windows=[{"start": 600, "end": 900, "cost": 0}]))
    code = manage.main(
        ["plan-week", "--week", "2026-12-02", "--time-limit", "2", "--publish", "--export", str(tmp_path)]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "week 2026-11-30: version 1" in out and "1 planned, 0 unplanned" in out
    assert plan_versions.published_version(MONDAY).number == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "firedesk-2026-11-30-v1-instance.json",
        "firedesk-2026-11-30-v1-plan.json",
    ]
