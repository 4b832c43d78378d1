"""What-if weeks: a contract instance (and plan) imported as a draft, all or nothing."""

from __future__ import annotations

import json

import pytest

from services.core.errors import PermissionDenied, ValidationError
from services.planning import versions as plan_versions
from services.planning import whatif as plan_whatif
from tests.fixtures.planning import WEEK, imported


def test_bad_uploads_are_refused_with_every_problem_named(db, manager, small_week):
    with pytest.raises(ValidationError) as not_json:
        plan_whatif.import_week(manager, b"{not json", None)
    assert not_json.value.errors[0].field == "instance_file"

    broken = json.loads(json.dumps(small_week))
    del broken["weights"]
    broken["tasks"][0]["location"] = "NOWHERE"
    with pytest.raises(ValidationError) as invalid:
        imported(manager, broken)
    details = " ".join(invalid.value.messages("en"))
    assert "'weights'" in details and "NOWHERE" in details

    plan = imported(manager, small_week).plan
    moved = json.loads(json.dumps(plan))
    moved["assignments"][0]["start"] = 3  # off the grid
    with pytest.raises(ValidationError) as bad_plan:
        imported(manager, small_week, moved)
    assert "Within a window" in " ".join(bad_plan.value.messages("en"))
    assert len(plan_versions.week_versions(WEEK)) == 1  # nothing stored by the refused imports


def test_a_valid_plan_upload_is_kept_as_given(db, manager, small_week):
    plan = imported(manager, small_week).plan
    again = imported(manager, small_week, plan)
    assert again.plan["assignments"] == plan["assignments"]


def test_roles(db, staff_actor, small_week):
    with pytest.raises(PermissionDenied):
        plan_whatif.import_week(staff_actor, json.dumps(small_week), None)
