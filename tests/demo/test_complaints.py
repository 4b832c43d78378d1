"""The demo complaint history: two years, mostly closed on time, a handful open now."""

from sqlalchemy import func, select

from db.models.calendar import CalendarYear
from db.models.complaints import ComplaintCase
from db.session import read_session
from demo.setup import load_demo_detachment
from services.calendar import workdays
from services.complaints.metrics import metrics


def test_demo_history_looks_like_a_real_detachment(db):
    workdays.clear_cache()
    counts = load_demo_detachment()
    assert counts["complaint_cases"] > 1000
    assert counts["complaint_tickets"] > counts["complaint_cases"]  # some duplicates merged
    with read_session() as session:
        statuses = dict(
            session.execute(
                select(ComplaintCase.status, func.count()).group_by(ComplaintCase.status)
            ).all()
        )
        assert session.get(CalendarYear, 2025).confirmed
    open_cases = sum(n for status, n in statuses.items() if status != "closed")
    assert 1 <= open_cases <= 30  # the newest cases, relative to today
    overall = {m.clock: m for m in metrics()}
    for clock in ("24h", "3d"):
        assert 0.85 <= overall[clock].on_time_rate < 1
        assert overall[clock].feedback_rate > 0.95
    workdays.clear_cache()


def test_recently_closed_cases_have_their_complainants_feedback_in_the_outbox(db):
    from datetime import timedelta

    from db.models import OutboxMessage
    from demo.complaints import FEEDBACK_DAYS
    from services.core.clock import now

    workdays.clear_cache()
    counts = load_demo_detachment()
    since = now() - timedelta(days=FEEDBACK_DAYS)
    with read_session() as session:
        recent = session.scalars(
            select(ComplaintCase).where(ComplaintCase.closed_at >= since)
        ).all()
        tickets = {str(t.id) for c in recent for t in c.tickets if t.complainant_phone}
        messages = session.scalars(
            select(OutboxMessage).where(OutboxMessage.template_key == "complaint.closed")
        ).all()
    assert recent and tickets  # the demo closes cases every day
    assert {m.recipient_id for m in messages} == tickets
    assert counts["complaint_feedback_messages"] == len(messages) == len(tickets)
    assert all(m.recipient_kind == "complainant" and m.channel == "sms" for m in messages)
    workdays.clear_cache()
