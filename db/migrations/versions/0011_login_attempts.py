"""login attempts: failed logins under names that are no active account

Revision ID: 0011
Revises: 0010 (callback contacts)

Unknown and deactivated names count failed logins and lock like real accounts do, so a
login never tells whether an account exists. A branch of its own off the foundation (the
users table is all it concerns), so it stands beside the feature branches' migrations.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_login_attempts")),
    )
    op.create_index(
        "ix_login_attempts_last_failed_at", "login_attempts", ["last_failed_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_login_attempts_last_failed_at", table_name="login_attempts")
    op.drop_table("login_attempts")
