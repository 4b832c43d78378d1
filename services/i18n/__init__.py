"""One translation function for every UI string: `t("key", **params)`.

Catalogs live in `services/i18n/catalog/<area>.py`, one module per feature area, each a
`MESSAGES = {"key": {"zh-CN": "…", "en": "…"}}` dict; every module in that package is
loaded, so a feature adds its strings without touching anyone else's file. Chinese is the
default language; the page layer sets the user's choice for the current script run.
"""

from __future__ import annotations

import importlib
import pkgutil
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache

from rules.time import local_day
from services.core.config import LANGUAGES, load_settings

_language: ContextVar[str | None] = ContextVar("firedesk_language", default=None)


@cache
def all_messages() -> dict[str, dict[str, str]]:
    package = importlib.import_module("services.i18n.catalog")

    merged: dict[str, dict[str, str]] = {}
    for module_info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        for key, texts in module.MESSAGES.items():
            if key in merged:
                raise ValueError(f"translation key {key!r} is defined twice ({module_info.name})")
            merged[key] = texts
    return merged


def set_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _language.set(language)


def current_language() -> str:
    return _language.get() or load_settings().language


def written_date(value: datetime | date | None, language: str | None = None) -> str:
    """A date as printed documents write it: 2026年12月2日 in Chinese, YYYY-MM-DD in English."""
    day = local_day(value)
    if day is None:
        return ""
    if (language or current_language()) == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def t(key: str, language: str | None = None, **params: object) -> str:
    """The text of `key` in the current language, with `{name}` placeholders filled.

    A missing key shows the key itself rather than crashing a page; the catalog test makes
    sure no key is missing in either language.
    """
    texts = all_messages().get(key)
    if texts is None:
        return key
    text = texts.get(language or current_language()) or texts["zh-CN"]
    return text.format(**params) if params else text
