"""capacity asks: a suggestion of the capacity advice asked of its person, and what they agreed

Revision ID: 0022
Revises: 0021 (advice jobs)

The planning page's "ask them" sends a message through the outbox and keeps the ask here
(one per advice job and suggestion); "they agreed" marks it agreed, and the week's
availability then counts its extra period or raised hour cap for that week only. A new
table: nothing existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "capacity_asks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("advice_job_id", sa.Integer(), nullable=False),
        sa.Column("suggestion", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("max_minutes", sa.Integer(), nullable=True),
        sa.Column("serves", sa.JSON(), nullable=False),
        sa.Column("dedup_key", sa.String(length=200), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asked_by", sa.String(length=40), nullable=False),
        sa.Column("agreed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("agreed_by", sa.String(length=40), nullable=True),
        sa.Column("solve_job_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(start_at IS NOT NULL AND end_at IS NOT NULL AND end_at > start_at"
            " AND max_minutes IS NULL)"
            " OR (start_at IS NULL AND end_at IS NULL AND max_minutes IS NOT NULL)",
            name=op.f("ck_capacity_asks_one_addition"),
        ),
        sa.ForeignKeyConstraint(
            ["advice_job_id"],
            ["solve_jobs.id"],
            name=op.f("fk_capacity_asks_advice_job_id_solve_jobs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_capacity_asks_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capacity_asks")),
        sa.UniqueConstraint("advice_job_id", "suggestion", name="uq_capacity_asks_suggestion"),
    )
    with op.batch_alter_table("capacity_asks") as batch_op:
        batch_op.create_index("ix_capacity_asks_week_staff", ["week_start", "staff_id"])


def downgrade() -> None:
    with op.batch_alter_table("capacity_asks") as batch_op:
        batch_op.drop_index("ix_capacity_asks_week_staff")
    op.drop_table("capacity_asks")
