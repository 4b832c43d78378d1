"""evaluations: service ratings, bad-review rectification cases, follow-up visits

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-27 23:43:27.554307
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("month_start", sa.Date(), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("service", sa.String(length=20), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column("window_name", sa.String(length=60), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("score_items", sa.SmallInteger(), nullable=True),
        sa.Column("score_process", sa.SmallInteger(), nullable=True),
        sa.Column("score_planning", sa.SmallInteger(), nullable=True),
        sa.Column("score_efficiency", sa.SmallInteger(), nullable=True),
        sa.Column("score_convenience", sa.SmallInteger(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("reviewer_name", sa.String(length=40), nullable=True),
        sa.Column("reviewer_phone", sa.String(length=20), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("external_id", sa.String(length=60), nullable=True),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "channel IN ('device', 'qr_code', 'phone_followup', 'online')",
            name=op.f("ck_evaluations_channel"),
        ),
        sa.CheckConstraint(
            "service IN ('inspection', 'pre_opening', 'training', 'tour', 'complaint', 'window', 'consultation', 'other')",
            name=op.f("ck_evaluations_service"),
        ),
        sa.CheckConstraint(
            "source IN ('manual', 'import', 'followup', 'demo')", name=op.f("ck_evaluations_source")
        ),
        sa.CheckConstraint("level IN (1, 2, 3, 4, 5)", name=op.f("ck_evaluations_level")),
        sa.CheckConstraint(
            "score_convenience IS NULL OR score_convenience BETWEEN 1 AND 5",
            name=op.f("ck_evaluations_score_convenience"),
        ),
        sa.CheckConstraint(
            "score_efficiency IS NULL OR score_efficiency BETWEEN 1 AND 5",
            name=op.f("ck_evaluations_score_efficiency"),
        ),
        sa.CheckConstraint(
            "score_items IS NULL OR score_items BETWEEN 1 AND 5",
            name=op.f("ck_evaluations_score_items"),
        ),
        sa.CheckConstraint(
            "score_planning IS NULL OR score_planning BETWEEN 1 AND 5",
            name=op.f("ck_evaluations_score_planning"),
        ),
        sa.CheckConstraint(
            "score_process IS NULL OR score_process BETWEEN 1 AND 5",
            name=op.f("ck_evaluations_score_process"),
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["staff.id"],
            name=op.f("fk_evaluations_officer_id_staff"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["locations.id"], name=op.f("fk_evaluations_station_id_locations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluations")),
        sa.UniqueConstraint("external_id", name=op.f("uq_evaluations_external_id")),
    )
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_evaluations_channel_week",
            ["channel", "week_start", "level", "counted"],
            unique=False,
        )
        batch_op.create_index("ix_evaluations_evaluated_at", ["evaluated_at"], unique=False)
        batch_op.create_index(
            "ix_evaluations_month", ["month_start", "level", "counted"], unique=False
        )
        batch_op.create_index(
            "ix_evaluations_service_week",
            ["service", "week_start", "level", "counted"],
            unique=False,
        )
        batch_op.create_index(
            "ix_evaluations_station_week",
            ["station_id", "week_start", "level", "counted"],
            unique=False,
        )
        batch_op.create_index(
            "ix_evaluations_week", ["week_start", "level", "counted"], unique=False
        )

    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_kind", sa.String(length=12), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("unit_location_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("evaluation_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("mode IN ('phone', 'on_site')", name=op.f("ck_follow_ups_mode")),
        sa.CheckConstraint(
            "source_kind IN ('inspection', 'complaint', 'training', 'tour')",
            name=op.f("ck_follow_ups_source_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'done', 'unreachable')", name=op.f("ck_follow_ups_status")
        ),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluations.id"],
            name=op.f("fk_follow_ups_evaluation_id_evaluations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["unit_location_id"],
            ["locations.id"],
            name=op.f("fk_follow_ups_unit_location_id_locations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    )
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.create_index("ix_follow_ups_due", ["due"], unique=False)
        batch_op.create_index("ix_follow_ups_source", ["source_kind", "source_id"], unique=True)
        batch_op.create_index("ix_follow_ups_status_due", ["status", "due"], unique=False)

    op.create_table(
        "rectification_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("called_back_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("callback_note", sa.Text(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("action_taken", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("appeal_reason", sa.Text(), nullable=False),
        sa.Column("appealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("appeal_decision", sa.String(length=10), nullable=True),
        sa.Column("appeal_note", sa.Text(), nullable=False),
        sa.Column("appeal_decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("appeal_decided_by", sa.String(length=40), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "appeal_decision IS NULL OR appeal_decision IN ('upheld', 'rejected')",
            name=op.f("ck_rectification_cases_appeal_decision"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'called_back', 'closed', 'appealed', 'withdrawn')",
            name=op.f("ck_rectification_cases_status"),
        ),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluations.id"],
            name=op.f("fk_rectification_cases_evaluation_id_evaluations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification_cases")),
        sa.UniqueConstraint("evaluation_id", name=op.f("uq_rectification_cases_evaluation_id")),
    )
    with op.batch_alter_table("rectification_cases", schema=None) as batch_op:
        batch_op.create_index("ix_rectification_cases_opened", ["opened_at"], unique=False)
        batch_op.create_index(
            "ix_rectification_cases_status_due", ["status", "due_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("rectification_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_rectification_cases_status_due")
        batch_op.drop_index("ix_rectification_cases_opened")

    op.drop_table("rectification_cases")
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_ups_status_due")
        batch_op.drop_index("ix_follow_ups_source")
        batch_op.drop_index("ix_follow_ups_due")

    op.drop_table("follow_ups")
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.drop_index("ix_evaluations_week")
        batch_op.drop_index("ix_evaluations_station_week")
        batch_op.drop_index("ix_evaluations_service_week")
        batch_op.drop_index("ix_evaluations_month")
        batch_op.drop_index("ix_evaluations_evaluated_at")
        batch_op.drop_index("ix_evaluations_channel_week")

    op.drop_table("evaluations")
