"""Satisfaction figures computed in SQL: rates, means, comparisons, breakdowns, drill-down."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import update

from db.models import Evaluation, FollowUp
from rules.time import TIME_ZONE
from services.core.errors import PermissionDenied
from services.core.permissions import SYSTEM
from services.core.unit_of_work import unit_of_work
from services.evaluations.bad_review_cases import seed_calendar_for
from services.evaluations.reviews import EvaluationInput, add_evaluation
from services.evaluations.trends import (
    Filters,
    breakdown,
    compared_trend,
    dimension_scores,
    last_year_window,
    previous_window,
    records_in_period,
    rectification_by_period,
    response_rate,
    search_comments,
    totals,
    trend,
    window,
)
from tests.fixtures.evaluations import make_places

TODAY = date(2026, 11, 25)  # a Wednesday


def _add(actor, rows: list[tuple[date, int, str, str]], station_id=None) -> None:
    moments = [datetime(d.year, d.month, d.day, 10, 0, tzinfo=TIME_ZONE) for d, *_ in rows]
    seed_calendar_for(moments)
    with unit_of_work(actor) as session:
        for moment, (_, level, service, comment) in zip(moments, rows, strict=True):
            add_evaluation(
                session,
                EvaluationInput(
                    evaluated_at=moment,
                    level=level,
                    channel="qr_code" if service == "tour" else "device",
                    service=service,
                    station_id=station_id if service == "tour" else None,
                    scores={"efficiency": 6 - level},
                    comment=comment,
                ),
                "manual",
            )


@pytest.fixture
def history(db, staff_actor):
    places = make_places(staff_actor)
    _add(
        staff_actor,
        [
            (date(2026, 11, 23), 1, "window", "很快"),  # this week
            (date(2026, 11, 24), 2, "tour", "讲解好"),
            (date(2026, 11, 25), 4, "tour", "排队太久"),
            (date(2026, 11, 16), 3, "window", ""),  # last week
            (date(2026, 11, 17), 5, "window", "态度差"),
            (date(2025, 11, 25), 1, "window", ""),  # 52 weeks earlier: week of 24 Nov 2025
        ],
        places["station"],
    )
    return places


def test_windows_and_their_comparisons():
    current = window("week", 2, TODAY)
    assert (current.start, current.end) == (date(2026, 11, 16), date(2026, 11, 30))
    assert previous_window(current).start == date(2026, 11, 2)
    assert last_year_window(current).start == date(2025, 11, 17)
    months = window("month", 3, TODAY)
    assert months.periods == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    assert last_year_window(months).periods[0] == date(2025, 9, 1)


def test_weekly_rate_mean_and_bad_reviews(history):
    frame = trend(window("week", 2, TODAY))
    assert frame["period"].tolist() == [date(2026, 11, 16), date(2026, 11, 23)]
    assert frame["evaluations"].tolist() == [2, 3]
    assert frame["satisfaction_rate"].tolist() == pytest.approx([0.5, 2 / 3])
    assert frame["mean_score"].tolist() == pytest.approx([2.0, (5 + 4 + 2) / 3])
    assert frame["bad"].tolist() == [1, 1]


def test_comparison_lines_share_positions(history):
    frame = compared_trend(window("week", 1, TODAY))
    by_series = {row.series: (row.position, row.evaluations) for row in frame.itertuples()}
    assert by_series == {"current": (1, 3), "previous": (1, 2), "last_year": (1, 1)}


def test_an_upheld_appeal_leaves_the_figures(history):
    with unit_of_work(SYSTEM) as session:
        session.execute(update(Evaluation).where(Evaluation.level == 5).values(counted=False))
    figures = totals(compared_trend(window("week", 2, TODAY)))["current"]
    assert (figures["evaluations"], figures["bad"]) == (4, 1)
    assert figures["satisfaction_rate"] == pytest.approx(0.75)
    assert figures["mean_score"] == pytest.approx((5 + 4 + 2 + 3) / 4)


def test_breakdowns_filters_and_dimensions(history):
    weeks = window("week", 2, TODAY)
    by_service = breakdown("service", weeks).set_index("key")
    assert by_service.loc["tour", "evaluations"] == 2
    assert by_service.loc["window", "satisfaction_rate"] == pytest.approx(2 / 3)
    by_station = breakdown("station", weeks).set_index("key")
    assert by_station.loc["白塔消防救援站", "evaluations"] == 2
    tours_only = trend(weeks, Filters(service="tour"))
    assert tours_only["evaluations"].sum() == 2
    scores = dimension_scores(weeks)
    assert set(scores["dimension"]) == {"efficiency"}
    assert scores["mean_score"].tolist() == pytest.approx([2.0, (5 + 4 + 2) / 3])


def test_bad_reviews_and_on_time_rectification(history):
    frame = rectification_by_period(window("week", 2, TODAY))
    assert frame["cases"].tolist() == [1, 1] and frame["on_time"].tolist() == [0, 0]


def test_response_rate_by_due_period(history, staff_actor):
    with unit_of_work(staff_actor) as session:
        for number, (due, status) in enumerate(
            [
                (date(2026, 11, 17), "done"),
                (date(2026, 11, 18), "open"),
                (date(2026, 11, 24), "done"),
            ]
        ):
            session.add(
                FollowUp(source_kind="tour", source_id=number, due=due, mode="phone", status=status)
            )
    frame = response_rate(window("week", 2, TODAY))
    assert frame["due_count"].tolist() == [2, 1]
    assert frame["response_rate"].tolist() == pytest.approx([0.5, 1.0])


def test_drill_down_and_comment_search(history, leader, staff_actor):
    records = records_in_period(leader, "week", date(2026, 11, 23))
    assert sorted(records["comment"]) == ["很快", "排队太久", "讲解好"]
    found = search_comments(leader, "排队", window("month", 1, TODAY))
    assert found["comment"].tolist() == ["排队太久"]
    with pytest.raises(PermissionDenied):
        records_in_period(staff_actor, "week", date(2026, 11, 23))
