"""Every KPI on a small hand-made detachment whose answers were worked out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import update

from db.models import (
    PlanVersion,
)
from db.session import engine_for
from services.complaints.metrics import metrics
from services.core.errors import PermissionDenied
from services.kpis import engine as kpis
from tests.fixtures.kpis import OCTOBER, TODAY


def value(code: str, period: kpis.Period = OCTOBER) -> float | None:
    k = kpis.kpi(code)
    return k.fold(k.facts(period))


def test_periods_default_to_the_last_full_month_and_compare_like_with_like():
    assert kpis.Period(date(2026, 10, 1), date(2026, 11, 1), "month") == OCTOBER
    assert OCTOBER.previous == kpis.Period(date(2026, 9, 1), date(2026, 10, 1), "month")
    assert OCTOBER.last_year == kpis.Period(date(2025, 10, 1), date(2025, 11, 1), "month")
    quarter = kpis.period_of("quarter", TODAY)
    assert (quarter.start, quarter.end, len(quarter.buckets)) == (
        date(2026, 7, 1),
        date(2026, 10, 1),
        3,
    )
    assert kpis.period_of("year", TODAY).start == date(2025, 1, 1)
    week = kpis.period_of("week", TODAY)  # TODAY is a Sunday
    assert (week.start, week.end) == (date(2026, 11, 2), date(2026, 11, 9))
    custom = kpis.period_of("custom", TODAY, date(2026, 10, 7), date(2026, 10, 14))
    assert (custom.start, custom.end, custom.previous.start) == (
        date(2026, 10, 5),
        date(2026, 10, 19),
        date(2026, 9, 21),
    )
    with pytest.raises(ValueError):
        kpis.period_of("custom", TODAY, date(2026, 10, 14), date(2026, 10, 7))


def test_requests_served_by_kind(detachment):
    assert value("offhours_inspections") == 2  # the planned one is not served yet
    assert value("offhours_inspections", OCTOBER.previous) == 1
    assert value("offhours_inspections", OCTOBER.last_year) == 1
    assert value("trainings") == 2  # a training and a drill; the cancelled one not
    assert value("training_participants") == 40 + 300
    assert value("tours") == 2
    assert value("tour_visitors") == 55
    assert value("expert_visits") == 1


def test_no_disruption_rate_counts_scheduled_bookings_in_a_cost_free_window(detachment):
    # Inspection at its preferred time, training in a cost-3 window, the third cancelled.
    assert value("no_disruption") == pytest.approx(1 / 2)


def test_complaints_on_time_follow_the_complaint_clocks(detachment):
    assert value("complaints_24h") == pytest.approx(1 / 3)
    assert value("complaints_3d") == 1.0
    assert value("complaints_24h", OCTOBER.previous) == 1.0
    since, until = OCTOBER.moments()
    for m in metrics("district", since, until):  # the service's own definition
        code = "complaints_24h" if m.clock == "24h" else "complaints_3d"
        rows = kpis.kpi(code).facts(OCTOBER).set_index("district")
        assert (rows.loc[m.group, "num"], rows.loc[m.group, "den"]) == (m.on_time, m.decided)
    trend = kpis.trend("complaints_24h", OCTOBER).set_index("period")["value"]
    assert trend[date(2026, 10, 1)] == pytest.approx(1 / 3) and trend[date(2026, 9, 1)] == 1.0


def test_satisfaction_and_rectification(detachment):
    assert value("satisfaction") == pytest.approx(3 / 5)
    trend = kpis.trend("satisfaction", OCTOBER).set_index("period")["value"]
    assert trend[date(2026, 10, 1)] == pytest.approx(3 / 5)
    assert pd.isna(trend[date(2026, 9, 1)])  # no evaluations: no rate
    assert value("rectified_on_time") == pytest.approx(1 / 2)
    by_station = kpis.breakdown("satisfaction", "station", OCTOBER).set_index("key")["value"]
    assert by_station.to_dict() == pytest.approx({"白塔站": 2 / 3, "文圣站": 1 / 2})


def test_evaluation_records_are_the_periods_reviews_and_its_bad_ones(detachment, leader):
    assert sorted(kpis.records(leader, "satisfaction", OCTOBER)["level"]) == [1, 2, 3, 4, 5]
    assert sorted(kpis.records(leader, "rectified_on_time", OCTOBER)["level"]) == [4, 5]
    assert kpis.records(leader, "rectified_on_time", OCTOBER.previous).empty


def test_bad_reviews_are_listed_up_to_the_limit_however_many_good_ones(
    detachment, leader, monkeypatch
):
    monkeypatch.setattr(kpis, "RECORD_LIMIT", 2)  # the two newest reviews are a 5 and a 3
    assert sorted(kpis.records(leader, "rectified_on_time", OCTOBER)["level"]) == [4, 5]
    assert len(kpis.records(leader, "satisfaction", OCTOBER)) == 2


def test_offhours_fairness_is_the_peak_against_the_mean(detachment):
    # E1: 60 + 90 + 30 = 180 off-hours minutes, E2: 60, E3: 0; mean 80.
    assert value("offhours_fairness") == pytest.approx(180 / 80)
    by_station = kpis.breakdown("offhours_fairness", "station", OCTOBER).set_index("key")
    assert by_station["value"].to_dict() == pytest.approx({"白塔站": 2.0, "文圣站": 1.0})


def test_offhours_distribution_counts_people_per_bin_of_hours(detachment):
    # E1 3 h, E2 1 h, E3 none: bins of one hour up to the most worked.
    spread = kpis.distribution("offhours_fairness", OCTOBER)
    assert spread.to_dict("records") == [
        {"low": 0, "high": 0, "people": 1},
        {"low": 0, "high": 1, "people": 1},
        {"low": 1, "high": 2, "people": 0},
        {"low": 2, "high": 3, "people": 1},
    ]
    assert kpis.distribution("offhours_fairness", OCTOBER.previous).empty  # nothing published
    assert kpis.distribution("satisfaction", OCTOBER) is None


def test_plan_coverage_is_the_share_of_tasks_planned(detachment):
    assert value("plan_coverage") == pytest.approx(4 / 5)
    assert value("plan_coverage", OCTOBER.previous) is None  # nothing published


def test_a_version_without_its_summary_is_summarized_when_read(detachment, db):
    plan_kpis = ("no_disruption", "offhours_fairness", "plan_coverage")
    stored = {code: value(code) for code in plan_kpis}
    with engine_for(db).begin() as conn:  # as before migration 0008, past the model guard
        conn.execute(update(PlanVersion.__table__).values(summary=None))
    kpis._PLAN_FACTS.clear()
    assert {code: value(code) for code in plan_kpis} == stored
    assert stored["plan_coverage"] == pytest.approx(4 / 5)


def test_tile_trend_and_breakdown_agree(detachment):
    tile = kpis.tile("offhours_inspections", OCTOBER)
    assert (tile.value, tile.previous, tile.last_year) == (2, 1, 1)
    trend = kpis.trend("offhours_inspections", OCTOBER).set_index("period")["value"]
    assert len(trend) == 12
    assert trend[date(2026, 10, 1)] == 2 and trend[date(2026, 9, 1)] == 1
    assert trend[date(2026, 1, 1)] == 0
    by_district = kpis.breakdown("offhours_inspections", "district", OCTOBER)
    assert dict(zip(by_district["key"], by_district["value"], strict=True)) == {
        "文圣区": 1,
        "白塔区": 1,
    }
    with pytest.raises(ValueError):
        kpis.breakdown("rectified_on_time", "district", OCTOBER)


def test_every_kpi_has_records_and_complainants_stay_masked(detachment, leader, staff_actor):
    for k in kpis.KPIS:
        assert not kpis.records(leader, k.code, OCTOBER).empty, k.code
    cases = kpis.records(leader, "complaints_24h", OCTOBER)
    assert len(cases) == 3
    assert "张三丰" not in set(cases["complainant_name"])
    assert not any("12345678" in p for p in cases["complainant_phone"])
    with pytest.raises(PermissionDenied):
        kpis.records(staff_actor, "tours", OCTOBER)
