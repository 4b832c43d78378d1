"""好差评录入: enter an evaluation, import the platform's export, browse the latest ones."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from pages.common import current_actor, reported_errors
from pages.evaluation_widgets import reveal_button, score_inputs
from rules.time import TIME_ZONE
from services.core.clock import now
from services.evaluations.reviews import (
    BAD_LEVELS,
    CHANNELS,
    LEVELS,
    SERVICES,
    EvaluationInput,
    import_evaluations,
    officer_choices,
    recent_evaluations,
    record_evaluation,
    reveal_reviewer,
    station_choices,
)
from services.i18n import t

actor = current_actor()


@st.cache_data(ttl=300, show_spinner=False)
def _stations() -> dict[int, str]:
    return station_choices()


@st.cache_data(ttl=300, show_spinner=False)
def _officers() -> dict[int, str]:
    return officer_choices()


def _optional(options: dict[int, str], label: str, key: str) -> int | None:
    return st.selectbox(
        label,
        [None, *options],
        format_func=lambda v: t("evaluations.none") if v is None else options[v],
        key=key,
    )


def _entry_form() -> None:
    stations, officers = _stations(), _officers()
    with st.form("evaluation_form", clear_on_submit=False):
        left, middle, right = st.columns(3)
        day = left.date_input(t("evaluations.date"), value=now().date(), key="eval_date")
        moment = left.time_input(t("evaluations.time"), value=now().time(), key="eval_clock")
        level = middle.radio(
            t("field.eval_level"),
            LEVELS,
            format_func=lambda v: t(f"evaluations.level.{v}"),
            key="eval_level",
        )
        channel = right.selectbox(
            t("field.eval_channel"),
            CHANNELS,
            format_func=lambda v: t(f"evaluations.channel.{v}"),
            key="eval_channel",
        )
        service = right.selectbox(
            t("field.eval_service"),
            SERVICES,
            format_func=lambda v: t(f"evaluations.service.{v}"),
            key="eval_service",
        )
        with right:
            station_id = _optional(stations, t("field.eval_station"), "eval_station")
            officer_id = _optional(officers, t("field.eval_officer"), "eval_officer")
        window_name = right.text_input(t("field.window_name"), key="eval_window")
        st.caption(t("evaluations.scores"))
        scores = score_inputs("eval")
        comment = st.text_area(t("field.eval_comment"), key="eval_comment")
        anonymous = st.checkbox(t("field.eval_anonymous"), value=True, key="eval_anonymous")
        name_column, phone_column = st.columns(2)
        reviewer_name = name_column.text_input(t("field.reviewer_name"), key="eval_reviewer_name")
        reviewer_phone = phone_column.text_input(
            t("field.reviewer_phone"), key="eval_reviewer_phone"
        )
        submitted = st.form_submit_button(t("evaluations.save"), type="primary", key="eval_save")
    if not submitted:
        return
    data = EvaluationInput(
        evaluated_at=datetime.combine(day, moment, tzinfo=TIME_ZONE),
        level=level,
        channel=channel,
        service=service,
        station_id=station_id,
        window_name=window_name,
        officer_id=officer_id,
        scores=scores,
        comment=comment,
        anonymous=anonymous,
        reviewer_name=reviewer_name,
        reviewer_phone=reviewer_phone,
    )
    with reported_errors():
        evaluation_id = record_evaluation(actor, data)
        st.success(t("evaluations.saved", id=evaluation_id))
        if level in BAD_LEVELS:
            st.warning(t("evaluations.saved_bad"))


def _import() -> None:
    st.info(t("evaluations.import_help"))
    upload = st.file_uploader(t("evaluations.file"), type=["csv", "xlsx"], key="eval_import_file")
    if st.button(t("evaluations.import"), key="eval_import", disabled=upload is None):
        with reported_errors():
            count = import_evaluations(actor, upload.name, upload.getvalue())
            st.success(t("evaluations.imported", count=count))


def _recent() -> None:
    search = st.text_input(t("evaluations.search"), key="eval_recent_search")
    frame = recent_evaluations(actor, 50, search)
    frame["level"] = frame["level"].map(lambda v: t(f"evaluations.level.{v}"))
    frame["channel"] = frame["channel"].map(lambda v: t(f"evaluations.channel.{v}"))
    frame["service"] = frame["service"].map(lambda v: t(f"evaluations.service.{v}"))
    st.dataframe(frame, hide_index=True, key="eval_recent_table")
    named = [int(i) for i in frame.loc[frame["reviewer_phone"] != "", "id"]]
    if named and actor.can("complaints.unmask"):
        st.markdown(f"**{t('privacy.reveal_heading')}**")
        picked = st.selectbox(
            t("privacy.reveal_pick"), named, format_func=lambda v: f"#{v}", key="eval_reveal_pick"
        )
        reveal_button("eval_reveal", lambda: reveal_reviewer(actor, picked))


st.title(t("page.evaluations"))
entry, bulk, recent = st.tabs(
    [t("evaluations.tab_entry"), t("evaluations.tab_import"), t("evaluations.tab_recent")]
)
with entry:
    _entry_form()
with bulk:
    _import()
with recent:
    _recent()
