"""双随机抽取: make a period's draw (or redraw it with a reason), see each draw and its
result, download its file and verify a file. Units and inspectors drawn are internal:
random inspections are unannounced, only the disclosure publishes what is done."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from pages.common import current_actor, download, show_error
from rules.draws import CREDIT_CLASSES, DEFAULT_SHARES, HAZARD_UNIT_RULES, KEY_UNIT_RULES
from services.core.clock import now
from services.core.errors import FiredeskError
from services.draws import plans, verify
from services.i18n import t

actor = current_actor()
st.title(t("page.draws"))
st.caption(t("draws.intro"))
if message := st.session_state.pop("draws_flash", None):
    st.success(message)

if actor.can("draws.write"):
    with st.expander(t("draws.new"), expanded=False):
        today = now().date()
        following = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        period = st.text_input(t("draws.period"), following.strftime("%Y-%m"), key="draws_period")
        seed = st.text_input(t("draws.seed"), key="draws_seed")
        columns = st.columns(len(CREDIT_CLASSES))
        shares = {}
        for column, credit_class in zip(columns, CREDIT_CLASSES, strict=True):
            percent = column.number_input(
                t("draws.share", cls=credit_class),
                0.0,
                100.0,
                DEFAULT_SHARES[credit_class] / 100,
                step=0.5,
                key=f"draws_share_{credit_class}",
            )
            shares[credit_class] = round(percent * 100)
        key_units = st.selectbox(
            t("draws.key_units"),
            KEY_UNIT_RULES,
            format_func=lambda rule: t(f"draws.key_units.{rule}"),
            key="draws_key_units",
        )
        hazard_units = st.selectbox(
            t("draws.hazard_units"),
            HAZARD_UNIT_RULES,
            format_func=lambda rule: t(f"draws.key_units.{rule}"),
            key="draws_hazard_units",
        )
        again = st.checkbox(t("draws.redraw"), key="draws_again")
        reason = st.text_input(t("draws.reason"), key="draws_reason") if again else ""
        if st.button(t("draws.submit"), type="primary", key="draws_submit"):
            request = plans.DrawRequest(
                period=period.strip(),
                seed=seed,
                shares=shares,
                key_units=key_units,
                hazard_units=hazard_units,
                reason=reason,
            )
            try:
                draw_id = (plans.redraw if again else plans.make_draw)(actor, request)
            except FiredeskError as error:
                show_error(error)
            else:
                made = plans.get_draw(actor, draw_id)
                st.session_state.draws_flash = t(
                    "draws.done",
                    period=made.period,
                    number=made.number,
                    units=len(made.result["assignments"]),
                )
                st.session_state.draws_show = draw_id
                st.rerun()


def _rules_text(rules: dict) -> str:
    """The key-unit and hazard-unit rules a draw used (a draw from before the hazard rule
    has none)."""
    named = [("draws.key_units", rules["key_units"])]
    if rules.get("hazard_units"):
        named.append(("draws.hazard_units", rules["hazard_units"]))
    return "；".join(f"{t(label)}: {t(f'draws.key_units.{rule}')}" for label, rule in named)


st.subheader(t("draws.list"))
draws = plans.list_draws(actor)
if not draws:
    st.info(t("draws.empty"))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("draws.col.period"): d.period,
                    t("draws.col.number"): d.number,
                    t("draws.col.status"): t(f"draws.status.{d.status}"),
                    t("draws.col.seed"): d.seed,
                    t("draws.col.shares"): " ".join(
                        f"{c} {v / 100:g}%" for c, v in sorted(d.rules["shares"].items())
                    ),
                    t("draws.col.rules"): _rules_text(d.rules),
                    t("draws.col.units"): len(d.result["assignments"]),
                    t("draws.col.algorithm"): f"{d.algorithm}/{d.algorithm_version}",
                    t("draws.col.snapshot_hash"): d.snapshot_hash,
                    t("draws.col.created"): f"{d.created_at:%Y-%m-%d %H:%M}",
                    t("draws.col.created_by"): d.created_by,
                    t("draws.col.reason"): d.reason,
                }
                for d in draws
            ]
        ),
        hide_index=True,
        key="draws_table",
    )
    by_id = {d.id: d for d in draws}
    ids = list(by_id)
    shown = st.session_state.get("draws_show")
    chosen = st.selectbox(
        t("draws.choose"),
        ids,
        index=ids.index(shown) if shown in by_id else 0,
        format_func=lambda i: (
            f"{by_id[i].period} #{by_id[i].number} ({t(f'draws.status.{by_id[i].status}')})"
        ),
        key="draws_pick",
    )
    staffed, short = plans.result_rows(actor, chosen)
    st.subheader(t("draws.result"))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("draws.col.unit"): f"{r.unit} {r.unit_name}",
                    t("disclosure.col.district"): r.district,
                    t("draws.col.credit_class"): r.credit_class,
                    t("draws.col.inspectors"): "、".join(r.inspectors),
                }
                for r in staffed
            ],
            columns=[
                t("draws.col.unit"),
                t("disclosure.col.district"),
                t("draws.col.credit_class"),
                t("draws.col.inspectors"),
            ],
        ),
        hide_index=True,
        key="draws_result",
    )
    if short:
        st.warning(t("draws.unstaffed", units="、".join(f"{r.unit} {r.unit_name}" for r in short)))
    picked = by_id[chosen]
    download(
        t("draws.download"),
        lambda: verify.draw_csv(picked),
        file_name=f"draw-{picked.period}-v{picked.number}.csv",
        mime="text/csv",
        key="draws_download",
    )

st.subheader(t("draws.verify"))
uploaded = st.file_uploader(t("draws.verify"), type=["csv"], key="draws_upload")
if uploaded is not None:
    _, verdict = verify.verify_file(actor, uploaded.getvalue())
    if verdict.ok:
        st.success(t("draws.verified"))
    else:
        st.error(t("draws.verify_failed", problems="; ".join(verdict.problems)))
