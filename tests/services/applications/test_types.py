"""Administrators edit checklists; what a checklist says decides the next notice, never a
notice already given."""

from __future__ import annotations

import pytest

from services.applications import types
from services.applications.intake import ApplicationInput, intake
from services.applications.queue import get_application
from services.core.errors import PermissionDenied, ValidationError
from tests.conftest import make_actor

ADMIN = make_actor("admin")
CLERK = make_actor("staff")


def _take(documents: list[str]) -> int:
    kind = types.type_by_code(types.NAME_CHANGE)
    return intake(
        CLERK, ApplicationInput(kind.id, "好时光KTV", "张三丰", "13812345678", documents)
    ).application_id


def test_an_admin_adds_a_document_and_makes_one_internal(clock):
    kind = types.type_by_code(types.NAME_CHANGE)
    before = get_application(CLERK, _take(["change_application"]))
    types.add_document(ADMIN, kind.id, "lease", "租赁合同", "Lease", "supplementable")
    permit = kind.document("original_permit")
    types.set_requirement(ADMIN, permit.id, "internal")
    after = get_application(CLERK, _take(["change_application"]))
    assert [i["code"] for i in after.notice_items] == [
        "name_preapproval",
        "representative_ids",
        "lease",
    ]
    # The first notice keeps what it listed.
    first = get_application(CLERK, before.id)
    assert [i["code"] for i in first.notice_items] == [
        "name_preapproval",
        "original_permit",
        "representative_ids",
    ]


def test_checklists_are_for_administrators_and_checked(clock):
    kind = types.type_by_code(types.NAME_CHANGE)
    with pytest.raises(PermissionDenied):
        types.add_document(CLERK, kind.id, "lease", "租赁合同", "Lease", "supplementable")
    with pytest.raises(ValidationError) as refused:
        types.add_document(ADMIN, kind.id, "original_permit", "", "", "sometimes")
    # Field errors first; the duplicate code is checked once the fields are right.
    assert {e.key for e in refused.value.errors} == {"error.required", "error.choice"}
    with pytest.raises(ValidationError) as duplicate:
        types.add_document(ADMIN, kind.id, "original_permit", "许可文书", "Permit", "required")
    assert [e.key for e in duplicate.value.errors] == ["error.duplicate"]
