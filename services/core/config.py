"""Settings read from the environment (never from committed files)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from db.config import database_url

LANGUAGES = ("zh-CN", "en")


@dataclass(frozen=True)
class Settings:
    database_url: str
    language: str
    session_timeout_minutes: int
    session_max_hours: float
    lockout_attempts: int
    lockout_minutes: int


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    language = env.get("FIREDESK_LANG", "zh-CN")
    if language not in LANGUAGES:
        raise ValueError(f"FIREDESK_LANG must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return Settings(
        database_url=database_url(env),
        language=language,
        session_timeout_minutes=int(env.get("FIREDESK_SESSION_MINUTES", "120")),
        session_max_hours=float(env.get("FIREDESK_SESSION_MAX_HOURS", "12")),
        lockout_attempts=int(env.get("FIREDESK_LOCKOUT_ATTEMPTS", "5")),
        lockout_minutes=int(env.get("FIREDESK_LOCKOUT_MINUTES", "15")),
    )
