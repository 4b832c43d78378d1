"""advice jobs: capacity advice runs on the solve workers, as rows of solve_jobs

Revision ID: 0021
Revises: 0020 (task outcomes)

Capacity advice (a few check solves) used to run in the web process. It is now a job of
kind "advice" in the same table, run by the same workers, with the same heartbeat, lease
and stop. Its input is the version advised on (`base_version_id`), its output the
suggestions JSON (`result`, also written as progress while it runs). The one-job-per-week
lock becomes one per week and kind, so an advice never holds the lock a solve needs.
Existing rows are solves (`kind` defaults to "solve"); nothing is lost.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("solve_jobs") as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=10), nullable=False, server_default="solve")
        )
        batch_op.add_column(sa.Column("base_version_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("result", sa.JSON(), nullable=True))
        batch_op.drop_constraint("uq_solve_jobs_active_week", type_="unique")
        batch_op.create_unique_constraint("uq_solve_jobs_active_week", ["active_week", "kind"])
        batch_op.create_check_constraint("kind", "kind IN ('solve', 'advice')")


def downgrade() -> None:
    op.execute("DELETE FROM solve_jobs WHERE kind = 'advice'")
    with op.batch_alter_table("solve_jobs") as batch_op:
        batch_op.drop_constraint("ck_solve_jobs_kind", type_="check")
        batch_op.drop_constraint("uq_solve_jobs_active_week", type_="unique")
        batch_op.create_unique_constraint("uq_solve_jobs_active_week", ["active_week"])
        batch_op.drop_column("result")
        batch_op.drop_column("base_version_id")
        batch_op.drop_column("kind")
