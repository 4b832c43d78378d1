"""What every complaints module shares: the case statuses and choices, the statuses still
open, the time format of forms and exports, category labels and the read batch size.

A case is the first ticket about a unit and category; a later ticket about the same unit
and category while the case is open is merged into it (its clock is the first ticket's).
"""

from __future__ import annotations

from db.models.complaints import CATEGORIES, HANDLINGS, INFORM_METHODS, STATUSES
from services.i18n import t

# The choices the models define, named here for pages (which never import db).
__all__ = [
    "AWAITING_VISIT",
    "CATEGORIES",
    "HANDLINGS",
    "INFORM_METHODS",
    "OPEN_STATUSES",
    "READ_BATCH",
    "STATUSES",
    "TIME_FORMAT",
    "category_label",
]

OPEN_STATUSES = tuple(s for s in STATUSES if s != "closed")
AWAITING_VISIT = ("received", "assigned")
TIME_FORMAT = "%Y-%m-%d %H:%M"

# Rows are read from the database this many at a time (a server-side cursor on PostgreSQL).
READ_BATCH = 500


def category_label(code: str, language: str | None = None) -> str:
    return t(f"complaints.category.{code}", language)
