"""An officer's own inspection tasks of every kind: what the plans in force send them on
(booked off-hours inspections, complaint checks, re-inspections, random inspections) and
the random inspections drawn for them, each with the kind its record takes; recorded once."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select, update

from db.models import District, Location, Staff
from db.models.complaints import ComplaintCase
from db.models.hazards import HazardCase
from db.session import read_session
from rules.time import TIME_ZONE
from services.core.errors import ValidationError
from services.core.permissions import SYSTEM
from services.core.unit_of_work import unit_of_work
from services.draws import officer, plans, records
from services.draws.tasks import task_id
from tests.fixtures.draws import publish_week

MOMENT = datetime(2026, 12, 20, 9, 0, tzinfo=TIME_ZONE)
WEEK = date(2026, 12, 14)
PAIR = ("E001", "E002")


@pytest.fixture
def world(draw_world, monkeypatch):
    monkeypatch.setattr("services.draws.records.now", lambda: MOMENT)
    monkeypatch.setattr("services.draws.officer.now", lambda: MOMENT)
    shares = {"A": 0, "B": 0, "C": 0, "D": 2000}
    draw = plans.get_draw(
        SYSTEM, plans.make_draw(SYSTEM, plans.DrawRequest("2026-12", "种子", shares))
    )
    # A hazard case at R005 whose re-inspection is due.
    records.record_inspection(
        SYSTEM,
        records.InspectionInput(
            "R005",
            "offhours_inspection",
            datetime(2026, 12, 1, 10, 0, tzinfo=TIME_ZONE),
            list(PAIR),
            "correction_order",
            ["exits"],
        ),
    )
    with unit_of_work(SYSTEM) as session:
        session.execute(update(HazardCase).values(state="reinspection_due"))
        case_id = session.scalar(select(HazardCase.id))
        district = session.scalar(select(District.id).where(District.name == "白塔区"))
        r006 = session.scalar(select(Location.id).where(Location.code == "R006"))
        cases = [
            ComplaintCase(
                ticket_no=f"T{n}",
                category="locked_exit",
                status="assigned",
                unit_name=f"被投诉单位{n}",
                district_id=district,
                location_id=location,
                received_at=MOMENT,
                deadline_at=MOMENT,
            )
            for n, location in ((1, None), (2, r006))
        ]
        session.add_all(cases)
        session.flush()
        unregistered, registered = (f"C{c.id}" for c in cases)
    return draw, case_id, unregistered, registered


def _staff_id(code: str) -> int:
    with read_session() as session:
        return session.scalar(select(Staff.id).where(Staff.code == code))


def _tasks(code: str) -> dict[str, officer.OwnInspection]:
    with read_session() as session:
        return {i.task: i for i in officer.officer_inspection_tasks(session, _staff_id(code))}


def test_every_kind_of_inspection_task_is_listed_with_its_record_kind(world):
    draw, case_id, unregistered, registered = world
    drawn = [a for a in draw.result["assignments"] if "E001" in a["inspectors"]]
    assert drawn
    hazard = f"H{case_id}"
    # An older version of the week is no longer in force: its B904 is not listed.
    publish_week(WEEK, [("B904", "offhours_inspection", "R013", 600, PAIR)], number=1)
    # More than a quarter back: out of the list (B905); within it: listed (B906).
    publish_week(date(2026, 9, 7), [("B905", "offhours_inspection", "R013", 600, PAIR)])
    publish_week(date(2026, 9, 21), [("B906", "offhours_inspection", "R013", 600, PAIR)])
    publish_week(
        WEEK,
        [
            ("B901", "offhours_inspection", "R009", 1440 + 600, PAIR),
            (unregistered, "complaint_check", "R010", 2 * 1440 + 600, PAIR),
            (registered, "complaint_check", "R010", 2 * 1440 + 720, PAIR),
            (hazard, "re_inspection", "R005", 3 * 1440 + 600, PAIR),
            ("B902", "training", "R009", 600, PAIR),  # not an inspection
            ("B903", "offhours_inspection", "R013", 600, ("E002", "E004")),  # not E001's
        ],
        number=2,
    )
    mine = _tasks("E001")
    assert {t: i.kind for t, i in mine.items()} == {
        "B901": "offhours_inspection",
        "B906": "offhours_inspection",
        unregistered: "complaint_check",
        registered: "complaint_check",
        hazard: "reinspection",
        **{task_id(draw.id, a["unit"]): "random_inspection" for a in drawn},
    }
    assert mine["B901"].planned_at == datetime(2026, 12, 15, 10, 0, tzinfo=TIME_ZONE)
    assert mine["B901"].officers == PAIR and mine["B901"].unit_code == "R009"
    # A complaint check is of the complaint's unit, not the plan's stand-in location.
    assert mine[registered].unit_code == "R006"
    assert mine[unregistered].unit_code is None
    random = mine[task_id(draw.id, drawn[0]["unit"])]
    assert (random.draw_id, random.period, random.planned_at) == (draw.id, "2026-12", None)
    assert "B903" in _tasks("E004") and "B901" not in _tasks("E004")


def test_a_reinspection_recorded_from_the_list_closes_its_case_and_is_recorded_once(world):
    _, case_id, _, _ = world
    hazard = f"H{case_id}"
    publish_week(WEEK, [(hazard, "re_inspection", "R005", 3 * 1440 + 600, PAIR)])
    item = _tasks("E001")[hazard]
    data = records.InspectionInput(
        unit_code=item.unit_code,
        kind=item.kind,
        inspected_at=datetime(2026, 12, 17, 10, 0, tzinfo=TIME_ZONE),
        officers=list(item.officers),
        outcome="no_problem",
        task=item.task,
    )
    record_id = records.record_inspection(SYSTEM, data)
    with read_session() as session:
        case = session.get(HazardCase, case_id)
    assert (case.state, case.reinspection_id) == ("closed_fixed", record_id)
    done = _tasks("E001")[hazard]
    assert (done.record_id, done.outcome) == (record_id, "no_problem")
    with pytest.raises(ValidationError) as refused:
        records.record_inspection(SYSTEM, data)
    assert [e.field for e in refused.value.errors] == ["inspection_task"]
    assert "H" in refused.value.messages("zh-CN")[0]


def test_someone_who_is_not_a_staff_member_has_no_tasks(world):
    with read_session() as session:
        assert officer.officer_inspection_tasks(session, 999_999) == []
