"""The planning page's widgets, one function per view of the page (the DataFrames they draw
come from services.planning.views). Each owns its widgets' session-state keys (all `plan_*`)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

import streamlit as st

from pages import planning_charts as charts
from pages.common import download, show_error
from pages.planning_unplanned import unplanned_requests
from rules.time import TIME_ZONE, local
from services.core.clock import now
from services.core.errors import FiredeskError
from services.core.permissions import Actor
from services.i18n import current_language, t
from services.planning import advice as plan_advice
from services.planning import edits as plan_edits
from services.planning import exports as plan_exports
from services.planning import illness as plan_illness
from services.planning import jobs as plan_jobs
from services.planning import locks as plan_locks
from services.planning import publish as plan_publish
from services.planning import solves as plan_solves
from services.planning import versions as plan_versions
from services.planning import views as plan_views
from services.planning import watch as plan_watch
from services.planning import whatif as plan_whatif

VIEWS = ("prepare", "solve", "plan", "adjust", "publish", "files")
PLAN_SHOWS = ("timeline", "day", "station", "terms", "unscheduled", "changes")
DAY = 1440


# ----------------------------------------------------------------------------- shared


def _time_limit_input() -> None:
    """The solve's time limit; one key, so the solve and re-plan views share the value."""
    st.number_input(
        t("plan.solve.time_limit"),
        min_value=1,
        max_value=int(plan_jobs.MAX_TIME_LIMIT),
        value=int(plan_jobs.DEFAULT_TIME_LIMIT),
        step=5,
        key="plan_time_limit",
    )


def apply_pending() -> None:
    """Widget values an action chose for the next run (a widget's state can only be set
    before the widget is drawn), and the success message that survives that rerun."""
    for key, value in st.session_state.pop("plan_next", {}).items():
        st.session_state[key] = value
    message = st.session_state.pop("plan_flash", None)
    if message:
        st.success(message)


def _rerun_with(message: str | None = None, **widgets: object) -> None:
    """Rerun the page after an action: refresh cached data, select what the action made."""
    if message:
        st.session_state.plan_flash = message
    st.session_state.plan_data_token = st.session_state.get("plan_data_token", 0) + 1
    st.session_state.plan_next = {f"plan_{k}": v for k, v in widgets.items() if v is not None}
    st.rerun()


def _attempt(action):
    """Run a service call; a FiredeskError is shown in the user's language (None returned)."""
    try:
        return action()
    except FiredeskError as error:
        show_error(error)
        return None


def _version_label(info: plan_versions.VersionInfo) -> str:
    return t(
        "plan.version_label",
        number=info.number,
        status=t(f"plan.status.{info.status}"),
        objective=info.objective,
        unscheduled=info.unscheduled_count,
    )


def pick_version(versions: list[plan_versions.VersionInfo]) -> plan_versions.VersionInfo | None:
    if not versions:
        return None
    by_id = {v.id: v for v in versions}
    if st.session_state.get("plan_version") not in by_id:
        st.session_state.plan_version = versions[0].id
    chosen = st.selectbox(
        t("plan.version_pick"),
        list(by_id),
        key="plan_version",
        format_func=lambda vid: _version_label(by_id[vid]),
    )
    return by_id[chosen]


@st.cache_data(ttl=120, max_entries=8, show_spinner=False)
def _week_overview(week: date, token: int, lang: str) -> dict:
    """The week as the next solve would see it (cached until an action changes it)."""
    instance = plan_solves.instance_for_solve(week)
    parsed = plan_versions.parse(instance)
    return {
        "tasks": len(parsed.tasks),
        "staff": len(parsed.staff),
        "locked": sum(1 for task in parsed.tasks if task.pinned is not None),
        "demand": plan_views.demand(parsed, lang),
        "capacity": plan_views.capacity(parsed, lang),
        "warnings": plan_views.warnings(parsed, lang),
    }


def _token() -> int:
    return st.session_state.get("plan_data_token", 0)


# ----------------------------------------------------------------------------- before solving


def before_solving(week: date) -> None:
    """The "prepare" view: the week as the next solve would see it, and its warnings."""
    try:
        overview = _week_overview(week, _token(), current_language())
    except FiredeskError as error:
        st.warning(t("plan.instance_unavailable", detail=error.message()))
        return
    columns = st.columns(3)
    columns[0].metric(t("plan.prepare.metrics_tasks"), overview["tasks"])
    columns[1].metric(t("plan.prepare.metrics_staff"), overview["staff"])
    columns[2].metric(t("plan.prepare.metrics_locks"), overview["locked"])
    st.subheader(t("plan.prepare.warnings"))
    if overview["warnings"]:
        st.warning("\n".join(f"- {w}" for w in overview["warnings"]))
    else:
        st.success(t("plan.prepare.no_warnings"))
    if not overview["tasks"]:
        return
    # The charts are the heaviest thing a browser draws on this page (one per skill) and the
    # view opens with the page: they are run and sent only once their expander is opened.
    with st.expander(t("plan.prepare.charts"), key="plan_prepare_charts", on_change="rerun") as box:
        if not box.open:
            return
        st.subheader(t("plan.prepare.demand"))
        st.altair_chart(
            charts.stacked_bars(overview["demand"], "day", "tasks", "kind", t("plan.col.tasks")),
            key="plan_demand_chart",
        )
        st.subheader(t("plan.prepare.capacity"))
        capacity = overview["capacity"].drop(columns="short")
        for skill in capacity["skill"].unique():
            st.caption(skill)
            st.altair_chart(
                charts.grouped_bars(
                    capacity[capacity["skill"] == skill],
                    "day",
                    "hours",
                    "measure",
                    t("plan.col.hours"),
                ),
                key=f"plan_capacity_{skill}",
            )


# ----------------------------------------------------------------------------- solving


def _time_limit() -> float:
    return float(st.session_state.get("plan_time_limit", plan_jobs.DEFAULT_TIME_LIMIT))


def _start(actor: Actor, week: date, base: dict | None = None) -> None:
    run = _attempt(lambda: plan_jobs.start_solve(actor, week, base=base, time_limit=_time_limit()))
    if run is not None:
        _rerun_with(st.session_state.get("plan_flash"), view="solve")


def solve(actor: Actor, week: date, selected: plan_versions.VersionInfo | None) -> None:
    locks = len(plan_locks.week_locks(week))
    published = plan_versions.published_version(week)
    if published is not None:
        st.caption(t("plan.solve.uses", locks=locks, number=published.number))
    else:
        st.caption(t("plan.solve.uses_unpublished", locks=locks))
    _time_limit_input()
    queue = plan_jobs.queue_state()
    workers = plan_jobs.solve_workers()
    st.caption(
        t(
            "plan.solve.workers",
            queued=queue.queued,
            running=queue.running,
            workers=workers.count,
            backend=workers.backend,
        )
    )
    run = plan_jobs.solve_run(week)
    busy = run is not None and run.running
    what_if = selected is not None and selected.source == "import"
    use_version = what_if and st.checkbox(
        t("plan.solve.use_version"), key="plan_use_version", value=False
    )
    left, right = st.columns(2)
    if left.button(t("plan.solve.start"), key="plan_solve", type="primary", disabled=busy):
        _start(actor, week, selected.instance if use_version else None)
    if right.button(t("plan.solve.baseline"), key="plan_baseline", disabled=busy):
        info = _attempt(lambda: plan_solves.baseline_version(actor, week))
        if info is not None:
            _rerun_with(t("plan.baseline.done", number=info.number), version=info.id, view="plan")


def solve_progress(actor: Actor, week: date) -> None:
    """Live progress of the week's solve, polled only while one runs and less often as it
    ages or gathers watchers (services.planning.watch). Only the progress line is redrawn;
    the charts and tables of the views stay outside it. A session that watched the solve is
    taken to its result when it ends."""
    run = plan_jobs.solve_run(week)
    if run is None:
        return
    if not run.running:
        if st.session_state.get("plan_watching") == run.id:
            _ended(run)  # this session watched it: show its result
        _solve_over(actor, run)
        return
    first = [run]  # the progress line's first drawing uses this read, its reruns read anew

    # Streamlit fixes a fragment's `run_every` when the fragment is declared, so this outer
    # fragment declares the progress line again every RECONSIDER_S with the interval the
    # solve's age and its watchers call for now (nothing else is drawn in it).
    @st.fragment(run_every=plan_watch.RECONSIDER_S)
    def cadence() -> None:
        current = first.pop() if first else plan_jobs.solve_run(week)
        if current is None or not current.running:
            _ended(current)
            return
        shown = [current]

        @st.fragment(run_every=poll_interval(current))
        def progress_line() -> None:
            latest = shown.pop() if shown else plan_jobs.solve_run(week)
            if latest is None or not latest.running:
                _ended(latest)
                return
            _running(actor, week, latest)

        progress_line()

    cadence()


def _session_token() -> str:
    """This browser session's name among the solve's watchers."""
    if "plan_session" not in st.session_state:
        st.session_state.plan_session = uuid.uuid4().hex
    return st.session_state.plan_session


def poll_interval(run: plan_jobs.SolveRun) -> float:
    """Seconds until the progress line is redrawn: this session counts as a watcher."""
    watchers = plan_watch.WATCHERS.seen(_session_token(), run.id)
    age = (local(now()) - local(run.started_at or run.created_at)).total_seconds()
    return plan_watch.poll_interval(age, watchers)


def _ended(run: plan_jobs.SolveRun | None) -> None:
    """The watched solve is over: the whole page is drawn again, on its result if it stored
    one (and without any timer: the page polls only while a solve runs)."""
    plan_watch.WATCHERS.gone(_session_token())
    st.session_state.pop("plan_watching", None)
    if run is not None and run.version_id is not None:
        st.session_state.plan_flash = t("plan.solve.done", number=run.version_number)
        st.session_state.plan_next = {"plan_version": run.version_id, "plan_view": "plan"}
    st.rerun(scope="app")


def _solve_over(actor: Actor, run: plan_jobs.SolveRun) -> None:
    """The week's last solve, over: its error and, if it was lost, keeping its last plan."""
    if run.error is not None:
        show_error(run.error)
    if run.recoverable and st.button(t("plan.solve.keep_last"), key="plan_keep_last"):
        info = _attempt(lambda: plan_jobs.keep_last_plan(actor, run.id))
        if info is not None:
            _rerun_with(t("plan.solve.done", number=info.number), version=info.id, view="plan")


def _running(actor: Actor, week: date, run: plan_jobs.SolveRun) -> None:
    """The progress line: who solves what, the numbers so far in one bar, and a stop."""
    st.session_state.plan_watching = run.id
    if run.state == "queued":
        st.info(t("plan.solve.queued", user=run.started_by, ahead=plan_jobs.queued_ahead(run)))
        if st.button(t("plan.solve.cancel"), key="plan_stop"):
            _attempt(lambda: plan_jobs.stop_solve(actor, week))
        return
    if run.attempts > 1:
        st.caption(t("plan.solve.attempt", attempt=run.attempts))
    st.info(
        t(
            "plan.solve.running",
            user=run.started_by,
            limit=int(run.time_limit),
            tasks=run.task_count,
        )
    )
    st.progress(
        min(1.0, run.elapsed / run.time_limit),
        text=t(
            "plan.solve.progress_line",
            objective="—" if run.objective is None else run.objective,
            bound="—" if run.bound is None else run.bound,
            unscheduled="—" if run.unscheduled is None else run.unscheduled,
            elapsed=f"{run.elapsed:.0f}",
        ),
    )
    if st.button(t("plan.solve.stop"), key="plan_stop"):
        _attempt(lambda: plan_jobs.stop_solve(actor, week))


# ----------------------------------------------------------------------------- the plan


def plan(actor: Actor, week: date, info: plan_versions.VersionInfo) -> None:
    lang = current_language()
    instance = plan_versions.instance_of(info)
    st.caption(
        t(
            "plan.show.summary",
            objective=info.objective,
            bound="—" if info.bound is None else info.bound,
            assigned=len(info.plan["assignments"]),
            unscheduled=info.unscheduled_count,
        )
    )
    show = st.radio(
        t("plan.view"),
        PLAN_SHOWS,
        key="plan_show",
        horizontal=True,
        format_func=lambda name: t(f"plan.show.{name}"),
        label_visibility="collapsed",
    )
    if show == "timeline":
        bars = plan_views.timeline(instance, info.plan, set(plan_locks.week_locks(week)), lang)
        people = st.multiselect(
            t("plan.show.person_filter"), sorted(bars["person"].unique()), key="plan_people"
        )
        if people:
            bars = bars[bars["person"].isin(people)]
        st.altair_chart(
            charts.timeline(bars, plan_views.offhours_bands(instance)), key="plan_timeline"
        )
    elif show == "day":
        day = st.selectbox(
            t("plan.show.day_pick"),
            range(7),
            key="plan_day",
            format_func=lambda d: plan_views.day_label(week, d, lang),
        )
        st.dataframe(
            _headed(plan_views.day_calendar(instance, info.plan, day, lang)), hide_index=True
        )
    elif show == "station":
        st.altair_chart(
            charts.heatmap(
                plan_views.station_view(instance, info.plan, lang), "day", "station", "tasks"
            ),
            key="plan_station_chart",
        )
    elif show == "terms":
        st.dataframe(_headed(plan_views.terms(info.plan, lang)), hide_index=True)
        fairness = plan_views.offhours_per_person(instance, info.plan)
        st.subheader(t("plan.show.fairness"))
        st.altair_chart(
            charts.horizontal_bars(fairness, "person", "minutes", t("plan.col.offhours")),
            key="plan_fairness_chart",
        )
    elif show == "unscheduled":
        table = plan_views.unscheduled(instance, info.plan, info.reasons, lang)
        if table.empty:
            st.success(t("plan.show.all_scheduled"))
        else:
            st.dataframe(_headed(table), hide_index=True, key="plan_unscheduled_table")
            _advice(actor, week, instance, info, lang)
    elif show == "changes":
        published = plan_versions.published_version(week)
        if published is None:
            st.info(t("plan.show.no_published"))
            return
        table = plan_views.changes(instance, published.plan, info.plan, lang)
        if table.empty:
            st.success(t("plan.show.no_changes"))
        else:
            st.dataframe(_headed(table), hide_index=True, key="plan_changes_table")


def _advice(actor: Actor, week: date, instance, info: plan_versions.VersionInfo, lang: str) -> None:
    """Unmet demand by skill and day, and capacity advice for this version: computed on a
    worker on request (a job of its own, beside the week's solve), then the ranked asks,
    the best two together, a button to ask the person and, once asked, one to record that
    they agreed."""
    st.subheader(t("advice.title"))
    st.markdown(f"**{t('advice.heatmap')}**")
    st.caption(t("advice.heatmap_caption"))
    st.altair_chart(
        charts.unmet_heatmap(plan_views.unmet_demand(instance, info.plan, lang)),
        key="plan_unmet_chart",
    )
    st.caption(t("advice.caption"))
    run = plan_advice.advice_run(week)
    if (run is None or not run.running) and st.button(
        t("advice.compute"), key="plan_advice_compute"
    ):
        started = _attempt(lambda: plan_advice.start_advice(actor, week, info.id))
        if started is not None:
            run = started
            st.session_state.plan_advice_watching = run.id
    if run is None:
        return

    @st.fragment(run_every=1.0 if run.running else None)
    def progress() -> None:
        current = plan_advice.advice_run(week)
        if current.running:
            st.session_state.plan_advice_watching = current.id
            if current.state == "queued":
                ahead = plan_jobs.queued_ahead(current)
                st.info(t("advice.queued", user=current.started_by, ahead=ahead))
            else:
                done = current.result or {}
                checked, queued = done.get("checked", 0), done.get("queued", "…")
                st.info(
                    t("advice.running", user=current.started_by, checked=checked, queued=queued)
                )
            if st.button(t("advice.stop"), key="plan_advice_stop"):
                _attempt(lambda: plan_advice.stop_advice(actor, week))
            return
        if st.session_state.get("plan_advice_watching") == current.id:
            del st.session_state["plan_advice_watching"]
            st.rerun(scope="app")  # the compute button again, and no more polling
        _advice_result(actor, instance, info, current, lang)

    progress()


def _advice_result(actor: Actor, instance, info, run: plan_jobs.SolveRun, lang: str) -> None:
    if run.base_version_id != info.id:
        number = plan_versions.get_version(run.base_version_id).number
        st.caption(t("advice.for_version", number=number))
        return
    if run.error is not None:
        show_error(run.error)
        return
    result = run.result or {}
    if result.get("stopped") or run.state == "stopped":
        st.caption(t("advice.stopped"))
    suggestions = result.get("suggestions") or []
    if not suggestions:
        st.info(t("advice.none"))
    asks = plan_advice.asks_of(run)
    for index, line in enumerate(plan_views.advice_lines(instance, suggestions, lang)):
        text, button = st.columns([6, 1])
        text.markdown(f"- {line}")
        if suggestions[index]["staff"] is None:
            continue
        asked = asks.get(index)
        if asked is None:
            if button.button(t("advice.ask"), key=f"plan_advice_ask_{index}"):
                sent = _attempt(lambda index=index: plan_advice.ask_person(actor, run, index))
                if sent is not None:
                    person = plan_views.person_label(instance, sent.staff)
                    _rerun_with(t("advice.asked", person=person))
            continue
        _ask_state(actor, asked, button, index)
    if result.get("combination"):
        st.markdown(f"- {plan_views.combination_line(instance, result['combination'], lang)}")


def _ask_state(actor: Actor, asked: plan_advice.CapacityAsk, button, index: int) -> None:
    """When the suggestion was asked and, once the person agreed, when; until then a
    button for whoever may enter availability to record that they agreed (and re-plan)."""
    stamp = f"{local(asked.asked_at):%Y-%m-%d %H:%M}"
    st.caption(t("advice.asked_at", at=stamp, user=asked.asked_by))
    if asked.agreed_at is not None:
        at = f"{local(asked.agreed_at):%Y-%m-%d %H:%M}"
        # The re-plan is queued after the agreement commits; if it was refused, say so.
        key = "advice.agreed_at" if asked.solve_job_id is not None else "advice.agreed_no_replan"
        st.caption(t(key, at=at, user=asked.agreed_by))
        return
    if actor.can("availability.write") and button.button(
        t("advice.agree"), key=f"plan_advice_agree_{index}"
    ):
        started = _attempt(
            lambda: plan_advice.agree(actor, asked.id, asked.version, time_limit=_time_limit())
        )
        if started is not None:
            _rerun_with(t("advice.replanning"), view="solve")


def _headed(table):
    """Column names in the user's language."""
    return table.rename(columns={c: t(f"plan.col.{c}") for c in table.columns})


# ----------------------------------------------------------------------------- adjusting


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _task_label(instance, info: plan_versions.VersionInfo, task_id: str, lang: str) -> str:
    task = instance.task_by_id[task_id]
    assigned = {a["task"]: a for a in info.plan["assignments"]}.get(task_id)
    kind = plan_views.kind_label(task.kind, lang)
    where = instance.locations[task.location].name
    if assigned is None:
        return f"{task_id} · {kind} · {where} · {t('plan.solve.unscheduled')}"
    people = "、".join(instance.staff_by_id[s].name for s in assigned["staff"])
    when = plan_views.format_minute(assigned["start"], lang)
    return f"{task_id} · {kind} · {where} · {when} · {people}"


def _form_defaults(instance, info: plan_versions.VersionInfo) -> None:
    """Put the chosen task's current start and team into the move form."""
    task_id = st.session_state.plan_adjust_task
    assigned = {a["task"]: a for a in info.plan["assignments"]}.get(task_id)
    task = instance.task_by_id[task_id]
    start = assigned["start"] if assigned else min(w.start for w in task.windows)
    slot = instance.slot_minutes
    st.session_state.plan_adjust_day = start // DAY
    st.session_state.plan_adjust_time = (start % DAY) // slot * slot
    st.session_state.plan_adjust_staff = list(assigned["staff"]) if assigned else []


def adjust(actor: Actor, week: date, info: plan_versions.VersionInfo) -> None:
    lang = current_language()
    instance = plan_versions.instance_of(info)
    if info.published:
        st.info(t("plan.adjust.published_note"))
    tasks = [a["task"] for a in info.plan["assignments"]] + [
        u["task"] for u in info.plan["unscheduled"]
    ]
    if not tasks:
        st.info(t("plan.adjust.nothing"))
        return
    if st.session_state.get("plan_adjust_task") not in tasks:
        st.session_state.plan_adjust_task = tasks[0]
        _form_defaults(instance, info)
    task_id = st.selectbox(
        t("plan.adjust.task"),
        tasks,
        key="plan_adjust_task",
        format_func=lambda tid: _task_label(instance, info, tid, lang),
        on_change=_form_defaults,
        args=(instance, info),
    )
    task = instance.task_by_id[task_id]
    slot = instance.slot_minutes
    qualified = [p.id for p in instance.qualified(task)]
    st.session_state.plan_adjust_staff = [
        s for s in st.session_state.get("plan_adjust_staff", []) if s in qualified
    ]
    day_col, time_col = st.columns(2)
    day = day_col.selectbox(
        t("plan.adjust.day"),
        range(7),
        key="plan_adjust_day",
        format_func=lambda d: plan_views.day_label(week, d, lang),
    )
    clock = time_col.selectbox(
        t("plan.adjust.time"), range(0, DAY, slot), key="plan_adjust_time", format_func=_clock
    )
    staff = st.multiselect(
        t("plan.adjust.staff"),
        qualified,
        key="plan_adjust_staff",
        format_func=lambda s: plan_views.person_label(instance, s),
        max_selections=task.headcount,
    )
    start = day * DAY + clock
    violations = plan_edits.check_move(info, task_id, start, staff)
    if violations:
        st.error(
            t("plan.adjust.check_bad") + "\n" + "\n".join(f"- {v.message}" for v in violations)
        )
    else:
        st.success(t("plan.adjust.check_ok"))

    assigned = task_id in {a["task"] for a in info.plan["assignments"]}
    locks = plan_locks.week_locks(week)
    buttons = st.columns(4)
    if buttons[0].button(t("plan.adjust.move"), key="plan_move", disabled=bool(violations)):
        moved = _attempt(
            lambda: plan_edits.move(actor, info.id, info.version, task_id, start, staff)
        )
        if moved is not None:
            _rerun_with(t("plan.adjust.moved", task=task_id), version=moved.id)
    lock = buttons[1].button(t("plan.adjust.lock"), key="plan_lock", disabled=not assigned)
    if lock and _attempt(lambda: plan_locks.lock(actor, info.id, task_id)) is not None:
        _rerun_with(t("plan.adjust.locked", task=task_id))
    unlock = buttons[2].button(
        t("plan.adjust.unlock"), key="plan_unlock", disabled=task_id not in locks
    )
    if unlock and _attempt(lambda: plan_locks.unlock(actor, week, task_id)) is not None:
        _rerun_with(t("plan.adjust.unlocked", task=task_id))
    if buttons[3].button(t("plan.adjust.unassign"), key="plan_unassign", disabled=not assigned):
        edited = _attempt(lambda: plan_edits.unassign(actor, info.id, info.version, task_id))
        if edited is not None:
            _rerun_with(t("plan.adjust.unassigned", task=task_id), version=edited.id)

    if locks:
        st.subheader(t("plan.adjust.locks"))
        st.dataframe(
            _headed(plan_views.locks(instance, locks.values(), lang)),
            hide_index=True,
            key="plan_locks_table",
        )
    _time_limit_input()
    if st.button(t("plan.adjust.replan"), key="plan_replan", type="primary"):
        _start(actor, week)
    _mark_ill(actor, week, instance, lang)


def _mark_ill(actor: Actor, week: date, instance, lang: str) -> None:
    if not actor.can("availability.write"):
        return
    st.subheader(t("plan.adjust.ill_heading"))
    person_col, day_col, time_col = st.columns(3)
    person = person_col.selectbox(
        t("plan.adjust.ill_person"),
        [p.id for p in instance.staff],
        key="plan_ill_person",
        format_func=lambda s: plan_views.person_label(instance, s),
    )
    day = day_col.selectbox(
        t("plan.adjust.ill_day"),
        range(7),
        key="plan_ill_day",
        format_func=lambda d: plan_views.day_label(week, d, lang),
    )
    hour = time_col.selectbox(
        t("plan.adjust.ill_time"), range(0, DAY, 60), key="plan_ill_time", format_func=_clock
    )
    if st.button(t("plan.adjust.ill_go"), key="plan_ill_go"):
        moment = datetime.combine(week + timedelta(days=day), time(hour // 60), TIME_ZONE)
        dropped = _attempt(lambda: plan_illness.mark_ill(actor, week, person, moment))
        if dropped is not None:
            st.session_state.plan_flash = t("plan.adjust.ill_done", dropped=dropped)
            _start(actor, week)


# ----------------------------------------------------------------------------- publishing


def publish(actor: Actor, info: plan_versions.VersionInfo) -> None:
    if not info.published:
        st.info(t("plan.publish.draft_hint"))
        if actor.can("plans.publish") and st.button(
            t("plan.publish.go"), key="plan_publish", type="primary"
        ):
            done = _attempt(lambda: plan_publish.publish(actor, info.id, info.version))
            if done is not None:
                message = t("plan.publish.done", number=done.version.number)
                if done.booking_problems:
                    message += "\n\n" + t("plan.publish.bookings_unsynced") + "\n"
                    message += "\n".join(f"- {p}" for p in done.booking_problems)
                _rerun_with(message, version=done.version.id)
        st.caption(t("plan.publish.only_published"))
        return
    published_at = info.published_at.astimezone(TIME_ZONE) if info.published_at else None
    st.success(
        t(
            "plan.publish.is_published",
            number=info.number,
            at=f"{published_at:%Y-%m-%d %H:%M}" if published_at else "—",
            user=info.published_by or "—",
        )
    )
    lang = current_language()
    instance = plan_versions.instance_of(info)
    title = t("plan.export.roster_title", week=info.week_start.isoformat())
    stem = f"firedesk-{info.week_start.isoformat()}-v{info.number}"

    st.subheader(t("plan.publish.ics"))
    people = sorted({s for a in info.plan["assignments"] for s in a["staff"]})
    person = st.selectbox(
        t("plan.publish.ics_person"),
        people,
        key="plan_ics_person",
        format_func=lambda s: plan_views.person_label(instance, s),
    )
    stamp = info.published_at or info.created_at
    download(
        t("plan.publish.ics_download"),
        lambda: plan_exports.ics(instance, info.plan, person, stamp),
        file_name=f"{stem}-{person}.ics",
        mime="text/calendar",
        key="plan_ics_download",
    )
    left, right = st.columns(2)
    download(
        t("plan.publish.roster_xlsx"),
        lambda: plan_exports.roster_xlsx(instance, info.plan, title, lang),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="plan_roster_xlsx",
        where=left,
    )
    download(
        t("plan.publish.roster_html"),
        lambda: plan_exports.roster_html(instance, info.plan, title, lang),
        file_name=f"{stem}.html",
        mime="text/html",
        key="plan_roster_html",
        where=right,
    )
    st.subheader(t("plan.publish.notices"))
    notices = plan_exports.unit_notices(instance, info.plan)
    st.caption(f"{len(notices)}")
    download(
        t("plan.publish.notices_download"),
        lambda: plan_exports.notices_html(instance, info.plan, lang),
        file_name=f"{stem}-notices.html",
        mime="text/html",
        key="plan_notices",
    )
    unplanned_requests(actor, info)


# ----------------------------------------------------------------------------- files


def files(actor: Actor, info: plan_versions.VersionInfo | None) -> None:
    if info is not None:
        st.subheader(t("plan.files.export"))
        stem = f"firedesk-{info.week_start.isoformat()}-v{info.number}"
        left, right = st.columns(2)
        download(
            t("plan.files.instance"),
            lambda: plan_exports.contract_json(info.instance),
            file_name=f"{stem}-instance.json",
            mime="application/json",
            key="plan_dl_instance",
            where=left,
        )
        download(
            t("plan.files.plan"),
            lambda: plan_exports.contract_json(info.plan),
            file_name=f"{stem}-plan.json",
            mime="application/json",
            key="plan_dl_plan",
            where=right,
        )
    if not actor.can("plans.write"):
        return
    st.subheader(t("plan.files.import"))
    instance_file = st.file_uploader(
        t("plan.files.instance_upload"), type=["json"], key="plan_up_instance"
    )
    plan_file = st.file_uploader(t("plan.files.plan_upload"), type=["json"], key="plan_up_plan")
    if st.button(t("plan.files.go"), key="plan_import"):
        if instance_file is None:
            st.error(t("plan.files.need_instance"))
            return
        plan_text = plan_file.getvalue() if plan_file is not None else None
        imported = _attempt(
            lambda: plan_whatif.import_week(
                actor, instance_file.getvalue(), plan_text, filename=instance_file.name
            )
        )
        if imported is not None:
            _rerun_with(
                t(
                    "plan.files.imported",
                    week=imported.week_start.isoformat(),
                    number=imported.number,
                ),
                week=imported.week_start,
                version=imported.id,
                view="plan",
            )
