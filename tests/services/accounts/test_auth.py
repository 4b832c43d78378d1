"""Login and sessions at the service level: a login never tells whether an account exists,
never conflicts with itself, and a session always acts as the account is now."""

from __future__ import annotations

import statistics
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from db.models import AuditLog, LoginAttempt, User
from db.session import read_session
from services.accounts import auth
from services.accounts import users as accounts
from services.core.clock import now
from services.core.errors import AuthError, ValidationError
from services.core.permissions import SYSTEM
from services.core.unit_of_work import unit_of_work

PASSWORD = "s3cret-pass"


@pytest.fixture
def chief(db):
    return accounts.create_first_admin("chief", "王支队", PASSWORD)


def _answer(username: str, password: str) -> str:
    """What the user is told: the message key, or "ok"."""
    try:
        auth.authenticate(username, password)
    except AuthError as error:
        return error.key
    return "ok"


def _audit(action: str, detail: str | None = None) -> list[AuditLog]:
    with read_session() as session:
        query = select(AuditLog).where(AuditLog.action == action)
        if detail is not None:
            query = query.where(AuditLog.detail == detail)
        return list(session.scalars(query.order_by(AuditLog.id)))


def _user(username: str) -> User:
    with read_session() as session:
        return session.scalar(select(User).where(User.username == username))


# -- a login never tells whether an account exists ---------------------------------------


def test_unknown_and_real_names_answer_alike_and_lock_alike(chief, monkeypatch):
    monkeypatch.setenv("FIREDESK_LOCKOUT_ATTEMPTS", "3")
    real = [_answer("chief", "wrong-password") for _ in range(4)]
    unknown = [_answer("nobody", "wrong-password") for _ in range(4)]
    assert real == unknown == ["auth.failed", "auth.failed", "auth.locked", "auth.locked"]
    # The right password does not get past a lock, and the message is the same for both.
    assert _answer("chief", PASSWORD) == _answer("nobody", PASSWORD) == "auth.locked"
    with read_session() as session:
        attempt = session.get(LoginAttempt, "nobody")
    assert attempt.failed_logins == 0 and attempt.locked_until is not None


def test_the_lock_message_gives_the_same_minutes(chief, monkeypatch):
    monkeypatch.setenv("FIREDESK_LOCKOUT_ATTEMPTS", "1")
    errors = []
    for name in ("chief", "nobody"):
        with pytest.raises(AuthError) as error:
            auth.authenticate(name, "wrong-password")
        errors.append((error.value.key, error.value.message("en")))
    assert errors[0] == errors[1]
    assert errors[0][0] == "auth.locked" and "15 minutes" in errors[0][1]


def test_a_deactivated_account_answers_as_an_unknown_name(chief, admin, monkeypatch):
    monkeypatch.setenv("FIREDESK_LOCKOUT_ATTEMPTS", "2")
    clerk = accounts.create_account(
        admin, accounts.AccountInput("clerk", "李四", "staff", "password-1", active=False)
    )
    assert [_answer("clerk", "password-1") for _ in range(3)] == [
        "auth.failed",
        "auth.locked",
        "auth.locked",
    ]
    assert _user("clerk").failed_logins == 0  # counted under the name, like an unknown one
    assert clerk


def test_unknown_names_are_counted_case_and_space_insensitively(chief, monkeypatch):
    monkeypatch.setenv("FIREDESK_LOCKOUT_ATTEMPTS", "2")
    assert _answer("  Someone ", "x") == "auth.failed"
    assert _answer("someone", "x") == "auth.locked"


def test_every_path_verifies_one_argon2_hash(chief, monkeypatch):
    """The time a login takes is the argon2 check: each answer does exactly one."""
    monkeypatch.setenv("FIREDESK_LOCKOUT_ATTEMPTS", "2")
    calls = []
    verify = auth._verify
    monkeypatch.setattr(auth, "_verify", lambda h, p: calls.append(h) or verify(h, p))
    for name, password in [
        ("chief", "wrong-password"),  # real, wrong
        ("chief", "wrong-password"),  # real, now locked
        ("chief", PASSWORD),  # real, locked, right password
        ("nobody", "wrong-password"),  # unknown
        ("x" * 200, "wrong-password"),  # no account can have such a name
        ("", ""),
    ]:
        before = len(calls)
        _answer(name, password)
        assert len(calls) == before + 1, name
    dummy = auth._dummy_hash()
    real = _user("chief").password_hash
    assert calls[:3] == [real, real, real] and calls[3:] == [dummy, dummy, dummy]
    assert auth._hasher.check_needs_rehash(dummy) is False  # same parameters as real hashes


@pytest.mark.slow
def test_unknown_and_real_names_take_comparable_time(sqlite_db, monkeypatch):
    monkeypatch.setenv("FIREDESK_LOCKOUT_ATTEMPTS", "1000")
    accounts.create_first_admin("chief", "王支队", PASSWORD)
    auth._dummy_hash()  # made once, on first use: not part of any measured answer
    timings: dict[str, list[float]] = {"chief": [], "nobody": []}
    for _ in range(5):
        for name in timings:  # interleaved, so a busy moment hits both alike
            started = time.perf_counter()
            _answer(name, "wrong-password")
            timings[name].append(time.perf_counter() - started)
    real, unknown = (statistics.median(timings[n]) for n in ("chief", "nobody"))
    assert 1 / 3 < unknown / real < 3, timings


def test_failed_logins_on_real_accounts_are_audited(chief, monkeypatch):
    monkeypatch.setenv("FIREDESK_LOCKOUT_ATTEMPTS", "2")
    _answer("chief", "wrong-password")
    _answer("chief", "wrong-password")
    _answer("chief", PASSWORD)  # locked
    failed = _audit("login_failed", "wrong password")
    assert [(e.row_id, e.username) for e in failed] == [(str(chief.user_id), "chief")] * 2
    assert [e.detail for e in _audit("login_locked")] == ["lock engaged", "locked"]
    _answer("nobody", "wrong-password")
    assert [e.row_id for e in _audit("login_failed", "no active account")] == [None]


def test_a_login_is_audited_and_resets_the_count(chief):
    _answer("chief", "wrong-password")
    assert _user("chief").failed_logins == 1
    actor = auth.authenticate("chief", PASSWORD)
    user = _user("chief")
    assert (user.failed_logins, user.locked_until) == (0, None)
    assert user.last_login_at is not None
    assert user.version == 1  # bookkeeping never goes through the versioned object
    [entry] = _audit("login")
    assert (entry.user_id, entry.row_id) == (actor.user_id, str(actor.user_id))


def test_a_lock_that_ran_out_counts_anew(chief, monkeypatch):
    monkeypatch.setenv("FIREDESK_LOCKOUT_ATTEMPTS", "1")
    assert _answer("chief", "wrong-password") == "auth.locked"
    with unit_of_work(SYSTEM) as session:
        session.execute(
            update(User).values(locked_until=now() - timedelta(minutes=1)).where(User.id == 1)
        )
    assert _answer("chief", PASSWORD) == "ok"


def test_a_name_longer_than_any_account_is_refused_plainly(chief):
    assert _answer("n" * 300, "wrong-password") == "auth.failed"
    assert _audit("login_failed")[0].username == "n" * 40
    assert _answer("chi\x00ef", "wrong-password\x00") == "auth.failed"  # no database error


def test_old_unknown_name_counts_are_forgotten(chief):
    old = now() - auth.ATTEMPTS_KEPT - timedelta(days=1)
    with unit_of_work(SYSTEM) as session:
        session.add(LoginAttempt(name="stale", failed_logins=3, last_failed_at=old))
    _answer("fresh-name", "x")
    with read_session() as session:
        names = set(session.scalars(select(LoginAttempt.name)))
    assert names == {"fresh-name"}


# -- a login never conflicts with itself -------------------------------------------------


def _at_once(count: int, login) -> list[str]:
    """`count` logins started together (a barrier), each answer as _answer gives it."""
    barrier = threading.Barrier(count)
    answers: list[str] = []
    errors: list[BaseException] = []

    def one(i: int) -> None:
        barrier.wait()
        try:
            answers.append(login(i))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return answers


@pytest.mark.slow
def test_the_same_account_logs_in_from_eight_places_at_once(chief):
    answers = _at_once(8, lambda _: _answer("chief", PASSWORD))
    assert answers == ["ok"] * 8
    assert len(_audit("login")) == 8
    assert _user("chief").version == 1


@pytest.mark.slow
@pytest.mark.parametrize("name", ["chief", "nobody"])
def test_wrong_passwords_at_once_lock_exactly_once(chief, monkeypatch, name):
    monkeypatch.setenv("FIREDESK_LOCKOUT_ATTEMPTS", "5")
    answers = _at_once(8, lambda _: _answer(name, "wrong-password"))
    assert sorted(answers) == ["auth.failed"] * 4 + ["auth.locked"] * 4
    assert len(_audit("login_failed")) == 5  # the five counted misses
    assert len(_audit("login_locked", "lock engaged")) == 1
    assert len(_audit("login_locked", "locked")) == 3
    with read_session() as session:
        table = User if name == "chief" else LoginAttempt
        key = User.username if name == "chief" else LoginAttempt.name
        failed, locked_until = session.execute(
            select(table.failed_logins, table.locked_until).where(key == name)
        ).one()
    assert failed == 0 and locked_until is not None


# -- the password policy -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "key"),
    [
        ("short-pw", "error.password_short"),
        ("123456789", "error.password_short"),
        ("qwertyuiop", "error.password_common"),
        ("Password123", "error.password_common"),  # the list is compared in lower case
        ("1q2w3e4r5t", "error.password_common"),
        ("firedesk-demo", None),  # the demo's password meets the policy
        ("s3cret-pass", None),
    ],
)
def test_password_policy(password, key):
    problem = accounts.password_problem(password)
    assert (problem[0] if problem else None) == key


def test_the_common_password_list_comes_from_the_package():
    common = accounts.common_passwords()
    assert len(common) >= 10_000 and "password" in common and "qwertyuiop" in common


def test_a_common_password_is_refused_when_set(chief, admin):
    with pytest.raises(ValidationError) as error:
        accounts.create_account(
            admin, accounts.AccountInput("clerk", "李四", "staff", "qwerty123456")
        )
    assert error.value.messages("en") == [
        "Password: is a common password that is easy to guess; choose another"
    ]
    with pytest.raises(ValidationError):  # a reset meets the same policy
        accounts.update_account(
            admin, chief.user_id, 1, accounts.AccountInput("chief", "王支队", "admin", "1234567890")
        )


def test_an_existing_short_password_still_logs_in(chief):
    with unit_of_work(SYSTEM) as session:
        session.execute(
            update(User)
            .where(User.id == chief.user_id)
            .values(password_hash=auth.hash_password("old8char"))
        )
    assert auth.authenticate("chief", "old8char").username == "chief"


# -- the account as it is now ----------------------------------------------------------------


def test_current_account_follows_the_database(chief, admin):
    clerk_id = accounts.create_account(
        admin, accounts.AccountInput("clerk", "李四", "duty_manager", "password-1")
    )
    before = auth.current_account(clerk_id)
    assert before.actor.role == "duty_manager"
    accounts.update_account(admin, clerk_id, 1, accounts.AccountInput("clerk", "李四", "staff"))
    assert auth.current_account(clerk_id).actor.role == "staff"
    assert auth.current_account(clerk_id).credential == before.credential
    accounts.update_account(
        admin, clerk_id, 2, accounts.AccountInput("clerk", "李四", "staff", "another-pass-2")
    )
    assert auth.current_account(clerk_id).credential != before.credential  # a reset
    accounts.update_account(
        admin, clerk_id, 3, accounts.AccountInput("clerk", "李四", "staff", active=False)
    )
    assert auth.current_account(clerk_id) is None
    assert auth.current_account(None) is None


def test_the_language_is_kept_on_the_account(chief):
    assert auth.current_account(chief.user_id).language is None
    auth.remember_language(chief, "en")
    auth.remember_language(chief, "en")  # idempotent
    user = _user("chief")
    assert (user.language, user.version) == ("en", 1)
    assert auth.current_account(chief.user_id).language == "en"
    with pytest.raises(ValueError):
        auth.remember_language(chief, "fr")


def test_sessions_expire_when_idle_or_too_old(monkeypatch):
    monkeypatch.setenv("FIREDESK_SESSION_MINUTES", "120")
    monkeypatch.setenv("FIREDESK_SESSION_MAX_HOURS", "12")
    moment = now()
    assert not auth.session_expired(moment - timedelta(minutes=119), moment, moment)
    assert auth.session_expired(moment - timedelta(minutes=121), moment, moment)
    recent = moment - timedelta(minutes=5)
    assert not auth.session_expired(recent, moment - timedelta(hours=11, minutes=59), moment)
    assert auth.session_expired(recent, moment - timedelta(hours=12, minutes=1), moment)
    assert auth.session_expired(None, moment, moment)


def test_no_login_attempt_rows_for_real_accounts(chief):
    _answer("chief", "wrong-password")
    with read_session() as session:
        assert session.scalar(select(func.count()).select_from(LoginAttempt)) == 0
