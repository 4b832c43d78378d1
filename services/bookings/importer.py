"""Importing bookings from CSV and Excel (WeChat and website exports, or our template).

The user maps the file's columns to booking fields; known exports come with their mapping
remembered. CSV may be UTF-8 (with or without BOM) or GBK, as Chinese Excel saves it.
Imports are all-or-nothing: every row is checked, every problem is listed with its row
number (as the spreadsheet shows it: the header is row 1), and nothing is written unless
every row is valid.

People are counted in two columns: 参加人数 (participants) for trainings and drills, 参观人数
(group size) for tours; each row reads the one of its kind. A file with a single people
column maps it to both.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Location, TourSlot
from rules.time import local
from rules.weeks import monday_of
from services.bookings.requests import (
    BOOKING_KINDS,
    CHANNELS,
    MODES,
    PARTICIPANT_KINDS,
    BookingInput,
    add_booking,
    windows_from_patterns,
)
from services.core.clock import now
from services.core.errors import FiredeskError, Problems, ValidationError
from services.core.imports import recorded_import
from services.core.permissions import Actor, require
from services.core.spreadsheet import (
    MAX_IMPORT_ROWS,
    SheetError,
    csv_bytes,
    plausible_date,
    workbook,
)
from services.core.unit_of_work import unit_of_work
from services.i18n import t

# The fields a column can fill, in the template's order.
FIELDS = (
    "kind",
    "unit",
    "week",
    "channel",
    "mode",
    "contact_name",
    "contact_phone",
    "visitor_group",
    "duration",
    "headcount",
    "priority",
    "preferred",
    "acceptable",
    "slot",
    "group_size",
    "participants",
    "notes",
)
REQUIRED = ("kind", "unit", "week", "contact_phone")
# Each field's Problems name (so messages use the form's labels).
FIELD_LABELS = {
    "kind": "booking_kind",
    "unit": "booking_unit",
    "week": "booking_week",
    "channel": "booking_channel",
    "mode": "booking_mode",
    "contact_name": "booking_contact_name",
    "contact_phone": "booking_contact_phone",
    "visitor_group": "booking_group",
    "duration": "booking_duration",
    "headcount": "booking_headcount",
    "priority": "booking_priority",
    "preferred": "booking_preferred",
    "acceptable": "booking_acceptable",
    "slot": "booking_slot",
    "group_size": "booking_group_size",
    "participants": "booking_participants",
    "notes": "booking_notes",
}
TEMPLATE_HEADERS = {
    "kind": "类型",
    "unit": "单位",
    "week": "预约周",
    "channel": "渠道",
    "mode": "方式",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "visitor_group": "来访团体",
    "duration": "时长（分钟）",
    "headcount": "所需人数",
    "priority": "优先级",
    "preferred": "首选时段",
    "acceptable": "可接受时段",
    "slot": "参观时段",
    "group_size": "参观人数",
    "participants": "参加人数",
    "notes": "备注",
}
# Column headings of the exports we know, remembered so the user need not map them again.
KNOWN_EXPORTS: dict[str, dict[str, str]] = {
    "template": {heading: name for name, heading in TEMPLATE_HEADERS.items()},
    "wechat": {
        "预约事项": "kind",
        "单位名称": "unit",
        "预约日期": "week",
        "联系人": "contact_name",
        "手机号码": "contact_phone",
        "期望时间": "preferred",
        "备选时间": "acceptable",
        "参观场次": "slot",
        "参观人数": "group_size",
        "参加人数": "participants",
        "留言": "notes",
    },
    "website": {
        "服务类型": "kind",
        "单位/团体名称": "unit",
        "预约周次": "week",
        "服务方式": "mode",
        "联系人姓名": "contact_name",
        "联系电话": "contact_phone",
        "团体名称": "visitor_group",
        "首选时间段": "preferred",
        "可接受时间段": "acceptable",
        "参观场次": "slot",
        "参观人数": "group_size",
        "参加人数": "participants",
        "备注说明": "notes",
    },
}
EXPORT_CHANNELS = {"wechat": "wechat", "website": "website", "template": "phone"}


def guess_mapping(columns: list[str]) -> tuple[str | None, dict[str, str]]:
    """The known export whose headings match the file best, and field → column for it."""
    best, best_hits = None, 0
    for name, headings in KNOWN_EXPORTS.items():
        hits = sum(1 for column in columns if column in headings)
        if hits > best_hits:
            best, best_hits = name, hits
    if best is None:
        return None, {}
    headings = KNOWN_EXPORTS[best]
    return best, {headings[c]: c for c in columns if c in headings}


def _choice(value: str, codes: tuple[str, ...], prefix: str) -> str:
    """A code typed as itself or as its label in either language ("错时检查", "WeChat")."""
    text = value.strip()
    for code in codes:
        if text.lower() == code or text in (
            t(f"{prefix}.{code}", lang) for lang in ("zh-CN", "en")
        ):
            return code
    return text


def _integer(value: str, field: str, problems: Problems) -> int | None:
    text = value.strip()
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        problems.add(field, "bookings.error.number", value=value)
        return None


def _day(value: str, problems: Problems) -> date | None:
    try:
        day = pd.Timestamp(value.strip()).date()
    except (ValueError, TypeError):
        problems.add("booking_week", "bookings.error.date", value=value)
        return None
    if not plausible_date(day, local(now()).date()):
        problems.add("booking_week", "sheet.error.date_range", value=day.isoformat())
        return None
    return day


class _Lookups:
    """Units by code or name, and tour slots by station and start, read once per import."""

    def __init__(self, session: Session) -> None:
        rows = session.execute(select(Location.id, Location.code, Location.name)).all()
        self.code_by_name = {name: code for _, code, name in rows}
        self.codes = {code for _, code, _ in rows}
        self.slots = {
            (station_id, local(starts_at).strftime("%Y-%m-%d %H:%M")): slot_id
            for slot_id, station_id, starts_at in session.execute(
                select(TourSlot.id, TourSlot.station_id, TourSlot.starts_at)
            )
        }
        self.id_by_code = {code: location_id for location_id, code, _ in rows}

    def unit_code(self, value: str) -> str:
        text = value.strip()
        return text if text in self.codes else self.code_by_name.get(text, text)

    def slot_id(self, unit_code: str, value: str) -> int | None:
        try:
            start = pd.Timestamp(value.strip()).strftime("%Y-%m-%d %H:%M")
        except (ValueError, TypeError):
            return None
        return self.slots.get((self.id_by_code.get(unit_code), start))


def _row_input(
    values: dict[str, str], lookups: _Lookups, channel: str, problems: Problems
) -> BookingInput | None:
    for field in REQUIRED:
        if not values.get(field, "").strip():
            problems.add(FIELD_LABELS[field], "error.required")
    day = _day(values["week"], problems) if values.get("week", "").strip() else None
    kind = _choice(values.get("kind", ""), BOOKING_KINDS, "bookings.kind")
    unit = lookups.unit_code(values.get("unit", ""))
    numbers = {
        field: _integer(values.get(field, ""), FIELD_LABELS[field], problems)
        for field in ("duration", "headcount", "priority", "group_size", "participants")
    }
    if day is None:
        return None
    week = monday_of(day)
    windows: list[dict] = []
    slot_id = None
    if kind == "station_tour":
        slot_id = lookups.slot_id(unit, values.get("slot", ""))
        if slot_id is None and values.get("slot", "").strip():
            problems.add("booking_slot", "error.unknown", value=values["slot"])
    else:
        try:
            windows = windows_from_patterns(
                week, values.get("preferred", ""), values.get("acceptable", "")
            )
        except ValidationError as error:
            for problem in error.errors:
                problems.add(problem.field, problem.key, **problem.params)
    return BookingInput(
        kind=kind,
        unit_code=unit,
        week_start=week,
        channel=_choice(values.get("channel", "") or channel, CHANNELS, "bookings.channel"),
        windows=windows,
        contact_name=values.get("contact_name", "").strip(),
        contact_phone=values.get("contact_phone", ""),
        mode=_choice(values.get("mode", "") or "on_site", MODES, "bookings.mode"),
        visitor_group=values.get("visitor_group", ""),
        duration_minutes=numbers["duration"],
        headcount=numbers["headcount"],
        priority=numbers["priority"],
        notes=values.get("notes", ""),
        tour_slot_id=slot_id,
        group_size=numbers["participants" if kind in PARTICIPANT_KINDS else "group_size"],
    )


def import_bookings(
    actor: Actor,
    frame: pd.DataFrame,
    mapping: dict[str, str],
    channel: str = "phone",
    filename: str = "",
) -> int:
    """Create one booking per row, or none: raises ValidationError listing every bad row.
    The attempt is recorded either way (services.core.imports).

    `mapping` is field → column; `channel` is used where the file has no channel column."""
    require(actor, "bookings.write")
    with recorded_import(actor, "bookings", filename) as run:
        run.rows = len(frame)
        run.created = _import_rows(actor, frame, mapping, channel)
    return run.created


def _import_rows(actor: Actor, frame: pd.DataFrame, mapping: dict[str, str], channel: str) -> int:
    if len(frame) > MAX_IMPORT_ROWS:
        raise SheetError("sheet.error.too_many", name="", max=MAX_IMPORT_ROWS)
    errors = []
    with unit_of_work(actor) as session:
        lookups = _Lookups(session)
        for index, record in enumerate(frame.to_dict("records")):
            problems = Problems(row=index + 2)
            values = {field: str(record.get(column, "") or "") for field, column in mapping.items()}
            data = _row_input(values, lookups, channel, problems)
            if data is not None:
                try:
                    add_booking(session, actor, data, problems)
                    session.flush()  # later rows see this one (duplicates inside the file)
                except ValidationError as error:
                    for problem in error.errors:
                        problems.add(problem.field, problem.key, **problem.params)
                except FiredeskError as error:  # the tour slot filled up
                    problems.add("booking_slot", error.key, **error.params)
            errors += problems.errors
        if errors:
            raise ValidationError(errors)  # leaving the unit of work rolls every row back
    return len(frame)


def template(file_format: str) -> bytes:
    """An empty import file with our headings and example rows (CSV or xlsx)."""
    examples = [
        {
            "kind": "错时检查",
            "unit": "华联KTV",
            "week": "2026-12-07",
            "channel": "微信公众号",
            "mode": "现场",
            "contact_name": "刘经理",
            "contact_phone": "13812345678",
            "preferred": "周一至周五 19:00-22:00",
            "acceptable": "周六 10:00-12:00",
        },
        {
            "kind": "消防培训",
            "unit": "首山化工有限公司",
            "week": "2026-12-07",
            "channel": "电话",
            "contact_name": "陈主任",
            "contact_phone": "0419-2123457",
            "visitor_group": "新入职员工",
            "preferred": "周二 09:00-11:30",
            "participants": "60",
        },
        {
            "kind": "消防站开放参观",
            "unit": "S01",
            "week": "2026-12-07",
            "channel": "网站",
            "contact_name": "王老师",
            "contact_phone": "0419-2123456",
            "visitor_group": "实验小学五年级",
            "slot": "2026-12-09 09:30",
            "group_size": "35",
        },
    ]
    header = [TEMPLATE_HEADERS[f] for f in FIELDS]
    rows = [[row.get(f, "") for f in FIELDS] for row in examples]
    if file_format == "xlsx":
        return workbook([(t("page.booking_import", "zh-CN"), None, [header, *rows])])
    return csv_bytes(header, rows)
