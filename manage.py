"""Firedesk's operations command line.

    python manage.py migrate                 apply database migrations
    python manage.py create-admin NAME       create an administrator (asks for the password)
    python manage.py load-demo               fill an empty database with the demo detachment
    python manage.py backup FILE             online backup of the SQLite database
    python manage.py restore FILE            replace the SQLite database with a backup

The database is DATABASE_URL (default: data/firedesk.sqlite3); --database-url overrides it.
Feature areas add their commands in `COMMANDS` below.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sqlite3
import sys
from pathlib import Path

from db import session as db_session
from db.migrate import upgrade
from services import complaints_cli
from services.bookings_cli import register as register_bookings
from services.errors import FiredeskError, ValidationError
from services.planning_cli import register as register_planning


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
    from services.accounts import AccountInput, create_account, create_first_admin
    from services.auth import has_users
    from services.permissions import SYSTEM

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
    from services.setup import load_demo_detachment

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


def cmd_restore(args) -> int:
    target_path = _sqlite_path(db_session.current_url())
    backup = Path(args.file)
    if not backup.is_file():
        raise SystemExit(f"no backup file at {backup}")
    db_session.get_engine().dispose()
    with sqlite3.connect(backup) as source, sqlite3.connect(target_path) as target:
        source.backup(target)
    upgrade()  # a backup from an older version is brought up to the current schema
    print(f"database restored from {backup}")
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
    restore.set_defaults(run=cmd_restore)
    for register in COMMANDS:
        register(commands)
    return parser


# Feature areas register more subcommands here: each entry is `register(subparsers)`.
COMMANDS: list = []
COMMANDS.append(register_bookings)
COMMANDS.append(complaints_cli.register)
COMMANDS.append(register_planning)


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
