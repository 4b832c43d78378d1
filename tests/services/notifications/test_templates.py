"""Templates: built-in texts in both languages using only their variables; an admin's edit
overrides the default, and one naming an unknown variable is refused saying which."""

from __future__ import annotations

import pytest

from services.core.errors import PermissionDenied, ValidationError
from services.notifications import templates
from tests.fixtures.notifications import queue, rows


@pytest.mark.parametrize("key", sorted(templates.BUILT_IN))
@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_every_built_in_text_uses_exactly_its_variables(key, language):
    spec = templates.BUILT_IN[key]
    used = templates.placeholders(spec.default(language))
    assert set(used) == set(spec.variables)


def test_an_unknown_variable_is_refused_and_named(db, admin):
    with pytest.raises(ValidationError) as refused:
        templates.save_template(admin, "complaint.closed", "zh-CN", "您好 {name}，工单 {ticket}")
    [message] = refused.value.messages("en")
    assert "{name}" in message and "ticket" in message and "Template text" in message
    assert all(not row.edited for row in templates.list_templates())


def test_a_broken_placeholder_is_refused(db, admin):
    with pytest.raises(ValidationError):
        templates.save_template(admin, "complaint.closed", "zh-CN", "工单 {ticket")


def test_an_admin_edit_overrides_the_default_until_reset(db, admin):
    templates.save_template(admin, "complaint.closed", "zh-CN", "工单{ticket}已办结：{result}")
    [edited] = [r for r in templates.list_templates() if r.edited]
    assert (edited.key, edited.language) == ("complaint.closed", "zh-CN")
    queue("after-edit")
    assert rows()[0].body == "工单LY001已办结：当场改正"
    templates.save_template(
        admin, "complaint.closed", "zh-CN", "{ticket}：{result}", edited.version
    )
    templates.reset_template(admin, "complaint.closed", "zh-CN")
    queue("after-reset")
    assert rows()[1].body == templates.BUILT_IN["complaint.closed"].zh.format(
        ticket="LY001", unit="万达广场", result="当场改正"
    )


def test_only_an_admin_edits_templates(db, manager):
    with pytest.raises(PermissionDenied):
        templates.save_template(manager, "complaint.closed", "zh-CN", "{ticket}")
