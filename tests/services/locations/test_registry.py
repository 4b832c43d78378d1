from datetime import time

import pytest

from services.core.errors import ConflictError, PermissionDenied, ValidationError
from services.core.permissions import SYSTEM
from services.locations import registry as loc


@pytest.fixture
def two_districts(db, admin) -> tuple[int, int]:
    return loc.save_district(admin, "白塔区"), loc.save_district(admin, "灯塔市")


def _unit(district_id: int, **changes) -> loc.LocationInput:
    values = {
        "code": "U0001",
        "kind": "unit",
        "name": "白塔华联商厦",
        "district_id": district_id,
        "address": "辽阳市白塔区中华大街1号",
        "credit_class": "B",
        "risk_level": "medium",
        "contact_phone": "0419-2123456",
        "hours": {"weekdays": (time(9, 0), time(21, 0)), "saturday": (time(9, 0), time(17, 0))},
    }
    return loc.LocationInput(**(values | changes))


def _problems(error: ValidationError) -> set[tuple[str, str]]:
    return {(e.field, e.key) for e in error.errors}


def test_create_filter_and_opening_hours(two_districts, admin):
    baita, dengta = two_districts
    unit_id = loc.create_location(admin, _unit(baita))
    loc.create_location(
        admin, _unit(dengta, code="ST11", kind="station", name="灯塔消防救援站", credit_class="A")
    )
    assert list(loc.list_locations(admin, kind="unit")["name"]) == ["白塔华联商厦"]
    assert list(loc.list_locations(admin, district_id=dengta)["code"]) == ["ST11"]
    assert list(loc.list_locations(admin, credit_class="B")["code"]) == ["U0001"]
    assert list(loc.list_locations(admin, search="华联")["code"]) == ["U0001"]
    stored = loc.get_location(SYSTEM, unit_id)
    assert stored.opening_hours["0"] == [["09:00", "21:00"]]
    assert stored.opening_hours["5"] == [["09:00", "17:00"]]
    assert "6" not in stored.opening_hours
    assert loc.simple_hours(stored.opening_hours)["sunday"] is None
    # A station carries neither a credit class nor a risk level.
    station = loc.get_location(SYSTEM, int(loc.list_locations(admin, kind="station")["id"][0]))
    assert (station.credit_class, station.risk_level) == (None, None)


def test_bad_location_names_each_field(two_districts, admin):
    baita, _ = two_districts
    loc.create_location(admin, _unit(baita))
    bad = _unit(
        baita,
        name="",
        kind="farm",
        credit_class="E",
        contact_phone="110",
        hours={"weekdays": (time(21, 0), time(9, 0))},
    )
    with pytest.raises(ValidationError) as error:
        loc.create_location(admin, bad)
    assert _problems(error.value) == {
        ("location_code", "error.duplicate"),
        ("location_name", "error.required"),
        ("location_kind", "error.choice"),
        ("credit_class", "error.choice"),
        ("location_phone", "error.phone"),
        ("hours_weekdays", "admin.error.end_before_start"),
    }
    assert "名称：不能为空" in error.value.messages("zh-CN")


def test_edit_with_version(two_districts, admin):
    baita, _ = two_districts
    unit_id = loc.create_location(admin, _unit(baita))
    loc.update_location(admin, unit_id, 1, _unit(baita, credit_class="D", risk_level="high"))
    assert loc.get_location(SYSTEM, unit_id).credit_class == "D"
    with pytest.raises(ConflictError):
        loc.update_location(admin, unit_id, 1, _unit(baita, name="旧表单"))


def test_travel_times_saved_symmetrically(two_districts, admin):
    baita, dengta = two_districts
    before = loc.travel_matrix()
    assert before.loc["白塔区", "灯塔市"] == 0  # a new district starts at 0 everywhere
    after = before.copy()
    after.loc["白塔区", "灯塔市"] = 50
    after.loc["灯塔市", "灯塔市"] = 25
    changes = loc.changed_travel_times(before, after)
    assert changes == {(baita, dengta): 50, (dengta, dengta): 25}
    assert loc.save_travel_times(admin, changes) == 2
    matrix = loc.travel_matrix()
    assert matrix.loc["灯塔市", "白塔区"] == matrix.loc["白塔区", "灯塔市"] == 50


def test_travel_times_out_of_range_or_contradicting(two_districts, admin):
    baita, dengta = two_districts
    with pytest.raises(ValidationError) as error:
        loc.save_travel_times(admin, {(baita, dengta): 301, (dengta, dengta): None})
    assert _problems(error.value) == {
        ("travel_minutes", "error.range"),
        ("travel_minutes", "error.required"),
    }
    with pytest.raises(ValidationError) as both_ways:
        loc.save_travel_times(admin, {(baita, dengta): 40, (dengta, baita): 45})
    assert "白塔区" in both_ways.value.messages("zh-CN")[0]


def test_district_names_required_and_unique(two_districts, admin, manager):
    with pytest.raises(ValidationError) as error:
        loc.save_district(admin, "灯塔市")
    assert _problems(error.value) == {("district_name", "error.duplicate")}
    baita, _ = two_districts
    loc.save_district(admin, "白塔新区", baita)
    assert loc.districts()[baita] == "白塔新区"
    with pytest.raises(PermissionDenied):
        loc.save_district(manager, "太子河区")
