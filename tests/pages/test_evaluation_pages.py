"""The evaluation pages as a staff member, a duty manager and leadership see them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from db.models import Evaluation, FollowUp, RectificationCase
from db.session import read_session
from pages.registry import pages_for
from rules.weeks import monday_of
from services.accounts import users as accounts
from services.core.clock import now
from services.core.unit_of_work import unit_of_work
from services.evaluations.bad_review_cases import appeal
from services.evaluations.followups import create_followup_for
from services.evaluations.reviews import EvaluationInput, record_evaluation
from tests.conftest import make_actor
from tests.fixtures.evaluations import make_places
from tests.pages.conftest import open_app


def _texts(app) -> str:
    return " ".join(
        str(e.value)
        for e in [*app.title, *app.markdown, *app.success, *app.warning, *app.error, *app.caption]
    )


def _with_admin() -> None:
    accounts.create_first_admin("chief", "王支队", "s3cret-pass")


def test_staff_records_a_bad_review_and_a_case_opens(app_db):
    _with_admin()
    make_places(make_actor("admin"))
    app = open_app(make_actor("staff"), "pages/evaluations.py")
    assert not app.exception
    app.radio(key="eval_level").set_value(4)
    app.selectbox(key="eval_service").set_value("tour")
    app.text_area(key="eval_comment").input("讲解太快，听不清")
    app.selectbox(key="eval_score_efficiency").set_value(2)
    app.button(key="eval_save").click()
    app.run()
    assert not app.exception
    assert "评价已保存" in _texts(app) and "已自动生成整改单" in _texts(app)
    with read_session() as session:
        stored = session.scalars(select(Evaluation)).one()
        case = session.scalars(select(RectificationCase)).one()
    assert (stored.level, stored.service, case.evaluation_id) == (4, "tour", stored.id)
    assert (stored.score_efficiency, stored.score_items) == (2, None)


def test_the_form_reports_a_missing_phone_for_a_real_name_review(app_db):
    _with_admin()
    app = open_app(make_actor("staff"), "pages/evaluations.py")
    app.checkbox(key="eval_anonymous").uncheck()
    app.text_input(key="eval_reviewer_name").input("王芳")
    app.button(key="eval_save").click()
    app.run()
    assert "联系电话：不能为空" in _texts(app)


def test_a_follow_up_answer_is_recorded(app_db):
    _with_admin()
    with unit_of_work(make_actor("admin")) as session:
        create_followup_for(session, "tour", 5, None, now().date() + timedelta(days=3), "phone")
    app = open_app(make_actor("staff"), "pages/followups.py")
    assert not app.exception
    app.radio(key="followup_level").set_value(2)
    app.text_input(key="followup_reviewer_name").input("刘洋")
    app.text_input(key="followup_reviewer_phone").input("13700001111")
    app.button(key="followup_save").click()
    app.run()
    assert not app.exception and "回访结果已记为评价" in _texts(app)
    with read_session() as session:
        followup = session.scalars(select(FollowUp)).one()
        evaluation = session.get(Evaluation, followup.evaluation_id)
    assert (followup.status, evaluation.channel, evaluation.level) == ("done", "phone_followup", 2)


def _bad_review(level: int = 5) -> int:
    return record_evaluation(
        make_actor("staff"),
        EvaluationInput(
            evaluated_at=now() - timedelta(hours=1),
            level=level,
            channel="qr_code",
            service="window",
        ),
    )


def test_staff_closes_an_anonymous_case(app_db):
    _with_admin()
    _bad_review()
    app = open_app(make_actor("staff"), "pages/rectifications.py")
    assert not app.exception and "未办结 1 件" in _texts(app)
    app.text_area(key="rect_cause").input("高峰时段只开一个窗口")
    app.text_area(key="rect_action").input("高峰增开窗口")
    app.text_area(key="rect_answer").input("已在大厅公示整改")
    app.button(key="rect_close_btn").click()
    app.run()
    assert not app.exception
    with read_session() as session:
        assert session.scalars(select(RectificationCase.status)).one() == "closed"


def test_a_duty_manager_decides_an_appeal(app_db):
    _with_admin()
    _bad_review()
    with read_session() as session:
        case_id = session.scalars(select(RectificationCase.id)).one()
    appeal(make_actor("staff"), case_id, 1, "评价人误按")
    staff_view = open_app(make_actor("staff"), "pages/rectifications.py")
    assert not staff_view.exception
    assert not [b for b in staff_view.button if b.key == "rect_decide_btn"]
    app = open_app(make_actor("duty_manager"), "pages/rectifications.py")
    app.radio(key="rect_decision").set_value("upheld")
    app.text_area(key="rect_decision_note").input("回访录音证实误评")
    app.button(key="rect_decide_btn").click()
    app.run()
    assert not app.exception
    with read_session() as session:
        case = session.get(RectificationCase, case_id)
        counted = session.get(Evaluation, case.evaluation_id).counted
    assert (case.status, counted) == ("withdrawn", False)


def _history() -> datetime:
    """Twelve weeks of ratings, one bad review a week; returns the newest rating's time."""
    actor = make_actor("staff")
    newest = now() - timedelta(minutes=10)
    for week in range(12):
        for level in (1, 2, 3, 4):
            record_evaluation(
                actor,
                EvaluationInput(
                    evaluated_at=newest - timedelta(weeks=week, minutes=level),
                    level=level,
                    channel="device",
                    service="window",
                    comment="窗口排队太久" if level == 4 else "很好",
                ),
            )
    return newest


def test_leadership_sees_the_trends_and_drills_into_a_period(app_db):
    _with_admin()
    newest = _history()
    app = open_app(make_actor("leader"), "pages/satisfaction_trends.py")
    assert not app.exception
    app.number_input(key="trends_periods").set_value(13)  # all twelve weeks, whatever today is
    app.run()
    rate = next(m for m in app.metric if m.label == "满意率")
    assert rate.value == "75.0%"
    assert next(m for m in app.metric if m.label == "评价数").value == "48"
    app.selectbox(key="trends_period_pick").set_value(monday_of(newest.date()))
    app.text_input(key="trends_search").input("排队")
    app.radio(key="trends_by").set_value("dimension")
    app.run()
    assert not app.exception
    # AppTest does not expose a dataframe's key: the period's records come first, then the
    # comment search (twelve weekly bad reviews mention 排队).
    records, comments = (df.value for df in app.dataframe)
    assert len(records) == 4 and len(comments) == 12
    assert set(comments["comment"]) == {"窗口排队太久"}
    app.radio(key="trends_granularity").set_value("month")
    app.run()
    assert not app.exception


def test_trends_are_for_roles_that_read_kpis():
    def paths(role: str) -> set[str]:
        return {p.path for p in pages_for(make_actor(role).can)}

    assert "pages/satisfaction_trends.py" in paths("leader")
    assert "pages/satisfaction_trends.py" not in paths("staff")
    assert "pages/evaluations.py" in paths("staff")
    assert {"pages/evaluations.py", "pages/rectifications.py"}.isdisjoint(paths("leader"))
