"""callback contacts: who calls a reviewer or a follow-up back, and whom a follow-up calls

Revision ID: 0010
Revises: 0009 (follow-up due provisional)

A follow-up carries the person to call (`contact_name`, `contact_phone`): a tour's
follow-up has no unit, so before this it had no one to call. Existing follow-ups are
filled from their booking's contact, their complaint's first ticket, or else the unit's
phone. Follow-ups and bad-review cases get an assignee, the staff member who makes the
call and so may reveal that one number (audited).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BOOKING_KINDS = ("inspection", "training", "tour")


def upgrade() -> None:
    with op.batch_alter_table("follow_ups") as batch_op:
        batch_op.add_column(
            sa.Column("contact_name", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("contact_phone", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("assignee_staff_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_follow_ups_assignee_staff_id_staff"),
            "staff",
            ["assignee_staff_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("follow_ups") as batch_op:
        batch_op.alter_column("contact_name", server_default=None)
    with op.batch_alter_table("rectification_cases") as batch_op:
        batch_op.add_column(sa.Column("assignee_staff_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_rectification_cases_assignee_staff_id_staff"),
            "staff",
            ["assignee_staff_id"],
            ["id"],
            ondelete="SET NULL",
        )
    _fill_contacts()


def _fill_contacts() -> None:
    followups = sa.table(
        "follow_ups",
        sa.column("id", sa.Integer),
        sa.column("source_kind", sa.String),
        sa.column("source_id", sa.Integer),
        sa.column("unit_location_id", sa.Integer),
        sa.column("contact_name", sa.String),
        sa.column("contact_phone", sa.String),
    )
    bookings = sa.table(
        "bookings",
        sa.column("id", sa.Integer),
        sa.column("contact_name", sa.String),
        sa.column("contact_phone", sa.String),
    )
    tickets = sa.table(
        "complaint_tickets",
        sa.column("id", sa.Integer),
        sa.column("case_id", sa.Integer),
        sa.column("complainant_name", sa.String),
        sa.column("complainant_phone", sa.String),
    )
    locations = sa.table(
        "locations", sa.column("id", sa.Integer), sa.column("contact_phone", sa.String)
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            followups.c.id,
            followups.c.source_kind,
            followups.c.source_id,
            followups.c.unit_location_id,
        )
    ).all()
    booking_contacts = {
        row.id: (row.contact_name, row.contact_phone)
        for row in connection.execute(sa.select(bookings))
    }
    complaint_contacts: dict[int, tuple] = {}
    for row in connection.execute(sa.select(tickets).order_by(tickets.c.id)):
        if row.complainant_phone and row.case_id not in complaint_contacts:
            complaint_contacts[row.case_id] = (row.complainant_name, row.complainant_phone)
    unit_phones = {
        row.id: row.contact_phone
        for row in connection.execute(sa.select(locations.c.id, locations.c.contact_phone))
    }
    for followup_id, kind, source_id, unit_id in rows:
        source = booking_contacts if kind in BOOKING_KINDS else complaint_contacts
        name, phone = source.get(source_id, ("", None))
        if not phone:
            name, phone = "", unit_phones.get(unit_id)
        connection.execute(
            followups.update()
            .where(followups.c.id == followup_id)
            .values(contact_name=name or "", contact_phone=phone)
        )


def downgrade() -> None:
    with op.batch_alter_table("rectification_cases") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_rectification_cases_assignee_staff_id_staff"), type_="foreignkey"
        )
        batch_op.drop_column("assignee_staff_id")
    with op.batch_alter_table("follow_ups") as batch_op:
        batch_op.drop_constraint(op.f("fk_follow_ups_assignee_staff_id_staff"), type_="foreignkey")
        batch_op.drop_column("assignee_staff_id")
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_name")
