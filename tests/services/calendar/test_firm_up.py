"""Confirming a year's calendar firms up the provisional deadlines counted on it, and the
planner counts office time on the database calendar (调休 included), not Monday–Friday."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from db.models import AuditLog, Availability, FollowUp, Location, RectificationCase, Staff
from db.models.complaints import ComplaintCase
from db.session import read_session
from rules.time import TIME_ZONE
from services.calendar import workdays
from services.complaints.intake import intake
from services.core.permissions import Actor
from services.core.unit_of_work import unit_of_work
from services.evaluations import reviews as evaluations
from services.evaluations.followups import service_completed
from services.evaluations.reviews import record_evaluation
from services.planning.instance import build_week_instance
from services.staff import availability_week
from tests.fixtures.complaints import seed_detachment, ticket
from tests.fixtures.evaluations import rating

NOW = datetime(2027, 1, 14, 16, 0, tzinfo=TIME_ZONE)  # a Thursday; 2027 not yet confirmed
WORKING_SUNDAY = date(2027, 1, 10)  # 调休
HOLIDAY_MONDAY = date(2027, 1, 18)


@pytest.fixture(autouse=True)
def fresh_calendar():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TIME_ZONE)


def end_of(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), workdays.END_OF_DAY, TIME_ZONE)


def _stored(value: datetime) -> datetime:
    return value.astimezone(TIME_ZONE) if value.tzinfo else value.replace(tzinfo=TIME_ZONE)


@pytest.fixture
def open_cases(db, admin, monkeypatch) -> dict[str, int]:
    """Cases opened in early January 2027, before anyone published that year's calendar."""
    monkeypatch.setattr("services.complaints.intake.now", lambda: NOW)
    monkeypatch.setattr(evaluations, "now", lambda: NOW)
    monkeypatch.setenv("FIREDESK_RECTIFICATION_DAYS", "5")
    seed_detachment(admin)
    ids = dict(
        zip(
            ["friday", "thursday", "urgent", "closed"],
            intake(
                admin,
                [
                    ticket(
                        ticket_no="LY1",
                        received_at="2027-01-08 09:00",
                        category="other_violation",
                        unit_name="万达广场",
                    ),
                    ticket(
                        ticket_no="LY2",
                        received_at="2027-01-14 09:00",
                        category="other_violation",
                        unit_name="华联商厦",
                    ),
                    ticket(ticket_no="LY3", received_at="2027-01-14 08:00", unit_name="新运大厦"),
                    ticket(
                        ticket_no="LY4",
                        received_at="2027-01-11 09:00",
                        category="other_violation",
                        unit_name="某某超市",
                    ),
                ],
            ),
            strict=True,
        )
    )
    with unit_of_work(admin) as session:
        session.get(ComplaintCase, ids["closed"]).status = "closed"
    with read_session() as session:
        station = session.scalar(select(Location.id).where(Location.kind == "station"))
    evaluation_id = record_evaluation(
        admin, rating(5, evaluated_at=at("2027-01-12 10:00"), station_id=station)
    )
    with read_session() as session:
        ids["rectification"] = session.scalar(
            select(RectificationCase.id).where(RectificationCase.evaluation_id == evaluation_id)
        )
        unit = session.scalar(select(Location.id).where(Location.kind == "unit"))
    with unit_of_work(admin) as session:
        service_completed(session, "inspection", 1, unit, at("2027-01-08 15:00"))
        service_completed(session, "training", 2, unit, at("2027-01-12 15:00"))
        service_completed(session, "tour", 3, unit, at("2027-01-12 15:00"))
    with read_session() as session:
        by_source = {
            f.source_id: f.id for f in session.scalars(select(FollowUp).order_by(FollowUp.id))
        }
    with unit_of_work(admin) as session:
        session.get(FollowUp, by_source[3]).status = "unreachable"
    ids |= {"fu_friday": by_source[1], "fu_tuesday": by_source[2], "fu_done": by_source[3]}
    return ids


def _publish_2027(admin: Actor) -> dict[str, int] | None:
    workdays.create_year(admin, 2027)
    summary = workdays.year_summary(2027)
    changes = {WORKING_SUNDAY: (True, "调休上班"), HOLIDAY_MONDAY: (False, "假日")}
    workdays.save_days(admin, 2027, summary.version, changes)
    return workdays.set_confirmed(admin, 2027, workdays.year_summary(2027).version, True)


def _deadlines() -> dict[str, tuple]:
    with read_session() as session:
        cases = {c.id: c for c in session.scalars(select(ComplaintCase))}
        rects = {c.id: c for c in session.scalars(select(RectificationCase))}
        follow = {f.id: f for f in session.scalars(select(FollowUp))}
    return {"cases": cases, "rects": rects, "follow": follow}


def test_provisional_deadlines_move_and_firm_up_when_the_year_is_confirmed(open_cases, admin):
    ids = open_cases
    before = _deadlines()
    case = before["cases"]
    # Counted Monday–Friday while 2027 is unknown.
    assert (_stored(case[ids["friday"]].deadline_at), case[ids["friday"]].deadline_provisional) == (
        end_of("2027-01-13"),
        True,
    )
    assert _stored(case[ids["thursday"]].deadline_at) == end_of("2027-01-19")
    assert case[ids["urgent"]].deadline_provisional is False
    rect = before["rects"][ids["rectification"]]
    assert (_stored(rect.due_at), rect.due_provisional) == (end_of("2027-01-19"), True)
    follow = before["follow"]
    assert (follow[ids["fu_friday"]].due, follow[ids["fu_friday"]].due_provisional) == (
        date(2027, 1, 15),
        True,
    )
    assert follow[ids["fu_tuesday"]].due == date(2027, 1, 19)

    changed = _publish_2027(admin)

    assert changed == {"complaints": 2, "rectifications": 1, "followups": 2, "hazards": 0}
    after = _deadlines()
    case = after["cases"]
    # Fri 8 Jan + 3: Sun 10 (调休), Mon 11, Tue 12.
    assert (_stored(case[ids["friday"]].deadline_at), case[ids["friday"]].deadline_provisional) == (
        end_of("2027-01-12"),
        False,
    )
    # Thu 14 Jan + 3: Fri 15, (Mon 18 off), Tue 19, Wed 20.
    assert (
        _stored(case[ids["thursday"]].deadline_at),
        case[ids["thursday"]].deadline_provisional,
    ) == (end_of("2027-01-20"), False)
    # The 24-hour clock never depended on the calendar; a closed case keeps its record.
    assert _stored(case[ids["urgent"]].deadline_at) == at("2027-01-15 08:00")
    assert (_stored(case[ids["closed"]].deadline_at), case[ids["closed"]].deadline_provisional) == (
        end_of("2027-01-14"),
        True,
    )
    rect = after["rects"][ids["rectification"]]
    # Tue 12 Jan + 5: 13, 14, 15, (18 off), 19, 20.
    assert (_stored(rect.due_at), rect.due_provisional) == (end_of("2027-01-20"), False)
    follow = after["follow"]
    # Fri 8 Jan + 5: Sun 10, 11, 12, 13, 14.
    assert (follow[ids["fu_friday"]].due, follow[ids["fu_friday"]].due_provisional) == (
        date(2027, 1, 14),
        False,
    )
    assert (follow[ids["fu_tuesday"]].due, follow[ids["fu_tuesday"]].due_provisional) == (
        date(2027, 1, 20),
        False,
    )
    # A follow-up no longer open keeps what it had.
    assert (follow[ids["fu_done"]].due, follow[ids["fu_done"]].due_provisional) == (
        date(2027, 1, 19),
        True,
    )


def test_each_firmed_up_deadline_is_an_audited_change(open_cases, admin):
    ids = open_cases
    _publish_2027(admin)
    with read_session() as session:
        rows = session.scalars(
            select(AuditLog).where(
                AuditLog.action == "update",
                AuditLog.table_name.in_(["complaint_cases", "rectification_cases", "follow_ups"]),
                AuditLog.username == admin.username,
            )
        ).all()
    changes = {(r.table_name, r.row_id): (r.before, r.after) for r in rows if r.before}
    before, after = changes[("complaint_cases", str(ids["friday"]))]
    assert before["deadline_provisional"] is True and after["deadline_provisional"] is False
    assert _stored(datetime.fromisoformat(before["deadline_at"])) == end_of("2027-01-13")
    assert _stored(datetime.fromisoformat(after["deadline_at"])) == end_of("2027-01-12")
    before, after = changes[("rectification_cases", str(ids["rectification"]))]
    assert (before["due_provisional"], after["due_provisional"]) == (True, False)
    before, after = changes[("follow_ups", str(ids["fu_tuesday"]))]
    assert (before["due"], after["due"]) == ("2027-01-19", "2027-01-20")
    assert ("complaint_cases", str(ids["urgent"])) not in changes


def test_the_planner_counts_office_hours_on_a_make_up_saturday(db, admin):
    """Week of Mon 23 Feb 2026: Monday is the Spring Festival holiday's last day, Saturday
    28 Feb a 调休 working day."""
    monday = date(2026, 2, 23)
    seed_detachment(admin)
    with unit_of_work(admin) as session:
        office = session.scalar(select(Location.id).where(Location.kind == "office"))
        person = Staff(code="E09", name="孙红", base_location_id=office)
        session.add(person)
        session.flush()
        session.add_all(
            [
                Availability(
                    staff_id=person.id,
                    kind="office_hours",
                    start_time=time(8, 30),
                    end_time=time(17, 30),
                ),
                Availability(
                    staff_id=person.id,
                    kind="weekly",
                    weekday=6,
                    start_time=time(9, 0),
                    end_time=time(11, 0),
                ),
            ]
        )
        person_id = person.id
    saturday = (5 * 1440 + 510, 5 * 1440 + 1050)
    instance = build_week_instance(monday)
    assert not any(a < saturday[1] and b > saturday[0] for a, b in instance["offhours"])
    [planned] = [s for s in instance["staff"] if s["id"] == "E09"]
    assert [saturday[0], saturday[1]] in planned["available"]
    [week] = availability_week.week_of_staff(admin, monday, person_id)
    assert saturday in week.periods
    assert all(start >= 1440 for start, _ in week.periods)  # no office hours on the holiday
    # Five office days (Tue–Sat) of nine hours; only the agreed Sunday morning is off-hours.
    assert (week.hours, week.offhours_hours) == (47.0, 2.0)


def test_the_planner_reads_the_days_an_admin_marked_before_confirming(db, admin):
    workdays.create_year(admin, 2031)
    summary = workdays.year_summary(2031)
    saturday, monday = date(2031, 3, 8), date(2031, 3, 10)
    workdays.save_days(
        admin, 2031, summary.version, {saturday: (True, "调休"), monday: (False, "假日")}
    )
    check = workdays.working_day_checker([2031])
    assert (check(saturday), check(monday), check(monday + timedelta(days=1))) == (
        True,
        False,
        True,
    )
    # Deadlines stay provisional (Monday–Friday) until the year is confirmed.
    assert workdays.is_working_day(saturday) is None
    assert workdays.add_working_days(at("2031-03-07 10:00"), 1).at == end_of("2031-03-10")


def test_a_count_still_reaching_into_an_unconfirmed_year_moves_but_stays_provisional(db, admin):
    with unit_of_work(admin) as session:
        service_completed(session, "complaint", 1, None, at("2030-12-30 15:00"))
    with read_session() as session:
        followup = session.scalars(select(FollowUp)).one()
    # Tue 31 Dec 2030, then 1, 2, 3 and Mon 6 Jan 2031: neither year is known.
    assert (followup.due, followup.due_provisional) == (date(2031, 1, 6), True)
    workdays.create_year(admin, 2031)
    summary = workdays.year_summary(2031)
    workdays.save_days(admin, 2031, summary.version, {date(2031, 1, 1): (False, "元旦")})
    changed = workdays.set_confirmed(admin, 2031, workdays.year_summary(2031).version, True)
    assert changed["followups"] == 1
    with read_session() as session:
        followup = session.get(FollowUp, followup.id)
    # 1 Jan is a holiday now; 31 Dec 2030 still counts Monday–Friday, so still provisional.
    assert (followup.due, followup.due_provisional) == (date(2031, 1, 7), True)
