"""The weekly planning page's states, driven through AppTest by widget keys."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from db.models import Availability, Staff
from db.session import read_session
from optimizer.generator import generate_week
from pages import planning_widgets
from pages.registry import pages_for
from rules.weeks import monday_of
from services.bookings import requests as bookings
from services.core.clock import now
from services.i18n import t
from services.planning import jobs as plan_jobs
from services.planning import locks as plan_locks
from services.planning import solves as plan_solves
from services.planning import versions as plan_versions
from services.planning import watch
from services.planning import whatif as plan_whatif
from tests.fixtures.planning import running_row
from tests.pages.conftest import downloads, open_app

PAGE = "pages/planning.py"
WEEK = monday_of(now().date()) + timedelta(days=7)  # the page's default week


def _week_json(seed: int = 7) -> str:
    return json.dumps(generate_week(staff=10, load=0.6, seed=seed, week_start=WEEK.isoformat()))


@pytest.fixture
def draft(app_db, manager) -> plan_versions.VersionInfo:
    return plan_whatif.import_week(manager, _week_json(), None)


def _view(app, name: str):
    app.radio(key="plan_view").set_value(name).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def test_a_week_without_versions_says_what_to_do(app_db, manager):
    app = open_app(manager, PAGE)
    assert not app.exception
    assert app.title[0].value == t("page.planning", "zh-CN")
    _view(app, "plan")
    assert t("plan.no_versions", "zh-CN") in _texts(app.info)


def test_only_planners_get_the_page(manager, leader, staff_actor):
    def paths(actor):
        return {spec.path for spec in pages_for(actor.can)}

    assert PAGE in paths(manager)
    assert PAGE not in paths(leader) and PAGE not in paths(staff_actor)


def test_every_view_of_a_draft_renders(app_db, manager, draft):
    app = open_app(manager, PAGE)
    assert app.selectbox(key="plan_version").value == draft.id
    for view in planning_widgets.VIEWS:
        _view(app, view)
    _view(app, "plan")
    assert str(draft.objective) in _texts(app.caption)
    for show in planning_widgets.PLAN_SHOWS:
        app.radio(key="plan_show").set_value(show).run()
        assert not app.exception, show
    app.radio(key="plan_show").set_value("unscheduled").run()
    shown = app.dataframe[0].value if app.dataframe else None
    expected = [u["task"] for u in draft.plan["unscheduled"]]
    if expected:
        assert list(shown[t("plan.col.task", "zh-CN")]) == expected
        assert shown[t("plan.col.reasons", "zh-CN")].str.len().min() > 0
    else:
        assert t("plan.show.all_scheduled", "zh-CN") in _texts(app.success)


def test_adjust_checks_a_move_and_locks(app_db, manager, draft):
    app = _view(open_app(manager, PAGE), "adjust")
    task = app.selectbox(key="plan_adjust_task").value
    assert task == draft.plan["assignments"][0]["task"]
    assert t("plan.adjust.check_ok", "zh-CN") in _texts(app.success)

    app.selectbox(key="plan_adjust_time").set_value(30).run()  # 00:30: outside every window
    assert "Within a window" in _texts(app.error)
    assert app.button(key="plan_move").disabled

    app.button(key="plan_lock").click().run()
    assert not app.exception
    assert task in plan_locks.week_locks(WEEK)
    assert t("plan.adjust.locked", "zh-CN", task=task) in _texts(app.success)

    app.button(key="plan_unassign").click().run()
    edited = plan_versions.get_version(draft.id)
    assert task in {u["task"] for u in edited.plan["unscheduled"]}
    assert task not in plan_locks.week_locks(WEEK)  # an unassigned task cannot stay locked


def test_publish_then_send_outs(app_db, manager, draft):
    app = _view(open_app(manager, PAGE), "publish")
    assert app.get("download_button") == []
    app.button(key="plan_publish").click().run()
    assert not app.exception
    assert plan_versions.published_version(WEEK).id == draft.id
    assert t("plan.publish.done", "zh-CN", number=draft.number) in _texts(app.success)
    found = downloads(app)
    sent = {"plan_ics_download", "plan_roster_xlsx", "plan_roster_html", "plan_notices"}
    assert sent <= set(found)
    assert not any(found.values())  # no download reruns the page


def test_solve_runs_in_the_background_and_selects_its_version(app_db, manager, draft):
    app = _view(open_app(manager, PAGE), "solve")
    workers = plan_jobs.solve_workers().count  # this process's local worker, if started
    idle = t(
        "plan.solve.workers", "zh-CN", queued=0, running=0, workers=workers, backend="embedded"
    )
    assert idle in _texts(app.caption)  # the queue and the workers, before any solve
    app.checkbox(key="plan_use_version").check().run()
    app.number_input(key="plan_time_limit").set_value(2).run()
    app.button(key="plan_solve").click().run()
    assert not app.exception
    run = plan_jobs.solve_run(WEEK)
    assert run is not None
    app.run()  # a rerun while it runs finds the same solve
    assert plan_jobs.solve_run(WEEK).id == run.id
    assert run.wait(60) and run.state == "done"
    app.run()
    app.run()
    assert app.selectbox(key="plan_version").value == run.version_id
    assert app.radio(key="plan_view").value == "plan"


def test_a_version_downloads_as_contract_json(app_db, manager, draft):
    app = _view(open_app(manager, PAGE), "files")
    assert not app.exception
    assert downloads(app) == {"plan_dl_instance": False, "plan_dl_plan": False}


def test_a_bad_upload_gives_a_clear_error(app_db, manager):
    app = _view(open_app(manager, PAGE), "files")
    app.file_uploader(key="plan_up_instance").upload("week.json", b"{oops", "application/json")
    app.button(key="plan_import").click().run()
    assert t("plan.error.not_json", "zh-CN", detail="")[:8] in _texts(app.error)
    assert plan_versions.week_versions(WEEK) == []


def test_upload_a_week_as_a_draft(app_db, manager):
    app = _view(open_app(manager, PAGE), "files")
    app.file_uploader(key="plan_up_instance").upload(
        "week.json", _week_json(seed=9).encode(), "application/json"
    )
    app.button(key="plan_import").click().run()
    assert not app.exception
    [imported] = plan_versions.week_versions(WEEK)
    assert app.selectbox(key="plan_version").value == imported.id
    assert app.radio(key="plan_view").value == "plan"


def test_mark_ill_records_leave_and_replans_without_them(app_db, manager):
    from tests.fixtures.bookings import MONDAY, booking_input, build_world

    build_world()
    daytime = [{"start": 600, "end": 900, "cost": 0}, {"start": 2040, "end": 2340, "cost": 10}]
    booking_id = bookings.create_booking(manager, booking_input(windows=daytime))
    first = plan_solves.baseline_version(manager, MONDAY)
    [assignment] = first.plan["assignments"]
    ill = assignment["staff"][0]

    app = open_app(manager, PAGE)
    app.date_input(key="plan_week").set_value(MONDAY).run()
    _view(app, "adjust")
    app.selectbox(key="plan_ill_person").set_value(ill).run()
    app.number_input(key="plan_time_limit").set_value(2).run()
    app.button(key="plan_ill_go").click().run()
    assert not app.exception
    run = plan_jobs.solve_run(MONDAY)
    assert run.wait(60) and run.state == "done"
    replanned = plan_versions.get_version(run.version_id)
    assert all(ill not in a["staff"] for a in replanned.plan["assignments"])
    task = f"B{booking_id}"
    assert task in {a["task"] for a in replanned.plan["assignments"]}  # E002 and E004 take it
    assert replanned.based_on_id is None  # nothing was published: no previous plan to keep
    with read_session() as session:
        leave = session.scalars(select(Availability).where(Availability.kind == "leave")).one()
        assert session.get(Staff, leave.staff_id).code == ill


def test_the_running_solve_shows_progress_and_stops(app_db, manager):
    week = json.dumps(generate_week(staff=30, load=1.0, seed=5, week_start=WEEK.isoformat()))
    draft = plan_whatif.import_week(manager, week, None)
    run = plan_jobs.start_solve(manager, WEEK, base=draft.instance, time_limit=120)
    assert run.wait_started(60)  # a worker has taken it
    app = open_app(manager, PAGE)
    assert not app.exception
    running = t(
        "plan.solve.running", "zh-CN", user=manager.username, limit=120, tasks=run.task_count
    )
    # the page shows the live numbers and a stop button while it runs
    assert running in _texts(app.info)
    app.button(key="plan_stop").click().run()
    assert run.wait(60) and run.state == "done"
    assert run.elapsed < 120
    app.run()
    assert app.selectbox(key="plan_version").value == run.version_id


def test_reasons_are_shown_in_the_users_language(app_db, manager, draft, monkeypatch):
    monkeypatch.setenv("FIREDESK_LANG", "en")
    app = _view(open_app(manager, PAGE), "plan")
    app.radio(key="plan_show").set_value("unscheduled").run()
    [first, *_] = draft.plan["unscheduled"]
    shown = app.dataframe[0].value
    assert shown["Task"].iloc[0] == first["task"]
    assert shown["Reasons"].iloc[0] == "\n".join(draft.reasons[first["task"]]["en"])
    assert draft.reasons[first["task"]]["en"] != draft.reasons[first["task"]]["zh-CN"]


@pytest.fixture
def fragments(monkeypatch) -> list[tuple[str, float | None]]:
    """(function name, run_every) of every fragment the page declares, fresh watchers."""
    import streamlit as st

    from services.planning import watch

    declared: list[tuple[str, float | None]] = []
    real = st.fragment

    def recording(func=None, *, run_every=None, **options):
        if func is None:
            return lambda f: recording(f, run_every=run_every, **options)
        declared.append((func.__name__, run_every))
        return real(func, run_every=run_every, **options)

    monkeypatch.setattr(st, "fragment", recording)
    monkeypatch.setattr(watch, "WATCHERS", watch.Watchers())
    return declared


def _progress_block(app):
    """The container the progress line fragment draws into: (its element types, texts)."""

    def walk(node):
        yield node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    [bar] = app.get("progress")
    parent = next(n for n in walk(app._tree) if bar in getattr(n, "children", {}).values())
    return [child.type for child in parent.children.values()], bar.proto.text


def test_the_progress_line_polls_a_young_solve_every_second_and_redraws_only_itself(
    app_db, manager, fragments
):
    running_row(WEEK, started_ago_s=2)
    app = open_app(manager, PAGE)
    assert not app.exception
    assert fragments == [("cadence", watch.RECONSIDER_S), ("progress_line", 1.0)]
    kinds, text = _progress_block(app)
    assert kinds == ["info", "progress", "button"]  # who solves, the numbers, stop
    numbers = t(
        "plan.solve.progress_line", "zh-CN", objective=1234, bound=1000, unscheduled=3, elapsed="§"
    )
    assert text.startswith(numbers.split("§")[0])  # the numbers are one line, not tiles


def test_an_older_or_crowded_solve_is_polled_less(app_db, manager, fragments):
    job = running_row(WEEK, started_ago_s=120)
    app = open_app(manager, PAGE)
    assert ("progress_line", 5.0) in fragments
    for other in range(19):  # nineteen other sessions watch it too
        watch.WATCHERS.seen(f"other{other}", job)
    fragments.clear()
    app.run()
    assert fragments == [("cadence", watch.RECONSIDER_S), ("progress_line", 10.0)]


def test_a_finished_solve_is_not_polled(app_db, manager, fragments):
    job = running_row(WEEK, heartbeat_ago_s=3600, best={"assignments": [], "unscheduled": []})
    app = open_app(manager, PAGE)  # the page finds the solve lost: failed, its plan kept
    assert not app.exception
    assert plan_jobs.solve_run(WEEK).id == job and plan_jobs.solve_run(WEEK).state == "failed"
    assert [every for _, every in fragments if every] == []
    assert [b.key for b in app.button if b.key == "plan_keep_last"] == ["plan_keep_last"]
    assert app.get("progress") == []


def test_the_prepare_view_sends_its_charts_only_once_opened(app_db, manager):
    from tests.fixtures.bookings import MONDAY, booking_input, build_world

    build_world()
    bookings.create_booking(manager, booking_input())
    app = open_app(manager, PAGE)
    app.date_input(key="plan_week").set_value(MONDAY).run()
    assert not app.exception
    assert app.radio(key="plan_view").value == "prepare"
    assert app.get("vega_lite_chart") == []  # the first drawing: counts and warnings only
    assert t("plan.prepare.warnings", "zh-CN") in [h.value for h in app.subheader]
    app.session_state["plan_prepare_charts"] = True  # the user opens the expander
    app.run()
    assert len(app.get("vega_lite_chart")) >= 2  # demand, then hours for each skill
