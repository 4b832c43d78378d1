"""task outcomes: what the officers on a published task recorded (done or not, the outcome)

Revision ID: 0020
Revises: 0018 (inspection record task)

A new table only; nothing existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "task_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("task", sa.String(length=40), nullable=False),
        sa.Column("plan_version_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('done', 'not_done')", name=op.f("ck_task_outcomes_outcome")
        ),
        sa.ForeignKeyConstraint(
            ["plan_version_id"],
            ["plan_versions.id"],
            name=op.f("fk_task_outcomes_plan_version_id_plan_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_task_outcomes_staff_id_staff"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_outcomes")),
        sa.UniqueConstraint("week_start", "task", name="uq_task_outcomes_week_task"),
    )
    op.create_index("ix_task_outcomes_staff", "task_outcomes", ["staff_id"])


def downgrade() -> None:
    op.drop_index("ix_task_outcomes_staff", table_name="task_outcomes")
    op.drop_table("task_outcomes")
