"""Local accounts: argon2 password hashes, login with lockout, session expiry."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import func, select

from db.models import User
from services.audit import record, unit_of_work
from services.clock import local, now
from services.config import load_settings
from services.errors import AuthError, PermissionDenied
from services.permissions import Actor

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 8


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
    except (VerifyMismatchError, InvalidHashError):
        return False


def actor_for(user: User) -> Actor:
    return Actor(user_id=user.id, username=user.username, role=user.role, staff_id=user.staff_id)


def authenticate(username: str, password: str) -> Actor:
    """The actor for these credentials, or AuthError that never says which part was wrong."""
    settings = load_settings()
    username = (username or "").strip()
    anonymous = Actor(user_id=None, username=username or "?", role="anonymous")
    with unit_of_work(anonymous) as session:
        user = session.scalar(select(User).where(User.username == username).with_for_update())
        if user is None or not user.active:
            _verify(_dummy_hash(), password or "")
            record(session, anonymous, "login_failed", "users", detail="unknown or inactive")
            failure = AuthError("auth.failed")
        elif user.locked_until and local(user.locked_until) > now():
            minutes = max(1, int((local(user.locked_until) - now()).total_seconds() // 60) + 1)
            record(session, anonymous, "login_locked", "users", user.id)
            failure = AuthError("auth.locked", minutes=minutes)
        elif not _verify(user.password_hash, password or ""):
            user.failed_logins += 1
            if user.failed_logins >= settings.lockout_attempts:
                user.failed_logins = 0
                user.locked_until = now() + timedelta(minutes=settings.lockout_minutes)
            failure = AuthError("auth.failed")
        else:
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now()
            session.info["actor"] = actor_for(user)
            return actor_for(user)
    raise failure


def session_expired(last_seen: datetime | None, at: datetime | None = None) -> bool:
    if last_seen is None:
        return True
    limit = timedelta(minutes=load_settings().session_timeout_minutes)
    return (at or now()) - last_seen > limit


def has_users() -> bool:
    from db.session import read_session

    with read_session() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def ensure_first_start() -> None:
    if has_users():
        raise PermissionDenied("error.setup_done")
