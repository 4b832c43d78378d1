"""The published plan of a week, read only, as everyone who works it may see it.

Staff names and places only (no contact is in a plan). Staff, duty managers and
administrators work the plan and see every task as it is; a leader reads it from outside
the field work, so complaint checks and random inspections show as the neutral 外勤任务
without task id or unit, the same way calendar files show them.
"""

from __future__ import annotations

import html
from datetime import date

from services.core.permissions import Actor
from services.i18n import t
from services.planning.exports import UNANNOUNCED_TITLE, page_html, rows, table_html
from services.planning.versions import instance_of, published_version
from services.planning.views import announced, day_label, kind_label

GROUPINGS = ("day", "person", "station")
COLUMNS = ("day", "start", "end", "task", "kind", "location", "staff")


def sees_unannounced(actor: Actor) -> bool:
    """Whether the actor works the plan (and so may see what an unannounced task is)."""
    return actor.can("availability.write_own")


def week_table(actor: Actor, week_start: date, lang: str | None = None) -> list[dict] | None:
    """The week's published assignments as rows (None when nothing is published)."""
    info = published_version(week_start)
    if info is None:
        return None
    instance = instance_of(info)
    inside = sees_unannounced(actor)
    out = []
    for row in rows(instance, info.plan):
        shown = inside or announced(row.kind)
        for code in row.staff:
            person = instance.staff_by_id[code]
            out.append(
                {
                    "day": day_label(week_start, row.start.weekday(), lang),
                    "start": row.start.strftime("%H:%M"),
                    "end": row.end.strftime("%H:%M"),
                    "task": row.task if shown else "",
                    "kind": kind_label(row.kind, lang) if shown else UNANNOUNCED_TITLE,
                    "location": row.location if shown else "",
                    "staff": "、".join(instance.staff_by_id[s].name for s in row.staff),
                    "person": f"{person.name} ({code})",
                    "station": instance.locations[person.base].name,
                }
            )
    return out


def grouped(table: list[dict], by: str) -> dict[str, list[dict]]:
    """Rows per day, per person or per station (a task with two officers is under each)."""
    if by not in GROUPINGS:
        raise ValueError(by)
    groups: dict[str, list[dict]] = {}
    seen: set[tuple] = set()
    for row in table:
        key = (row[by], row["day"], row["start"], row["task"], row["kind"], row["staff"])
        if key in seen:  # by day or station, a team's task once
            continue
        seen.add(key)
        groups.setdefault(row[by], []).append(row)
    return groups


def week_html(table: list[dict], by: str, title: str, lang: str | None = None) -> str:
    """The grouped week as a page to print (every value escaped)."""
    header = [t(f"plan.col.{c}", lang) for c in COLUMNS]
    body = "".join(
        f"<h2>{html.escape(name)}</h2>"
        + table_html([header, *[[row[c] for c in COLUMNS] for row in items]])
        for name, items in grouped(table, by).items()
    )
    return page_html(title, f"<h1>{html.escape(title)}</h1>{body}", lang)
