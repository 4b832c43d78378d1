"""inspection record task: the published plan's task an inspection record was made from

Revision ID: 0018
Revises: 0017 (hazard seals)

Officers record every kind of inspection (booked off-hours, complaint check,
re-inspection, random) from their own task list; the record names the plan task
(`B12`, `C7`, `H3`, `R4-U001`) so the list shows it as done, and once only (unique).
Random inspections recorded before this name their task from their draw and unit (the
earliest record of each pair, should a pair have been recorded twice).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN and CREATE UNIQUE INDEX: a batch rebuild of the table would drop it,
    # which SQLite refuses while hazard cases refer to its rows.
    op.add_column("inspection_records", sa.Column("task", sa.String(length=40), nullable=True))
    op.execute(
        """
        UPDATE inspection_records
        SET task = 'R' || CAST(draw_id AS VARCHAR(12)) || '-'
            || (SELECT code FROM locations WHERE locations.id = inspection_records.location_id)
        WHERE id IN (
            SELECT MIN(id) FROM inspection_records
            WHERE draw_id IS NOT NULL
            GROUP BY draw_id, location_id
        )
        """
    )
    op.create_index("uq_inspection_records_task", "inspection_records", ["task"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_inspection_records_task", table_name="inspection_records")
    with op.batch_alter_table("inspection_records") as batch_op:
        batch_op.drop_column("task")
