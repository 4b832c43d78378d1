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
