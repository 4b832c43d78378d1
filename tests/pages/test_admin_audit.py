"""The audit page: newest first, filtered by user and dates, before and after as JSON."""

from datetime import date

import pytest

from services.accounts import users as accounts
from tests.pages.conftest import open_app

PAGE = "pages/admin_audit.py"


@pytest.fixture
def chief(app_db):
    chief = accounts.create_first_admin("chief", "王支队", "s3cret-pass")
    accounts.create_account(chief, accounts.AccountInput("clerk", "李四", "staff", "password-1"))
    return chief


def test_entries_newest_first_with_json(chief):
    app = open_app(chief, PAGE)
    assert not app.exception
    table = app.dataframe(key="audit_rows").value
    assert list(table["操作"]) == ["insert", "insert"]
    assert '"username": "clerk"' in table["修改后"].iloc[0]
    assert "password_hash" not in table["修改后"].iloc[0]
    app.selectbox(key="audit_user").set_value("chief").run()
    assert app.caption[0].value.startswith("共 1 条记录")


def test_a_range_without_entries(chief):
    app = open_app(chief, PAGE)
    app.date_input(key="audit_dates").set_value((date(2020, 1, 1), date(2020, 1, 7))).run()
    assert app.caption[0].value.startswith("共 0 条记录")
    assert app.dataframe(key="audit_rows").value.empty
