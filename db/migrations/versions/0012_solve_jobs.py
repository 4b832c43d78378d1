"""solve jobs: solves queued by any app instance and run by a worker

Revision ID: 0012
Revises: 0011 (login attempts)

A solve used to live in a thread of one web process. Its record now lives here, so every
instance sees it, one solve per week is enforced by a unique `active_week`, and a worker
that dies leaves a heartbeat that expires instead of a week locked forever.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "solve_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("active_week", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("stop_requested", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("time_limit", sa.Double(), nullable=False),
        sa.Column("task_count", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("instance", sa.JSON(), nullable=False),
        sa.Column("objective", sa.Integer(), nullable=True),
        sa.Column("bound", sa.Integer(), nullable=True),
        sa.Column("unscheduled", sa.Integer(), nullable=True),
        sa.Column("best", sa.JSON(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("error_key", sa.String(length=60), nullable=True),
        sa.Column("error_detail", sa.String(length=500), nullable=True),
        sa.Column("worker", sa.String(length=80), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('queued', 'running', 'done', 'failed', 'stopped')",
            name=op.f("ck_solve_jobs_state"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_solve_jobs")),
        sa.UniqueConstraint("active_week", name="uq_solve_jobs_active_week"),
    )
    op.create_index("ix_solve_jobs_state", "solve_jobs", ["state"], unique=False)
    op.create_index(
        "ix_solve_jobs_week_created", "solve_jobs", ["week_start", "created_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_solve_jobs_week_created", table_name="solve_jobs")
    op.drop_index("ix_solve_jobs_state", table_name="solve_jobs")
    op.drop_table("solve_jobs")
