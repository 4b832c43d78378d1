"""follow-up due dates carry the provisional flag of their working-day count

Revision ID: 0009
Revises: 0008

`follow_ups.due_provisional` marks a due date counted (partly) on a year whose calendar
was not confirmed; `due_from` keeps the moment the count started, so that confirming the
year can recount it. Open follow-ups due in a year not confirmed yet are marked
provisional; their count starts from their creation (`due_from` stays empty).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "follow_ups",
        sa.Column("due_provisional", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("follow_ups", sa.Column("due_from", sa.DateTime(timezone=True), nullable=True))
    bind = op.get_bind()
    confirmed = set(
        bind.execute(sa.text("SELECT year FROM calendar_years WHERE confirmed")).scalars()
    )
    follow_ups = sa.table("follow_ups", sa.column("id"), sa.column("due_provisional"))
    provisional = [
        row.id
        for row in bind.execute(
            sa.text("SELECT id, due FROM follow_ups WHERE status = 'open'").columns(due=sa.Date())
        )
        if row.due.year not in confirmed
    ]
    for start in range(0, len(provisional), 500):
        bind.execute(
            sa.update(follow_ups)
            .where(follow_ups.c.id.in_(provisional[start : start + 500]))
            .values(due_provisional=True)
        )


def downgrade() -> None:
    op.drop_column("follow_ups", "due_from")
    op.drop_column("follow_ups", "due_provisional")
