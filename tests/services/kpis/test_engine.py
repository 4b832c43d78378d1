"""Every KPI on a small hand-made detachment whose answers were worked out by hand."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import select, update

from db.models import (
    Booking,
    ComplaintCase,
    District,
    Location,
    PlanVersion,
    RectificationCase,
    TourSlot,
)
from db.models.complaints import ComplaintTicket
from db.session import engine_for
from rules.time import TIME_ZONE
from services.complaints.metrics import metrics
from services.core.errors import PermissionDenied
from services.core.unit_of_work import unit_of_work
from services.evaluations.bad_review_cases import prepare_deadlines
from services.evaluations.reviews import EvaluationInput, add_evaluation
from services.kpis import engine as kpis
from services.planning import publish as plan_publish

TODAY = date(2026, 11, 15)  # the default period is then October 2026


def at(y: int, m: int, d: int, hour: int = 10) -> datetime:
    return datetime(y, m, d, hour, 0, tzinfo=TIME_ZONE)


def _places(session) -> dict[str, Location]:
    baita, wensheng = District(name="白塔区"), District(name="文圣区")
    places = {
        "S1": Location(code="ST01", kind="station", name="白塔站", district=baita),
        "S2": Location(code="ST02", kind="station", name="文圣站", district=wensheng),
        "U1": Location(code="U01", kind="unit", name="白塔商场", district=baita),
        "U2": Location(code="U02", kind="unit", name="文圣酒店", district=wensheng),
    }
    session.add_all(places.values())
    session.flush()
    return places


def _bookings(session, places) -> dict[str, int]:
    slot = TourSlot(station_id=places["S1"].id, starts_at=at(2026, 10, 6), capacity_visitors=60)
    session.add(slot)
    session.flush()
    rows = {
        # name: (kind, status, unit, week, visitors or participants)
        "insp1": ("offhours_inspection", "done", "U1", date(2026, 10, 5), None),
        "insp2": ("offhours_inspection", "done", "U2", date(2026, 10, 12), None),
        "insp_planned": ("offhours_inspection", "planned", "U1", date(2026, 10, 19), None),
        "insp_sep": ("offhours_inspection", "done", "U1", date(2026, 9, 28), None),
        "insp_2025": ("offhours_inspection", "done", "U1", date(2025, 10, 6), None),
        "training": ("training", "done", "U1", date(2026, 10, 5), 40),
        "drill": ("drill", "done", "U2", date(2026, 10, 12), 300),
        "training_off": ("training", "cancelled", "U2", date(2026, 10, 12), 80),
        "tour1": ("station_tour", "done", "U1", date(2026, 10, 5), 30),
        "tour2": ("station_tour", "done", "U2", date(2026, 10, 19), 25),
        "expert": ("expert_visit", "done", "U2", date(2026, 10, 26), None),
    }
    ids = {}
    for name, (kind, status, unit, week, visitors) in rows.items():
        booking = Booking(
            kind=kind,
            status=status,
            location_id=places[unit].id,
            channel="phone",
            week_start=week,
            windows=[],
            duration_minutes=60,
            skill="inspector",
            tour_slot_id=slot.id if kind == "station_tour" else None,
            group_size=visitors,
            contact_name="王五",
        )
        session.add(booking)
        session.flush()
        ids[name] = booking.id
    return ids


def _complaints(session, places) -> None:
    # (category, district, received, deadline, first verified)
    cases = [
        ("locked_exit", "U1", at(2026, 10, 10), at(2026, 10, 11), at(2026, 10, 10, 20)),  # on time
        ("locked_exit", "U2", at(2026, 10, 12), at(2026, 10, 13), at(2026, 10, 14)),  # late
        ("facility_disabled", "U1", at(2026, 10, 20), at(2026, 10, 21), None),  # late, open
        ("other_violation", "U1", at(2026, 10, 15), at(2026, 10, 20), at(2026, 10, 16)),
        ("locked_exit", "U1", at(2026, 9, 10), at(2026, 9, 11), at(2026, 9, 10, 12)),  # Sept
    ]
    for n, (category, unit, received, deadline, verified) in enumerate(cases, start=1):
        ticket_no = f"T{n:03d}"
        case_ = ComplaintCase(
            ticket_no=ticket_no,
            category=category,
            status="verified" if verified else "received",
            unit_name=places[unit].name,
            district_id=places[unit].district_id,
            received_at=received,
            deadline_at=deadline,
            first_verified_at=verified,
            verified_at=verified,
        )
        session.add(case_)
        session.flush()
        session.add(
            ComplaintTicket(
                case_id=case_.id,
                ticket_no=ticket_no,
                received_at=received,
                complainant_name="张三丰",
                complainant_phone="13812345678",
            )
        )


def _evaluations(session, places) -> None:
    ratings = [("S1", 1), ("S1", 2), ("S1", 4), ("S2", 3), ("S2", 5)]
    for n, (station, level) in enumerate(ratings, start=1):
        add_evaluation(
            session,
            EvaluationInput(
                evaluated_at=at(2026, 10, n + 1),
                level=level,
                channel="device",
                service="window",
                station_id=places[station].id,
            ),
            "manual",
        )
    session.flush()
    first = session.scalars(select(RectificationCase).order_by(RectificationCase.id)).first()
    first.closed_at = first.due_at  # rectified by the deadline: on time
    first.status = "closed"


def _plan(session, ids: dict[str, int]) -> None:
    locations = [
        {"id": "ST01", "name": "白塔站", "district": "白塔区"},
        {"id": "ST02", "name": "文圣站", "district": "文圣区"},
        {"id": "U01", "name": "白塔商场", "district": "白塔区"},
        {"id": "U02", "name": "文圣酒店", "district": "文圣区"},
    ]

    def task(task_id, location, duration, windows):
        return {"id": task_id, "location": location, "duration": duration, "windows": windows}

    inspection, training = f"B{ids['insp1']}", f"B{ids['training']}"
    cancelled = f"B{ids['training_off']}"
    instance = {
        "week_start": "2026-10-05",
        "offhours": [[1020, 1440]],  # Monday 17:00-24:00 is all this week's off-hours
        "locations": locations,
        "staff": [
            {"id": "E1", "base": "ST01"},
            {"id": "E2", "base": "ST02"},
            {"id": "E3", "base": "ST01"},
        ],
        "tasks": [
            task(inspection, "U01", 60, [{"start": 1080, "end": 1200, "cost": 0}]),
            task(
                training,
                "U01",
                90,
                [{"start": 600, "end": 720, "cost": 0}, {"start": 1000, "end": 1300, "cost": 3}],
            ),
            task(cancelled, "U02", 30, [{"start": 600, "end": 700, "cost": 0}]),
            task("C1", "U02", 30, [{"start": 0, "end": 10080, "cost": 0}]),
            task("R1", "U02", 60, [{"start": 0, "end": 10080, "cost": 0}]),
        ],
    }
    plan = {
        "assignments": [
            {"task": inspection, "start": 1080, "staff": ["E1", "E2"]},  # preferred, 60 off
            {"task": training, "start": 1020, "staff": ["E1"]},  # cost 3, 90 off
            {"task": cancelled, "start": 600, "staff": ["E3"]},  # booking since cancelled
            {"task": "C1", "start": 1400, "staff": ["E1"]},  # 30 off
        ],
        "unscheduled": [{"task": "R1", "reasons": []}],
    }
    common = {"week_start": date(2026, 10, 5), "source": "import", "objective": 0}
    # An older published version of the week is superseded by the newer one. The older one
    # has no summary, as a version published before summaries were stored (migration 0008).
    older = PlanVersion(
        number=1,
        status="published",
        instance=instance,
        plan={"assignments": [], "unscheduled": []},
        created_by="manager",
        **common,
    )
    newer = PlanVersion(number=2, instance=instance, plan=plan, created_by="manager", **common)
    plan_publish.mark_published(newer, "manager")
    session.add_all([older, newer])


def build_detachment(admin) -> dict[str, int]:
    """The hand-made detachment; returns the booking ids by name."""
    prepare_deadlines([at(2026, 10, 2), at(2026, 10, 6)])
    with unit_of_work(admin) as session:
        places = _places(session)
        ids = _bookings(session, places)
        _complaints(session, places)
        _evaluations(session, places)
        _plan(session, ids)
    return ids


@pytest.fixture
def detachment(db, admin) -> dict[str, int]:
    return build_detachment(admin)


OCTOBER = kpis.period_of("month", TODAY)


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
