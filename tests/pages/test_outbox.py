"""消息发件箱: the list masked for every reader, an admin's re-send and template edit; the
planning page's publish area rolling over and declining requests left unplanned."""

from __future__ import annotations

import json
from datetime import timedelta

from db.models import Booking
from db.session import read_session
from optimizer.generator import generate_week
from rules.weeks import monday_of
from services.bookings import requests as bookings
from services.core.clock import now
from services.i18n import t
from services.notifications import outbox, templates
from services.planning import publish as plan_publish
from services.planning import whatif as plan_whatif
from tests.fixtures.bookings import booking_input, build_world
from tests.fixtures.notifications import PHONE, RecordingSender, published_week, queue, rows
from tests.pages.conftest import open_app

PAGE = "pages/outbox.py"
WEEK = monday_of(now().date()) + timedelta(days=7)  # the planning page's default week


def _texts(app) -> str:
    return json.dumps([str(e.value) for e in app.get("dataframe")], ensure_ascii=False) + "\n".join(
        str(e.value) for e in (*app.success, *app.info, *app.error, *app.caption)
    )


def _failed_message() -> None:
    queue("page-failing")
    sender, at = RecordingSender(fail_first=99), now()
    for _ in range(outbox.MAX_ATTEMPTS):
        outbox.run(sender, at)
        at = rows()[0].next_attempt_at
    assert rows()[0].state == "failed"


def test_a_duty_manager_reads_the_outbox_masked_and_cannot_act(app_db, manager):
    queue("page-list")
    app = open_app(manager, PAGE)
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table[t("outbox.col.address", "zh-CN")]) == ["139****5678"]
    assert PHONE not in table.to_csv()
    assert not [b for b in app.button if b.key in ("outbox_resend", "outbox_reveal")]


def test_an_admin_re_sends_a_failed_message(app_db, admin):
    _failed_message()
    app = open_app(admin, PAGE)
    app.selectbox(key="outbox_state").set_value("failed").run()
    app.button(key="outbox_resend").click().run()
    assert not app.exception
    assert t("outbox.resent", "zh-CN") in _texts(app)
    assert (rows()[0].state, rows()[0].attempts) == ("pending", 0)


def test_an_admin_reveals_one_number(app_db, admin):
    queue("page-reveal")
    app = open_app(admin, PAGE)
    app.button(key="outbox_reveal").click().run()
    assert PHONE in _texts(app)


def test_a_template_with_an_unknown_variable_is_refused_on_the_page(app_db, admin):
    app = open_app(admin, PAGE)
    listed = templates.list_templates()
    index = next(i for i, r in enumerate(listed) if r.key == "complaint.closed")
    app.selectbox(key="outbox_template_pick").set_value(index).run()
    app.text_area(key=f"outbox_text_complaint.closed_{listed[index].language}").input(
        "工单 {ticket}，投诉人 {name}"
    ).run()
    app.button(key="outbox_template_save").click().run()
    assert "{name}" in "\n".join(e.value for e in app.error)
    assert not any(r.edited for r in templates.list_templates())


def _stranded_week(manager) -> int:
    """A published WEEK (an imported plan) and a request of that week left out of it."""
    week = json.dumps(generate_week(staff=10, load=0.6, seed=7, week_start=WEEK.isoformat()))
    draft = plan_whatif.import_week(manager, week, None)
    plan_publish.publish(manager, draft.id, draft.version)
    build_world()
    return bookings.create_booking(manager, booking_input(week_start=WEEK))


def test_the_publish_area_rolls_a_stranded_request_over(app_db, manager):
    booking_id = _stranded_week(manager)
    app = open_app(manager, "pages/planning.py")
    app.radio(key="plan_view").set_value("publish").run()
    assert not app.exception
    table = next(
        d.value for d in app.dataframe if t("plan.col.reasons", "zh-CN") in d.value.columns
    )
    assert list(table[t("plan.col.task", "zh-CN")]) == [f"B{booking_id}"]
    app.button(key="plan_unplanned_roll").click().run()
    assert not app.exception
    next_week = WEEK + timedelta(days=7)
    assert t("plan.unplanned.rolled", "zh-CN", week=next_week.isoformat()) in _texts(app)
    with read_session() as session:
        assert session.get(Booking, booking_id).week_start == next_week
    assert [r.template_key for r in rows()] == ["booking.rolled_over"]


def test_the_publish_area_declines_with_a_reason(app_db, manager):
    booking_id = _stranded_week(manager)
    app = open_app(manager, "pages/planning.py")
    app.radio(key="plan_view").set_value("publish").run()
    app.button(key="plan_unplanned_decline").click().run()
    assert app.error  # no reason given
    app.text_input(key="plan_unplanned_reason").input("单位已停业").run()
    app.button(key="plan_unplanned_decline").click().run()
    assert not app.exception
    assert bookings.get_booking(manager, booking_id).status == "cancelled"
    assert [r.template_key for r in rows()] == ["booking.declined"]


def test_a_planned_booking_shows_its_time_and_officers(app_db, manager):
    booking_id, published = published_week(manager)
    [assignment] = published.version.plan["assignments"]
    names = {s["id"]: s["name"] for s in published.version.instance["staff"]}
    found = plan_publish.booking_appointment(published.version.week_start, booking_id)
    assert found.officers == tuple(names[s] for s in assignment["staff"])
    app = open_app(manager, page="pages/bookings.py")
    app.date_input(key="bl_week").set_value(published.version.week_start).run()
    app.selectbox(key="bl_selected").set_value(booking_id).run()
    shown = "\n".join(e.value for e in app.info)
    assert f"{found.start:%H:%M}" in shown and all(n in shown for n in found.officers)
