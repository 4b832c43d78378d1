"""draws: the registers of the double-random draw, stored draws, inspection records

Revision ID: 0013
Revises: 0012 (solve jobs)

Measure 04 (双随机一公开): which units are inspection objects (key-unit flag, last
inspectors), what each inspector covers and must avoid, each draw with its snapshot, seed,
rules and result (a redraw is a new row; the old one is marked superseded), and the
inspections as recorded with their outcome (measure 10: minor, corrected, no penalty).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "draws",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("seed", sa.String(length=200), nullable=False),
        sa.Column("algorithm", sa.String(length=60), nullable=False),
        sa.Column("algorithm_version", sa.Integer(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("snapshot_hash", sa.String(length=64), nullable=False),
        sa.Column("draw_key", sa.String(length=64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('current', 'superseded')", name=op.f("ck_draws_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draws")),
        sa.UniqueConstraint("period", "number", name="uq_draws_period_number"),
    )
    op.create_index("ix_draws_period_status", "draws", ["period", "status"], unique=False)

    op.create_table(
        "draw_units",
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("key_unit", sa.Boolean(), nullable=False),
        sa.Column("in_register", sa.Boolean(), nullable=False),
        sa.Column("last_inspected_on", sa.Date(), nullable=True),
        sa.Column("last_inspectors", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_draw_units_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("location_id", name=op.f("pk_draw_units")),
    )
    op.create_table(
        "inspection_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("draw_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("inspected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("officers", sa.JSON(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.CheckConstraint(
            "kind IN ('random_inspection', 'offhours_inspection', 'complaint_check', 'reinspection')",
            name=op.f("ck_inspection_records_kind"),
        ),
        sa.CheckConstraint(
            "outcome IN ('no_problem', 'minor_corrected', 'correction_order', 'referred_penalty')",
            name=op.f("ck_inspection_records_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["draw_id"], ["draws.id"], name=op.f("fk_inspection_records_draw_id_draws")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_inspection_records_location_id_locations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_records")),
    )
    op.create_index("ix_inspection_records_draw", "inspection_records", ["draw_id"], unique=False)
    op.create_index(
        "ix_inspection_records_location",
        "inspection_records",
        ["location_id", "inspected_at"],
        unique=False,
    )

    op.create_table(
        "draw_inspectors",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("district_ids", sa.JSON(), nullable=False),
        sa.Column("conflict_location_ids", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_draw_inspectors_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_draw_inspectors")),
    )


def downgrade() -> None:
    op.drop_table("draw_inspectors")
    op.drop_index("ix_inspection_records_location", table_name="inspection_records")
    op.drop_index("ix_inspection_records_draw", table_name="inspection_records")
    op.drop_table("inspection_records")
    op.drop_table("draw_units")
    op.drop_index("ix_draws_period_status", table_name="draws")
    op.drop_table("draws")
