"""kpi year view: plan summaries stored at publication, and covering indexes for a year

Revision ID: 0008
Revises: 0005 (planning), 0007 (kpi indexes)

The dashboard's year view read every published week's whole instance and plan (about 20 ms
a week) and aggregated bookings, complaints and rectifications through indexes that still
visited the table's rows. Now a published version carries its `summary` (optimizer.summary,
what the KPIs read of a plan), filled here for the versions already published, and each
aggregate has an index holding every column it reads.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from optimizer.summary import summarize

revision: str = "0008"
down_revision: str | Sequence[str] | None = ("0005", "0007")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_evaluations_level_month", "evaluations", ["level", "month_start", "counted", "id"]),
    ("ix_evaluations_level_week", "evaluations", ["level", "week_start", "counted", "id"]),
    (
        "ix_rectification_cases_evaluation_due",
        "rectification_cases",
        ["evaluation_id", "opened_at", "due_at", "closed_at"],
    ),
    (
        "ix_bookings_status_week_kind_size",
        "bookings",
        ["status", "week_start", "kind", "location_id", "group_size"],
    ),
    (
        "ix_complaint_cases_received_clock",
        "complaint_cases",
        ["received_at", "category", "district_id", "deadline_at", "first_verified_at"],
    ),
)
# Served by ix_bookings_status_week_kind_size, which leads with the same columns.
REPLACED = (
    "ix_bookings_status_week_kind",
    "bookings",
    ["status", "week_start", "kind", "location_id"],
)


def upgrade() -> None:
    with op.batch_alter_table("plan_versions") as batch_op:
        batch_op.add_column(sa.Column("summary", sa.JSON(), nullable=True))
    versions = sa.table(
        "plan_versions",
        sa.column("id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("instance", sa.JSON),
        sa.column("plan", sa.JSON),
        sa.column("summary", sa.JSON),
    )
    connection = op.get_bind()
    published = connection.execute(
        sa.select(versions.c.id, versions.c.instance, versions.c.plan).where(
            versions.c.status == "published"
        )
    ).all()
    for version_id, instance, plan in published:
        connection.execute(
            versions.update()
            .where(versions.c.id == version_id)
            .values(summary=summarize(instance, plan))
        )
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    op.drop_index(REPLACED[0], table_name=REPLACED[1])


def downgrade() -> None:
    op.create_index(*REPLACED, unique=False)
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("plan_versions") as batch_op:
        batch_op.drop_column("summary")
