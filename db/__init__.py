"""Firedesk's data layer: SQLAlchemy 2 models, sessions, Alembic migrations, demo data."""
