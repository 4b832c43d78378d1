"""What leadership sends out: the KPI report as Excel and as a printable page, and the
monthly public disclosure of inspections (measure 04, "double random, one public") as Excel.

The disclosure lists units, dates and results only: no inspector, complainant or contact
ever reaches it. Every spreadsheet cell goes through services.core.spreadsheet, so a unit
registered as "=HYPERLINK(...)" stays text.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from db.models import Booking, ComplaintCase, District, Location
from db.models.draws import Draw, InspectionRecord
from db.session import read_session
from rules.draws import period_bounds
from rules.time import local
from rules.weeks import month_of
from services.core.permissions import Actor, require
from services.core.spreadsheet import workbook, write_csv
from services.i18n import t
from services.kpis import engine as kpis
from services.kpis.draws import publish_by

DISCLOSED_BOOKING_STATUSES = ("planned", "confirmed", "done", "no_show")
RESULT_OF_STATUS = {"planned": "planned", "confirmed": "planned", "done": "done"}


def formatted(kpi: kpis.Kpi, value: float | None) -> str:
    if value is None:
        return "—"
    if kpi.unit == "rate":
        return f"{value:.1%}"
    if kpi.unit == "ratio":
        return f"{value:.2f}"
    return f"{value:,.0f}"


def report_title(period: kpis.Period, lang: str | None = None) -> str:
    last_day = period.end - timedelta(days=1)
    return t("kpis.report_title", lang, start=period.start.isoformat(), end=last_day.isoformat())


def report_rows(tiles: list[kpis.Tile], lang: str | None = None) -> list[list[str]]:
    """The report table: header, then one row per KPI with its comparisons and definition."""
    header = [t(f"kpis.col.{c}", lang) for c in ("kpi", "value", "previous", "last_year")]
    rows = [[*header, t("kpis.col.definition", lang)]]
    for tile in tiles:
        k = kpis.kpi(tile.code)
        rows.append(
            [
                t(k.name_key, lang),
                formatted(k, tile.value),
                formatted(k, tile.previous),
                formatted(k, tile.last_year),
                t(k.help_key, lang),
            ]
        )
    return rows


def report_xlsx(tiles: list[kpis.Tile], period: kpis.Period, lang: str | None = None) -> bytes:
    title = report_title(period, lang)
    return workbook([(t("page.kpi_dashboard", lang), title, report_rows(tiles, lang))])


_PRINT_CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eee; }
@media print { body { margin: 0; } }
"""


def report_html(tiles: list[kpis.Tile], period: kpis.Period, lang: str | None = None) -> str:
    """The report as a self-contained page to print (A4, no script)."""
    header, *body = report_rows(tiles, lang)
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    lines = "".join(
        "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in body
    )
    title = html.escape(report_title(period, lang))
    return (
        f'<!DOCTYPE html><html lang="{html.escape(lang or "zh-CN")}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_PRINT_CSS}</style></head><body><h1>{title}</h1>"
        f"<table><thead><tr>{cells}</tr></thead><tbody>{lines}</tbody></table></body></html>"
    )


# --- the monthly disclosure ----------------------------------------------------------------


@dataclass(frozen=True)
class Disclosed:
    unit: str
    district: str
    day: date
    kind: str  # offhours_inspection, complaint_check or random_inspection
    # planned, done, no_show, violation, no_violation, pending; for random inspections the
    # recorded outcome (no_problem, minor_corrected, correction_order, referred_penalty)
    result: str
    # Random inspections: the last day its result may be made public
    # (rules.draws.RESULT_DISCLOSURE_WORKING_DAYS working days after the inspection).
    publish_by: date | None = None


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _booked_inspections(month: date, end: date) -> list[Disclosed]:
    """Off-hours inspections of the month, on the day their published plan set (or their
    week's Monday while no plan is published)."""
    query = (
        select(Booking.id, Booking.status, Booking.week_start, Location.name, District.name)
        .join(Location, Location.id == Booking.location_id)
        .join(District, District.id == Location.district_id)
        .where(
            Booking.kind == "offhours_inspection",
            Booking.status.in_(DISCLOSED_BOOKING_STATUSES),
            Booking.week_start > month - timedelta(days=7),
            Booking.week_start < end,
        )
    )
    with read_session() as session:
        rows = session.execute(query).all()
    weeks = kpis.Period(month - timedelta(days=6), end, "week")
    starts = {
        b[0]: w + timedelta(days=b[2] // 1440) for w, f in kpis.published(weeks) for b in f.bookings
    }
    found = []
    for booking_id, status, week, unit, district in rows:
        day = starts.get(booking_id, week)
        if month <= day < end:
            result = RESULT_OF_STATUS.get(status, status)
            found.append(Disclosed(unit, district, day, "offhours_inspection", result))
    return found


def _complaint_checks(month: date, end: date) -> list[Disclosed]:
    """Complaint verifications done on site in the month, with what they found."""
    since, until = kpis.Period(month, end, "month").moments()
    query = (
        select(
            ComplaintCase.unit_name,
            District.name,
            ComplaintCase.first_verified_at,
            ComplaintCase.violation_found,
        )
        .join(District, District.id == ComplaintCase.district_id)
        .where(
            ComplaintCase.first_verified_at >= since,
            ComplaintCase.first_verified_at < until,
        )
    )
    with read_session() as session:
        rows = session.execute(query).all()
    results = {True: "violation", False: "no_violation", None: "pending"}
    return [
        Disclosed(unit, district, local(verified).date(), "complaint_check", results[found])
        for unit, district, verified, found in rows
    ]


def _random_inspections(month: date, end: date) -> list[Disclosed]:
    """Random inspections recorded in the month, with their outcome. A drawn unit appears
    only once inspected: until then the draw is unannounced."""
    since, until = kpis.Period(month, end, "month").moments()
    query = (
        select(
            Location.name, District.name, InspectionRecord.inspected_at, InspectionRecord.outcome
        )
        .join(Location, Location.id == InspectionRecord.location_id)
        .join(District, District.id == Location.district_id)
        .where(
            InspectionRecord.kind == "random_inspection",
            InspectionRecord.inspected_at >= since,
            InspectionRecord.inspected_at < until,
        )
    )
    with read_session() as session:
        rows = session.execute(query).all()
    return [
        Disclosed(
            unit,
            district,
            local(at).date(),
            "random_inspection",
            outcome,
            publish_by(local(at)),
        )
        for unit, district, at, outcome in rows
    ]


def publication_due(found: list[Disclosed]) -> date | None:
    """The earliest publish-by day of a month's random results: the month's disclosure must
    be public by then."""
    return min((d.publish_by for d in found if d.publish_by), default=None)


def disclosure(actor: Actor, month: date) -> list[Disclosed]:
    """The month's inspections, by date and unit."""
    require(actor, "kpi.read")
    month = month_of(month)
    end = _month_end(month)
    found = (
        _booked_inspections(month, end)
        + _complaint_checks(month, end)
        + _random_inspections(month, end)
    )
    return sorted(found, key=lambda d: (d.day, d.district, d.unit, d.kind))


def disclosure_rows(found: list[Disclosed], lang: str | None = None) -> list[list[object]]:
    columns = ("date", "unit", "district", "kind", "result", "publish_by")
    rows: list[list[object]] = [[t(f"disclosure.col.{c}", lang) for c in columns]]
    for d in found:
        rows.append(
            [
                d.day.isoformat(),
                d.unit,
                d.district,
                t(f"disclosure.kind.{d.kind}", lang),
                t(f"disclosure.result.{d.result}", lang),
                d.publish_by.isoformat() if d.publish_by else "",
            ]
        )
    return rows


@dataclass(frozen=True)
class DisclosedDraw:
    """What is published of a draw: its rules and seed, never the units before they are
    inspected (random inspections are unannounced)."""

    period: str
    number: int
    seed: str
    shares: dict[str, int]  # basis points per credit class
    units: int
    algorithm: str
    snapshot_hash: str
    drawn_on: date


def disclosed_draws(actor: Actor, month: date) -> list[DisclosedDraw]:
    """The current draws whose period covers the month (its own, or its quarter's)."""
    require(actor, "kpi.read")
    month = month_of(month)
    end = _month_end(month)
    with read_session() as session:
        rows = session.scalars(
            select(Draw).where(Draw.status == "current").order_by(Draw.period)
        ).all()
    found = []
    for row in rows:
        start, stop = period_bounds(row.period)
        if start < end and month < stop:
            found.append(
                DisclosedDraw(
                    row.period,
                    row.number,
                    row.seed,
                    dict(row.rules["shares"]),
                    len(row.result["assignments"]),
                    f"{row.algorithm}/{row.algorithm_version}",
                    row.snapshot_hash,
                    local(row.created_at).date(),
                )
            )
    return found


def draw_rows(draws: list[DisclosedDraw], lang: str | None = None) -> list[list[object]]:
    columns = ("period", "number", "seed", "shares", "units", "algorithm", "snapshot_hash")
    rows: list[list[object]] = [[t(f"draws.col.{c}", lang) for c in columns]]
    for d in draws:
        shares = " ".join(f"{c} {v / 100:g}%" for c, v in sorted(d.shares.items()))
        rows.append([d.period, d.number, d.seed, shares, d.units, d.algorithm, d.snapshot_hash])
    return rows


def disclosure_xlsx(
    found: list[Disclosed],
    month: date,
    lang: str | None = None,
    draws: list[DisclosedDraw] | None = None,
) -> bytes:
    heading = t("disclosure.heading", lang, month=month.strftime("%Y-%m"))
    sheets = [(month.strftime("%Y-%m"), heading, disclosure_rows(found, lang))]
    if draws is not None:
        sheets.append((t("disclosure.draws", lang), None, draw_rows(draws, lang)))
    return workbook(sheets)


def disclosure_csv(
    found: list[Disclosed],
    month: date,
    lang: str | None = None,
    draws: list[DisclosedDraw] | None = None,
) -> bytes:
    """The month's disclosure as one CSV with the Excel's content: the heading, the
    inspections, then (after an empty line) the draws' heading and table. Formula-safe like
    every file the app writes; UTF-8 with a BOM so Excel on Windows reads it right."""
    header, *body = disclosure_rows(found, lang)
    lines: list[list[object]] = [*body]
    if draws is not None:
        lines += [[], [t("disclosure.draws", lang)], *draw_rows(draws, lang)]
    buffer = io.StringIO(newline="")
    heading = t("disclosure.heading", lang, month=month.strftime("%Y-%m"))
    write_csv(buffer, [heading], [header, *lines])
    return buffer.getvalue().encode("utf-8-sig")


def _html_table(rows: list[list[object]]) -> str:
    header, *body = rows
    cells = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    lines = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in body
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{lines}</tbody></table>"


def disclosure_html(
    found: list[Disclosed],
    month: date,
    lang: str | None = None,
    draws: list[DisclosedDraw] | None = None,
) -> str:
    """The month's disclosure as a self-contained page to print (no script): the
    inspections with their results, then the draws covering the month. Every value is
    HTML-escaped, so a unit named like markup prints as text."""
    title = html.escape(t("disclosure.heading", lang, month=month.strftime("%Y-%m")))
    parts = [f"<h1>{title}</h1>", _html_table(disclosure_rows(found, lang))]
    if draws:
        parts.append(f"<h2>{html.escape(t('disclosure.draws', lang))}</h2>")
        parts.append(_html_table(draw_rows(draws, lang)))
    return (
        f'<!DOCTYPE html><html lang="{html.escape(lang or "zh-CN")}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_PRINT_CSS}</style></head><body>"
        + "".join(parts)
        + "</body></html>"
    )
