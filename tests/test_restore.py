"""`manage.py restore` refuses anything but a Firedesk backup of a schema it knows, before
touching the database; asks before replacing it; keeps a safety copy; audits the restore."""

from __future__ import annotations

import hashlib
import os
import pty
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

import manage
from db.migrate import upgrade
from db.models import AuditLog, User
from db.session import read_session
from tests.e2e.harness import pointed_at

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "s3cret-pass-for-tests"


def run(url: str, *args: str) -> int:
    with pointed_at(url):
        return manage.main(["--database-url", url, *args])


def usernames(url: str) -> list[str]:
    with pointed_at(url), read_session() as session:
        return list(session.scalars(select(User.username).order_by(User.username)))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def live(tmp_path) -> tuple[str, Path]:
    """The current database, holding the account `today`."""
    path = tmp_path / "live" / "firedesk.sqlite3"
    path.parent.mkdir()
    url = f"sqlite:///{path}"
    assert run(url, "create-admin", "today", "--password", PASSWORD) == 0
    return url, path


@pytest.fixture
def good_backup(tmp_path) -> Path:
    """A real backup holding the account `yesterday` only."""
    path = tmp_path / "yesterday.sqlite3"
    url = f"sqlite:///{path}"
    assert run(url, "create-admin", "yesterday", "--password", PASSWORD) == 0
    return path


def _sqlite_file(path: Path, *statements: str) -> Path:
    with closing(sqlite3.connect(path)) as db:
        for statement in statements:
            db.execute(statement)
        db.commit()
    return path


def _damaged(path: Path, good: Path) -> Path:
    data = bytearray(good.read_bytes())
    page = 4096
    for offset in range(page, len(data), 7):  # keep the header page, scramble the rest
        data[offset] = (data[offset] * 31 + 17) % 256
    path.write_bytes(bytes(data))
    return path


BAD_FILES = {
    "empty": (lambda p, g: (p.write_bytes(b""), p)[1], "empty (0 bytes)"),
    "random": (lambda p, g: (p.write_bytes(os.urandom(8192)), p)[1], "not an SQLite database"),
    "text": (lambda p, g: (p.write_text("id,name\n1,x\n"), p)[1], "not an SQLite database"),
    "other sqlite": (
        lambda p, g: _sqlite_file(p, "CREATE TABLE notes (id INTEGER)"),
        "no schema version",
    ),
    "unknown revision": (
        lambda p, g: _sqlite_file(
            p,
            "CREATE TABLE alembic_version (version_num VARCHAR(32))",
            "INSERT INTO alembic_version VALUES ('9999')",
            *(f"CREATE TABLE {t} (id INTEGER)" for t in manage.FIREDESK_TABLES),
        ),
        "revision 9999",
    ),
    "no firedesk tables": (
        lambda p, g: _sqlite_file(
            p,
            "CREATE TABLE alembic_version (version_num VARCHAR(32))",
            "INSERT INTO alembic_version VALUES ('0001')",
        ),
        "missing tables",
    ),
    "damaged": (_damaged, "damaged"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_file_that_is_no_firedesk_backup_is_refused_and_nothing_is_touched(
    kind, live, good_backup, tmp_path, capsys
):
    url, path = live
    make, reason = BAD_FILES[kind]
    bad = make(tmp_path / f"{kind.replace(' ', '-')}.sqlite3", good_backup)
    before = digest(path)

    code = run(url, "restore", str(bad), "--yes")

    err = capsys.readouterr().err
    assert code == 2
    assert reason in err and "not touched" in err
    assert "Traceback" not in err
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["firedesk.sqlite3"]  # no copy
    assert usernames(url) == ["today"]


def test_a_missing_file_is_refused_with_exit_code_2(live, tmp_path, capsys):
    url, path = live
    assert run(url, "restore", str(tmp_path / "typo.sqlite3"), "--yes") == 2
    assert "no backup file at" in capsys.readouterr().err
    assert usernames(url) == ["today"]


def test_a_restore_keeps_a_safety_copy_and_writes_an_audit_row(live, good_backup, capsys):
    url, path = live

    assert run(url, "restore", str(good_backup), "--yes") == 0

    out = capsys.readouterr().out
    copies = [p for p in path.parent.iterdir() if ".before-restore-" in p.name]
    assert len(copies) == 1 and str(copies[0]) in out
    assert usernames(f"sqlite:///{copies[0]}") == ["today"]
    assert usernames(url) == ["yesterday"]
    with pointed_at(url), read_session() as session:
        entry = session.scalars(select(AuditLog).where(AuditLog.action == "restore")).one()
    assert str(good_backup.resolve()) in entry.detail
    assert entry.username == "manage.py"
    with closing(sqlite3.connect(good_backup)) as db:
        (revision,) = db.execute("SELECT version_num FROM alembic_version").fetchone()
    assert f"backup schema {revision}" in entry.detail


def test_an_older_schema_is_accepted_and_named_in_the_audit_row(live, tmp_path):
    url, _ = live
    old = tmp_path / "old.sqlite3"
    upgrade(f"sqlite:///{old}", revision="0001")
    assert run(url, "restore", str(old), "--yes") == 0
    with pointed_at(url), read_session() as session:
        entry = session.scalars(select(AuditLog).where(AuditLog.action == "restore")).one()
    assert "backup schema 0001" in entry.detail


def _subprocess_env(url: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FIREDESK_")}
    environment["DATABASE_URL"] = url
    return environment


def test_without_a_terminal_and_without_yes_it_refuses(live, good_backup):
    url, path = live
    before = digest(path)
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(good_backup)],
        cwd=ROOT,
        env=_subprocess_env(url),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "--yes" in result.stderr and "Traceback" not in result.stderr
    assert digest(path) == before
    assert usernames(url) == ["today"]


def _on_a_terminal(url: str, backup: Path, answer: str) -> tuple[int, str]:
    """Run restore with a pseudo-terminal as stdin and type `answer` at its question."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=ROOT,
        env=_subprocess_env(url),
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(follower)
    os.write(leader, f"{answer}\n".encode())
    out, err = process.communicate(timeout=120)
    os.close(leader)
    return process.returncode, out + err


@pytest.mark.parametrize("answer", ["no", ""])
def test_on_a_terminal_anything_but_yes_cancels(live, good_backup, answer):
    url, path = live
    before = digest(path)
    code, output = _on_a_terminal(url, good_backup, answer)
    assert code == 1, output
    assert "type yes" in output and "cancelled" in output
    assert digest(path) == before
    assert usernames(url) == ["today"]


def test_on_a_terminal_yes_restores(live, good_backup):
    url, _ = live
    code, output = _on_a_terminal(url, good_backup, "yes")
    assert code == 0, output
    assert usernames(url) == ["yesterday"]
