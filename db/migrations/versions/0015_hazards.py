"""hazards: the guidance library, hazard cases with their correction order, extension requests

Revision ID: 0015
Revises: 0014 (applications)

Measures 06 and 08: an inspection outcome "correction order" opens a case that carries the
guidance, the numbered order (unique per detachment and year), its deadline, extensions
and the re-inspection. The guidance library is seeded by the service on first use
(services.hazards.guidance), not here: a migration stays frozen.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hazard_guidance",
        sa.Column("hazard_type", sa.String(length=30), nullable=False),
        sa.Column("plan_zh", sa.Text(), nullable=False),
        sa.Column("plan_en", sa.Text(), nullable=False),
        sa.Column("standard", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hazard_type", name=op.f("pk_hazard_guidance")),
    )
    op.create_table(
        "hazard_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_no", sa.String(length=30), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("legal_basis", sa.String(length=300), nullable=False),
        sa.Column("major", sa.Boolean(), nullable=False),
        sa.Column("officers", sa.JSON(), nullable=False),
        sa.Column("inspected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("order_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("order_due_provisional", sa.Boolean(), nullable=False),
        sa.Column("guidance", sa.JSON(), nullable=False),
        sa.Column("detachment", sa.String(length=20), nullable=False),
        sa.Column("order_year", sa.Integer(), nullable=True),
        sa.Column("order_seq", sa.Integer(), nullable=True),
        sa.Column("order_issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("reinspection_applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reinspection_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reinspection_due_provisional", sa.Boolean(), nullable=False),
        sa.Column("reinspection_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalation", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "escalation IS NULL OR escalation IN ('penalty_referral', 'major_reported')",
            name=op.f("ck_hazard_cases_escalation"),
        ),
        sa.CheckConstraint(
            "state IN ('opened', 'order_issued', 'extension_requested', 'reinspection_due', 'closed_fixed', 'escalated')",
            name=op.f("ck_hazard_cases_state"),
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection_records.id"],
            name=op.f("fk_hazard_cases_inspection_id_inspection_records"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_hazard_cases_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["reinspection_id"],
            ["inspection_records.id"],
            name=op.f("fk_hazard_cases_reinspection_id_inspection_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hazard_cases")),
        sa.UniqueConstraint("case_no", name=op.f("uq_hazard_cases_case_no")),
        sa.UniqueConstraint("detachment", "order_year", "order_seq", name="uq_hazard_cases_order"),
        sa.UniqueConstraint("inspection_id", name=op.f("uq_hazard_cases_inspection_id")),
    )
    with op.batch_alter_table("hazard_cases", schema=None) as batch_op:
        batch_op.create_index("ix_hazard_cases_state", ["state"], unique=False)

    op.create_table(
        "hazard_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("reason_text", sa.String(length=500), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_deadline", sa.Date(), nullable=False),
        sa.Column("old_deadline", sa.Date(), nullable=False),
        sa.Column("decide_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decide_due_provisional", sa.Boolean(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=40), nullable=True),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.CheckConstraint(
            "decision IS NULL OR decision IN ('granted', 'refused')",
            name=op.f("ck_hazard_extensions_decision"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["hazard_cases.id"], name=op.f("fk_hazard_extensions_case_id_hazard_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hazard_extensions")),
    )
    with op.batch_alter_table("hazard_extensions", schema=None) as batch_op:
        batch_op.create_index("ix_hazard_extensions_case", ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hazard_extensions", schema=None) as batch_op:
        batch_op.drop_index("ix_hazard_extensions_case")

    op.drop_table("hazard_extensions")
    with op.batch_alter_table("hazard_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_hazard_cases_state")

    op.drop_table("hazard_cases")
    op.drop_table("hazard_guidance")
