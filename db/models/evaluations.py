"""Service evaluations (好差评) and the rectification cases of bad reviews."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base

# 1 = 非常满意 … 5 = 非常不满意; the top three count as satisfied, the last two are bad reviews.
LEVELS = (1, 2, 3, 4, 5)
SATISFIED_LEVELS = (1, 2, 3)
BAD_LEVELS = (4, 5)
CHANNELS = ("device", "qr_code", "phone_followup", "online")
SERVICES = (
    "inspection",
    "pre_opening",
    "training",
    "tour",
    "complaint",
    "window",
    "consultation",
    "other",
)
DIMENSIONS = ("items", "process", "planning", "efficiency", "convenience")
SOURCES = ("manual", "import", "followup", "demo")
CASE_STATUSES = ("open", "called_back", "closed", "appealed", "withdrawn")
APPEAL_DECISIONS = ("upheld", "rejected")


def _in(column: str, values: tuple) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _score_check(dimension: str) -> CheckConstraint:
    column = f"score_{dimension}"
    return CheckConstraint(f"{column} IS NULL OR {column} BETWEEN 1 AND 5", name=column)


class Evaluation(Base):
    """One rating of one service. `week_start` and `month_start` are the local date truncated
    to the Monday and the first of the month, stored so trends group on an indexed column
    instead of computing a date function over every row."""

    __tablename__ = "evaluations"
    __audit_masked__ = ("reviewer_name", "reviewer_phone")
    __table_args__ = (
        CheckConstraint(_in("level", LEVELS), name="level"),
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(_in("service", SERVICES), name="service"),
        CheckConstraint(_in("source", SOURCES), name="source"),
        *(_score_check(d) for d in DIMENSIONS),
        Index("ix_evaluations_evaluated_at", "evaluated_at"),
        Index("ix_evaluations_week", "week_start", "level", "counted"),
        Index("ix_evaluations_month", "month_start", "level", "counted"),
        Index("ix_evaluations_station_week", "station_id", "week_start", "level", "counted"),
        Index("ix_evaluations_service_week", "service", "week_start", "level", "counted"),
        Index("ix_evaluations_channel_week", "channel", "week_start", "level", "counted"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluated_at: Mapped[datetime]
    week_start: Mapped[date]
    month_start: Mapped[date]
    level: Mapped[int] = mapped_column(SmallInteger)
    channel: Mapped[str] = mapped_column(String(20))
    service: Mapped[str] = mapped_column(String(20))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    window_name: Mapped[str] = mapped_column(String(60), default="")
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    score_items: Mapped[int | None] = mapped_column(SmallInteger)
    score_process: Mapped[int | None] = mapped_column(SmallInteger)
    score_planning: Mapped[int | None] = mapped_column(SmallInteger)
    score_efficiency: Mapped[int | None] = mapped_column(SmallInteger)
    score_convenience: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text, default="")
    anonymous: Mapped[bool] = mapped_column(default=True)
    reviewer_name: Mapped[str | None] = mapped_column(String(40))
    reviewer_phone: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(10), default="manual")
    # The evaluation platform's own id, so the same export imported twice is refused.
    external_id: Mapped[str | None] = mapped_column(String(60), unique=True)
    # False once an appeal showed the review was mistaken or malicious: kept, not counted.
    counted: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class RectificationCase(Base):
    """A bad review's case: call the reviewer back, find the cause, fix it, answer."""

    __tablename__ = "rectification_cases"
    __table_args__ = (
        CheckConstraint(_in("status", CASE_STATUSES), name="status"),
        CheckConstraint(
            f"appeal_decision IS NULL OR {_in('appeal_decision', APPEAL_DECISIONS)}",
            name="appeal_decision",
        ),
        Index("ix_rectification_cases_status_due", "status", "due_at"),
        Index("ix_rectification_cases_opened", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluations.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(12), default="open")
    opened_at: Mapped[datetime]
    due_at: Mapped[datetime]
    # The working-day calendar of the deadline's year was not yet published when it was set.
    due_provisional: Mapped[bool] = mapped_column(default=False)
    called_back_at: Mapped[datetime | None]
    callback_note: Mapped[str] = mapped_column(Text, default="")
    cause: Mapped[str] = mapped_column(Text, default="")
    action_taken: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None]
    appeal_reason: Mapped[str] = mapped_column(Text, default="")
    appealed_at: Mapped[datetime | None]
    appeal_decision: Mapped[str | None] = mapped_column(String(10))
    appeal_note: Mapped[str] = mapped_column(Text, default="")
    appeal_decided_at: Mapped[datetime | None]
    appeal_decided_by: Mapped[str | None] = mapped_column(String(40))
    # Who calls the reviewer back: that one person may reveal the reviewer's number (audited).
    assignee_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


__all__ = ["Evaluation", "RectificationCase"]
