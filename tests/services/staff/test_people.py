from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from db.models import AuditLog, District, Location
from db.session import read_session
from rules.time import TIME_ZONE
from services.core.errors import ConflictError, PermissionDenied, ValidationError
from services.core.permissions import SYSTEM
from services.core.unit_of_work import unit_of_work
from services.staff import people as staff
from services.staff.availability import week_periods

MONDAY = date(2026, 11, 30)


@pytest.fixture
def places(db) -> dict[str, int]:
    with unit_of_work(SYSTEM) as session:
        district = District(name="白塔区")
        rows = {
            kind: Location(code=code, kind=kind, name=name, district=district)
            for kind, code, name in [
                ("station", "ST01", "白塔消防救援站"),
                ("office", "HQ", "支队机关"),
                ("unit", "U0001", "白塔华联商厦"),
            ]
        }
        session.add_all(rows.values())
        session.flush()
        return {kind: row.id for kind, row in rows.items()}


def _input(places, **changes) -> staff.StaffInput:
    values = {
        "code": "E001",
        "name": "张伟",
        "base_location_id": places["station"],
        "weekly_hour_cap": 40,
        "phone": "13812345678",
        "skills": ["guide", "trainer"],
    }
    return staff.StaffInput(**(values | changes))


def _problems(error: ValidationError) -> set[tuple[str, str]]:
    return {(e.field, e.key) for e in error.errors}


def test_create_list_and_filter(places, admin):
    staff.create_staff(admin, _input(places))
    staff.create_staff(
        admin, _input(places, code="E002", base_location_id=places["office"], skills=["inspector"])
    )
    everyone = staff.list_staff(admin)
    assert list(everyone["code"]) == ["E001", "E002"]
    assert everyone.loc[0, "skills"] == ["guide", "trainer"]
    assert list(staff.list_staff(admin, skill="inspector")["code"]) == ["E002"]
    assert list(staff.list_staff(admin, base_id=places["station"])["code"]) == ["E001"]


def test_every_bad_field_is_named(places, admin):
    staff.create_staff(admin, _input(places))
    bad = _input(
        places,
        name="  ",
        phone="12345",
        weekly_hour_cap=61,
        base_location_id=places["unit"],
        skills=["juggler"],
    )
    with pytest.raises(ValidationError) as error:
        staff.create_staff(admin, bad)
    assert _problems(error.value) == {
        ("staff_number", "error.duplicate"),
        ("staff_name", "error.required"),
        ("staff_phone", "error.phone"),
        ("weekly_hour_cap", "error.range"),
        ("staff_base", "admin.error.base_kind"),
        ("skills", "error.choice"),
    }
    messages = error.value.messages("zh-CN")
    assert (
        "联系电话：“12345”不是有效的手机号或固定电话（如 13812345678 或 0419-2123456）" in messages
    )
    assert any(m.startswith("每周工时上限（小时）：应在 1 到 60 之间") for m in messages)


def test_hour_cap_below_one_and_bad_code(places, admin):
    with pytest.raises(ValidationError) as error:
        staff.create_staff(admin, _input(places, code="E 01!", weekly_hour_cap=0))
    assert _problems(error.value) == {
        ("staff_number", "admin.error.code"),
        ("weekly_hour_cap", "error.range"),
    }


def test_landline_accepted_and_normalised(places, admin):
    staff_id = staff.create_staff(admin, _input(places, phone="0419 2123456"))
    assert staff.get_staff(SYSTEM, staff_id).phone == "04192123456"


def test_edit_with_version_and_conflict(places, admin):
    staff_id = staff.create_staff(admin, _input(places))
    staff.update_staff(admin, staff_id, 1, _input(places, name="张伟强", skills=["service"]))
    person = staff.get_staff(SYSTEM, staff_id)
    assert (person.name, person.skill_names, person.version) == ("张伟强", ["service"], 2)
    with pytest.raises(ConflictError):
        staff.update_staff(admin, staff_id, 1, _input(places, name="旧表单"))
    staff.deactivate_staff(admin, staff_id, 2)
    assert staff.get_staff(SYSTEM, staff_id).active is False
    with read_session() as session:
        actions = session.scalars(
            select(AuditLog.action).where(AuditLog.table_name == "staff").order_by(AuditLog.id)
        ).all()
    assert actions == ["insert", "update", "update"]


def test_only_admins_manage_staff(places, manager):
    with pytest.raises(PermissionDenied):
        staff.create_staff(manager, _input(places))


def _weekly(weekday: int, start: time, end: time) -> staff.AvailabilityInput:
    return staff.AvailabilityInput(kind="weekly", weekday=weekday, start_time=start, end_time=end)


def test_weekly_periods_reject_overlap_and_wrong_order(places, admin):
    staff_id = staff.create_staff(admin, _input(places))
    staff.add_availability(admin, staff_id, _weekly(1, time(18, 30), time(22, 0)))
    staff.add_availability(admin, staff_id, _weekly(2, time(18, 30), time(22, 0)))
    staff.add_availability(admin, staff_id, _weekly(1, time(22, 0), time(23, 59)))
    with pytest.raises(ValidationError) as overlap:
        staff.add_availability(admin, staff_id, _weekly(1, time(21, 0), time(22, 30)))
    assert _problems(overlap.value) == {("rule_start_time", "admin.error.overlap")}
    assert "开始时间：与已有时段 18:30–22:00 重叠" in overlap.value.messages("zh-CN")
    with pytest.raises(ValidationError) as order:
        staff.add_availability(admin, staff_id, _weekly(3, time(20, 0), time(19, 0)))
    assert order.value.messages("zh-CN") == ["结束时间：结束时间必须晚于开始时间"]
    assert len(staff.get_staff(SYSTEM, staff_id).availability) == 3


def test_leave_rejects_overlap_and_end_before_start(places, admin):
    staff_id = staff.create_staff(admin, _input(places))

    def leave(start_day: int, end_day: int) -> staff.AvailabilityInput:
        return staff.AvailabilityInput(
            kind="leave",
            start_at=datetime(2026, 12, start_day, 0, 0, tzinfo=TIME_ZONE),
            end_at=datetime(2026, 12, end_day, 0, 0, tzinfo=TIME_ZONE),
        )

    staff.add_availability(admin, staff_id, leave(1, 3))
    staff.add_availability(admin, staff_id, leave(3, 4))  # touching is not overlapping
    with pytest.raises(ValidationError) as overlap:
        staff.add_availability(admin, staff_id, leave(2, 5))
    assert {e.field for e in overlap.value.errors} == {"leave_start"}
    with pytest.raises(ValidationError) as order:
        staff.add_availability(admin, staff_id, leave(9, 8))
    assert _problems(order.value) == {("leave_end", "admin.error.end_before_start")}


def test_rotation_rules_checked_and_removable(places, admin):
    staff_id = staff.create_staff(admin, _input(places))
    with pytest.raises(ValidationError) as error:
        staff.add_availability(
            admin,
            staff_id,
            staff.AvailabilityInput(kind="rotation", cycle_days=2, on_hours=49),
        )
    assert _problems(error.value) == {
        ("anchor_date", "error.required"),
        ("rule_start_time", "error.required"),
        ("on_hours", "error.range"),
    }
    rule = staff.AvailabilityInput(
        kind="rotation", anchor_date=MONDAY, cycle_days=3, on_hours=24, start_time=time(8, 0)
    )
    rule_id = staff.add_availability(admin, staff_id, rule)
    assert [r.kind for r in staff.get_staff(SYSTEM, staff_id).availability] == ["rotation"]
    staff.remove_availability(admin, rule_id)
    assert staff.get_staff(SYSTEM, staff_id).availability == []


def test_week_view_lists_available_periods(places, admin):
    staff_id = staff.create_staff(admin, _input(places))
    staff.add_availability(admin, staff_id, _weekly(5, time(9, 0), time(12, 0)))
    frame = staff.week_view(admin, MONDAY, lambda d: d.weekday() < 5)
    assert frame[["code", "start", "end", "hours"]].values.tolist() == [
        [
            "E001",
            datetime(2026, 12, 5, 9, 0, tzinfo=TIME_ZONE),
            datetime(2026, 12, 5, 12, 0, tzinfo=TIME_ZONE),
            3.0,
        ]
    ]


def test_week_periods_lists_active_staff_with_their_periods(places, admin):
    first = staff.create_staff(admin, _input(places))
    second = staff.create_staff(
        admin, _input(places, code="E002", base_location_id=places["office"])
    )
    gone = staff.create_staff(admin, _input(places, code="E003"))
    staff.deactivate_staff(admin, gone, staff.get_staff(SYSTEM, gone).version)
    staff.add_availability(admin, first, _weekly(5, time(9, 0), time(12, 0)))

    def codes_and_periods(**only):
        with read_session() as session:
            return [
                (person.code, periods)
                for person, periods in week_periods(
                    session, MONDAY, lambda d: d.weekday() < 5, **only
                )
            ]

    saturday = 5 * 1440
    assert codes_and_periods() == [("E001", [(saturday + 540, saturday + 720)]), ("E002", [])]
    assert codes_and_periods(staff_id=second) == [("E002", [])]
    assert codes_and_periods(base_id=places["station"]) == [
        ("E001", [(saturday + 540, saturday + 720)])
    ]
