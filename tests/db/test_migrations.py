"""Migrations build the schema from empty, and the newest schema matches the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from db.base import Base
from db.migrate import is_up_to_date, upgrade
from db.session import engine_for


def test_upgrade_from_empty_matches_the_models(db):
    engine = engine_for(db)
    assert is_up_to_date(db)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_upgrade_is_idempotent(db):
    upgrade(db)  # already at head: nothing to do, nothing lost
    assert is_up_to_date(db)
