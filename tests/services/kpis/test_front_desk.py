"""The front desk's KPIs (applications, simple fire registrations) on the hand-made
detachment (tests/fixtures/kpis.py: A1-A5, three fires in October and one in September)."""

from __future__ import annotations

from datetime import date

import pytest

from services.applications.metrics import application_metrics
from services.core.errors import PermissionDenied
from services.kpis import engine as kpis
from tests.fixtures.kpis import OCTOBER


def value(code: str, period: kpis.Period = OCTOBER) -> float | None:
    k = kpis.kpi(code)
    return k.fold(k.facts(period))


def by(code: str, breakdown: str) -> dict:
    frame = kpis.breakdown(code, breakdown, OCTOBER)
    return dict(zip(frame["key"], frame["value"], strict=True))


def test_applications_accepted_by_district_and_by_state_now(detachment):
    assert value("applications_accepted") == 4
    assert value("applications_accepted", OCTOBER.previous) == 1
    assert by("applications_accepted", "district") == {"白塔区": 2, "文圣区": 2}
    assert by("applications_accepted", "state") == {
        "approved": 1,
        "delivered": 1,
        "inspected": 1,
        "supplementing": 1,
    }


def test_accepted_with_documents_missing_counts_the_one_time_notices(detachment):
    assert value("applications_with_notice") == 2  # A1, A3
    assert by("applications_with_notice", "state") == {
        "approved": 0,
        "delivered": 1,
        "inspected": 0,
        "supplementing": 1,
    }
    assert value("applications_with_notice", OCTOBER.previous) == 0


def test_art_15_clocks_judged_as_the_applications_page_judges_them(detachment, staff_actor):
    # Inspections: A1 on time, A2 late, A3 overdue; A4 (name change) has no clock.
    assert value("applications_inspected_on_time") == pytest.approx(1 / 3)
    # Decisions: A1 on time, A2 overdue; A3 not inspected yet and A4 without a clock.
    assert value("applications_decided_on_time") == pytest.approx(1 / 2)
    assert value("applications_decided_on_time", OCTOBER.previous) == 1.0
    page = application_metrics(staff_actor, date(2026, 10, 1), date(2026, 11, 1))
    assert value("applications_inspected_on_time") == page.inspections.value
    assert value("applications_decided_on_time") == page.decisions.value
    assert value("applications_accepted") == page.accepted
    assert value("applications_with_notice") == page.with_notice
    assert value("applications_by_post") == page.delivery_share("post")


def test_delivery_method_share_is_free_post_of_those_accepted(detachment):
    assert value("applications_by_post") == pytest.approx(2 / 4)  # A1, A4
    assert by("applications_by_post", "district") == {"白塔区": 0.5, "文圣区": 0.5}
    assert value("applications_by_post", OCTOBER.previous) == 0.0


def test_simple_fires_per_month_by_the_day_they_broke_out(detachment):
    assert value("simple_fires") == 3
    assert value("simple_fires", OCTOBER.previous) == 1
    trend = kpis.trend("simple_fires", OCTOBER).set_index("period")["value"]
    assert (trend[date(2026, 10, 1)], trend[date(2026, 9, 1)], trend[date(2026, 8, 1)]) == (
        3,
        1,
        0,
    )
    assert by("simple_fires", "district") == {"白塔区": 1, "文圣区": 1}  # one has no district


def test_records_carry_no_applicant_or_party(detachment, leader, staff_actor):
    applications = kpis.records(leader, "applications_accepted", OCTOBER)
    assert sorted(applications["application_no"].str[-2:]) == ["A1", "A2", "A3", "A4"]
    fires = kpis.records(leader, "simple_fires", OCTOBER)
    assert len(fires) == 3
    for frame in (applications, fires):
        text = frame.to_csv()
        assert "张三丰" not in text and "13812345678" not in text and "张**" not in text
    with pytest.raises(PermissionDenied):
        kpis.records(staff_actor, "simple_fires", OCTOBER)


def test_the_tiles_show_the_front_desk_figures(detachment):
    tiles = {tile.code: tile for tile in kpis.tiles(OCTOBER)}
    assert (tiles["applications_accepted"].value, tiles["applications_accepted"].previous) == (
        4,
        1,
    )
    assert tiles["simple_fires"].value == 3
