"""消息发件箱: every message the detachment owes (addresses masked), re-sending a failed one
and withdrawing a pending one (admins, audited); the message templates, edited by an admin."""

import pandas as pd
import streamlit as st

from pages.common import current_actor, show_error
from services.core.errors import FiredeskError
from services.i18n import t
from services.notifications import outbox, templates

actor = current_actor()
is_admin = actor.can(outbox.ADMIN_PERMISSION)
st.title(t("page.outbox"))
st.caption(t("outbox.intro"))
if flash := st.session_state.pop("outbox_flash", None):
    st.success(t(flash))


def _act(action, done_key: str, forget: str | None = None) -> None:
    """Run a write; on success rerun so the lists show it, and say so."""
    try:
        action()
    except FiredeskError as error:
        show_error(error)
        return
    if forget:
        st.session_state.pop(forget, None)
    st.session_state["outbox_flash"] = done_key
    st.rerun()


def _all(value) -> str:
    return t("admin.all") if value is None else None


messages_tab, templates_tab = st.tabs([t("outbox.tab.messages"), t("outbox.tab.templates")])

with messages_tab:
    state_col, template_col, kind_col = st.columns(3)
    state = state_col.selectbox(
        t("outbox.col.state"),
        [None, *outbox.STATES],
        format_func=lambda s: _all(s) or t(f"outbox.state.{s}"),
        key="outbox_state",
    )
    template_key = template_col.selectbox(
        t("outbox.col.template"),
        [None, *templates.BUILT_IN],
        format_func=lambda k: _all(k) or t(f"outbox.template.{k}"),
        key="outbox_template",
    )
    kind = kind_col.selectbox(
        t("outbox.col.recipient_kind"),
        [None, *outbox.RECIPIENT_KINDS],
        format_func=lambda k: _all(k) or t(f"outbox.recipient.{k}"),
        key="outbox_kind",
    )
    rows = outbox.list_messages(actor, state=state, template_key=template_key, recipient_kind=kind)
    frame = pd.DataFrame(
        [
            {
                t("outbox.col.id"): r.id,
                t("outbox.col.created_at"): f"{r.created_at:%Y-%m-%d %H:%M}",
                t("outbox.col.state"): t(f"outbox.state.{r.state}"),
                t("outbox.col.recipient_kind"): t(f"outbox.recipient.{r.recipient_kind}"),
                t("outbox.col.recipient"): r.recipient_label,
                t("outbox.col.address"): r.address,
                t("outbox.col.channel"): t(f"outbox.channel.{r.channel}"),
                t("outbox.col.template"): t(f"outbox.template.{r.template_key}"),
                t("outbox.col.attempts"): r.attempts,
                t("outbox.col.next_attempt_at"): f"{r.next_attempt_at:%Y-%m-%d %H:%M}",
                t("outbox.col.last_error"): r.last_error,
                t("outbox.col.body"): r.body,
            }
            for r in rows
        ]
    )
    st.caption(t("outbox.count", count=len(rows)))
    st.dataframe(frame, hide_index=True, key="outbox_rows")

    if is_admin and rows:
        by_id = {r.id: r for r in rows}
        picked = by_id[
            st.selectbox(
                t("outbox.pick"),
                list(by_id),
                format_func=lambda i: (
                    f"#{i} {t(f'outbox.state.{by_id[i].state}')} {by_id[i].recipient_label}"
                ),
                key="outbox_pick",
            )
        ]
        st.text(picked.body)
        reveal_col, resend_col, cancel_col = st.columns(3)
        if picked.address and reveal_col.button(t("outbox.reveal"), key="outbox_reveal"):
            st.info(t("outbox.revealed", address=outbox.reveal_address(actor, picked.id)))
        if picked.state in outbox.RESENDABLE and resend_col.button(
            t("outbox.resend"), key="outbox_resend", type="primary"
        ):
            _act(lambda: outbox.resend(actor, picked.id, picked.version), "outbox.resent")
        if picked.state in outbox.CANCELLABLE and cancel_col.button(
            t("outbox.cancel"), key="outbox_cancel"
        ):
            _act(lambda: outbox.cancel(actor, picked.id, picked.version), "outbox.cancelled")

with templates_tab:
    listed = templates.list_templates()
    choice = st.selectbox(
        t("outbox.col.template"),
        range(len(listed)),
        format_func=lambda i: (
            f"{t(f'outbox.template.{listed[i].key}')} · {listed[i].language}"
            + (f" · {t('outbox.edited')}" if listed[i].edited else "")
        ),
        key="outbox_template_pick",
    )
    item = listed[choice]
    st.caption(t("outbox.variables", names="、".join(f"{{{v}}}" for v in item.variables)))
    text_key = f"outbox_text_{item.key}_{item.language}"
    text = st.text_area(t("field.template_text"), item.text, key=text_key, disabled=not is_admin)
    if is_admin:
        save_col, reset_col = st.columns(2)
        if save_col.button(t("outbox.template_save"), key="outbox_template_save", type="primary"):
            _act(
                lambda: templates.save_template(actor, item.key, item.language, text, item.version),
                "common.saved",
            )
        if item.edited and reset_col.button(
            t("outbox.template_reset"), key="outbox_template_reset"
        ):
            _act(
                lambda: templates.reset_template(actor, item.key, item.language),
                "common.saved",
                forget=text_key,
            )
