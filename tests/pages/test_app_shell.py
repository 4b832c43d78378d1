"""The router: setup on an empty database, login, navigation by role, the session checked
on every run, logout and expiry, and unexpected errors."""

import logging
import re
import traceback
from datetime import timedelta

import pytest
from sqlalchemy import select

from db.models import User
from db.session import read_session
from services.accounts import users as accounts
from services.core.clock import now
from services.core.permissions import SYSTEM
from tests.fixtures.complaints import seed_detachment
from tests.pages.conftest import ROOT, carried, login, open_app


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


# -- sessions: the account as it is now, logout, expiry ----------------------------------

PLANNING = "pages/planning.py"


def _tree_text(app) -> str:
    """Everything the run drew, as the browser would receive it (every element's proto)."""

    def walk(node) -> bytes:
        proto = getattr(node, "proto", None)
        out = proto.SerializeToString() if proto is not None else b""
        children = getattr(node, "children", {}) or {}
        return out + b"".join(walk(child) for child in children.values())

    return walk(app._tree).decode("utf-8", errors="replace")


@pytest.fixture
def chief(app_db):
    return accounts.create_first_admin("chief", "王支队", "s3cret-pass")


def sign_in(app, username: str, password: str):
    """Submit the login form of a routed app (its rerun goes through the router)."""
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(password)
    app.button[0].click()
    return app.run()


@pytest.fixture
def manager_session(chief, routed_app):
    """A duty manager signed in through the login form, on the home page."""
    accounts.create_account(
        SYSTEM, accounts.AccountInput("manager", "李值班", "duty_manager", "password-1")
    )
    app = sign_in(routed_app(), "manager", "password-1")
    assert app.session_state.actor.role == "duty_manager" and not app.exception
    return app


def on_planning(app):
    app.switch_page(PLANNING).run()
    assert "周计划编排" in _texts(app) and not app.exception
    return app


def _edit_manager(chief, **changes) -> None:
    row = accounts.list_accounts(chief).set_index("username").loc["manager"]
    values = {"username": "manager", "display_name": "李值班", "role": row["role"], **changes}
    accounts.update_account(
        chief, int(row["id"]), int(row["version"]), accounts.AccountInput(**values)
    )


def test_a_demoted_account_loses_manager_pages_at_its_next_run(chief, manager_session):
    app = on_planning(manager_session)
    _edit_manager(chief, role="staff")
    app.run()  # any next interaction of the open session
    assert app.session_state.actor.role == "staff"  # a new actor, from the database
    assert "周计划编排" not in _texts(app)
    assert "录入员" in _texts(app) and not app.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(PLANNING)  # the router no longer offers it


def test_a_changed_linked_staff_member_counts_at_once(chief, manager_session):
    staff_id = seed_detachment(SYSTEM)["王强"]
    _edit_manager(chief, staff_code="E01")
    assert manager_session.run().session_state.actor.staff_id == staff_id


def test_a_deactivated_account_is_signed_out_at_its_next_run(chief, manager_session):
    app = on_planning(manager_session)
    _edit_manager(chief, active=False)
    app.run()
    assert "actor" not in app.session_state
    assert app.text_input(key="login_username") is not None
    assert "会话已结束，请重新登录。" in [i.value for i in app.info]
    assert "周计划编排" not in _texts(app)


def test_a_password_reset_ends_the_sessions_opened_before(chief, manager_session):
    _edit_manager(chief, password="a-brand-new-pass")
    app = manager_session.run()
    assert "actor" not in app.session_state and app.text_input(key="login_username")


def test_a_stale_session_opened_without_the_router_is_checked_too(chief, manager_session):
    """The pre-routing AppTest path (a fresh run with the browser's state) agrees."""
    _edit_manager(chief, role="staff")
    app = open_app(state=carried(manager_session))
    assert app.session_state.actor.role == "staff" and "录入员" in _texts(app)


def test_logout_clears_the_whole_session_but_the_language(chief, manager_session):
    app = manager_session
    app.selectbox(key="language").set_value("en").run()
    app.session_state["cq_unmasked"] = "13812345678"  # e.g. a complaint revealed
    app.session_state["kpi_period_kind"] = "custom"  # e.g. a filter
    app.button(key="logout").click().run()
    state = app.session_state.to_dict()
    assert state["language"] == "en"
    # Left: the language, and the login form's own widgets drawn after the logout.
    drawn = {key for key in state if key.startswith("FormSubmitter:login")}
    assert set(state) - drawn <= {"language", "login_username", "login_password"}, state
    assert not any("13812345678" in repr(value) for value in state.values())
    assert "Log in" in [b.label for b in app.button]


@pytest.mark.parametrize(
    "ages", [{"last_seen": 121}, {"signed_in_at": 12 * 60 + 1}], ids=["idle", "absolute"]
)
def test_expiry_clears_the_whole_session_but_the_language(chief, manager_session, ages):
    app = manager_session
    app.selectbox(key="language").set_value("en").run()
    app.session_state["cq_unmasked"] = "13812345678"
    for key, minutes in ages.items():
        app.session_state[key] = now() - timedelta(minutes=minutes)
    app.run()
    state = app.session_state.to_dict()
    assert "actor" not in state and "cq_unmasked" not in state
    assert state["language"] == "en"
    assert "Your session expired; please log in again." in [i.value for i in app.info]


def test_the_language_is_kept_on_the_account_and_restored_at_login(chief, routed_app):
    accounts.create_account(SYSTEM, accounts.AccountInput("clerk", "张三", "staff", "password-1"))
    app = sign_in(routed_app(), "clerk", "password-1")
    assert "退出登录" in [b.label for b in app.button]
    app.selectbox(key="language").set_value("en").run()
    with read_session() as session:
        user = session.scalar(select(User).where(User.username == "clerk"))
    assert (user.language, user.version) == ("en", 1)  # not through the versioned object
    # Another browser, in Chinese: the login brings the account's English back.
    other = routed_app()
    assert "登录" in [b.label for b in other.button]
    other = sign_in(other, "clerk", "password-1")
    assert other.session_state["language"] == "en"
    assert "Log out" in [b.label for b in other.button]


# -- unexpected errors -------------------------------------------------------------------


def test_an_unexpected_error_shows_an_incident_id_and_no_traceback(
    chief, routed_app, monkeypatch, caplog
):
    from services.core import audit_log

    def broken(*_args, **_kwargs):
        raise RuntimeError("connection to db-internal:5432 failed, password hunter2")

    monkeypatch.setattr(audit_log, "audit_choices", broken)
    with caplog.at_level(logging.ERROR, logger="firedesk"):
        app = routed_app(chief, "pages/admin_audit.py")
    assert not app.exception  # nothing reached Streamlit's own error display
    [message] = [e.value for e in app.error]
    incident = re.fullmatch(r"出现了意外错误，已记录（事件编号 ([0-9a-f]{8})）。.*", message)
    assert incident, message
    shown = _tree_text(app)
    for secret in ("hunter2", "RuntimeError", "Traceback", "audit_log.py", "db-internal"):
        assert secret not in shown
    [record] = [r for r in caplog.records if r.name == "firedesk"]
    assert incident.group(1) in record.getMessage()
    assert record.exc_info and "hunter2" in "".join(traceback.format_exception(*record.exc_info))


def test_streamlit_control_flow_passes_the_guard():
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

    from pages.common import guarded

    with pytest.raises(StopException):
        guarded(lambda: (_ for _ in ()).throw(StopException()))
    with pytest.raises(RerunException):
        guarded(lambda: (_ for _ in ()).throw(RerunException(None)))


def test_a_login_rerun_is_no_incident(chief, routed_app):
    app = sign_in(routed_app(), "chief", "s3cret-pass")
    assert not app.error and not app.exception
    assert "系统管理员" in _texts(app)


def test_streamlit_shows_no_error_details():
    import tomllib

    from streamlit.config import ShowErrorDetailsConfigOptions

    with (ROOT / ".streamlit" / "config.toml").open("rb") as handle:
        config = tomllib.load(handle)
    value = config["client"]["showErrorDetails"]
    assert value == ShowErrorDetailsConfigOptions.NONE == "none"
