"""Apply Alembic migrations from code: on app start, by `manage.py migrate`, in tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from db.session import current_url, engine_for

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", (url or current_url()).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "heads") -> None:
    """Bring the database up to the newest schema; a no-op when it is already there."""
    config = alembic_config(url)
    with engine_for(url or current_url()).connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def is_up_to_date(url: str | None = None) -> bool:
    script = ScriptDirectory.from_config(alembic_config(url))
    with engine_for(url or current_url()).connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current == set(script.get_heads())
