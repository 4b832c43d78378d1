"""Where the database is: `DATABASE_URL`, or the SQLite file under the project's data/.

db reads this itself so it needs nothing from services; services.core.config takes its
`database_url` setting from here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def default_database_url() -> str:
    return f"sqlite:///{PROJECT_ROOT / 'data' / 'firedesk.sqlite3'}"


def database_url(env: Mapping[str, str] | None = None) -> str:
    """The configured database URL (`env` defaults to the process environment)."""
    env = os.environ if env is None else env
    return env.get("DATABASE_URL") or default_database_url()
