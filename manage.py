"""Firedesk's operations command line.

    python manage.py migrate                 apply database migrations
    python manage.py create-admin NAME       create an administrator (asks for the password)
    python manage.py load-demo               fill an empty database with the demo detachment
    python manage.py backup FILE             online backup of the SQLite database
    python manage.py restore FILE [--yes]    replace the SQLite database with a checked backup
    python manage.py draw --period P --seed S --out F.csv   double-random draw; --verify F.csv
    python manage.py disclosure --month M --format csv|html|xlsx --out F   the month's 一公开
    python manage.py outbox run | list       send due notifications (cron) / list the outbox

The database is DATABASE_URL (default: data/firedesk.sqlite3); --database-url overrides it.
Feature areas add their commands in `COMMANDS` below.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sqlite3
import sys
from contextlib import closing
from datetime import datetime
from pathlib import Path

from db import session as db_session
from db.migrate import upgrade
from services.applications import cli as applications_cli
from services.bookings.cli import register as register_bookings
from services.complaints import cli as complaints_cli
from services.core.errors import FiredeskError, ValidationError
from services.draws import cli as draws_cli
from services.hazards import cli as hazards_cli
from services.kpis import cli as kpis_cli
from services.notifications import cli as outbox_cli
from services.planning import worker_cli
from services.planning.cli import register as register_planning


def _sqlite_path(url: str) -> Path:
    if not url.startswith("sqlite:///"):
        raise SystemExit(
            "backup/restore here is for SQLite; for PostgreSQL use pg_dump / pg_restore (see README)"
        )
    return Path(url.removeprefix("sqlite:///"))


def cmd_migrate(_args) -> int:
    upgrade()
    print("database is at the newest schema")
    return 0


def cmd_create_admin(args) -> int:
    from services.accounts.auth import has_users
    from services.accounts.users import AccountInput, create_account, create_first_admin
    from services.core.permissions import SYSTEM

    upgrade()
    password = (
        args.password or os.environ.get("FIREDESK_ADMIN_PASSWORD") or getpass.getpass("password: ")
    )
    name = args.display_name or args.username
    if has_users():
        create_account(SYSTEM, AccountInput(args.username, name, "admin", password))
    else:
        create_first_admin(args.username, name, password)
    print(f"administrator {args.username} created")
    return 0


def cmd_load_demo(args) -> int:
    from demo.setup import load_demo_detachment

    upgrade()
    counts = load_demo_detachment(seed=args.seed) if args.seed else load_demo_detachment()
    print("demo detachment loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def cmd_backup(args) -> int:
    source_path = _sqlite_path(db_session.current_url())
    if not source_path.is_file():  # sqlite3.connect would create it and back up nothing
        raise SystemExit(f"no database at {source_path}")
    target = Path(args.file)
    target.parent.mkdir(parents=True, exist_ok=True)
    # sqlite3's online backup copies a consistent snapshot while the app keeps running.
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    print(f"backup written to {target}")
    return 0


# Tables every Firedesk schema has had since the first migration.
FIREDESK_TABLES = frozenset(
    {"audit_log", "districts", "locations", "travel_times", "staff", "availability", "users"}
)
SQLITE_HEADER = b"SQLite format 3\x00"


class RestoreRefused(Exception):
    """The file is not a Firedesk backup this version can restore; nothing was touched."""


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from db.migrate import alembic_config

    return {
        script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    }


def check_backup(backup: Path) -> list[str]:
    """The schema revisions of a Firedesk SQLite backup, or RestoreRefused saying why not.

    Reads the file only (opened read-only), so a refused file changes nothing anywhere."""
    if not backup.is_file():
        raise RestoreRefused(f"no backup file at {backup}")
    with backup.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if not header:
        raise RestoreRefused(f"{backup} is empty (0 bytes): not a backup")
    if header != SQLITE_HEADER:
        raise RestoreRefused(f"{backup} is not an SQLite database")
    try:
        with closing(sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)) as db:
            integrity = [row[0] for row in db.execute("PRAGMA integrity_check")]
            if integrity != ["ok"]:
                raise RestoreRefused(
                    f"{backup} is damaged (integrity check: {'; '.join(integrity[:3])})"
                )
            tables = {
                row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables:
                raise RestoreRefused(f"{backup} is not a Firedesk backup (no schema version)")
            revisions = sorted(
                row[0] for row in db.execute("SELECT version_num FROM alembic_version")
            )
    except sqlite3.DatabaseError as error:
        raise RestoreRefused(f"{backup} is not a readable SQLite database ({error})") from error
    missing = sorted(FIREDESK_TABLES - tables)
    if missing:
        raise RestoreRefused(
            f"{backup} is not a Firedesk backup (missing tables: {', '.join(missing)})"
        )
    unknown = [r for r in revisions if r not in _known_revisions()]
    if not revisions or unknown:
        raise RestoreRefused(
            f"{backup} has schema revision {', '.join(unknown) or 'none'}, which this version of "
            "Firedesk does not know (a backup from a newer version?)"
        )
    return revisions


def _confirmed(target: Path, backup: Path, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        raise RestoreRefused(
            "restore replaces the whole database: confirm on a terminal or pass --yes"
        )
    answer = input(f"replace every record in {target} with {backup}? type yes to go on: ")
    return answer.strip().lower() == "yes"


def _safety_copy(target: Path) -> Path | None:
    """A copy of the current database beside it, so a mistaken restore can be undone."""
    if not target.is_file():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    copy_path = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}")
    with closing(sqlite3.connect(target)) as source, closing(sqlite3.connect(copy_path)) as copy:
        source.backup(copy)
    return copy_path


def cmd_restore(args) -> int:
    from services.core.permissions import SYSTEM
    from services.core.unit_of_work import record, unit_of_work

    target_path = _sqlite_path(db_session.current_url())
    backup = Path(args.file)
    try:
        revisions = check_backup(backup)
        if not _confirmed(target_path, backup, args.yes):
            print("restore cancelled: nothing was changed", file=sys.stderr)
            return 1
    except RestoreRefused as refused:
        print(f"restore refused: {refused}; the current database was not touched", file=sys.stderr)
        return 2
    safety = _safety_copy(target_path)
    if safety is not None:
        print(f"the current database was copied to {safety}")
    db_session.get_engine().dispose()
    with (
        closing(sqlite3.connect(backup)) as source,
        closing(sqlite3.connect(target_path)) as target,
    ):
        source.backup(target)
    upgrade()  # a backup from an older version is brought up to the current schema
    with unit_of_work(SYSTEM) as session:
        record(
            session,
            SYSTEM,
            "restore",
            "database",
            detail=f"restored from {backup.resolve()} (backup schema {', '.join(revisions)})",
        )
    print(f"database restored from {backup} (backup schema {', '.join(revisions)})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="manage.py", description="Firedesk operations")
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=cmd_migrate)
    admin = commands.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("username")
    admin.add_argument("--display-name")
    admin.add_argument("--password", help="default: FIREDESK_ADMIN_PASSWORD or a prompt")
    admin.set_defaults(run=cmd_create_admin)
    demo = commands.add_parser("load-demo", help="load the demo detachment into an empty database")
    demo.add_argument("--seed", type=int)
    demo.set_defaults(run=cmd_load_demo)
    backup = commands.add_parser("backup", help="online backup of the SQLite database")
    backup.add_argument("file")
    backup.set_defaults(run=cmd_backup)
    restore = commands.add_parser("restore", help="restore the SQLite database from a backup")
    restore.add_argument("file")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(run=cmd_restore)
    for register in COMMANDS:
        register(commands)
    return parser


# Feature areas register more subcommands here: each entry is `register(subparsers)`.
COMMANDS: list = []
COMMANDS.append(register_bookings)
COMMANDS.append(complaints_cli.register)
COMMANDS.append(register_planning)
COMMANDS.append(worker_cli.register)
COMMANDS.append(draws_cli.register)
COMMANDS.append(applications_cli.register)
COMMANDS.append(hazards_cli.register)
COMMANDS.append(kpis_cli.register)
COMMANDS.append(outbox_cli.register)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.database_url:
        db_session.configure(args.database_url)
    try:
        return args.run(args)
    except ValidationError as error:
        print("\n".join(error.messages("en")), file=sys.stderr)
        return 2
    except FiredeskError as error:
        print(error.message("en"), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
