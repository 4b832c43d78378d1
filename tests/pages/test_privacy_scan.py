"""No list leaks a person: every page (as every role that sees it), every KPI drill-down,
every export and every command-line listing is rendered over records holding known
identities, and none of those full names or numbers may appear anywhere in the output.

The pages are walked from the registry, so a new page that lists people is scanned without
touching this file; the page's whole element tree is serialised, so a table, a caption, a
selectbox option or a form default all count. A reveal is the one way to see a person, and
only in the run that asked for it (the last tests, which also prove the scan can see).
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import select

import manage
from db.models import Booking, Location, RectificationCase, Staff
from db.session import read_session
from pages.registry import PAGES
from services.bookings import requests as bookings
from services.complaints.intake import TicketInput, intake
from services.complaints.queue import EXPORT_COLUMNS, export_rows, queue
from services.core.permissions import ROLES, SYSTEM, Actor
from services.core.unit_of_work import unit_of_work
from services.evaluations import bad_review_cases as rectification
from services.evaluations import followups
from services.evaluations.followups import list_followups
from services.evaluations.reviews import EvaluationInput, record_evaluation
from services.kpis import engine as kpis
from services.kpis import exports as kpi_exports
from services.notifications import outbox, triggers
from tests.fixtures.bookings import booking_input, build_world
from tests.pages.conftest import open_app

COMPLAINANT = ("欧阳明月", "13911112222")
REVIEWER = ("司马青云", "13922223333")
CONTACT = ("诸葛长风", "13933334444")
STAFF_PHONE = "13944445555"
UNIT_PHONE = "13955556666"
SECRETS = (*COMPLAINANT, *REVIEWER, *CONTACT, STAFF_PHONE, UNIT_PHONE)


def _seed() -> dict[str, int]:
    """Records holding every kind of identity the app keeps, inside last month (the
    dashboard's default period) and this week."""
    build_world()
    moment = kpis.period_of("month").moments()[0] + timedelta(days=10, hours=10)
    with unit_of_work(SYSTEM) as session:
        for person in session.scalars(select(Staff)):
            person.phone = STAFF_PHONE
        for place in session.scalars(select(Location)):
            place.contact_phone = UNIT_PHONE
    intake(
        SYSTEM,
        [
            TicketInput(
                ticket_no="LY-SCAN-1",
                received_at=moment,
                channel="12345",
                category="locked_exit",
                unit_name="华联KTV",
                district="白塔区",
                complainant_name=COMPLAINANT[0],
                complainant_phone=COMPLAINANT[1],
                description="安全出口上锁",
            )
        ],
    )
    evaluation_id = record_evaluation(
        SYSTEM,
        EvaluationInput(
            evaluated_at=moment,
            level=5,
            channel="device",
            service="window",
            comment="态度差",
            anonymous=False,
            reviewer_name=REVIEWER[0],
            reviewer_phone=REVIEWER[1],
        ),
    )
    booking_id = bookings.create_booking(
        SYSTEM, booking_input(contact_name=CONTACT[0], contact_phone=CONTACT[1])
    )
    for version, status in ((1, "planned"), (2, "confirmed"), (3, "done")):
        bookings.change_status(SYSTEM, booking_id, version, status)
    with unit_of_work(SYSTEM) as session:  # the outbox holds the numbers it sends to
        outbox.enqueue(
            session,
            outbox.Recipient("complainant", "1", "LY-SCAN-1", COMPLAINANT[1], "sms"),
            "complaint.closed",
            {"ticket": "LY-SCAN-1", "unit": "华联KTV", "result": "当场改正"},
            "scan:complainant",
        )
        booking = session.get(Booking, booking_id)
        triggers.booking_planned(session, booking, moment, ["王伟"])
    with read_session() as session:
        case_id = session.scalar(
            select(RectificationCase.id).where(RectificationCase.evaluation_id == evaluation_id)
        )
        staff_id = session.scalar(select(Staff.id).where(Staff.code == "E001"))
    return {"case": case_id, "evaluation": evaluation_id, "staff": staff_id}


@pytest.fixture
def seeded(app_db) -> dict[str, int]:
    return _seed()


def _tree_bytes(node) -> bytes:
    """Every byte the page sends the browser for this node: labels, texts, options, widget
    defaults and dataframes (Arrow stores strings as plain UTF-8)."""
    proto = getattr(node, "proto", None)
    out = proto.SerializeToString() if proto is not None else b""
    children = getattr(node, "children", {}) or {}
    return out + b"".join(_tree_bytes(child) for child in children.values())


def _leaks(payload: bytes | str) -> list[str]:
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    return [secret for secret in SECRETS if secret.encode("utf-8") in data]


def _page_output(actor: Actor, path: str) -> bytes:
    app = open_app(actor, path, timeout=60)
    assert not app.exception, (path, actor.role, app.exception)
    return _tree_bytes(app._tree)


def test_the_scan_sees_a_raw_phone_and_a_masked_one_passes():
    assert _leaks(f"表格 {REVIEWER[1]}".encode()) == [REVIEWER[1]]
    assert _leaks("司** 139****3333") == []


def test_no_page_shows_a_full_identity_to_any_role(seeded):
    scanned = 0
    for spec in PAGES:
        if spec.path in ("pages/login.py", "pages/setup.py"):
            continue
        for role in ROLES:
            actor = Actor(user_id=None, username=f"scan-{role}", role=role, staff_id=None)
            if spec.permission is not None and not actor.can(spec.permission):
                continue
            assert _leaks(_page_output(actor, spec.path)) == [], (spec.path, role)
            scanned += 1
    # Every page is seen by at least one role, and admins see almost all of them.
    assert scanned >= len(PAGES) - 2


def test_the_assigned_staff_member_sees_the_list_masked_too(seeded):
    rectification.assign_case(SYSTEM, seeded["case"], 1, seeded["staff"])
    assignee = Actor(user_id=None, username="wang", role="staff", staff_id=seeded["staff"])
    for path in ("pages/rectifications.py", "pages/followups.py", "pages/evaluations.py"):
        assert _leaks(_page_output(assignee, path)) == [], path


def test_no_kpi_drill_down_or_export_shows_a_full_identity(seeded):
    leader = Actor(user_id=None, username="scan-leader", role="leader")
    period = kpis.period_of("month")
    for k in kpis.KPIS:
        assert _leaks(kpis.records(leader, k.code, period).to_csv()) == [], k.code
    with zipfile.ZipFile(io.BytesIO(kpi_exports.report_xlsx(kpis.tiles(period), period))) as z:
        assert _leaks(b"".join(z.read(n) for n in z.namelist())) == []
    found = kpi_exports.disclosure(leader, period.start)
    with zipfile.ZipFile(io.BytesIO(kpi_exports.disclosure_xlsx(found, period.start))) as z:
        assert _leaks(b"".join(z.read(n) for n in z.namelist())) == []
    rows = queue(SYSTEM)
    assert rows
    exported = io.StringIO()
    csv.DictWriter(exported, fieldnames=EXPORT_COLUMNS).writerows(export_rows(rows))
    assert _leaks(exported.getvalue()) == []
    assert _leaks(list_followups(SYSTEM).to_csv()) == []
    assert _leaks(rectification.list_cases(SYSTEM).to_csv()) == []


def test_no_command_line_listing_shows_a_full_identity(seeded, app_db, capsys, tmp_path):
    monday = bookings.list_bookings(bookings.BookingFilter())[0].week_start
    assert manage.main(["--database-url", app_db, "complaints"]) == 0
    assert (
        manage.main(["--database-url", app_db, "export-week", "--week", str(monday), "--out", "-"])
        == 0
    )
    assert manage.main(["--database-url", app_db, "outbox", "list"]) == 0
    out = capsys.readouterr().out
    assert "LY-SCAN-1" in out  # the listing did list the complaint
    assert "complaint.closed" in out and "booking.confirmed" in out  # and the outbox
    assert _leaks(out) == []


def test_a_reveal_shows_the_number_once_and_the_next_run_does_not(seeded):
    rectification.assign_case(SYSTEM, seeded["case"], 1, seeded["staff"])
    assignee = Actor(user_id=None, username="wang", role="staff", staff_id=seeded["staff"])
    app = open_app(assignee, "pages/rectifications.py")
    app.button(key="rect_reveal").click()
    app.run()
    assert not app.exception
    assert _leaks(_tree_bytes(app._tree)) == [REVIEWER[0], REVIEWER[1]]
    app.run()  # any later interaction: the number is gone, nothing kept it
    assert _leaks(_tree_bytes(app._tree)) == []
    assert not any(REVIEWER[1] in repr(value) for value in app.session_state.values())


def test_a_follow_up_contact_is_revealed_to_a_manager_on_request(seeded):
    manager = Actor(user_id=None, username="scan-manager", role="duty_manager")
    app = open_app(manager, "pages/followups.py")
    assert _leaks(_tree_bytes(app._tree)) == []
    app.button(key="followup_reveal").click()
    app.run()
    assert not app.exception
    assert CONTACT[1] in "".join(str(i.value) for i in app.info)
    assert followups.list_followups(manager)["contact_phone"].tolist() == ["139****4444"]
