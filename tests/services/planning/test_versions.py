"""Plan versions: numbered per week, and a published one never changes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import AuditLog, PlanVersion
from db.session import read_session
from optimizer.validator import validate_plan
from services.core.errors import FiredeskError
from services.core.unit_of_work import unit_of_work
from services.planning import edits as plan_edits
from services.planning import publish as plan_publish
from services.planning import versions as plan_versions
from tests.fixtures.planning import WEEK, imported


def test_import_without_a_plan_starts_from_a_valid_draft(db, manager, small_week):
    first = imported(manager, small_week)
    second = imported(manager, small_week)
    assert (first.number, second.number) == (1, 2)
    assert first.status == "draft" and first.source == "import"
    assert validate_plan(first.instance, first.plan).ok
    assert [v.id for v in plan_versions.week_versions(WEEK)] == [second.id, first.id]


def test_published_versions_never_change(db, manager, small_week):
    draft = imported(manager, small_week)
    published = plan_publish.publish(manager, draft.id, draft.version).version
    assert published.published and published.published_by == manager.username
    assert plan_versions.published_version(WEEK).id == draft.id

    with pytest.raises(FiredeskError) as twice:
        plan_publish.publish(manager, published.id, published.version)
    assert twice.value.key == "plan.error.already_published"

    task = published.plan["assignments"][0]["task"]
    edited = plan_edits.unassign(manager, published.id, published.version, task)
    assert edited.id != published.id and edited.status == "draft"
    assert edited.based_on_id == published.id
    assert plan_versions.get_version(published.id).plan == published.plan

    with pytest.raises(ValueError), unit_of_work(manager) as session:
        session.get(PlanVersion, published.id).note = "rewritten"

    with read_session() as session:
        audited = session.scalars(
            select(AuditLog).where(AuditLog.table_name == "plan_versions").order_by(AuditLog.id)
        ).all()
    publishing = [a for a in audited if a.action == "update" and a.row_id == str(published.id)]
    assert [a.after["status"] for a in publishing] == ["published"]
    inserts = [a for a in audited if a.action == "insert"]
    assert len(inserts) == 2 and all("instance" not in a.after for a in inserts)
