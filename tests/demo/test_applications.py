"""The demo month of applications: every state, notices only where documents were missing,
clocks set, some late, both delivery methods."""

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from db.models.applications import STATUSES, Application, ApplicationType
from db.session import read_session
from demo import applications as demo_applications
from demo.setup import load_demo_detachment
from rules.time import TIME_ZONE, local
from services.calendar import workdays


@pytest.mark.parametrize("today", [None, "2026-10-08 09:00", "2027-02-01 18:00"])
def test_a_month_of_applications_in_every_state(db, today, monkeypatch):
    """On any day (the demo is relative to today): right after a holiday, on a Monday."""
    if today is not None:
        moment = datetime.fromisoformat(today).replace(tzinfo=TIME_ZONE)
        monkeypatch.setattr(demo_applications, "now", lambda: moment)
    workdays.clear_cache()
    counts = load_demo_detachment()
    assert counts["applications"] >= 30
    with read_session() as session:
        rows = list(
            session.scalars(
                select(Application).options(
                    selectinload(Application.type).selectinload(ApplicationType.documents),
                    selectinload(Application.notice),
                )
            )
        )
    by_status = {s: [a for a in rows if a.status == s] for s in STATUSES}
    assert [s for s, found in by_status.items() if not found] == []
    assert counts["application_notices"] == sum(a.notice is not None for a in rows)
    for app in rows:
        on_notice = {item["code"] for item in app.notice.items} if app.notice else set()
        internal = {d.code for d in app.type.documents if d.requirement == "internal"}
        assert not on_notice & internal
        assert (app.inspection_due_at is not None) == app.type.needs_inspection
        if app.status == "supplementing":
            assert on_notice - set(app.documents)
    late = [
        a
        for a in rows
        if a.inspected_at is not None and local(a.inspected_at) > local(a.inspection_due_at)
    ]
    assert late  # a few inspections were late
    assert {a.delivery_method for a in by_status["delivered"]} == {"in_person", "post"}
    workdays.clear_cache()
