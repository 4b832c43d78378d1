"""Local accounts: argon2 password hashes, login with lockout, sessions.

A login never tells whether an account exists: a name that is no active account (unknown,
or deactivated) is checked against a dummy hash, counts its failures in `login_attempts`
and locks exactly as a real account does, with the same message.

A login never conflicts with itself (the same account in two browsers, a double click):
the password is verified before any write transaction opens, and the bookkeeping (failed
count, lock, last login) is written with single atomic UPDATE statements, never through
the versioned ORM object, on SQLite and PostgreSQL alike.

Every script run of a signed-in session re-reads the account (`current_account`, one
primary-key query), so a deactivated account, a changed role or a reset password takes
effect at once.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import case, delete, func, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite

from db.models import LoginAttempt, User
from db.session import read_session
from rules.time import local
from services.core.clock import now
from services.core.config import LANGUAGES, load_settings
from services.core.errors import AuthError, PermissionDenied
from services.core.permissions import Actor
from services.core.unit_of_work import record, unit_of_work

_hasher = PasswordHasher()
NAME_LENGTH = 40  # users.username, login_attempts.name, audit_log.username
# A name's failure count is forgotten after this long without a new failure (the table
# only grows from names that are no account, e.g. a guessing attack).
ATTEMPTS_KEPT = timedelta(days=30)


@cache
def _dummy_hash() -> str:
    # Verifying against a throwaway hash for unknown names keeps their timing like a real
    # miss; made on first use, not at import, so it stays off the app's start-up path.
    return _hasher.hash("firedesk-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def actor_for(user: User) -> Actor:
    return Actor(user_id=user.id, username=user.username, role=user.role, staff_id=user.staff_id)


def attempt_name(username: str | None) -> str:
    """The key a name's failed logins are counted under: trimmed, lower case, cut to 40."""
    return (username or "").replace("\x00", "").strip().lower()[:NAME_LENGTH]


@dataclass(frozen=True)
class _Target:
    """What a login needs of an active account, read before any transaction."""

    id: int
    username: str
    role: str
    staff_id: int | None
    password_hash: str


def _target(username: str) -> _Target | None:
    with read_session() as session:
        row = session.execute(
            select(User.id, User.username, User.role, User.staff_id, User.password_hash).where(
                User.username == username, User.active.is_(True)
            )
        ).first()
    return None if row is None else _Target(*row)


def _locked_for(locked_until: datetime | None, at: datetime) -> int:
    """Minutes left of a lock, as the message shows them."""
    if locked_until is None:
        return 1
    return max(1, math.ceil((local(locked_until) - at).total_seconds() / 60))


def _count_failure(session, table, key_column, key, at: datetime, until: datetime, limit: int):
    """One failed login on an unlocked row, atomically: the count goes up by one and, on
    reaching `limit`, resets to 0 while the lock is set, in the same statement.

    Returns the row after the update, or None when the row is locked (nothing counted).
    """
    reached = table.c.failed_logins + 1 >= limit
    values = {
        "failed_logins": case((reached, literal(0)), else_=table.c.failed_logins + 1),
        "locked_until": case((reached, literal(until, table.c.locked_until.type)), else_=None),
    }
    if "last_failed_at" in table.c:
        values["last_failed_at"] = at
    statement = (
        update(table)
        .where(key_column == key)
        .where((table.c.locked_until.is_(None)) | (table.c.locked_until <= at))
        .values(**values)
        .returning(table.c.failed_logins, table.c.locked_until)
    )
    return session.execute(statement).first()


def _insert_ignore(session):
    """INSERT … ON CONFLICT DO NOTHING for login_attempts, in the session's dialect."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(LoginAttempt.__table__)


def authenticate(username: str, password: str) -> Actor:
    """The actor for these credentials, or AuthError that never says which part was wrong.

    Unknown, deactivated and real names take the same steps: one read, one argon2 check
    (against a dummy hash when the name is no active account), one short write of the
    count and the audit row, so they answer alike in message, lockout and time.
    """
    settings = load_settings()
    typed = (username or "").replace("\x00", "").strip()  # PostgreSQL refuses NUL in text
    target = _target(typed) if 0 < len(typed) <= NAME_LENGTH else None
    matches = _verify(target.password_hash if target else _dummy_hash(), password or "")
    at = now()
    until = at + timedelta(minutes=settings.lockout_minutes)
    anonymous = Actor(user_id=None, username=typed[:NAME_LENGTH] or "?", role="anonymous")
    with unit_of_work(anonymous) as session:
        if target is not None and matches:
            actor = Actor(target.id, target.username, target.role, target.staff_id)
            signed_in = session.execute(
                update(User)
                .where(User.id == target.id, User.active.is_(True))
                .where(User.locked_until.is_(None) | (User.locked_until <= at))
                .values(failed_logins=0, locked_until=None, last_login_at=at)
            )
            if signed_in.rowcount == 1:
                record(session, actor, "login", "users", target.id)
                return actor
            failure = _refused(session, anonymous, at, user_id=target.id)
        elif target is not None:
            users = User.__table__
            after = _count_failure(
                session, users, users.c.id, target.id, at, until, settings.lockout_attempts
            )
            failure = _refused(session, anonymous, at, after, user_id=target.id)
        else:
            name = attempt_name(typed)
            attempts = LoginAttempt.__table__
            session.execute(
                _insert_ignore(session)
                .values(name=name, failed_logins=0, locked_until=None, last_failed_at=at)
                .on_conflict_do_nothing(index_elements=["name"])
            )
            after = _count_failure(
                session, attempts, attempts.c.name, name, at, until, settings.lockout_attempts
            )
            failure = _refused(session, anonymous, at, after, name=name)
            if after is not None and after.failed_logins == 1:  # a new run of failures
                session.execute(
                    delete(LoginAttempt).where(LoginAttempt.last_failed_at < at - ATTEMPTS_KEPT)
                )
    raise failure


def _refused(
    session,
    anonymous: Actor,
    at: datetime,
    after=None,
    *,
    user_id: int | None = None,
    name: str | None = None,
) -> AuthError:
    """Audit a refused login and say what the user sees.

    `after` is the counted row (a miss); None means nothing was counted, because the name
    is locked (or, rarely, the account was deactivated between the read and the write).
    """
    detail = "wrong password" if user_id is not None else "no active account"
    if after is not None:
        record(session, anonymous, "login_failed", "users", user_id, detail=detail)
        if after.locked_until is None:
            return AuthError("auth.failed")
        record(session, anonymous, "login_locked", "users", user_id, detail="lock engaged")
        return AuthError("auth.locked", minutes=_locked_for(after.locked_until, at))
    if user_id is not None:
        locked_until = session.scalar(select(User.locked_until).where(User.id == user_id))
    else:
        locked_until = session.scalar(
            select(LoginAttempt.locked_until).where(LoginAttempt.name == name)
        )
    if locked_until is None or local(locked_until) <= at:
        record(session, anonymous, "login_failed", "users", user_id, detail=detail)
        return AuthError("auth.failed")
    record(session, anonymous, "login_locked", "users", user_id, detail="locked")
    return AuthError("auth.locked", minutes=_locked_for(locked_until, at))


@dataclass(frozen=True)
class Account:
    """A signed-in account as the database has it now."""

    actor: Actor
    language: str | None
    # Changes when the password is set anew: sessions opened before a reset end.
    credential: str


def _credential(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def current_account(user_id: int | None) -> Account | None:
    """The active account `user_id` as it is now (one primary-key read), or None.

    The router calls this on every script run, so the actor a page works with carries the
    role and linked staff member of this moment, and a deactivated account is signed out.
    """
    if user_id is None:
        return None
    with read_session() as session:
        row = session.execute(
            select(
                User.id,
                User.username,
                User.role,
                User.staff_id,
                User.language,
                User.password_hash,
            ).where(User.id == user_id, User.active.is_(True))
        ).first()
    if row is None:
        return None
    language = row.language if row.language in LANGUAGES else None
    return Account(
        Actor(row.id, row.username, row.role, row.staff_id),
        language,
        _credential(row.password_hash),
    )


def remember_language(actor: Actor, language: str) -> None:
    """Keep the language a user picked on their account (an idempotent atomic UPDATE)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if actor.user_id is None:
        return
    with unit_of_work(actor) as session:
        session.execute(
            update(User)
            .where(User.id == actor.user_id)
            .where(User.language.is_(None) | (User.language != language))
            .values(language=language)
        )


def session_expired(
    last_seen: datetime | None,
    signed_in_at: datetime | None = None,
    at: datetime | None = None,
) -> bool:
    """Whether a session is over: idle too long, or older than its absolute lifetime."""
    if last_seen is None:
        return True
    settings = load_settings()
    at = at or now()
    if at - last_seen > timedelta(minutes=settings.session_timeout_minutes):
        return True
    return signed_in_at is not None and at - signed_in_at > timedelta(
        hours=settings.session_max_hours
    )


def has_users() -> bool:
    with read_session() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def ensure_first_start() -> None:
    if has_users():
        raise PermissionDenied("error.setup_done")
