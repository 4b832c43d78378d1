"""kpi year view: plan summaries stored at publication, and covering indexes for a year

Revision ID: 0008
Revises: 0005 (planning), 0007 (kpi indexes)

The dashboard's year view read every published week's whole instance and plan (about 20 ms
a week) and aggregated bookings, complaints and rectifications through indexes that still
visited the table's rows. Now a published version carries its `summary` (optimizer.summary,
what the KPIs read of a plan), filled here for the versions already published, and each
aggregate has an index holding every column it reads.

Migrations are frozen history: the summary is computed by a copy of `optimizer.summary` as
it stood when this migration was written (format `firedesk.plan-summary/1`), never by live
code, so re-running this migration later computes what it computed then.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

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


SUMMARY_FORMAT = "firedesk.plan-summary/1"


def _offhours_minutes(intervals: list, start: int, end: int) -> int:
    return sum(max(0, min(end, b) - max(start, a)) for a, b in _merged(intervals))


def _merged(intervals: list) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for a, b in sorted(tuple(i) for i in intervals):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _lowest_cost(task: dict, start: int) -> int | None:
    costs = [
        w["cost"]
        for w in task.get("windows", [])
        if w["start"] <= start and start + task["duration"] <= w["end"]
    ]
    return min(costs) if costs else None


def summarize(instance: dict, plan: dict) -> dict:
    """The plan's KPI facts, as optimizer.summary computed them at revision 0008."""
    places = {loc["id"]: loc for loc in instance.get("locations", [])}
    offhours = instance.get("offhours", [])
    tasks = {t["id"]: t for t in instance.get("tasks", [])}
    minutes = {s["id"]: 0 for s in instance.get("staff", [])}
    starts: dict[str, int] = {}
    for a in plan.get("assignments", []):
        task = tasks.get(a["task"])
        if task is None:
            continue
        starts[a["task"]] = a["start"]
        for person in a["staff"]:
            worked = _offhours_minutes(offhours, a["start"], a["start"] + task["duration"])
            minutes[person] = minutes.get(person, 0) + worked
    task_rows = []
    for task_id, task in tasks.items():
        start = starts.get(task_id)
        preferred = None if start is None else _lowest_cost(task, start) == 0
        district = places.get(task.get("location"), {}).get("district")
        task_rows.append([task_id, district, start is not None, start, preferred])
    bases = {s["id"]: places.get(s.get("base"), {}) for s in instance.get("staff", [])}
    staff_rows = [
        [person, bases.get(person, {}).get("district"), bases.get(person, {}).get("name"), m]
        for person, m in minutes.items()
    ]
    return {"format": SUMMARY_FORMAT, "tasks": task_rows, "staff": staff_rows}


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
