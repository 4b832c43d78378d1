"""Administrators edit checklists; what a checklist says decides the next notice, never a
notice already given."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import AuditLog
from db.session import read_session
from services.applications import printouts, types
from services.applications.intake import ApplicationInput, intake
from services.applications.queue import get_application
from services.core.errors import ConflictError, PermissionDenied, ValidationError
from tests.conftest import make_actor

ADMIN = make_actor("admin")
CLERK = make_actor("staff")


def _take(documents: list[str]) -> int:
    kind = types.type_by_code(types.NAME_CHANGE)
    return intake(
        CLERK, ApplicationInput(kind.id, "好时光KTV", "张三丰", "13812345678", documents)
    ).application_id


def _lines(kind: types.TypeView, **requirements: str) -> list[types.DocumentLine]:
    """The type's checklist as the editor would send it back, with some requirements changed."""
    return [
        types.DocumentLine(
            d.code, d.name_zh, d.name_en, requirements.get(d.code, d.requirement), d.id
        )
        for d in kind.documents
    ]


def _save(kind: types.TypeView, lines, actor=ADMIN, version=None, active=True) -> None:
    types.save_checklist(
        actor,
        kind.id,
        kind.version if version is None else version,
        kind.name_zh,
        kind.name_en,
        active,
        lines,
    )


def test_an_admin_adds_a_document_and_makes_one_internal(clock):
    kind = types.type_by_code(types.NAME_CHANGE)
    before = get_application(CLERK, _take(["change_application"]))
    lines = _lines(kind, original_permit="internal")
    _save(kind, [*lines, types.DocumentLine("lease", "租赁合同", "Lease", "supplementable")])
    after = get_application(CLERK, _take(["change_application"]))
    assert [i["code"] for i in after.notice_items] == [
        "name_preapproval",
        "representative_ids",
        "lease",
    ]
    # The first notice keeps what it listed, and the application still waits for it.
    first = get_application(CLERK, before.id)
    assert [i["code"] for i in first.notice_items] == [
        "name_preapproval",
        "original_permit",
        "representative_ids",
    ]
    assert first.missing == ("name_preapproval", "original_permit", "representative_ids")
    assert types.type_by_code(types.NAME_CHANGE).version == kind.version + 1


def test_a_renamed_line_leaves_the_printed_notice_as_it_was(clock):
    kind = types.type_by_code(types.NAME_CHANGE)
    first = _take(["change_application"])
    lines = [
        types.DocumentLine(d.code, d.name_zh + "（新版）", d.name_en, d.requirement, d.id)
        for d in kind.documents
    ]
    _save(kind, lines)
    notice = printouts.notice_html(get_application(CLERK, first), "zh-CN")
    assert "新旧法定代表人身份证复印件</li>" in notice and "（新版）" not in notice
    newer = printouts.notice_html(get_application(CLERK, _take(["change_application"])), "zh-CN")
    assert "新旧法定代表人身份证复印件（新版）" in newer


def test_a_receipt_lists_what_was_handed_in_not_what_the_checklist_added_later(clock):
    kind = types.type_by_code(types.NAME_CHANGE)
    taken = _take(["change_application", "original_permit"])
    _save(kind, [*_lines(kind), types.DocumentLine("lease", "租赁合同", "Lease", "required")])
    receipt = printouts.receipt_html(get_application(CLERK, taken), "zh-CN")
    assert "变更申请" in receipt and "许可文书原件" in receipt
    assert "租赁合同" not in receipt and "新场所名称预先核准通知书" not in receipt


def test_checklists_are_for_administrators_and_checked_line_by_line(clock):
    kind = types.type_by_code(types.NAME_CHANGE)
    with pytest.raises(PermissionDenied):
        _save(kind, _lines(kind), actor=CLERK)
    bad = [
        *_lines(kind),
        types.DocumentLine("Lease!", "", "", "sometimes"),
        types.DocumentLine("original_permit", "许可文书", "Permit", "required"),
    ]
    with pytest.raises(ValidationError) as refused:
        _save(kind, bad)
    found = {(e.row, e.field, e.key) for e in refused.value.errors}
    assert found == {
        (6, "document_code", "applications.error.code_format"),
        (6, "document_name", "error.required"),
        (6, "requirement", "error.choice"),
        (7, "document_code", "error.duplicate"),
    }
    assert types.type_by_code(types.NAME_CHANGE) == kind  # nothing written


def test_a_line_is_never_removed_nor_its_code_changed(clock):
    kind = types.type_by_code(types.NAME_CHANGE)
    lines = _lines(kind)
    with pytest.raises(ValidationError) as removed:
        _save(kind, lines[1:])
    assert [(e.key, e.params) for e in removed.value.errors] == [
        ("applications.error.line_removed", {"code": "change_application"})
    ]
    first = lines[0]
    renamed = [types.DocumentLine("new_code", first.name_zh, "", "required", first.id), *lines[1:]]
    with pytest.raises(ValidationError) as changed:
        _save(kind, renamed)
    assert [e.key for e in changed.value.errors] == ["applications.error.code_changed"]


def test_a_save_from_an_outdated_form_is_refused(clock):
    kind = types.type_by_code(types.NAME_CHANGE)
    _save(kind, _lines(kind, original_permit="internal"))
    with pytest.raises(ConflictError):
        _save(kind, _lines(kind, name_preapproval="required"))  # the version it showed
    now = types.type_by_code(types.NAME_CHANGE)
    assert now.document("original_permit").requirement == "internal"
    assert now.document("name_preapproval").requirement == "supplementable"


def test_checklist_changes_are_audited(clock):
    kind = types.type_by_code(types.NAME_CHANGE)
    _save(kind, _lines(kind, original_permit="internal"))
    with read_session() as session:
        tables = set(
            session.scalars(select(AuditLog.table_name).where(AuditLog.username == ADMIN.username))
        )
    assert {"application_documents", "application_types"} <= tables


def test_an_inactive_type_is_not_offered_and_a_new_type_starts_empty(clock):
    kind = types.type_by_code(types.NAME_CHANGE)
    _save(kind, _lines(kind), active=False)
    assert types.NAME_CHANGE not in [k.code for k in types.list_types()]
    created = types.add_type(ADMIN, "fire_design_review", "消防设计审查", "", False)
    added = types.type_by_code("fire_design_review")
    assert (added.id, added.name_en, added.documents, added.active) == (
        created,
        "消防设计审查",
        (),
        True,
    )
    with pytest.raises(ValidationError) as duplicate:
        types.add_type(ADMIN, "fire_design_review", "又一个", "", False)
    assert [e.key for e in duplicate.value.errors] == ["error.duplicate"]
    with pytest.raises(PermissionDenied):
        types.add_type(CLERK, "other", "其他", "", False)
