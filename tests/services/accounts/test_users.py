import pytest
from sqlalchemy import select

from db.models import AuditLog, User
from db.session import read_session
from services.accounts import auth
from services.accounts import users as accounts
from services.core.errors import AuthError, ConflictError, PermissionDenied, ValidationError


def _first_admin():
    return accounts.create_first_admin("chief", "王支队", "s3cret-pass")


def test_first_admin_only_on_empty_database(db):
    actor = _first_admin()
    assert actor.role == "admin"
    with pytest.raises(PermissionDenied):
        accounts.create_first_admin("second", "李", "another-pass")


def test_login_does_not_say_which_part_was_wrong(db):
    _first_admin()
    with pytest.raises(AuthError) as unknown:
        auth.authenticate("nobody", "s3cret-pass")
    with pytest.raises(AuthError) as wrong:
        auth.authenticate("chief", "wrong-password")
    assert unknown.value.key == wrong.value.key == "auth.failed"
    assert auth.authenticate("chief", "s3cret-pass").username == "chief"


def test_lockout_after_repeated_failures(db, monkeypatch):
    monkeypatch.setenv("FIREDESK_LOCKOUT_ATTEMPTS", "3")
    _first_admin()
    for _ in range(3):
        with pytest.raises(AuthError):
            auth.authenticate("chief", "bad-password")
    with pytest.raises(AuthError) as locked:
        auth.authenticate("chief", "s3cret-pass")  # right password, still locked
    assert locked.value.key == "auth.locked"


def test_wrong_role_cannot_create_accounts(db, manager):
    with pytest.raises(PermissionDenied):
        accounts.create_account(manager, accounts.AccountInput("x123", "X", "staff", "password-1"))


def test_account_form_reports_every_problem(db, admin):
    _first_admin()
    with pytest.raises(ValidationError) as error:
        accounts.create_account(admin, accounts.AccountInput("chief", "", "boss", "short"))
    fields = sorted(e.field for e in error.value.errors)
    assert fields == ["display_name", "password", "role", "username"]
    assert "已存在" in error.value.messages("zh-CN")[0] or "已存在" in " ".join(
        error.value.messages("zh-CN")
    )


def test_concurrent_edit_is_refused_and_writes_are_audited(db, admin):
    _first_admin()
    user_id = accounts.create_account(
        admin, accounts.AccountInput("clerk1", "张三", "staff", "password-1")
    )
    seen = accounts.list_accounts(admin).set_index("username").loc["clerk1", "version"]
    accounts.update_account(
        admin, user_id, int(seen), accounts.AccountInput("clerk1", "张三", "duty_manager")
    )
    with pytest.raises(ConflictError):  # a second editor still holds the old version
        accounts.update_account(
            admin, user_id, int(seen), accounts.AccountInput("clerk1", "张三丰", "staff")
        )
    with read_session() as session:
        user = session.scalar(select(User).where(User.username == "clerk1"))
        assert (user.role, user.display_name) == ("duty_manager", "张三")
        changes = session.scalars(
            select(AuditLog).where(
                AuditLog.table_name == "users",
                AuditLog.action == "update",
                AuditLog.row_id == str(user_id),
            )
        ).all()
    assert [(c.before, c.after) for c in changes] == [({"role": "staff"}, {"role": "duty_manager"})]
    assert all("password_hash" not in (c.after or {}) for c in changes)


def test_an_insert_is_audited_with_its_row_id(db, admin):
    user_id = accounts.create_account(
        admin, accounts.AccountInput("clerk2", "李四", "staff", "password-2")
    )
    with read_session() as session:
        entry = session.scalar(
            select(AuditLog).where(AuditLog.table_name == "users", AuditLog.action == "insert")
        )
    assert entry.row_id == str(user_id)
    assert entry.username == "test-admin" and entry.after["username"] == "clerk2"
