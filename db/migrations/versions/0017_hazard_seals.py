"""hazard seals and major-hazard reports: temporary seals (临时查封) with their decision clock,
and the report up of a major fire hazard (when, by whom, to which level and whom)

Revision ID: 0017
Revises: 0016 (notifications)

Existing cases keep every value; the new columns are empty for them (a major hazard opened
before this revision shows as not reported yet).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hazard_cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("major_reported_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("major_reported_by", sa.String(length=40)))
        batch_op.add_column(sa.Column("major_report_level", sa.String(length=20)))
        batch_op.add_column(sa.Column("major_reported_to", sa.String(length=100)))

    op.create_table(
        "hazard_seals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("scope", sa.String(length=300), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("proposed_by", sa.String(length=40), nullable=False),
        sa.Column("decide_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decide_due_provisional", sa.Boolean(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=40), nullable=True),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_by", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "state IN ('proposed', 'sealed', 'not_sealed', 'lifted')",
            name=op.f("ck_hazard_seals_state"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["hazard_cases.id"], name=op.f("fk_hazard_seals_case_id_hazard_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hazard_seals")),
    )
    with op.batch_alter_table("hazard_seals", schema=None) as batch_op:
        batch_op.create_index("ix_hazard_seals_case", ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hazard_seals", schema=None) as batch_op:
        batch_op.drop_index("ix_hazard_seals_case")
    op.drop_table("hazard_seals")
    with op.batch_alter_table("hazard_cases", schema=None) as batch_op:
        batch_op.drop_column("major_reported_to")
        batch_op.drop_column("major_report_level")
        batch_op.drop_column("major_reported_by")
        batch_op.drop_column("major_reported_at")
