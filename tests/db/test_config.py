"""db finds its database on its own: DATABASE_URL, else the SQLite file under data/."""

from db import config
from services.core.config import load_settings


def test_database_url_comes_from_the_environment_or_the_default_file():
    assert config.database_url({"DATABASE_URL": "postgresql+psycopg://x@h/db"}) == (
        "postgresql+psycopg://x@h/db"
    )
    default = config.database_url({"DATABASE_URL": ""})
    assert default == config.default_database_url()
    assert default.startswith("sqlite:///") and default.endswith("/data/firedesk.sqlite3")
    assert (config.PROJECT_ROOT / "db" / "config.py").is_file()


def test_the_settings_read_the_same_url():
    for env in ({}, {"DATABASE_URL": "sqlite:///elsewhere.sqlite3"}):
        assert load_settings(env).database_url == config.database_url(env)
