"""The checklist editor (AppTest): an administrator changes a type's checklist, sees what is
wrong line by line, and a save from an outdated form overwrites nothing."""

from __future__ import annotations

import pytest

from pages.registry import PAGES
from services.applications import types
from services.calendar import workdays
from tests.conftest import make_actor
from tests.pages.conftest import open_app

PAGE = "pages/admin_application_types.py"
ADMIN = make_actor("admin")


@pytest.fixture
def desk(app_db):
    workdays.clear_cache()
    types.ensure_standard_types()
    yield types.type_by_code(types.NAME_CHANGE)
    workdays.clear_cache()


def _open_name_change(kind: types.TypeView):
    app = open_app(ADMIN, PAGE)
    assert not app.exception
    app.selectbox(key="at_type").set_value(kind.id).run()
    return app


def test_an_admin_makes_a_document_internal_and_adds_one(desk):
    kind = desk
    app = _open_name_change(kind)
    permit = kind.document("original_permit")
    v = kind.version
    app.selectbox(key=f"at_doc_req_{permit.id}_{v}").set_value("internal")
    app.text_input(key=f"at_new_code_{kind.id}_{v}").input("lease")
    app.text_input(key=f"at_new_zh_{kind.id}_{v}").input("租赁合同")
    app.button(key="at_save").click().run()
    assert not app.exception, app.exception
    assert [s.value for s in app.success] == ["已保存。"]
    saved = types.type_by_code(types.NAME_CHANGE)
    assert saved.document("original_permit").requirement == "internal"
    assert saved.document("lease").name_en == "租赁合同"
    assert saved.document("lease").requirement == "supplementable"
    assert saved.version == v + 1


def test_a_bad_line_is_named_with_its_row_and_nothing_is_saved(desk):
    kind = desk
    app = _open_name_change(kind)
    app.text_input(key=f"at_new_code_{kind.id}_{kind.version}").input("Bad Code")
    app.button(key="at_save").click().run()
    assert not app.exception
    message = app.error[0].value
    assert "第 6 行" in message and "Bad Code" in message and "材料名称" in message
    assert types.type_by_code(types.NAME_CHANGE) == kind


def test_a_save_from_an_outdated_form_is_refused(desk):
    kind = desk
    app = _open_name_change(kind)
    # Someone else saves the checklist while this form is open.
    lines = [
        types.DocumentLine(d.code, d.name_zh, d.name_en, "required", d.id) for d in kind.documents
    ]
    types.save_checklist(ADMIN, kind.id, kind.version, kind.name_zh, kind.name_en, True, lines)
    app.text_input(key=f"at_zh_{kind.id}_{kind.version}").input("改名")
    app.button(key="at_save").click().run()
    assert not app.exception
    assert "该记录已被他人修改" in app.error[0].value
    assert types.type_by_code(types.NAME_CHANGE).name_zh == kind.name_zh


def test_a_new_type_is_added_and_opened(desk):
    app = open_app(ADMIN, PAGE)
    app.text_input(key="at_add_code").input("fire_design_review")
    app.text_input(key="at_add_zh").input("消防设计审查")
    app.checkbox(key="at_add_insp").check()
    app.button(key="at_add_save").click().run()
    assert not app.exception
    added = types.type_by_code("fire_design_review")
    assert added.needs_inspection and added.documents == ()
    assert app.selectbox(key="at_type").value == added.id


def test_only_administrators_get_the_page():
    spec = next(p for p in PAGES if p.path == PAGE)
    assert spec.permission == "admin.application_types"
    assert make_actor("admin").can(spec.permission)
    for role in ("staff", "duty_manager", "leader"):
        assert not make_actor(role).can(spec.permission)
