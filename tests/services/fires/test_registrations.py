"""Simple fire registrations: recorded, refused with the reasons when they do not
qualify, listed masked, counted per month."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from db.models.fires import FireRegistration
from db.session import read_session
from rules.time import TIME_ZONE
from services.core.errors import PermissionDenied, ValidationError
from services.fires import registrations
from services.fires.registrations import FireInput, list_fires, monthly_counts, register_fire
from tests.conftest import make_actor

CLERK = make_actor("staff")


@pytest.fixture
def frozen(monkeypatch):
    moment = datetime(2026, 11, 20, 12, 0, tzinfo=TIME_ZONE)
    monkeypatch.setattr(registrations, "now", lambda: moment)
    return moment


def fire(**changes) -> FireInput:
    data = FireInput(
        occurred_at=datetime(2026, 11, 20, 9, 30, tzinfo=TIME_ZONE),
        place="白塔区民主路 12 号 3 单元楼道",
        cause="电动自行车充电线路故障",
        direct_loss_yuan=1200,
        party_name="李四海",
        party_phone="13912345678",
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_a_small_fire_is_registered_listed_masked_and_counted(db, frozen):
    register_fire(CLERK, fire())
    register_fire(CLERK, fire(occurred_at=datetime(2026, 10, 3, 20, 0, tzinfo=TIME_ZONE)))
    rows = list_fires(CLERK)
    assert [r.record_no for r in rows] == ["HJ20261120001", "HJ20261003001"]
    assert (rows[0].party, rows[0].phone) == ("李**", "139****5678")
    counts = monthly_counts(CLERK, date(2026, 1, 1), date(2027, 1, 1))
    assert counts == {"2026-10": (1, 1200), "2026-11": (1, 1200)}


def test_a_fire_that_does_not_qualify_is_refused_with_every_reason(db, frozen):
    with pytest.raises(ValidationError) as refused:
        register_fire(CLERK, fire(injuries=1, direct_loss_yuan=50_000, facts_agreed=False))
    assert [e.key for e in refused.value.errors] == [
        "fires.refusal.casualties",
        "fires.refusal.loss",
        "fires.refusal.facts_disputed",
    ]
    with pytest.raises(ValidationError):
        register_fire(CLERK, fire(occurred_at=datetime(2026, 11, 21, 9, 0, tzinfo=TIME_ZONE)))
    with pytest.raises(PermissionDenied):
        register_fire(make_actor("leader"), fire())
    with read_session() as session:
        assert session.scalar(select(func.count()).select_from(FireRegistration)) == 0
