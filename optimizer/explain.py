"""Why a task is unscheduled, in plain words computed from the instance and the plan.

Each reason is structured (a code and its parameters) so the UI can render it in its
own language; :meth:`Reason.render` knows zh-CN and en.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from optimizer.contract import Assignment, Instance, Plan, Task
from optimizer.model import Prepared, TaskOptions, prepare, score
from optimizer.rules import NO_DOUBLE_BOOKING, WEEKLY_HOURS_CAP, Ledger

WEEKDAYS = {
    "zh-CN": ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}
SKILL_NAMES_ZH = {
    "inspector": "监督员",
    "guide": "讲解员",
    "trainer": "培训员",
    "service": "服务人员",
    "expert": "专家",
    "outreach": "宣传员",
}


def format_minute(minute: int, lang: str = "zh-CN") -> str:
    """Minutes from Monday 00:00 as weekday + HH:MM, e.g. 周二 19:00 / Tue 19:00."""
    days = WEEKDAYS.get(lang, WEEKDAYS["en"])
    day, rest = divmod(minute, 1440)
    label = days[day] if 0 <= day < 7 else (f"+{day}d" if lang == "en" else f"第{day + 1}天")
    return f"{label} {rest // 60:02d}:{rest % 60:02d}"


def _span(a: int, b: int, lang: str) -> str:
    start, end = format_minute(a, lang), format_minute(b, lang)
    if start.split()[0] == end.split()[0]:
        end = end.split()[1]
    return f"{start}–{end}"


def _skill(skill: str, lang: str) -> str:
    return SKILL_NAMES_ZH.get(skill, skill) if lang == "zh-CN" else skill


def _people(people: list[tuple[str, str]], lang: str) -> str:
    sep = "、" if lang == "zh-CN" else ", "
    return sep.join(f"{name} ({pid})" for pid, name in people)


TEMPLATES = {
    "no_one_qualified": {
        "en": "no one holds the skill {skill}{among}",
        "zh-CN": "{among_zh}没有人具备{skill}资格",
    },
    "too_few_qualified": {
        "en": "needs {need} people with the skill {skill}, but only {have} qualify: {people}",
        "zh-CN": "需要{need}名{skill}，符合条件的只有{have}人：{people}",
    },
    "nobody_on_duty": {
        "en": "no {skill}{of_location} on duty at the booked time ({window}): "
        "fewer than {need} qualified people are available then, travel included",
        "zh-CN": "预约时段（{window}）没有{of_location_zh}{skill}在岗：可到场的合格人员不足{need}人（含路途）",
    },
    "windows_close_before_free": {
        "en": "every window closes before anyone qualified is free "
        "(last window ends {last_end}, first qualified person free {first_free})",
        "zh-CN": "所有可选时段都在合格人员有空之前结束（最后时段{last_end}结束，最早有空{first_free}）",
    },
    "too_long_for_caps": {
        "en": "the task with travel ({minutes} min) exceeds the weekly hours of every qualified person",
        "zh-CN": "任务加路途（{minutes}分钟）超过所有合格人员的每周工时上限",
    },
    "all_busy": {
        "en": "the {count} qualified {skill} available at {time} are all busy: {busy}",
        "zh-CN": "{time}可到岗的{count}名{skill}都已有任务：{busy}",
    },
    "resource_booked": {
        "en": "{resource} is booked at {time} by {tasks}",
        "zh-CN": "{resource}在{time}已被{tasks}占用",
    },
    "hours_used_up": {
        "en": "the qualified people free at {time} have used up their weekly hours: {people}",
        "zh-CN": "{time}有空的合格人员本周工时已用完：{people}",
    },
    "no_start_works": {
        "en": "no start in any window works: people busy at {n_busy} of {total} possible starts, "
        "the resource full at {n_resource}, weekly hours used up at {n_hours}",
        "zh-CN": "所有时段都排不进：{total}个可选开始时间中{n_busy}个人员冲突，{n_resource}个场地已满，{n_hours}个工时不足",
    },
    "costlier_to_plan": {
        "en": "it fits at {time} with {people}, but that adds {delta} to the objective "
        "({why}), more than leaving it out costs ({penalty})",
        "zh-CN": "可安排在{time}由{people}承担，但会使目标值增加{delta}（{why}），高于不安排的代价（{penalty}）",
    },
    "search_stopped": {
        "en": "it fits at {time} with {people}; the search stopped before placing it",
        "zh-CN": "可安排在{time}由{people}承担；求解在安排它之前已停止",
    },
    "week_infeasible": {
        "en": "no plan keeps all pinned assignments together ({pins}); change a pin first",
        "zh-CN": "锁定的安排（{pins}）无法同时保持，没有可行计划；请先调整锁定",
    },
    "pinned_infeasible": {
        "en": "the pinned assignment cannot be kept: {detail}",
        "zh-CN": "锁定的安排无法保持：{detail}",
    },
}
TERM_LABELS = {
    "zh-CN": {
        "Window cost": "时段代价",
        "Off-hours peak": "非工作时间峰值",
        "Change from published": "变更已发布计划",
        "Unscheduled penalty": "未安排罚分",
    },
    "en": {
        "Window cost": "window cost",
        "Off-hours peak": "off-hours peak",
        "Change from published": "change from published",
        "Unscheduled penalty": "unscheduled penalty",
    },
}


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str = "zh-CN") -> str:
        lang = lang if lang in ("zh-CN", "en") else "en"
        p = dict(self.params)
        values: dict[str, Any] = {}
        for key, v in p.items():
            if key in ("time", "last_end", "first_free"):
                values[key] = format_minute(v, lang)
            elif key == "window":
                values[key] = _span(v[0], v[1], lang)
            elif key == "skill":
                values[key] = _skill(v, lang)
            elif key == "people":
                values[key] = _people(v, lang)
            elif key == "busy":
                sep = "；" if lang == "zh-CN" else "; "
                at = "在" if lang == "zh-CN" else " at "
                values[key] = sep.join(
                    f"{name} ({pid}){at}{tid} {format_minute(start, lang)}"
                    for pid, name, tid, start in v
                )
            elif key == "tasks":
                values[key] = ", ".join(f"{tid} {format_minute(s, lang)}" for tid, s in v)
            elif key == "why":
                sep = "，" if lang == "zh-CN" else ", "
                values[key] = sep.join(f"{TERM_LABELS[lang][n]} +{d}" for n, d in v)
            else:
                values[key] = v
        location = p.get("location")
        values["of_location"] = f" of {location}" if location else ""
        values["of_location_zh"] = f"{location}的" if location else ""
        among = p.get("among")
        values["among"] = f" among the eligible staff ({', '.join(among)})" if among else ""
        values["among_zh"] = f"指定人员（{'、'.join(among)}）中" if among else ""
        return TEMPLATES[self.code][lang].format(**values)


def _booked_start(opt: TaskOptions, task: Task) -> int:
    """The time the visitor or business asked for: the cheapest window's first start."""
    best = min(task.windows, key=lambda w: (w.cost, w.start))
    return best.start


def _static_reasons(instance: Instance, task: Task) -> list[Reason]:
    """Why no one could ever take the task, looking at the instance alone."""
    qualified = instance.qualified(task)
    among = sorted(task.eligible) if task.eligible is not None else None
    if not qualified:
        return [Reason("no_one_qualified", {"skill": task.skill, "among": among})]
    if len(qualified) < task.headcount:
        return [
            Reason(
                "too_few_qualified",
                {
                    "skill": task.skill,
                    "need": task.headcount,
                    "have": len(qualified),
                    "people": [(p.id, p.name) for p in qualified],
                },
            )
        ]
    trips = [task.duration + 2 * instance.travel(p, task) for p in qualified]
    if sum(1 for p, m in zip(qualified, trips, strict=True) if m <= p.max_minutes) < task.headcount:
        return [Reason("too_long_for_caps", {"minutes": min(trips)})]
    last_end = max(w.end for w in task.windows)
    first_free = min(
        (
            a + instance.travel(p, task)
            for p in qualified
            for a, b in p.available
            if b - a >= task.duration + 2 * instance.travel(p, task)
        ),
        default=None,
    )
    if first_free is not None and first_free + task.duration > last_end:
        return [
            Reason("windows_close_before_free", {"last_end": last_end, "first_free": first_free})
        ]
    booked = min(task.windows, key=lambda w: (w.cost, w.start))
    location = instance.locations[task.location].name if task.eligible is not None else None
    return [
        Reason(
            "nobody_on_duty",
            {
                "skill": task.skill,
                "window": (booked.start, booked.end),
                "need": task.headcount,
                "location": location,
            },
        )
    ]


def explain_task(
    instance: Instance, plan: Plan, task_id: str, prep: Prepared | None = None
) -> list[Reason]:
    """Reasons why ``task_id`` is not in ``plan``, most specific first."""
    prep = prep or prepare(instance)
    opt = prep.by_task[task_id]
    task = opt.task
    if task.pinned is not None and not opt.schedulable:
        detail = "; ".join(_static_reasons(instance, task)[0].render("en").split("\n"))
        return [Reason("pinned_infeasible", {"detail": detail})]
    if not opt.schedulable:
        return _static_reasons(instance, task)
    slot = prep.slot
    others = [a for a in plan.assignments if a.task != task_id]
    ledger = Ledger.of(instance, others)  # rules 4–6, shared with the baseline and check
    plan_index = {a.task: i for i, a in enumerate(others)}
    start_of = {a.task: a.start for a in others}

    def check(k: int) -> tuple[str, Any]:
        start = k * slot
        end = start + task.duration
        if task.resource and ledger.resource_full(task.resource, start, end):
            hit = [
                (a.task, a.start)
                for a in others
                if instance.task_by_id[a.task].resource == task.resource
                and a.start < end
                and start < a.start + instance.task_by_id[a.task].duration
            ]
            return "resource", hit
        on_duty = [c for c in opt.candidates if any(lo <= k <= hi for lo, hi in c.allowed)]
        clashes, tired, ok = [], [], []
        for c in on_duty:
            b0, b1 = start - c.travel, end + c.travel
            rule = ledger.broken_rule(c.person.id, b0, b1, c.person.max_minutes)
            if rule == NO_DOUBLE_BOOKING:
                hits = ledger.clashes(c.person.id, b0, b1)
                tid = min(hits, key=lambda x: plan_index[x[2]])[2]  # the first in the plan
                clashes.append((c.person.id, c.person.name, tid, start_of[tid]))
            elif rule == WEEKLY_HOURS_CAP:
                tired.append((c.person.id, c.person.name))
            else:
                ok.append(c)
        if len(ok) >= task.headcount:
            return "fits", ok
        if len(ok) + len(tired) >= task.headcount and tired:
            return "hours", tired
        return "busy", (len(on_duty), clashes)

    ks = [k for lo, hi in opt.starts for k in range(lo, hi + 1)]
    order = sorted(
        ks, key=lambda k: (opt.segment_of(k).cost, abs(k * slot - _booked_start(opt, task)))
    )
    results = {k: check(k) for k in order}
    fitting = [k for k in order if results[k][0] == "fits"]
    if fitting:
        base = score(instance, others + [], prep.offhours)
        best = None
        for k in fitting[:50]:
            team = sorted(results[k][1], key=lambda c: c.person.id)[: task.headcount]
            trial = others + [Assignment(task_id, k * slot, tuple(c.person.id for c in team))]
            plan_terms = score(instance, trial, prep.offhours)
            delta = sum(plan_terms.values()) - sum(base.values())
            if best is None or delta < best[0]:
                best = (delta, k, team, plan_terms)
        delta, k, team, plan_terms = best
        people = [(c.person.id, c.person.name) for c in team]
        if delta >= 0:
            why = [
                (n, plan_terms[n] - base[n])
                for n in plan_terms
                if n != "Unscheduled penalty" and plan_terms[n] != base[n]
            ]
            penalty = instance.weights.unscheduled * task.priority
            return [
                Reason(
                    "costlier_to_plan",
                    {
                        "time": k * slot,
                        "people": people,
                        "delta": delta + penalty,
                        "why": why,
                        "penalty": penalty,
                    },
                )
            ]
        return [Reason("search_stopped", {"time": k * slot, "people": people})]
    reasons = []
    k = order[0]
    kind, info = results[k]
    time = k * slot
    if kind == "resource":
        name = task.resource
        reasons.append(Reason("resource_booked", {"resource": name, "time": time, "tasks": info}))
    elif kind == "hours":
        reasons.append(Reason("hours_used_up", {"time": time, "people": info}))
    else:
        count, clashes = info
        reasons.append(
            Reason(
                "all_busy", {"count": count, "skill": task.skill, "time": time, "busy": clashes[:4]}
            )
        )
    kinds = [r[0] for r in results.values()]
    if len(order) > 1:
        reasons.append(
            Reason(
                "no_start_works",
                {
                    "total": len(order),
                    "n_busy": kinds.count("busy"),
                    "n_resource": kinds.count("resource"),
                    "n_hours": kinds.count("hours"),
                },
            )
        )
    return reasons


def explain_unscheduled(
    instance: Instance, plan: Plan, prep: Prepared | None = None
) -> dict[str, list[Reason]]:
    """Structured reasons for every unscheduled task of ``plan``."""
    prep = prep or prepare(instance)
    return {u.task: explain_task(instance, plan, u.task, prep) for u in plan.unscheduled}


def explain_plan(
    instance: Instance, plan: Plan, lang: str = "zh-CN", prep: Prepared | None = None
) -> None:
    """Fill each Unscheduled entry's structured ``details`` and rendered ``reasons``."""
    if plan.status == "INFEASIBLE":
        prep = prep or prepare(instance)
        options = prep.by_task
        pins = ", ".join(t.id for t in instance.tasks if t.pinned is not None)
        for u in plan.unscheduled:
            u.details = [Reason("week_infeasible", {"pins": pins})]
            task = instance.task_by_id[u.task]
            if task.pinned is not None and not options[u.task].schedulable:
                u.details = explain_task(instance, plan, u.task, prep) + u.details
            u.reasons = [r.render(lang) for r in u.details]
        return
    reasons = explain_unscheduled(instance, plan, prep)
    for u in plan.unscheduled:
        u.details = reasons[u.task]
        u.reasons = [r.render(lang) for r in u.details]
