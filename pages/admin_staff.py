"""Staff administration: the list, one person's form and availability rules, a week view."""

from datetime import date, datetime, time, timedelta

import altair as alt
import streamlit as st

from pages.admin_widgets import RecordForm, attempt, flash, headed, pick_record, shown_version
from pages.common import current_actor
from rules.hours import AGREED_EVENING, OFFICE_CLOSE, OFFICE_OPEN
from rules.time import local
from rules.weeks import monday_of, next_monday
from services.calendar.workdays import working_day_checker
from services.core.clock import now
from services.i18n import t
from services.staff import people as staff_service

WEEKDAYS = list(range(7))
RULE_KINDS = ["rotation", "office_hours", "weekly", "leave"]
ANY_MINUTE = 60  # seconds: lets an end time be 23:59 ("until midnight")

actor = current_actor()
st.title(t("page.admin_staff"))
flash("staff")
base_names = staff_service.bases()


def _weekday(day: int) -> str:
    return t(f"admin.weekday.{day}")


def _describe(rule) -> str:
    if rule.kind == "rotation":
        return t(
            "admin.rule.rotation",
            anchor=f"{rule.anchor_date:%Y-%m-%d}",
            cycle=rule.cycle_days,
            start=f"{rule.start_time:%H:%M}",
            hours=rule.on_hours,
        )
    if rule.kind == "leave":
        start, end = local(rule.start_at), local(rule.end_at)
        return t("admin.rule.leave", start=f"{start:%Y-%m-%d %H:%M}", end=f"{end:%Y-%m-%d %H:%M}")
    span = {"start": f"{rule.start_time:%H:%M}", "end": f"{rule.end_time:%H:%M}"}
    if rule.kind == "weekly":
        return t("admin.rule.weekly", day=_weekday(rule.weekday), **span)
    return t("admin.rule.office_hours", **span)


def _staff_form(person, version: int) -> None:
    record_id = person.id if person else 0
    fields = RecordForm("staff", person, record_id, version)
    with st.form(f"staff_form_{record_id}"):
        code = fields.text("field.staff_number", "code", "code")
        name = fields.text("field.staff_name", "name", "name")
        base = fields.choice("field.staff_base", base_names, "base_location_id", "base")
        cap = st.number_input(
            t("field.weekly_hour_cap"),
            value=fields.value("weekly_hour_cap", 40),
            step=1,
            key=fields.key("cap"),
        )
        phone = fields.text("field.staff_phone", "phone", "phone")
        skills = st.multiselect(
            t("field.skills"),
            staff_service.SKILLS,
            default=fields.value("skill_names", []),
            format_func=lambda s: t(f"admin.skill.{s}"),
            key=fields.key("skills"),
        )
        active = st.checkbox(
            t("field.active"), fields.value("active", True), key=fields.key("active")
        )
        submitted = st.form_submit_button(t("admin.save"), type="primary", key="staff_save")
    if not submitted:
        return
    data = staff_service.StaffInput(code, name, base, int(cap), phone, skills, active)
    if person:
        attempt(
            "staff", person.id, lambda: staff_service.update_staff(actor, person.id, version, data)
        )
    else:
        attempt("staff", 0, lambda: staff_service.create_staff(actor, data))


def _rule_form(person) -> None:
    kind = st.selectbox(
        t("field.rule_kind"),
        RULE_KINDS,
        format_func=lambda k: t(f"admin.kind.{k}"),
        key="rule_kind",
    )
    values: dict = {}
    with st.form(f"rule_form_{person.id}_{kind}"):
        if kind == "rotation":
            values["anchor_date"] = st.date_input(t("field.anchor_date"), key="rule_anchor")
            values["cycle_days"] = int(
                st.number_input(t("field.cycle_days"), value=3, key="rule_cycle")
            )
            values["on_hours"] = int(
                st.number_input(t("field.on_hours"), value=24, key="rule_on_hours")
            )
            values["start_time"] = st.time_input(
                t("field.rule_start_time"), time(8, 0), key=f"rule_start_{kind}"
            )
        elif kind == "leave":
            day = st.date_input(t("field.leave_start"), key="leave_start_date")
            start = st.time_input(t("admin.time"), time(0, 0), key="leave_start_time")
            end_day = st.date_input(t("field.leave_end"), key="leave_end_date")
            end = st.time_input(t("admin.time"), time(0, 0), key="leave_end_time")
            values["start_at"] = _at(day, start)
            values["end_at"] = _at(end_day, end)
        else:
            if kind == "weekly":
                values["weekday"] = st.selectbox(
                    t("field.weekday"), WEEKDAYS, format_func=_weekday, key="rule_weekday"
                )
            start, end = (OFFICE_OPEN, OFFICE_CLOSE) if kind == "office_hours" else AGREED_EVENING
            values["start_time"] = st.time_input(
                t("field.rule_start_time"), start, key=f"rule_start_{kind}"
            )
            values["end_time"] = st.time_input(
                t("field.rule_end_time"),
                end,
                key=f"rule_end_{kind}",
                help=t("admin.until_midnight"),
                step=ANY_MINUTE,
            )
        values["note"] = st.text_input(t("field.rule_note"), key=f"rule_note_{kind}")
        submitted = st.form_submit_button(t("admin.add_rule"), key="rule_add")
    if submitted:
        data = staff_service.AvailabilityInput(kind=kind, **values)
        attempt("rule", person.id, lambda: staff_service.add_availability(actor, person.id, data))


def _at(day: date | None, clock: time | None) -> datetime | None:
    if day is None or clock is None:
        return None
    return datetime.combine(day, clock, now().tzinfo)


def _rules(person) -> None:
    st.subheader(t("admin.availability"))
    flash("rule")
    for rule in person.availability:
        left, right = st.columns([5, 1])
        left.write(_describe(rule) + (f"（{rule.note}）" if rule.note else ""))
        if right.button(t("admin.remove"), key=f"rule_remove_{rule.id}"):
            attempt(
                "rule", person.id, lambda r=rule.id: staff_service.remove_availability(actor, r)
            )
    _rule_form(person)


def _list_tab() -> None:
    left, right = st.columns(2)
    base = left.selectbox(
        t("field.staff_base"),
        [None, *base_names],
        format_func=lambda b: t("admin.all") if b is None else base_names[b],
        key="staff_filter_base",
    )
    skill = right.selectbox(
        t("field.skills"),
        [None, *staff_service.SKILLS],
        format_func=lambda s: t("admin.all") if s is None else t(f"admin.skill.{s}"),
        key="staff_filter_skill",
    )
    frame = staff_service.list_staff(actor, base, skill)
    frame["skills"] = frame["skills"].map(
        lambda names: "、".join(t(f"admin.skill.{s}") for s in names)
    )
    st.caption(t("admin.count", count=len(frame)))
    columns = ["code", "name", "base", "skills", "weekly_hour_cap", "phone", "active"]
    st.dataframe(headed(frame, columns), hide_index=True, key="staff_table")


def _edit_tab() -> None:
    frame = staff_service.list_staff(actor)
    labels = dict(zip(frame["id"], frame["code"] + " " + frame["name"], strict=True))
    picked = pick_record("staff", "admin.staff_pick", "admin.new_staff", labels, key="staff_pick")
    person = staff_service.get_staff(actor, picked) if picked else None
    version = shown_version("staff", person.id, person.version) if person else 0
    _staff_form(person, version)
    if person is None:
        return
    if person.active and st.button(t("admin.deactivate"), key="staff_deactivate"):
        attempt(
            "staff", person.id, lambda: staff_service.deactivate_staff(actor, person.id, version)
        )
    _rules(person)


def _week_tab() -> None:
    week = st.date_input(t("admin.week_of"), next_monday(now().date()), key="staff_week")
    monday = monday_of(week)
    frame = staff_service.week_view(
        actor, monday, working_day_checker({monday.year, (monday + timedelta(days=6)).year})
    )
    if frame.empty:
        st.info(t("admin.no_availability"))
        return
    st.caption(t("admin.week_hours", start=f"{monday:%Y-%m-%d}", hours=round(frame["hours"].sum())))
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%m-%d %H:%M")),
            x2="end:T",
            y=alt.Y("person:N", title=None, sort=None),
            color=alt.Color("base:N", title=t("field.staff_base")),
            tooltip=[
                "person",
                "base",
                alt.Tooltip("start:T", format="%a %H:%M"),
                alt.Tooltip("end:T", format="%a %H:%M"),
            ],
        )
        .properties(height=max(200, 14 * frame["person"].nunique()))
    )
    st.altair_chart(chart, width="stretch")


list_tab, edit_tab, week_tab = st.tabs(
    [t("admin.tab.list"), t("admin.tab.edit"), t("admin.tab.week")]
)
with list_tab:
    _list_tab()
with edit_tab:
    _edit_tab()
with week_tab:
    _week_tab()
