"""The times a unit accepts a visit, as windows of its booking's week.

A window is `{"start", "end", "cost"}` in minutes from the week's Monday 00:00 (the planning
contract's clock); cost 0 is a preferred time, a positive cost an acceptable one. Staff type
them as weekly patterns, one per line or separated by ";":

    周一至周五 18:30-22:00        Mon-Fri 18:30-22:00
    周六、周日 09:00-12:00        Sat,Sun 09:00-12:00
    工作日 08:30-17:30            workdays 08:30-17:30   (official calendar, 调休 included)
    休息日 09:00-17:00            restdays 09:00-17:00
    每天 19:00-21:00              daily 19:00-21:00
    2026-12-05 14:00-16:00        one date of the week

and list dates to leave out (exceptions). A unit's standing opening hours
(`Location.opening_hours`) give the preferred windows a new booking starts from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from rules.weeks import DAY, WEEK
from services.core.errors import Problems
from services.i18n import t

ACCEPTABLE_COST = 30  # the default disruption of an acceptable (not preferred) time

_DAY_NAMES = {
    **{name: i for i, name in enumerate("一二三四五六日")},
    "天": 6,
    **{name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
}
_GROUPS = {
    "工作日": "working",
    "workdays": "working",
    "休息日": "rest",
    "restdays": "rest",
    "周末": "weekend",
    "weekend": "weekend",
    "每天": "all",
    "daily": "all",
}
_TIME = r"(\d{1,2}):(\d{2})"
_ITEM = re.compile(rf"^(?P<days>.+?)\s*{_TIME}\s*[-–~至到]\s*{_TIME}$")
_DATE = re.compile(r"^(?:(\d{4})-)?(\d{1,2})-(\d{1,2})$|^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日$")
_WEEKDAY = re.compile(r"^(?:周|星期|礼拜)?([一二三四五六日天])$|^(mon|tue|wed|thu|fri|sat|sun)\w*$")


def parse_pattern(
    text: str,
    week_start: date,
    cost: int,
    working_day: Callable[[date], bool],
    problems: Problems,
    field: str,
    exceptions: frozenset[date] = frozenset(),
) -> list[dict]:
    """The windows of `week_start`'s week described by `text`; unreadable items are reported."""
    windows = []
    for item in _items(text):
        match = _ITEM.match(item)
        days = _days(match.group("days"), week_start, working_day) if match else None
        if days is None:
            problems.add(field, "bookings.error.pattern", item=item)
            continue
        h1, m1, h2, m2 = (int(match.group(i)) for i in range(2, 6))
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end == 0:
            end = DAY  # "18:00-00:00" runs until midnight
        for day in days:
            if week_start + timedelta(days=day) not in exceptions:
                windows.append({"start": day * DAY + start, "end": day * DAY + end, "cost": cost})
    return windows


def _items(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;；\n]+", text or "") if part.strip()]


def _days(spec: str, week_start: date, working_day: Callable[[date], bool]) -> list[int] | None:
    """Weekday indexes (Monday = 0) named by `spec`, or None when it cannot be read."""
    days: list[int] = []
    for part in re.split(r"[、,，\s]+", spec.strip().lower()):
        if not part:
            continue
        found = _day_part(part, week_start, working_day)
        if found is None:
            return None
        days += found
    return sorted(set(days)) or None


def _day_part(part: str, week_start: date, working_day: Callable[[date], bool]) -> list[int] | None:
    week = [week_start + timedelta(days=d) for d in range(7)]
    if part in _GROUPS:
        group = _GROUPS[part]
        return [
            d
            for d, day in enumerate(week)
            if group == "all"
            or (group == "weekend" and d >= 5)
            or (group == "working" and working_day(day))
            or (group == "rest" and not working_day(day))
        ]
    if date_match := _DATE.match(part):
        year, month, dom = (
            date_match.group(1, 2, 3) if date_match.group(2) else date_match.group(4, 5, 6)
        )
        try:
            day = date(int(year or week_start.year), int(month), int(dom))
        except ValueError:
            return None
        return [(day - week_start).days] if day in week else None
    bounds = re.split(r"[至到~–]|(?<=\w)-(?=\w)", part)
    if len(bounds) == 2:
        first, last = _weekday(bounds[0]), _weekday(bounds[1])
        if first is None or last is None or last < first:
            return None
        return list(range(first, last + 1))
    single = _weekday(part)
    return None if single is None else [single]


def _weekday(token: str) -> int | None:
    match = _WEEKDAY.match(token.strip())
    if not match:
        return None
    return _DAY_NAMES[match.group(1) or match.group(2)]


def from_opening_hours(opening_hours: dict | None, cost: int = 0) -> list[dict]:
    """A unit's standing hours (`{"0": [["08:30", "17:30"]], …}`) as windows of any week."""
    windows = []
    for weekday, periods in sorted((opening_hours or {}).items()):
        for start, end in periods:
            begin, finish = _minute(start), _minute(end, end=True)
            if finish <= begin:
                finish += DAY  # open past midnight: the window runs into the next day
            base = int(weekday) * DAY
            windows.append({"start": base + begin, "end": min(WEEK, base + finish), "cost": cost})
    return windows


def _minute(text: str, *, end: bool = False) -> int:
    if end and text == "23:59":  # the opening-hours editor's "until midnight"
        return DAY
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def check_windows(problems: Problems, windows: list[dict], duration: int | None) -> None:
    """Every window inside the week with its end after its start, and the visit fits one."""
    if not windows:
        problems.add("booking_windows", "error.required")
        return
    valid = []
    for window in windows:
        start, end = window["start"], window["end"]
        if end <= start:
            problems.add("booking_windows", "bookings.error.window_order", window=describe(window))
        elif start < 0 or end > WEEK:
            problems.add(
                "booking_windows", "bookings.error.window_outside_week", window=describe(window)
            )
        else:
            valid.append(window)
        if window.get("cost", 0) < 0:
            problems.add("booking_windows", "bookings.error.window_cost", window=describe(window))
    # Only the windows that stand can hold the visit; the broken ones are reported above.
    if duration and valid and not any(w["end"] - w["start"] >= duration for w in valid):
        problems.add("booking_duration", "bookings.error.longer_than_windows", minutes=duration)


def describe(window: dict) -> str:
    """周二 18:30–22:00 style text of one window (day index from the week's Monday)."""
    day, start = divmod(window["start"], DAY)
    end = window["end"] - day * DAY
    label = t(f"bookings.weekday.{day}") if 0 <= day < 7 else t("bookings.day_offset", days=day)
    return f"{label} {_clock(start)}–{_clock(end)}"


def _clock(minute: int) -> str:
    hours, minutes = divmod(minute, 60)
    return f"{hours:02d}:{minutes:02d}"


def as_text(windows: list[dict]) -> tuple[str, str]:
    """(preferred, acceptable) pattern text that parses back into the same windows; days with
    the same hours share a line ("周一至周五 08:30–17:30")."""
    preferred = _lines([w for w in windows if w["cost"] == 0])
    return preferred, _lines([w for w in windows if w["cost"] > 0])


def _lines(windows: list[dict]) -> str:
    days_by_hours: dict[tuple[int, int], list[int]] = {}
    for window in sorted(windows, key=lambda w: (w["start"], w["end"])):
        day, start = divmod(window["start"], DAY)
        days_by_hours.setdefault((start, window["end"] - day * DAY), []).append(day)
    lines = []
    for (start, end), days in days_by_hours.items():
        if not all(0 <= d < 7 for d in days):  # outside the week: each one as it is
            lines += [describe({"start": d * DAY + start, "end": d * DAY + end}) for d in days]
        else:
            lines.append(f"{_day_list(days)} {_clock(start)}–{_clock(end)}")
    return "\n".join(lines)


def _day_list(days: list[int]) -> str:
    """周一至周五 for a run of three or more days, else 周一、周三."""
    runs: list[list[int]] = []
    for day in sorted(set(days)):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(t("bookings.day_range", first=_name(run[0]), last=_name(run[-1])))
        else:
            parts += [_name(d) for d in run]
    return t("bookings.day_separator").join(parts)


def _name(day: int) -> str:
    return t(f"bookings.weekday.{day}")
