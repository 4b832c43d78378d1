"""kpi indexes: what the leadership dashboard aggregates over a province's history

Revision ID: 0007
Revises: 0002 (complaints), 0003 (bookings), 0004 (evaluations)

A merge of the three branches whose tables it indexes, rather than a child of 0001 that
depends on them: Alembic cannot upgrade a revision whose parent is also the parent of its
dependencies (KeyError on the shared parent), and a dependency would stay listed as a head
that the database never records, so `db.migrate.is_up_to_date` would never be true.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = ("0002", "0003", "0004")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    (
        "ix_evaluations_month_station",
        "evaluations",
        ["month_start", "station_id", "level", "counted"],
    ),
    (
        "ix_evaluations_week_station",
        "evaluations",
        ["week_start", "station_id", "level", "counted"],
    ),
    ("ix_bookings_status_week_kind", "bookings", ["status", "week_start", "kind", "location_id"]),
    ("ix_complaint_cases_first_verified", "complaint_cases", ["first_verified_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
