"""import runs: every import attempt, accepted or refused, with its first errors

Revision ID: 0023
Revises: 0022 (capacity asks)

Bookings, complaints, evaluations and plan-week imports record each attempt here
(services.core.imports), so the clerk's desk lists the files refused in the last days. A
new table: nothing existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("created_count", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('bookings', 'complaints', 'evaluations', 'plan_week')",
            name=op.f("ck_import_runs_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_runs")),
    )
    op.create_index("ix_import_runs_accepted_started", "import_runs", ["accepted", "started_at"])


def downgrade() -> None:
    op.drop_index("ix_import_runs_accepted_started", table_name="import_runs")
    op.drop_table("import_runs")
