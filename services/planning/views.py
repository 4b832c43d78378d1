"""The planning page's tables and chart data, as pandas DataFrames.

Everything here reads a parsed instance and a plan document (the planning contract's
JSON) and nothing else, so the same views work for a week built from the database, an
imported what-if week, or any stored version. Times become naive local datetimes (the
week's Monday plus the contract's minutes), which is what the charts want to show.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pandas as pd

from optimizer.contract import Instance, Task, plan_from_dict
from optimizer.explain import explain_task, format_minute
from optimizer.model import OffHours, prepare
from services.i18n import all_messages, t

DAY = 1440


def at(week_start: date, minute: int) -> datetime:
    return datetime.combine(week_start, time(0, 0)) + timedelta(minutes=minute)


def day_label(week_start: date, day: int, lang: str | None = None) -> str:
    return f"{t(f'plan.weekday.{day}', lang)} {(week_start + timedelta(days=day)):%m-%d}"


UNANNOUNCED_KINDS: frozenset[str] = frozenset({"complaint_check", "random_inspection"})
"""Task kinds the visited unit must not learn of beforehand: verifying a 12345 complaint
on site and a random ("double random") inspection are unannounced by law and by purpose.
Such a task never appears in anything addressed to a unit (appointment notices) and is
never named in calendar titles that may be shared; every such output asks `announced`."""


def announced(kind: str) -> bool:
    """Whether a unit may be told of a task of this kind in advance."""
    return kind not in UNANNOUNCED_KINDS


def kind_label(kind: str, lang: str | None = None) -> str:
    key = f"plan.kind.{kind}"
    return t(key, lang) if key in all_messages() else kind


def skill_label(skill: str, lang: str | None = None) -> str:
    key = f"plan.skill.{skill}"
    return t(key, lang) if key in all_messages() else skill


def person_label(instance: Instance, staff_id: str) -> str:
    person = instance.staff_by_id.get(staff_id)
    return f"{person.name} ({staff_id})" if person else staff_id


def _week(instance: Instance) -> date:
    return date.fromisoformat(instance.week_start)


def _asked_start(task: Task) -> int:
    """When the visitor or business asked for it: the cheapest window's start."""
    return min(task.windows, key=lambda w: (w.cost, w.start)).start


def _overlap(a: int, b: int, c: int, d: int) -> int:
    return max(0, min(b, d) - max(a, c))


# ----------------------------------------------------------------------------- before solving


def demand(instance: Instance, lang: str | None = None) -> pd.DataFrame:
    """Tasks and person-hours by kind and the day they were asked for."""
    week = _week(instance)
    counts: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for task in instance.tasks:
        key = (min(_asked_start(task) // DAY, 6), task.kind)
        counts[key][0] += 1
        counts[key][1] += task.duration * task.headcount / 60
    rows = [
        {
            "day": day_label(week, day, lang),
            "kind": kind_label(kind, lang),
            "tasks": int(n),
            "hours": round(hours, 1),
        }
        for (day, kind), (n, hours) in sorted(counts.items())
    ]
    return pd.DataFrame(rows, columns=["day", "kind", "tasks", "hours"])


def _available_minutes(instance: Instance) -> dict[tuple[str, int], int]:
    """Minutes available per (skill, day of the week), summed over the people holding it."""
    available: dict[tuple[str, int], int] = defaultdict(int)
    for person in instance.staff:
        for a, b in person.available:
            for day in range(7):
                minutes = _overlap(a, b, day * DAY, (day + 1) * DAY)
                for skill in person.skills:
                    available[(skill, day)] += minutes
    return available


def capacity(instance: Instance, lang: str | None = None) -> pd.DataFrame:
    """Available and demanded hours per skill and day (one row per measure)."""
    week = _week(instance)
    available = _available_minutes(instance)
    demanded: dict[tuple[str, int], int] = defaultdict(int)
    for task in instance.tasks:
        demanded[(task.skill, min(_asked_start(task) // DAY, 6))] += task.duration * task.headcount
    skills = sorted({s for s, _ in demanded})
    rows = []
    for skill in skills:
        for day in range(7):
            for measure, source in (("available", available), ("demanded", demanded)):
                rows.append(
                    {
                        "day": day_label(week, day, lang),
                        "skill": skill_label(skill, lang),
                        "measure": t(f"plan.col.{measure}", lang),
                        "hours": round(source[(skill, day)] / 60, 1),
                        "short": demanded[(skill, day)] > available[(skill, day)],
                    }
                )
    return pd.DataFrame(rows, columns=["day", "skill", "measure", "hours", "short"])


def unmet_demand(instance: Instance, plan: dict, lang: str | None = None) -> pd.DataFrame:
    """The heat map of unmet demand: per skill and day, the minutes of unplanned work
    (duration × headcount of each unscheduled task, on the day it was asked for) against
    the minutes people holding that skill are available that day. One row per skill (of
    any task) and day of the week."""
    week = _week(instance)
    available = _available_minutes(instance)
    unplanned: dict[tuple[str, int], int] = defaultdict(int)
    planned = {a["task"] for a in plan["assignments"]}
    for task in instance.tasks:
        if task.id not in planned:
            day = min(_asked_start(task) // DAY, 6)
            unplanned[(task.skill, day)] += task.duration * task.headcount
    rows = [
        {
            "day": day_label(week, day, lang),
            "skill": skill_label(skill, lang),
            "unplanned": unplanned[(skill, day)],
            "available": available[(skill, day)],
            "share": round(unplanned[(skill, day)] / available[(skill, day)], 2)
            if available[(skill, day)]
            else None,
        }
        for skill in sorted({task.skill for task in instance.tasks})
        for day in range(7)
    ]
    return pd.DataFrame(rows, columns=["day", "skill", "unplanned", "available", "share"])


def warnings(instance: Instance, lang: str | None = None) -> list[str]:
    """What a manager should know before solving, most serious first."""
    out: list[str] = []
    prep = prepare(instance)
    empty = plan_from_dict({"assignments": [], "unscheduled": []})
    for option in prep.options:
        if option.schedulable:
            continue
        task = option.task
        reasons = explain_task(instance, empty, task.id, prep)
        out.append(
            t(
                "plan.warning.never",
                lang,
                task=task.id,
                kind=kind_label(task.kind, lang),
                location=instance.locations[task.location].name,
                reason="；".join(r.render(lang or "zh-CN") for r in reasons),
            )
        )
    for task in instance.tasks:
        if task.kind == "complaint_check":
            deadline = max(w.end for w in task.windows)
            if deadline < 7 * DAY:
                out.append(
                    t(
                        "plan.warning.deadline",
                        lang,
                        task=task.id,
                        location=instance.locations[task.location].name,
                        deadline=format_minute(deadline, lang or "zh-CN"),
                    )
                )
    table = capacity(instance, lang)
    short = table[table["short"]].drop_duplicates(["day", "skill"])
    for row in short.itertuples():
        hours = table[(table["day"] == row.day) & (table["skill"] == row.skill)]["hours"].tolist()
        out.append(
            t(
                "plan.warning.short",
                lang,
                day=row.day,
                skill=row.skill,
                available=hours[0],
                demand=hours[1],
            )
        )
    return out


# ----------------------------------------------------------------------------- the plan


def timeline(
    instance: Instance, plan: dict, locked: set[str] | frozenset[str] = frozenset(), lang=None
) -> pd.DataFrame:
    """One bar per person and assignment."""
    week = _week(instance)
    rows = []
    for a in plan["assignments"]:
        task = instance.task_by_id[a["task"]]
        for staff_id in a["staff"]:
            rows.append(
                {
                    "person": person_label(instance, staff_id),
                    "task": task.id,
                    "kind": kind_label(task.kind, lang),
                    "location": instance.locations[task.location].name,
                    "start": at(week, a["start"]),
                    "end": at(week, a["start"] + task.duration),
                    "when": format_minute(a["start"], lang or "zh-CN"),
                    "locked": task.id in locked,
                }
            )
    columns = ["person", "task", "kind", "location", "start", "end", "when", "locked"]
    return pd.DataFrame(rows, columns=columns)


def locks(instance: Instance, held, lang: str | None = None) -> pd.DataFrame:
    """The week's locks (objects with task, start, staff) that name a task of `instance`."""
    rows = [
        {
            "task": lock.task,
            "kind": kind_label(instance.task_by_id[lock.task].kind, lang),
            "start": format_minute(lock.start, lang or "zh-CN"),
            "staff": "、".join(person_label(instance, s) for s in lock.staff),
        }
        for lock in held
        if lock.task in instance.task_by_id
    ]
    return pd.DataFrame(rows, columns=["task", "kind", "start", "staff"])


def offhours_bands(instance: Instance) -> pd.DataFrame:
    week = _week(instance)
    return pd.DataFrame(
        [{"start": at(week, a), "end": at(week, b)} for a, b in instance.offhours],
        columns=["start", "end"],
    )


def day_calendar(instance: Instance, plan: dict, day: int, lang: str | None = None) -> pd.DataFrame:
    """The day's assignments in time order."""
    rows = []
    for a in sorted(plan["assignments"], key=lambda a: a["start"]):
        if a["start"] // DAY != day:
            continue
        task = instance.task_by_id[a["task"]]
        rows.append(
            {
                "start": f"{a['start'] % DAY // 60:02d}:{a['start'] % 60:02d}",
                "end": (at(_week(instance), a["start"] + task.duration)).strftime("%H:%M"),
                "task": task.id,
                "kind": kind_label(task.kind, lang),
                "location": instance.locations[task.location].name,
                "staff": "、".join(person_label(instance, s) for s in a["staff"]),
            }
        )
    return pd.DataFrame(rows, columns=["start", "end", "task", "kind", "location", "staff"])


def station_view(instance: Instance, plan: dict, lang: str | None = None) -> pd.DataFrame:
    """How many assignments each station's people carry, per day."""
    week = _week(instance)
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for a in plan["assignments"]:
        bases = {instance.staff_by_id[s].base for s in a["staff"] if s in instance.staff_by_id}
        for base in bases:
            counts[(instance.locations[base].name, a["start"] // DAY)] += 1
    rows = [
        {"station": station, "day": day_label(week, day, lang), "tasks": n}
        for (station, day), n in sorted(counts.items())
    ]
    return pd.DataFrame(rows, columns=["station", "day", "tasks"])


def terms(plan: dict, lang: str | None = None) -> pd.DataFrame:
    values = (plan.get("stats") or {}).get("terms") or {}
    rows = [{"term": t(f"plan.term.{name}", lang), "value": v} for name, v in values.items()]
    return pd.DataFrame(rows, columns=["term", "value"])


def offhours_per_person(instance: Instance, plan: dict) -> pd.DataFrame:
    """Minutes of each person's runs inside off-hours (the fairness term's input)."""
    off = OffHours(instance.offhours)
    minutes: dict[str, int] = defaultdict(int)
    for a in plan["assignments"]:
        task = instance.task_by_id[a["task"]]
        for staff_id in a["staff"]:
            minutes[staff_id] += off.minutes(a["start"], a["start"] + task.duration)
    rows = [
        {"person": person_label(instance, s), "minutes": m}
        for s, m in sorted(minutes.items(), key=lambda item: -item[1])
        if m
    ]
    return pd.DataFrame(rows, columns=["person", "minutes"])


def unscheduled(
    instance: Instance, plan: dict, reasons: dict, lang: str | None = None
) -> pd.DataFrame:
    """Unplanned tasks with their reasons in the user's language."""
    language = lang or "zh-CN"
    rows = []
    for u in plan["unscheduled"]:
        task = instance.task_by_id[u["task"]]
        rendered = (reasons.get(u["task"]) or {}).get(language) or u.get("reasons") or []
        rows.append(
            {
                "task": task.id,
                "kind": kind_label(task.kind, lang),
                "location": instance.locations[task.location].name,
                "reasons": "\n".join(rendered),
            }
        )
    return pd.DataFrame(rows, columns=["task", "kind", "location", "reasons"])


def changes(
    instance: Instance, published: dict | None, plan: dict, lang: str | None = None
) -> pd.DataFrame:
    """What this plan changes against the published one, task by task."""
    columns = ["task", "kind", "change", "before", "after"]
    if published is None:
        return pd.DataFrame([], columns=columns)
    language = lang or "zh-CN"
    before = {a["task"]: a for a in published["assignments"]}
    after = {a["task"]: a for a in plan["assignments"]}

    def describe(a: dict | None) -> str:
        if a is None:
            return "—"
        people = "、".join(person_label(instance, s) for s in a["staff"])
        return f"{format_minute(a['start'], language)} {people}"

    rows = []
    for task in instance.tasks:
        old, new = before.get(task.id), after.get(task.id)
        if old is None and new is None:
            continue
        if old is None:
            change = "added"
        elif new is None:
            change = "dropped"
        else:
            moved = old["start"] != new["start"]
            reassigned = sorted(old["staff"]) != sorted(new["staff"])
            if not (moved or reassigned):
                continue
            change = (
                "moved_reassigned" if moved and reassigned else "moved" if moved else "reassigned"
            )
        rows.append(
            {
                "task": task.id,
                "kind": kind_label(task.kind, lang),
                "change": t(f"plan.change.{change}", lang),
                "before": describe(old),
                "after": describe(new),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _person(instance: Instance, staff_id: str, language: str) -> str:
    person = person_label(instance, staff_id)
    return person.replace(" (", "（").replace(")", "）") if language == "zh-CN" else person


def advice_tasks(instance: Instance, serves: list[str], language: str) -> str:
    """The tasks a suggestion serves, as a message lists them."""
    return _tasks(instance, serves, language, language)


def _tasks(instance: Instance, serves: list[str], lang: str | None, language: str) -> str:
    names = [f"{kind_label(instance.task_by_id[tid].kind, lang)} {tid}" for tid in serves]
    return "、".join(names) if language == "zh-CN" else ", ".join(names)


def _block(add: dict, language: str) -> tuple[str, str]:
    return format_minute(add["start"], language), format_minute(add["end"], language).split(" ")[-1]


def advice_lines(instance: Instance, suggestions: list[dict], lang: str | None = None) -> list[str]:
    """Each suggestion as one plain sentence, e.g. 若韩磊（E012）周二 18:00–22:00 可出勤，
    可多安排 3 项：……"""
    language = lang or "zh-CN"
    lines = []
    for s in suggestions:
        common = {
            "count": len(s["serves"]),
            "tasks": _tasks(instance, s["serves"], lang, language),
            "gain": s["priority_gained"],
        }
        add = s["add"]
        if "start" in add:
            start, end = _block(add, language)
            person = _person(instance, s["staff"], language)
            line = t("advice.block", lang, person=person, start=start, end=end, **common)
        elif "max_minutes" in add:
            person = person_label(instance, s["staff"])
            line = t("advice.cap", lang, person=person, hours=s["hours_asked"], **common)
        else:
            line = t("advice.hall", lang, resource=add["resource"], **common)
        lines.append(line)
    return lines


def combination_line(instance: Instance, combination: dict, lang: str | None = None) -> str:
    """The best two asks together as one sentence (see optimizer.advice.Combination)."""
    language = lang or "zh-CN"
    parts = []
    for part in combination["additions"]:
        add = part["add"]
        if "start" in add:
            start, end = _block(add, language)
            person = _person(instance, part["staff"], language)
            parts.append(t("advice.part.block", lang, person=person, start=start, end=end))
        elif "max_minutes" in add:
            person = _person(instance, part["staff"], language)
            parts.append(t("advice.part.cap", lang, person=person, minutes=add["max_minutes"]))
        else:
            parts.append(t("advice.part.hall", lang, resource=add["resource"]))
    return t(
        "advice.combination",
        lang,
        asks=("、" if language == "zh-CN" else "; ").join(parts),
        count=len(combination["serves"]),
        tasks=_tasks(instance, combination["serves"], lang, language),
        gain=combination["priority_gained"],
        alone="/".join(f"+{g}" for g in combination["alone"]),
    )
