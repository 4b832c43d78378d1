"""This week's availability: staff enter their own leave and agreed periods, managers anyone's."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from rules.time import TIME_ZONE
from services.core.errors import PermissionDenied, ValidationError
from services.staff import availability_week as aw
from tests.fixtures.bookings import MONDAY, own_actor, staff_id_of

DAY = 1440


def _at(day: int, hour: int = 0) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=day), time(hour, 0), TIME_ZONE)


@pytest.mark.usefixtures("world")
def test_a_person_takes_leave_and_their_week_shrinks():
    me = own_actor("E001")
    [before] = aw.week_of_staff(me, MONDAY)
    assert before.hours == 45.0  # five office days of nine hours
    aw.add_leave(me, me.staff_id, _at(1), _at(3), "年休假")
    [after] = aw.week_of_staff(me, MONDAY)
    assert after.hours == 27.0
    assert [r.kind for r in after.rules] == ["leave"]
    assert all(not (DAY <= start < 3 * DAY) for start, _ in after.periods)


@pytest.mark.usefixtures("world")
def test_an_agreed_saturday_counts_as_offhours():
    me = own_actor("E002")
    aw.add_agreed_period(me, me.staff_id, 5, time(9, 0), time(12, 0), "周六值守")
    [week] = aw.week_of_staff(me, MONDAY)
    assert (5 * DAY + 540, 5 * DAY + 720) in week.periods
    assert week.offhours_hours == 3.0


@pytest.mark.usefixtures("world")
def test_staff_edit_only_their_own_week(manager):
    me, colleague = own_actor("E001"), staff_id_of("E002")
    with pytest.raises(PermissionDenied):
        aw.add_leave(me, colleague, _at(1), _at(2))
    assert [p.code for p in aw.week_of_staff(me, MONDAY)] == ["E001"]
    # A manager sees everyone and enters for anyone.
    assert [p.code for p in aw.week_of_staff(manager, MONDAY)] == ["E001", "E002", "E003", "E004"]
    rule_id = aw.add_leave(manager, colleague, _at(1), _at(2), "病假")
    with pytest.raises(PermissionDenied):
        aw.remove_rule(me, rule_id)
    aw.remove_rule(manager, rule_id)
    assert aw.week_of_staff(manager, MONDAY)[1].rules == []


@pytest.mark.usefixtures("world")
def test_overlapping_or_reversed_leave_is_refused():
    me = own_actor("E001")
    aw.add_leave(me, me.staff_id, _at(1), _at(3))
    with pytest.raises(ValidationError) as overlap:
        aw.add_leave(me, me.staff_id, _at(2), _at(4))
    assert [e.key for e in overlap.value.errors] == ["admin.error.overlap"]
    with pytest.raises(ValidationError):
        aw.add_leave(me, me.staff_id, _at(4), _at(4))


@pytest.mark.usefixtures("world")
def test_an_account_without_a_person_sees_nothing(staff_actor):
    assert aw.week_of_staff(staff_actor, MONDAY) == []
