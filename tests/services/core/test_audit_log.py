from datetime import date, datetime, timedelta

import pytest

from db.models import AuditLog
from rules.time import TIME_ZONE
from services.core import audit_log
from services.core.errors import PermissionDenied
from services.core.permissions import SYSTEM
from services.core.unit_of_work import unit_of_work

TODAY = date(2026, 11, 27)


@pytest.fixture
def entries(db) -> None:
    """Ten days of entries, one a day at noon, alternating users and tables."""
    with unit_of_work(SYSTEM) as session:
        session.info["audit"] = False
        session.add_all(
            AuditLog(
                at=datetime(2026, 11, 18 + i, 12, 0, tzinfo=TIME_ZONE),
                username="admin" if i % 2 else "clerk",
                action="update",
                table_name="staff" if i % 2 else "locations",
                row_id=str(i),
                before={"name": "旧"},
                after={"name": f"新{i}"},
            )
            for i in range(10)
        )


def test_default_is_the_last_seven_days(entries, admin):
    wanted = audit_log.default_filter(TODAY)
    assert (wanted.start, wanted.end) == (TODAY - timedelta(days=6), TODAY)
    result = audit_log.audit_page(admin, wanted)
    assert result.total == 7  # the 21st to the 27th; the 18th to 20th are older
    assert list(result.rows["row_id"]) == ["9", "8", "7", "6", "5", "4", "3"]
    assert result.rows.loc[0, "after"] == {"name": "新9"}


def test_filters_and_pages(entries, admin):
    wanted = audit_log.AuditFilter(start=date(2026, 11, 1), end=TODAY, username="admin")
    first = audit_log.audit_page(admin, wanted, page=0, page_size=2)
    assert (first.total, first.pages) == (5, 3)
    assert list(first.rows["row_id"]) == ["9", "7"]
    last = audit_log.audit_page(admin, wanted, page=7, page_size=2)  # clamped to the last
    assert (last.page, list(last.rows["row_id"])) == (2, ["1"])
    tables = audit_log.AuditFilter(
        start=date(2026, 11, 20), end=date(2026, 11, 20), table="locations"
    )
    assert list(audit_log.audit_page(admin, tables).rows["row_id"]) == ["2"]
    assert audit_log.audit_choices(admin, wanted) == (["admin", "clerk"], ["locations", "staff"])
    assert audit_log.audit_choices(admin, tables) == (["clerk"], ["locations"])


def test_only_auditors_read_the_log(entries, manager):
    with pytest.raises(PermissionDenied):
        audit_log.audit_page(manager, audit_log.default_filter(TODAY))
