"""Notifications: the outbox of messages the detachment owes someone, and the admins' edits
of the built-in message templates (services/notifications)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base

RECIPIENT_KINDS = ("unit_contact", "complainant", "staff", "internal")
MESSAGE_CHANNELS = ("sms", "wechat_template", "internal")
MESSAGE_STATES = ("pending", "sending", "sent", "failed", "cancelled")
TEMPLATE_LANGUAGES = ("zh-CN", "en")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class OutboxMessage(Base):
    """One message: to whom, through which channel, its rendered text and how sending went.

    `dedup_key` names the occasion ("booking 12 confirmed for 2026-12-01 19:00"): the same
    occasion is never queued twice, so it is never sent twice. A runner claims a pending row
    by moving it to `sending` with its `claim_token` in one conditional UPDATE."""

    __tablename__ = "outbox_messages"
    __audit_masked__ = ("address",)
    __table_args__ = (
        CheckConstraint(_in("recipient_kind", RECIPIENT_KINDS), name="recipient_kind"),
        CheckConstraint(_in("channel", MESSAGE_CHANNELS), name="channel"),
        CheckConstraint(_in("state", MESSAGE_STATES), name="state"),
        CheckConstraint(_in("language", TEMPLATE_LANGUAGES), name="language"),
        CheckConstraint("attempts >= 0", name="attempts"),
        UniqueConstraint("dedup_key", name="uq_outbox_messages_dedup_key"),
        Index("ix_outbox_messages_state_next", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_kind: Mapped[str] = mapped_column(String(20))
    recipient_id: Mapped[str] = mapped_column(String(40), default="")
    recipient_label: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(20))
    template_key: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(10), default="zh-CN")
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str] = mapped_column(String(500), default="")
    dedup_key: Mapped[str] = mapped_column(String(200))
    claim_token: Mapped[str | None] = mapped_column(String(40))
    claimed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class MessageTemplate(Base):
    """An administrator's text for one built-in template in one language (it overrides the
    default; deleting the row brings the default back)."""

    __tablename__ = "message_templates"
    __table_args__ = (
        CheckConstraint(_in("language", TEMPLATE_LANGUAGES), name="language"),
        UniqueConstraint("template_key", "language", name="uq_message_templates_key_language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_key: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


__all__ = ["MessageTemplate", "OutboxMessage"]
