"""The router: setup on an empty database, login, navigation by role, logout."""

from services import accounts
from services.permissions import SYSTEM
from tests.pages.conftest import login, open_app


def _texts(app) -> str:
    return " ".join(
        e.value
        for e in [*app.title, *app.markdown, *app.error, *app.info, *app.caption]
        if isinstance(e.value, str)
    )


def test_empty_database_shows_the_setup_screen(app_db):
    app = open_app()
    assert "欢迎使用消防便民服务运营台" in _texts(app)
    assert app.text_input(key="setup_username") is not None


def test_setup_creates_the_first_administrator(app_db):
    app = open_app()
    app.text_input(key="setup_username").input("chief")
    app.text_input(key="setup_display_name").input("王支队")
    app.text_input(key="setup_password").input("s3cret-pass")
    app.button[0].click()
    app.run()
    assert app.session_state.actor.role == "admin"
    assert not app.exception


def test_wrong_password_gives_one_message(app_db):
    accounts.create_first_admin("chief", "王支队", "s3cret-pass")
    app = login(open_app(), "chief", "nope-nope")
    assert [e.value for e in app.error] == ["用户名或密码错误。"]


def test_each_role_gets_its_pages(app_db):
    accounts.create_first_admin("chief", "王支队", "s3cret-pass")
    accounts.create_account(SYSTEM, accounts.AccountInput("clerk", "张三", "staff", "password-1"))
    admin = login(open_app(), "chief", "s3cret-pass")
    clerk = login(open_app(), "clerk", "password-1")
    assert admin.session_state.actor.role == "admin" and clerk.session_state.actor.role == "staff"
    assert not admin.exception and not clerk.exception
    assert "系统管理员" in _texts(admin)
    assert "录入员" in _texts(clerk)


def test_english_is_one_setting_away(app_db, monkeypatch):
    accounts.create_first_admin("chief", "王支队", "s3cret-pass")
    monkeypatch.setenv("FIREDESK_LANG", "en")
    app = open_app()
    assert "Log in" in [b.label for b in app.button]
    assert app.selectbox(key="language").value == "en"
