"""Demo evaluations: two years of 好差评 history, their rectification cases and follow-ups.

The history is shaped so the trends page shows something true: more ratings in the spring
and autumn inspection seasons, few around Spring Festival and at weekends; most stations
steady around 92% satisfied, two improving over the two years and two declining. Bad
reviews have cases (most closed on time, some late, a few withdrawn on appeal, recent ones
still open); follow-ups are answered, unreachable, or open in the coming two weeks, where
the on-site ones become planner tasks.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from db.models import Evaluation, FollowUp, RectificationCase
from db.models.evaluations import DIMENSIONS
from demo.detachment import GIVEN, SURNAMES
from rules.deadlines import followup_due, rectification_due
from rules.time import TIME_ZONE
from rules.weeks import monday_of, month_of
from services.calendar.workdays import WorkCalendar, seed_calendar
from services.core.clock import now
from services.evaluations.bad_review_cases import deadline_days

DAYS = 730
DAILY_MEAN = 5.0
# Synthetic follow-up sources live far above any real record id of the other areas.
SOURCE_ID_BASE = 1_000_000

# Station index → (satisfied share two years ago, satisfied share today).
TRAJECTORIES = {2: (0.78, 0.95), 7: (0.80, 0.94), 4: (0.95, 0.79), 10: (0.94, 0.82)}
STEADY = (0.92, 0.92)

CHANNEL_WEIGHTS = {"device": 0.38, "qr_code": 0.30, "online": 0.17, "phone_followup": 0.15}
SERVICES_BY_CHANNEL = {
    "device": (["window", "consultation", "pre_opening"], [0.6, 0.25, 0.15]),
    "qr_code": (["window", "tour", "training", "consultation"], [0.3, 0.3, 0.25, 0.15]),
    "online": (["pre_opening", "complaint", "consultation", "window"], [0.35, 0.25, 0.2, 0.2]),
    "phone_followup": (["inspection", "complaint", "training", "tour"], [0.45, 0.25, 0.15, 0.15]),
}
GOOD_COMMENTS = [
    "办事效率高，一次就办好了",
    "工作人员态度热情，讲解耐心",
    "检查很专业，指出的问题很实在",
    "培训内容实用，员工都学会了用灭火器",
    "孩子们参观消防站很开心，讲解员很细心",
    "窗口指引清楚，不用跑第二趟",
    "预约方便，按时到场",
    "",
]
BAD_COMMENTS = [
    "等待时间太长，窗口只开了一个",
    "检查时间和营业高峰冲突，影响生意",
    "电话一直打不通",
    "材料要求前后说法不一致，跑了好几趟",
    "工作人员态度生硬",
    "预约后临时改期，没有提前通知",
    "",
]


def _season(day: date) -> float:
    """Inspection seasons in spring and autumn; Spring Festival (late Jan–mid Feb) is quiet."""
    factor = {3: 1.4, 4: 1.6, 5: 1.4, 9: 1.4, 10: 1.3, 11: 1.5, 7: 0.8, 8: 0.8, 12: 0.9}.get(
        day.month, 1.0
    )
    if (day.month == 1 and day.day >= 20) or (day.month == 2 and day.day <= 15):
        factor *= 0.3
    if day.weekday() >= 5:
        factor *= 0.35
    return factor


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method: small means only, which is all a day of ratings needs.
    limit, count, product = pow(2.718281828, -mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _level(rng: random.Random, satisfied_share: float) -> int:
    if rng.random() < satisfied_share:
        return rng.choices((1, 2, 3), (0.62, 0.28, 0.10))[0]
    return rng.choices((4, 5), (0.7, 0.3))[0]


def _scores(rng: random.Random, level: int) -> dict[str, int | None]:
    if rng.random() < 0.3:
        return {f"score_{d}": None for d in DIMENSIONS}
    base = 6 - level
    return {f"score_{d}": max(1, min(5, base + rng.choice((-1, 0, 0, 0, 1)))) for d in DIMENSIONS}


def _person(rng: random.Random) -> tuple[str, str]:
    name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
    phone = f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
    return name, phone


def _evaluation_rows(rng: random.Random, context, today: date) -> list[dict]:
    places = [context.office, *context.stations]
    officers: dict[int, list[int]] = {}
    for person in context.staff:
        officers.setdefault(person.base_location_id, []).append(person.id)
    rows = []
    first = today - timedelta(days=DAYS)
    for offset in range(DAYS):
        day = first + timedelta(days=offset)
        progress = offset / DAYS
        for _ in range(_poisson(rng, DAILY_MEAN * _season(day))):
            index = rng.randrange(len(places))
            place = places[index]
            start, end = TRAJECTORIES.get(index - 1, STEADY) if index else STEADY
            level = _level(rng, start + (end - start) * progress)
            channel = rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0]
            services, weights = SERVICES_BY_CHANNEL[channel]
            anonymous = channel != "phone_followup" and rng.random() < 0.7
            name, phone = (None, None) if anonymous else _person(rng)
            at = datetime.combine(
                day, time(rng.randint(8, 17), rng.randrange(60)), tzinfo=TIME_ZONE
            )
            rows.append(
                {
                    "evaluated_at": at,
                    "week_start": monday_of(day),
                    "month_start": month_of(day),
                    "level": level,
                    "channel": channel,
                    "service": rng.choices(services, weights)[0],
                    "station_id": place.id,
                    "window_name": "综合窗口" if place is context.office else "",
                    "officer_id": rng.choice(officers.get(place.id, [None])),
                    "comment": rng.choice(GOOD_COMMENTS if level <= 3 else BAD_COMMENTS),
                    "anonymous": anonymous,
                    "reviewer_name": name,
                    "reviewer_phone": phone,
                    "source": "demo",
                    "external_id": None,
                    "counted": True,
                    "version": 1,
                    **_scores(rng, level),
                }
            )
    return rows


def _case_row(rng: random.Random, evaluation: dict, evaluation_id: int, calendar, today: date):
    """A bad review's case, worked the way a real one would be by now."""
    evaluated_at = evaluation["evaluated_at"]
    deadline = rectification_due(calendar, evaluated_at, deadline_days())
    age = (today - evaluated_at.date()).days
    row = {
        "evaluation_id": evaluation_id,
        "status": "open",
        "opened_at": evaluated_at + timedelta(minutes=5),
        "due_at": deadline.at,
        "due_provisional": deadline.provisional,
        "called_back_at": None,
        "callback_note": "",
        "cause": "",
        "action_taken": "",
        "answer": "",
        "closed_at": None,
        "appeal_reason": "",
        "appealed_at": None,
        "appeal_decision": None,
        "appeal_note": "",
        "appeal_decided_at": None,
        "appeal_decided_by": None,
        "version": 1,
    }
    if not evaluation["anonymous"] and age >= 1:
        row["called_back_at"] = evaluated_at + timedelta(days=1)
        row["callback_note"] = "已电话联系评价人，了解具体情况。"
        row["status"] = "called_back"
    draw = rng.random()
    if age > 25 and draw < 0.03:
        row.update(
            status="withdrawn",
            appeal_reason="评价人误选等级，回访时表示满意。",
            appealed_at=evaluated_at + timedelta(days=2),
            appeal_decision="upheld",
            appeal_note="回访录音证实误评。",
            appeal_decided_at=evaluated_at + timedelta(days=4),
            appeal_decided_by="manager",
        )
        evaluation["counted"] = False
    elif age > 25 or (age > 8 and draw < 0.5):
        if rng.random() < 0.12:
            closed = deadline.at + timedelta(days=rng.randint(1, 10))
        else:
            closed = min(evaluated_at + timedelta(days=rng.randint(2, 14)), deadline.at)
        if closed <= now():
            row.update(
                status="closed",
                cause="窗口高峰时段人手不足。",
                action_taken="调整窗口排班，高峰时段增开窗口。",
                answer="已向评价人说明整改情况。",
                closed_at=closed,
            )
    return row


def _followup_rows(rng: random.Random, context, evaluation_ids, rows, calendar, today):
    followups, number = [], SOURCE_ID_BASE
    for evaluation_id, evaluation in zip(evaluation_ids, rows, strict=True):
        if evaluation["channel"] != "phone_followup":
            continue
        number += 1
        due = followup_due(calendar, evaluation["evaluated_at"] - timedelta(days=3)).at.date()
        followups.append(
            _followup(number, evaluation["service"], rng.choice(context.units).id, due, "phone")
            | {"status": "done", "evaluation_id": evaluation_id}
            | {"completed_at": evaluation["evaluated_at"]}
        )
    # About one in eight calls reaches nobody.
    for day_back in range(7, DAYS, 9):
        number += 1
        due = today - timedelta(days=day_back)
        followups.append(
            _followup(number, "inspection", rng.choice(context.units).id, due, "phone")
            | {"status": "unreachable", "note": "多次致电无人接听。"}
            | {"completed_at": datetime.combine(due, time(16, 0), tzinfo=TIME_ZONE)}
        )
    for ahead in range(-3, 12):
        for _ in range(2):
            number += 1
            kind = rng.choice(("inspection", "inspection", "complaint", "training", "tour"))
            mode = "on_site" if kind == "inspection" else "phone"
            unit = rng.choice(context.units).id
            followups.append(_followup(number, kind, unit, today + timedelta(days=ahead), mode))
    return followups


def _followup(number: int, kind: str, unit_id: int, due: date, mode: str) -> dict:
    return {
        "source_kind": kind,
        "source_id": number,
        "unit_location_id": unit_id,
        "due": due,
        "mode": mode,
        "status": "open",
        "created_at": datetime.combine(due - timedelta(days=7), time(9, 0), tzinfo=TIME_ZONE),
        "completed_at": None,
        "evaluation_id": None,
        "note": "",
        # Every follow-up carries someone to call (the demo's sources are not real records).
        "contact_name": SURNAMES[number % len(SURNAMES)] + GIVEN[number % len(GIVEN)],
        "contact_phone": f"139{number:08d}",
        "version": 1,
    }


def build(session: Session, rng: random.Random, context) -> dict[str, int]:
    today = now().date()
    years = range(today.year - 2, today.year + 2)
    # Seeded in the demo's own transaction: a separate seeding transaction would wait on it.
    seed_calendar(session, years)
    calendar = WorkCalendar.load(session, years)
    rows = _evaluation_rows(rng, context, today)
    bad = [i for i, row in enumerate(rows) if row["level"] >= 4]
    # RETURNING a few thousand rows in one go splices its result batches at a cost that
    # grows with the rows returned so far (12.7 s of a profiled demo load; 4 s in batches).
    statement = insert(Evaluation).returning(Evaluation.id, sort_by_parameter_order=True)
    ids = [
        new_id
        for start in range(0, len(rows), 200)
        for new_id in session.scalars(statement, rows[start : start + 200])
    ]
    cases = [_case_row(rng, rows[i], ids[i], calendar, today) for i in bad]
    session.execute(insert(RectificationCase), cases)
    withdrawn = [ids[i] for i in bad if not rows[i]["counted"]]
    if withdrawn:
        session.execute(
            update(Evaluation).where(Evaluation.id.in_(withdrawn)).values(counted=False)
        )
    followups = _followup_rows(rng, context, ids, rows, calendar, today)
    session.execute(insert(FollowUp), followups)
    return {
        "evaluations": len(rows),
        "rectification_cases": len(cases),
        "follow_ups": len(followups),
    }
