"""User accounts and roles: the first administrator, the admin's account page, and the
password policy (applied whenever a password is set; existing passwords still log in)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pandas as pd
from sqlalchemy import select

from db.models import Staff, User
from db.session import read_session
from services.accounts.auth import actor_for, ensure_first_start, hash_password
from services.core.errors import NotFound, Problems
from services.core.permissions import ROLES, Actor, require
from services.core.records import load_for_update
from services.core.unit_of_work import unit_of_work

_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,40}$")
MIN_PASSWORD_LENGTH = 10


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords (lower case), from the list zxcvbn ships.

    zxcvbn is the widely used strength estimator's Python port; its frequency list comes
    from real password leaks and installs with the package, so the check works offline.
    Loaded on first use, not at import (it is a large module).
    """
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str | None) -> tuple[str, dict[str, object]] | None:
    """Why a new password is refused (a catalog key and its parameters), or None."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "error.password_short", {"min": MIN_PASSWORD_LENGTH}
    if password.lower() in common_passwords() or password.strip().lower() in common_passwords():
        return "error.password_common", {}
    return None


@dataclass(frozen=True)
class AccountInput:
    username: str
    display_name: str
    role: str
    password: str | None = None
    staff_code: str | None = None
    active: bool = True


def _check(
    session, data: AccountInput, *, new: bool, user_id: int | None = None
) -> tuple[Problems, int | None]:
    problems = Problems()
    username = (data.username or "").strip()
    if not _USERNAME.match(username):
        problems.add("username", "error.username")
    elif session.scalar(
        select(User.id).where(User.username == username, User.id != (user_id or -1))
    ):
        problems.add("username", "error.duplicate", value=username)
    if not (data.display_name or "").strip():
        problems.add("display_name", "error.required")
    if data.role not in ROLES:
        problems.add("role", "error.choice", value=data.role)
    if new or data.password:
        problem = password_problem(data.password)
        if problem is not None:
            problems.add("password", problem[0], **problem[1])
    staff_id = None
    if data.staff_code:
        staff_id = session.scalar(select(Staff.id).where(Staff.code == data.staff_code.strip()))
        if staff_id is None:
            problems.add("staff_code", "error.unknown", value=data.staff_code)
    return problems, staff_id


def create_first_admin(username: str, display_name: str, password: str) -> Actor:
    """Only on an empty database: the setup screen's 'create the first administrator'."""
    ensure_first_start()
    data = AccountInput(
        username=username, display_name=display_name, role="admin", password=password
    )
    setup = Actor(user_id=None, username="setup", role="admin")
    with unit_of_work(setup) as session:
        problems, _ = _check(session, data, new=True)
        problems.raise_if_any()
        user = User(
            username=username.strip(),
            display_name=display_name.strip(),
            role="admin",
            password_hash=hash_password(password),
        )
        session.add(user)
        session.flush()
        return actor_for(user)


def create_account(actor: Actor, data: AccountInput) -> int:
    require(actor, "admin.accounts")
    with unit_of_work(actor) as session:
        problems, staff_id = _check(session, data, new=True)
        problems.raise_if_any()
        user = User(
            username=data.username.strip(),
            display_name=data.display_name.strip(),
            role=data.role,
            password_hash=hash_password(data.password or ""),
            staff_id=staff_id,
            active=data.active,
        )
        session.add(user)
        session.flush()
        return user.id


def update_account(actor: Actor, user_id: int, version: int, data: AccountInput) -> None:
    """Save an edit made on `version` of the account; a newer version raises ConflictError."""
    require(actor, "admin.accounts")
    with unit_of_work(actor) as session:
        user = load_for_update(session, User, user_id, version)
        problems, staff_id = _check(session, data, new=False, user_id=user_id)
        if user_id == actor.user_id and (data.role != "admin" or not data.active):
            problems.add("role", "error.self_demote")
        problems.raise_if_any()
        user.username = data.username.strip()
        user.display_name = data.display_name.strip()
        user.role = data.role
        user.staff_id = staff_id
        user.active = data.active
        if data.password:
            user.password_hash = hash_password(data.password)
        if data.active:
            user.failed_logins = 0
            user.locked_until = None


def list_accounts(actor: Actor) -> pd.DataFrame:
    require(actor, "admin.accounts")
    with read_session() as session:
        rows = session.execute(
            select(
                User.id,
                User.username,
                User.display_name,
                User.role,
                User.active,
                Staff.code.label("staff_code"),
                User.locked_until,
                User.last_login_at,
                User.version,
            )
            .outerjoin(Staff, Staff.id == User.staff_id)
            .order_by(User.username)
        ).all()
    return pd.DataFrame(
        rows,
        columns=[
            "id",
            "username",
            "display_name",
            "role",
            "active",
            "staff_code",
            "locked_until",
            "last_login_at",
            "version",
        ],
    )


def unlock_account(actor: Actor, user_id: int) -> None:
    """Lift a lockout after failed logins now, instead of when it runs out."""
    require(actor, "admin.accounts")
    with unit_of_work(actor) as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("error.not_found", what=f"user {user_id}")
        user.failed_logins = 0
        user.locked_until = None
