"""What a published week is sent out as: personal calendars (.ics), the roster as Excel and
as a printable page, appointment notices to the units visited, and the contract's JSON.

The iCalendar text is written here by hand (RFC 5545: CRLF line endings, lines folded at
75 octets, text escaped) rather than through a library, so every byte is under our control.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from optimizer.contract import Instance
from services.core.spreadsheet import workbook
from services.i18n import t
from services.planning.views import announced, at, day_label, kind_label, person_label

TZID = "Asia/Shanghai"
PRODID = "-//Firedesk//Weekly plan//ZH"
# The calendar title of an unannounced task (plan_views.UNANNOUNCED_KINDS): "field duty".
UNANNOUNCED_TITLE = "外勤任务"


@dataclass(frozen=True)
class Row:
    """One assignment, ready to print."""

    task: str
    kind: str
    start: datetime
    end: datetime
    location_id: str
    location: str
    staff: tuple[str, ...]  # staff ids


def rows(instance: Instance, plan: dict) -> list[Row]:
    week = date.fromisoformat(instance.week_start)
    out = []
    for a in sorted(plan["assignments"], key=lambda a: (a["start"], a["task"])):
        task = instance.task_by_id[a["task"]]
        out.append(
            Row(
                task.id,
                task.kind,
                at(week, a["start"]),
                at(week, a["start"] + task.duration),
                task.location,
                instance.locations[task.location].name,
                tuple(a["staff"]),
            )
        )
    return out


# ----------------------------------------------------------------------------- iCalendar


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not parts else 74  # continuation lines start with one space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _local(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def ics(instance: Instance, plan: dict, staff_id: str, stamp: datetime) -> str:
    """One person's week as an iCalendar file (summaries in Chinese)."""
    week = instance.week_start
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(f'{person_label(instance, staff_id)} {week} 周计划')}",
        f"X-WR-TIMEZONE:{TZID}",
        "BEGIN:VTIMEZONE",
        f"TZID:{TZID}",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0800",
        "TZNAME:CST",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
    dtstamp = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    for row in rows(instance, plan):
        if staff_id not in row.staff:
            continue
        partners = [person_label(instance, s) for s in row.staff if s != staff_id]
        # A calendar entry is easily shared or seen on a phone: an unannounced check gets a
        # neutral title, and its task id (C… is a complaint) stays out of the description.
        what = kind_label(row.kind, "zh-CN") if announced(row.kind) else UNANNOUNCED_TITLE
        summary = f"{what}（{row.location}）"
        task = f"任务 {row.task}" if announced(row.kind) else UNANNOUNCED_TITLE
        description = task + (f"；同组：{'、'.join(partners)}" if partners else "")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{week}-{row.task}-{staff_id}@firedesk",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;TZID={TZID}:{_local(row.start)}",
            f"DTEND;TZID={TZID}:{_local(row.end)}",
            f"SUMMARY:{_escape(summary)}",
            f"LOCATION:{_escape(row.location)}",
            f"DESCRIPTION:{_escape(description)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


# ----------------------------------------------------------------------------- roster


def _roster_table(instance: Instance, plan: dict, lang: str | None) -> list[list[str]]:
    header = [
        t(f"plan.col.{c}", lang)
        for c in ("day", "start", "end", "task", "kind", "location", "staff")
    ]
    body = [
        [
            day_label(date.fromisoformat(instance.week_start), row.start.weekday(), lang),
            row.start.strftime("%H:%M"),
            row.end.strftime("%H:%M"),
            row.task,
            kind_label(row.kind, lang),
            row.location,
            "、".join(person_label(instance, s) for s in row.staff),
        ]
        for row in rows(instance, plan)
    ]
    return [header, *body]


def roster_xlsx(instance: Instance, plan: dict, title: str, lang: str | None = None) -> bytes:
    """The week's roster as an Excel workbook: the roster, and tasks and hours per person."""
    totals: dict[str, list[float]] = {}
    for row in rows(instance, plan):
        for s in row.staff:
            entry = totals.setdefault(s, [0, 0.0])
            entry[0] += 1
            entry[1] += (row.end - row.start).total_seconds() / 3600
    load = [[t(f"plan.col.{c}", lang) for c in ("person", "tasks", "hours")]] + [
        [person_label(instance, s), count, round(hours, 1)]
        for s, (count, hours) in sorted(totals.items())
    ]
    return workbook(
        [
            (t("plan.view.plan", lang), title, _roster_table(instance, plan, lang)),
            (t("plan.col.person", lang), title, load),
        ]
    )


_PRINT_CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }
th, td { border: 1px solid #999; padding: 4px 6px; text-align: left; font-size: 11pt; }
th { background: #eee; }
.notice { page-break-after: always; }
@media print { button { display: none; } body { margin: 0; } }
"""


def page_html(title: str, body: str, lang: str | None) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang or "zh-CN")}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_PRINT_CSS}</style></head><body>"
        f'<button onclick="window.print()">{html.escape(t("plan.export.print", lang))}</button>'
        f"{body}</body></html>\n"
    )


def table_html(lines: list[list[str]]) -> str:
    head, *body = lines
    cells = "".join(f"<th>{html.escape(str(c))}</th>" for c in head)
    trs = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in line) + "</tr>" for line in body
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{trs}</tbody></table>"


def roster_html(instance: Instance, plan: dict, title: str, lang: str | None = None) -> str:
    """The roster as a page to print, one table per day."""
    table = _roster_table(instance, plan, lang)
    header, body = table[0], table[1:]
    sections = []
    for day in dict.fromkeys(line[0] for line in body):
        day_rows = [line for line in body if line[0] == day]
        sections.append(f"<h2>{html.escape(day)}</h2>" + table_html([header, *day_rows]))
    return page_html(title, f"<h1>{html.escape(title)}</h1>" + "".join(sections), lang)


# ----------------------------------------------------------------------------- unit notices


@dataclass(frozen=True)
class Notice:
    location_id: str
    unit: str
    appointments: tuple[Row, ...]


def unit_notices(instance: Instance, plan: dict) -> list[Notice]:
    """Per unit visited this week, its announced appointments (a station's own tasks need
    no notice; complaint checks and random inspections are never announced)."""
    bases = {person.base for person in instance.staff}
    by_unit: dict[str, list[Row]] = {}
    for row in rows(instance, plan):
        if row.location_id not in bases and announced(row.kind):
            by_unit.setdefault(row.location_id, []).append(row)
    return [
        Notice(location, visits[0].location, tuple(visits))
        for location, visits in sorted(by_unit.items(), key=lambda item: item[1][0].location)
    ]


def notices_html(instance: Instance, plan: dict, lang: str | None = None) -> str:
    """Every unit's notice on its own printed page: time, officers, what to prepare."""
    header = [t(f"plan.export.{c}", lang) for c in ("time", "what", "officers", "prepare")]
    pages = []
    for notice in unit_notices(instance, plan):
        lines = [
            [
                f"{row.start:%Y-%m-%d %H:%M}–{row.end:%H:%M}",
                kind_label(row.kind, lang),
                "、".join(instance.staff_by_id[s].name for s in row.staff),
                prepare_text(row.kind, lang),
            ]
            for row in notice.appointments
        ]
        title = t("plan.export.notice_title", lang, unit=notice.unit)
        pages.append(
            f'<div class="notice"><h2>{html.escape(title)}</h2>'
            f"<p>{html.escape(t('plan.export.notice_intro', lang))}</p>"
            f"{table_html([header, *lines])}</div>"
        )
    title = t("plan.publish.notices", lang)
    return page_html(title, "".join(pages), lang)


def prepare_text(kind: str, lang: str | None) -> str:
    text = t(f"plan.prepare_for.{kind}", lang)
    return text if text != f"plan.prepare_for.{kind}" else t("plan.prepare_for.other", lang)


# ----------------------------------------------------------------------------- contract JSON


def contract_json(document: dict) -> bytes:
    """An instance or plan document as the contract's UTF-8 JSON."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
