"""The operations command line, run as an operator runs it: `python manage.py ...` in a
subprocess with DATABASE_URL set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from db.migrate import is_up_to_date, upgrade
from db.models import User
from db.session import read_session
from services.accounts.auth import authenticate
from tests.conftest import TEST_DATABASE_URL, _create_postgres_database, _drop_postgres_database
from tests.e2e.harness import DEMO_PASSWORD, ROLE_ACCOUNTS, pointed_at

ROOT = Path(__file__).resolve().parents[1]


def manage(database_url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FIREDESK_")}
    environment.update(DATABASE_URL=database_url, **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


def usernames(database_url: str) -> list[str]:
    with pointed_at(database_url), read_session() as session:
        return list(session.scalars(select(User.username).order_by(User.username)))


def role_of(database_url: str, username: str, password: str) -> str:
    with pointed_at(database_url):
        return authenticate(username, password).role


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'firedesk.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database(request, sqlite_url):
    """A database with no tables at all, on each backend."""
    if request.param == "sqlite":
        yield sqlite_url
        return
    if not TEST_DATABASE_URL:
        pytest.fail("this test needs PostgreSQL: set TEST_DATABASE_URL")
    url, name = _create_postgres_database()
    yield url
    with pointed_at(url):
        pass  # disposes this process's connections so the database can be dropped
    _drop_postgres_database(name)


def test_migrate_brings_an_empty_database_to_the_newest_schema(empty_database):
    assert not is_up_to_date(empty_database)
    result = manage(empty_database, "migrate")
    assert result.returncode == 0, result.stderr
    assert is_up_to_date(empty_database)


def test_create_admin_takes_the_password_from_the_option_or_the_environment(empty_database):
    first = manage(empty_database, "create-admin", "chief", "--password", "s3cret-pass")
    second = manage(
        empty_database, "create-admin", "deputy", FIREDESK_ADMIN_PASSWORD="another-pass"
    )
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert role_of(empty_database, "chief", "s3cret-pass") == "admin"
    assert role_of(empty_database, "deputy", "another-pass") == "admin"


def test_a_short_password_exits_with_the_reason(sqlite_url):
    result = manage(sqlite_url, "create-admin", "chief", "--password", "short")
    assert result.returncode != 0
    assert "Password: must have at least 10 characters" in result.stderr
    assert usernames(sqlite_url) == []


def test_load_demo_fills_an_empty_database_once(sqlite_url):
    result = manage(sqlite_url, "load-demo")
    assert result.returncode == 0, result.stderr
    assert "demo detachment loaded: " in result.stdout
    for role, username in ROLE_ACCOUNTS.items():
        assert role_of(sqlite_url, username, DEMO_PASSWORD) == role
    again = manage(sqlite_url, "load-demo")
    assert again.returncode != 0 and again.stderr.strip()


def test_restore_brings_back_the_data_of_the_backup(sqlite_url, tmp_path):
    backup = tmp_path / "backups" / "monday.sqlite3"
    assert manage(sqlite_url, "create-admin", "chief", "--password", "s3cret-pass").returncode == 0
    assert manage(sqlite_url, "backup", str(backup)).returncode == 0
    assert (
        manage(sqlite_url, "create-admin", "deputy", "--password", "another-pass").returncode == 0
    )
    assert usernames(sqlite_url) == ["chief", "deputy"]

    result = manage(sqlite_url, "restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    assert usernames(sqlite_url) == ["chief"]
    assert role_of(sqlite_url, "chief", "s3cret-pass") == "admin"


def test_restoring_an_older_backup_upgrades_it_to_the_current_schema(sqlite_url, tmp_path):
    old_backup = tmp_path / "old.sqlite3"
    upgrade(f"sqlite:///{old_backup}", revision="0001")
    assert not is_up_to_date(f"sqlite:///{old_backup}")
    result = manage(sqlite_url, "restore", str(old_backup), "--yes")
    assert result.returncode == 0, result.stderr
    assert is_up_to_date(sqlite_url)


def test_backup_of_a_missing_database_is_refused(tmp_path):
    missing = tmp_path / "typo.sqlite3"
    result = manage(f"sqlite:///{missing}", "backup", str(tmp_path / "backup.sqlite3"))
    assert result.returncode != 0
    assert "no database at" in result.stderr
    assert not missing.exists() and not (tmp_path / "backup.sqlite3").exists()


@pytest.mark.postgres
@pytest.mark.parametrize("command", ["backup", "restore"])
def test_backup_and_restore_on_postgresql_point_to_pg_dump(postgres_url, tmp_path, command):
    result = manage(postgres_url, command, str(tmp_path / "firedesk.dump"))
    assert result.returncode != 0
    assert "pg_dump" in result.stderr
