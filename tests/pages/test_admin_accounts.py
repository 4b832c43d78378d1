"""The accounts page: create an account, reject a short password, unlock a locked one."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from db.models import User
from db.session import read_session
from services.accounts import users as accounts
from services.core.clock import now
from services.core.permissions import SYSTEM
from services.core.unit_of_work import unit_of_work
from tests.conftest import make_actor
from tests.pages.conftest import open_app

PAGE = "pages/admin_accounts.py"


@pytest.fixture
def chief(app_db):
    return accounts.create_first_admin("chief", "王支队", "s3cret-pass")


def _fill(app, password: str):
    app.text_input(key="acc_username_0").input("zhangsan")
    app.text_input(key="acc_display_0").input("张三")
    app.selectbox(key="acc_role_0").set_value("duty_manager")
    app.text_input(key="acc_password_0").input(password)
    app.button(key="acc_save").click()
    return app.run()


def test_create_an_account(chief):
    app = _fill(open_app(chief, PAGE), "long-enough-1")
    assert not app.error and "已保存。" in [s.value for s in app.success]
    with read_session() as session:
        user = session.scalar(select(User).where(User.username == "zhangsan"))
    assert (user.display_name, user.role) == ("张三", "duty_manager")


def test_short_password_is_rejected(chief):
    app = _fill(open_app(chief, PAGE), "short")
    assert "密码：至少 10 位" in app.error[0].value


def test_unlock_a_locked_account(chief):
    clerk = accounts.create_account(
        SYSTEM, accounts.AccountInput("clerk", "李四", "staff", "password-1")
    )
    with unit_of_work(SYSTEM) as session:
        user = session.get(User, clerk)
        user.failed_logins, user.locked_until = 5, now() + timedelta(minutes=15)
    app = open_app(make_actor("admin", chief.user_id, "chief"), PAGE)
    app.selectbox(key="acc_pick").set_value(clerk).run()
    assert "该账号因多次登录失败被锁定" in app.warning[0].value
    app.button(key="acc_unlock").click().run()
    with read_session() as session:
        user = session.get(User, clerk)
    assert (user.failed_logins, user.locked_until) == (0, None)
    assert not app.warning
