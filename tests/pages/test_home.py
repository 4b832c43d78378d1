"""The home page is each person's own desk (the demo detachment): each role sees exactly
its items, an officer sees only their own tasks and records one as done."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from db.models import TaskOutcome
from db.session import read_session
from pages.registry import PAGES
from services.desks import officer
from services.i18n import t
from tests.conftest import _empty_all_tables
from tests.fixtures.desks import account, demo_loaded
from tests.pages.conftest import open_app

PAGE = "pages/home.py"
MY_WORK = t("desk.officer.title", "zh-CN")
SECTIONS = {
    "staff": t("desk.clerk.title", "zh-CN"),
    "manager": t("desk.manager.title", "zh-CN"),
    "leader": t("desk.leader.title", "zh-CN"),
}
# username → (sections, pages linked) the home shows; the officer's and clerk's own tasks
# add links to availability (and inspections) through `_own_links`.
EXPECTED = {
    "officer": (
        {MY_WORK, SECTIONS["staff"]},
        {
            "pages/followups.py",
            "pages/rectifications.py",
            "pages/complaints.py",
            "pages/bookings.py",
            "pages/booking_import.py",  # no import refused: the item links to its page
        },
    ),
    "clerk": (
        {MY_WORK, SECTIONS["staff"]},
        {
            "pages/followups.py",
            "pages/rectifications.py",
            "pages/complaints.py",
            "pages/bookings.py",
            "pages/booking_import.py",  # no import refused: the item links to its page
        },
    ),
    "manager": ({MY_WORK, SECTIONS["manager"]}, {"pages/planning.py", "pages/complaints.py"}),
    "admin": ({SECTIONS["manager"]}, {"pages/planning.py", "pages/complaints.py"}),
    "leader": (
        {SECTIONS["leader"]},
        {"pages/complaint_metrics.py", "pages/satisfaction_trends.py", "pages/kpi_dashboard.py"},
    ),
}


@pytest.fixture(scope="module")
def demo(database_urls) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", database_urls["sqlite"])
        with demo_loaded(database_urls["sqlite"], _empty_all_tables) as url:
            yield url


# Under AppTest (no router) a link names its page by the file's stem, under the router by
# its url path.
URL_PATHS = {spec.url_path: spec.path for spec in PAGES} | {
    spec.path.removeprefix("pages/").removesuffix(".py"): spec.path for spec in PAGES
}


def _links(app) -> set[str]:
    """The pages the home links to, as their files."""
    return {URL_PATHS[link.proto.page] for link in app.get("page_link")}


def _home(username: str):
    app = open_app(account(username), PAGE)
    assert not app.exception
    return app


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_opens_on_exactly_its_items(demo, username):
    app = _home(username)
    sections, pages = EXPECTED[username]
    assert {s.value for s in app.subheader} == sections
    own = {"pages/availability_week.py"} if MY_WORK in sections else set()
    tasks = officer.my_tasks(account(username))
    if any(task.is_inspection for task in tasks):
        own.add("pages/my_inspections.py")
    # Hazard cases past their deadline link to their page for those who decide them.
    hazards = {"pages/hazards.py"} if username in ("manager", "admin") else set()
    assert _links(app) - hazards == pages | own


def test_an_officer_sees_only_their_own_tasks(demo):
    app = _home("officer")
    mine = officer.my_tasks(account("officer"))
    shown = [m.value for m in app.markdown if " · " in m.value]
    assert len(shown) == len(mine) > 0
    assert all(any(task.task in line for line in shown) for task in mine)
    others = {t.task for t in officer.my_tasks(account("clerk"))} - {t.task for t in mine}
    assert not any(task in line for task in others for line in shown)
    assert "desk_ics" in {b.key for b in app.get("download_button")}


def test_an_officer_records_a_task_as_done(demo):
    me = account("officer")
    task = next(t for t in officer.my_tasks(me) if not t.is_inspection and t.outcome is None)
    key = f"{task.week_start:%Y%m%d}_{task.task}"
    app = _home("officer")
    app.text_area(key=f"desk_note_{key}").input("培训30人，演示灭火器使用")
    app.button(key=f"desk_save_{key}").click().run()
    assert not app.exception and not app.error
    # The page reloads and the task shows what was recorded.
    assert "已完成：培训30人，演示灭火器使用" in [s.value for s in app.success]
    with read_session() as session:
        row = session.scalars(select(TaskOutcome).where(TaskOutcome.task == task.task)).one()
    assert (row.outcome, row.note, row.recorded_by) == (
        "done",
        "培训30人，演示灭火器使用",
        "officer",
    )


def test_leaders_home_has_no_personal_tasks_or_forms(demo):
    app = _home("leader")
    assert not app.get("form") and not app.get("download_button")
