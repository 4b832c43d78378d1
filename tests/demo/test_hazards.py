"""The demo hazard cases: every state of the flow, an extension granted and one refused, a
re-inspection overdue after a lapsed deadline, a major hazard reported up and sealed, a
seal to decide, all made through the services (numbered, clocked and audited by them)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from db.models import AuditLog
from db.models.draws import InspectionRecord
from db.models.hazards import CASE_STATES, HazardCase, HazardSeal
from db.session import read_session
from demo.setup import load_demo_detachment
from services.core.permissions import SYSTEM
from services.hazards import queue, seals


def test_the_demo_has_hazard_cases_in_every_state_and_seals(db):
    counts = load_demo_detachment()
    rows = queue.list_cases(SYSTEM)
    states = Counter(r.state for r in rows)
    assert set(states) == set(CASE_STATES)
    # Ten stories, and the correction orders of the demo's random inspections (demo/draws.py
    # records them through the service, which opens their cases, and takes each through its
    # order, the unit's application and a re-inspection as far as its days have come).
    with read_session() as session:
        drawn = set(
            session.scalars(
                select(HazardCase.id)
                .join(InspectionRecord, InspectionRecord.id == HazardCase.inspection_id)
                .where(InspectionRecord.kind == "random_inspection")
            )
        )
    played = [r for r in rows if r.id in drawn]
    assert played and "closed_fixed" in {r.state for r in played}
    assert {r.state for r in played} <= {
        "opened",
        "order_issued",
        "reinspection_due",
        "closed_fixed",
    }
    assert not [r.case_no for r in played if r.urgency == "overdue"]  # each step on time
    assert counts["hazard_cases"] == len(rows) == 10 + len(drawn)
    rows = [r for r in rows if r.id not in drawn]  # the stories
    decisions = sorted(e["decision"] or "pending" for r in rows for e in r.extensions)
    assert decisions == ["granted", "pending", "refused"]
    granted = next(r for r in rows if any(e["decision"] == "granted" for e in r.extensions))
    refused = next(r for r in rows if any(e["decision"] == "refused" for e in r.extensions))
    assert granted.deadline == granted.extensions[0]["requested_deadline"]
    assert refused.deadline == refused.extensions[0]["old_deadline"]
    due = [r for r in rows if r.state == "reinspection_due"]
    assert sorted(r.urgency for r in due) == ["on_track", "overdue"]  # applied; lapsed
    assert any(r.state == "escalated" and r.escalation == "penalty_referral" for r in rows)
    [major] = queue.major_open(rows)
    assert major.major_report_level == "government" and major.order_no
    assert queue.figures(rows)["major_open"] == 1
    assert queue.rates(rows)["closed_fixed"] == 0.5  # one fixed of two closed
    # A major hazard reported up and sealed; an escalated case's seal to decide.
    by_state = {s.state: s for s in seals.list_seals(SYSTEM)}
    assert set(by_state) == {"sealed", "proposed"}
    assert by_state["sealed"].urgent and by_state["sealed"].decided_by == "manager"
    assert by_state["proposed"].urgency in ("on_track", "due_soon")
    with read_session() as session:
        case = session.get(HazardCase, by_state["sealed"].case_id)
        assert case.major and case.major_reported_by == "clerk"
        # Made through the services: each step is its own audited change.
        audited = session.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(AuditLog.table_name.in_(["hazard_cases", "hazard_seals"]))
        )
        assert audited > session.scalar(select(func.count()).select_from(HazardSeal)) + 10
