"""Alembic environment: the target is every model in db.models; the URL comes from
db.migrate (or DATABASE_URL when alembic is run by hand)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool

import db.models  # noqa: F401  (registers every table)
from db.base import Base
from db.session import current_url, engine_for

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or current_url()
    engine = engine_for(url) if url.startswith("sqlite") else None
    if engine is None:
        from sqlalchemy import create_engine

        engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()


run_migrations()
