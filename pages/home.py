"""Home: the signed-in person's own work (services.desks), one click into each item."""

import streamlit as st

from pages.common import current_actor, download, reported_errors, run_action
from services.desks import officer, worklists
from services.i18n import current_language, t

actor = current_actor()
lang = current_language()
st.title(t("app.title"))
st.write(t("home.welcome", name=actor.username, role=t(f"role.{actor.role}")))


def _items(items: list[worklists.DeskItem]) -> None:
    for item in items:
        text = t(item.key, count=item.count, **item.params)
        (st.warning if item.count else st.success)(text, icon=None)
        for line in item.lines:
            st.caption(line)
        st.page_link(item.page, label=t(item.page_title_key))


def _my_work() -> None:
    st.subheader(t("desk.officer.title"))
    with reported_errors():
        tasks = officer.my_tasks(actor, lang=lang)
        calendar = officer.my_calendar(actor)
        if calendar is not None:
            download(
                t("desk.officer.ics"),
                calendar,
                file_name="my-plan.ics",
                mime="text/calendar",
                key="desk_ics",
            )
        st.page_link("pages/availability_week.py", label=t("desk.officer.availability"))
        if not tasks:
            st.info(t("desk.officer.none"))
        for task in tasks:
            _task(task)


def _task(task: officer.MyTask) -> None:
    key = f"{task.week_start:%Y%m%d}_{task.task}"
    with st.container(border=True, key=f"desk_task_{key}"):
        st.markdown(
            f"**{task.start:%m-%d %H:%M}–{task.end:%H:%M}** · {task.kind_label(lang)} · "
            f"{task.unit} · {task.task}"
        )
        st.caption(t("desk.officer.address", address=task.address or "—"))
        st.caption(t("desk.officer.teammates", names="、".join(task.teammates) or "—"))
        st.caption(t("desk.officer.prepare", text=task.prepare))
        if task.outcome is not None:
            st.success(
                t(f"desk.outcome.{task.outcome}")
                + (f"：{task.outcome_note}" if task.outcome_note else "")
            )
        if task.is_inspection:
            st.page_link(
                "pages/my_inspections.py",
                label=t("desk.officer.record_inspection"),
            )
            return
        with st.form(f"desk_outcome_{key}"):
            outcome = st.radio(
                t("field.task_outcome"),
                ["done", "not_done"],
                format_func=lambda o: t(f"desk.outcome.{o}"),
                horizontal=True,
                key=f"desk_outcome_choice_{key}",
            )
            note = st.text_area(
                t("field.task_outcome_note"), value=task.outcome_note, key=f"desk_note_{key}"
            )
            saved = st.form_submit_button(t("desk.officer.save_outcome"), key=f"desk_save_{key}")
        if saved and run_action(
            lambda: officer.record_outcome(actor, task, outcome, note, task.outcome_version),
            "desk.officer.saved",
        ):
            st.rerun()


def _week(state: worklists.WeekState) -> None:
    st.markdown(f"**{t('desk.manager.week', week=state.week_start.isoformat())}**")
    published = (
        t("desk.manager.published", number=state.published)
        if state.published
        else t("desk.manager.not_published")
    )
    draft = t("desk.manager.draft", number=state.draft) if state.draft else ""
    st.write(" · ".join(x for x in (published, draft) if x))
    if state.solve:
        st.info(t(f"desk.manager.solve_{state.solve}"))
    (st.warning if state.unplanned_count else st.success)(
        t("desk.manager.unplanned", count=state.unplanned_count)
    )
    for line in state.unplanned:
        st.caption(line)
    st.page_link(
        "pages/planning.py",
        label=t("page.planning"),
    )


if actor.staff_id is not None:
    _my_work()

with reported_errors():
    if actor.role == "staff":
        st.subheader(t("desk.clerk.title"))
        _items(worklists.clerk_items(actor, lang=lang))
    elif actor.role in ("duty_manager", "admin"):
        st.subheader(t("desk.manager.title"))
        desk = worklists.manager_items(actor, lang)
        for state in desk.weeks:
            _week(state)
        _items(list(desk.items))
    elif actor.role == "leader":
        st.subheader(t("desk.leader.title"))
        _items(worklists.leader_items(actor))

if actor.can("hazards.decide"):
    from services.hazards.queue import list_cases
    from services.hazards.seals import list_seals

    overdue = [r for r in list_cases(actor, open_only=True) if r.urgency == "overdue"]
    if overdue:
        st.warning(
            t("hazards.home.overdue", count=len(overdue))
            + " "
            + "、".join(f"{r.case_no} {r.unit_name}" for r in overdue[:10])
        )
    late_seals = [s for s in list_seals(actor) if s.urgency == "overdue"]
    if late_seals:
        st.warning(
            t("hazards.seal.home_overdue", count=len(late_seals))
            + " "
            + "、".join(f"{s.case_no} {s.unit_name}" for s in late_seals[:10])
        )
    if overdue or late_seals:
        st.page_link("pages/hazards.py", label=t("page.hazards"), icon=":material/report:")
