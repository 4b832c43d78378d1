"""Demo front-desk applications: the last month of pre-opening checks and changes of name or
legal representative, played forward from acceptance with realistic delays, so the queue
holds every state (awaiting documents, accepted, inspected, decided, posted, delivered),
a few inspections late, some refusals, and both delivery methods. Steps that would fall
after "now" have not happened yet. Deterministic for a seed (relative to today).
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.applications import STATUSES, Application, ApplicationNotice, ApplicationType
from demo.detachment import GIVEN, SURNAMES, DemoContext
from rules import applications as rules
from rules.time import TIME_ZONE, local
from services.applications.types import NAME_CHANGE, PRE_OPENING, seed_standard_types, view_of
from services.calendar.workdays import WorkCalendar, seed_calendar
from services.core.clock import now

HISTORY_DAYS = 35
PER_WORKING_DAY = (0, 1, 1, 2, 2, 3)
PUBLIC_PLACES = ("KTV", "网吧", "洗浴中心", "影城", "商厦", "购物中心", "超市", "大酒店", "宾馆",
                 "快捷酒店", "火锅城", "饭店", "烧烤城")  # fmt: skip
PRE_OPENING_SHARE = 0.7
MISSING_SHARE = 0.45
NEVER_SUPPLEMENTED = 0.08
LATE_EVERY = 9  # every 9th application, if a pre-opening check, is inspected late
REFUSAL_SHARE = 0.1
POST_SHARE = 0.4
REFUSALS = (
    "疏散通道宽度不符合消防技术标准",
    "自动喷水灭火系统未保持完好有效",
    "消防设施检测不合格",
)


def _at(calendar: WorkCalendar, start: datetime, days: int, hour: int) -> datetime:
    day = local(calendar.add_working_days(start, days).at).date()
    return datetime.combine(day, time(hour, 0), TIME_ZONE)


class _Builder:
    def __init__(self, rng: random.Random, calendar: WorkCalendar, moment: datetime) -> None:
        self.rng, self.calendar, self.moment = rng, calendar, moment

    def play(
        self,
        row: Application,
        kind,
        missing: list[str],
        stop: str | None = None,
        late: bool = False,
    ) -> None:
        """Play `row` forward to now, or until it reaches `stop` (a slow step: the demo
        makes sure every state is in the queue)."""
        rng, moment = self.rng, self.moment
        ready = row.accepted_at
        if missing:
            if rng.random() < NEVER_SUPPLEMENTED:
                refused = _at(self.calendar, row.accepted_at, rules.SUPPLEMENT_WORKING_DAYS + 1, 10)
                if refused > moment:
                    return
                row.status, row.decision, row.decided_at = "refused", "refused", refused
                row.refused_for_document = missing[0]
                row.decision_reasons = f"逾期未补正：{kind.document(missing[0]).name_zh}"
                self.deliver(row, refused)
                return
            ready = _at(self.calendar, row.accepted_at, rng.randint(1, 5), 15)
            if ready > moment:
                return
            row.documents = [*row.documents, *missing]
            row.status = "accepted"
        if stop == row.status:
            return
        if kind.needs_inspection:
            days = rng.randint(11, 12) if late else rng.randint(2, 9)
            inspected = max(
                _at(self.calendar, row.accepted_at, days, 14),
                _at(self.calendar, ready, 1, 14),
            )
            if inspected > moment:
                return
            due = rules.decision_due(self.calendar, inspected)
            row.status, row.inspected_at = "inspected", inspected
            row.decision_due_at, row.inspection_notes = due.at, "现场检查完毕"
            ready = inspected
            if stop == row.status:
                return
        decided = _at(self.calendar, ready, rng.choice((1, 1, 2, 3)), 11)
        if decided > moment:
            return
        refused = stop == "refused" or (kind.needs_inspection and rng.random() < REFUSAL_SHARE)
        row.decision = row.status = "refused" if refused else "approved"
        row.decided_at = decided
        if refused:
            row.decision_reasons = rng.choice(REFUSALS)
        if stop != row.status:
            self.deliver(row, decided, stop)

    def deliver(self, row: Application, decided: datetime, stop: str | None = None) -> None:
        rng, moment = self.rng, self.moment
        if row.delivery_method == "in_person":
            collected = decided + timedelta(days=rng.randint(0, 3), hours=3)
            if collected <= moment:
                row.status, row.sent_at, row.received_at = "delivered", collected, collected
            return
        sent = decided + timedelta(days=1)
        if sent > moment:
            return
        row.status, row.sent_at = "sent", sent
        row.tracking_no = f"EMS{rng.randint(10**11, 10**12 - 1)}"
        received = sent + timedelta(days=rng.randint(1, 3))
        if received <= moment and stop != "sent":
            row.status, row.received_at = "delivered", received


def _new_row(spec: dict, kind) -> Application:
    row = Application(**spec["fields"])
    if spec["missing"]:
        row.notice = ApplicationNotice(
            notice_no="GZ" + row.application_no.removeprefix("SQ"),
            issued_at=row.accepted_at,
            supplement_due_at=spec["supplement_due"],
            items=[
                {
                    "code": c,
                    "name_zh": kind.document(c).name_zh,
                    "name_en": kind.document(c).name_en,
                }
                for c in spec["missing"]
            ],
        )
    return row


def build(session: Session, rng: random.Random, context: DemoContext) -> dict[str, int]:
    moment = now()
    today = moment.date()
    years = range(today.year - 1, today.year + 2)
    seed_calendar(session, years)
    calendar = WorkCalendar.load(session, years)
    seed_standard_types(session)
    session.flush()
    kinds = {row.id: view_of(row) for row in session.scalars(select(ApplicationType))}
    by_code = {kind.code: kind for kind in kinds.values()}
    places = [u for u in context.units if u.name.endswith(PUBLIC_PLACES)] or context.units
    builder = _Builder(rng, calendar, moment)
    specs = _specs(rng, calendar, by_code, places, moment)
    rows = []
    for spec in specs:
        kind = kinds[spec["fields"]["type_id"]]
        row = _new_row(spec, kind)
        builder.play(row, kind, spec["missing"], late=spec["late"])
        rows.append(row)
    # Every state in the queue: where one is missing, the newest application that can be
    # in it stopped there (a decision not yet collected, a letter still in the post, ...).
    for state in STATUSES:
        if any(row.status == state for row in rows):
            continue
        for index in reversed(range(len(specs))):
            before = rows[index].status
            # Never take the last application of another state.
            if sum(r.status == before for r in rows) < 2:
                continue
            kind = kinds[specs[index]["fields"]["type_id"]]
            again = _new_row(specs[index], kind)
            builder.play(
                again, kind, specs[index]["missing"], stop=state, late=specs[index]["late"]
            )
            if again.status == state:
                rows[index] = again
                break
    session.add_all(rows)
    return {
        "application_types": len(kinds),
        "applications": len(rows),
        "application_notices": sum(1 for spec in specs if spec["missing"]),
    }


def _specs(rng, calendar: WorkCalendar, kinds: dict, places: list, moment: datetime) -> list[dict]:
    """What was handed in at the desk each working day of the month, oldest first."""
    today = moment.date()
    numbers: dict[str, int] = {}
    specs = []
    day = today - timedelta(days=HISTORY_DAYS)
    while day <= today:
        if calendar.working_day(day):  # a year not yet published: Monday to Friday
            for _ in range(rng.choice(PER_WORKING_DAY)):
                accepted = datetime.combine(
                    day, time(rng.randint(9, 15), rng.choice((0, 15, 30, 45))), TIME_ZONE
                )
                if accepted > moment:
                    continue
                kind = kinds[PRE_OPENING if rng.random() < PRE_OPENING_SHARE else NAME_CHANGE]
                supplementable = [c for c, need in kind.checklist if need == rules.SUPPLEMENTABLE]
                drawn = (
                    rng.sample(supplementable, rng.randint(1, min(3, len(supplementable))))
                    if rng.random() < MISSING_SHARE
                    else []
                )
                missing = [c for c in supplementable if c in drawn]  # checklist order
                handed = [
                    c for c, need in kind.checklist if need != rules.INTERNAL and c not in missing
                ]
                unit = rng.choice(places)
                prefix = f"SQ{day:%Y%m%d}"
                numbers[prefix] = numbers.get(prefix, 0) + 1
                post = rng.random() < POST_SHARE
                inspection = (
                    rules.inspection_due(calendar, accepted) if kind.needs_inspection else None
                )
                late = kind.needs_inspection and len(specs) % LATE_EVERY == 3
                fields = {
                    "application_no": f"{prefix}{numbers[prefix]:03d}",
                    "type_id": kind.id,
                    "status": "supplementing" if missing else "accepted",
                    "unit_name": unit.name,
                    "address": unit.address,
                    "location_id": unit.id,
                    "applicant_name": rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=2)),
                    "applicant_phone": f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}",
                    "documents": handed,
                    "accepted_at": accepted,
                    "inspection_due_at": inspection.at if inspection else None,
                    "due_provisional": bool(inspection and inspection.provisional),
                    "delivery_method": "post" if post else "in_person",
                    "delivery_address": unit.address if post else "",
                    "created_by": "clerk",
                }
                supplement_due = rules.supplement_due(calendar, accepted).at if missing else None
                specs.append(
                    {
                        "fields": fields,
                        "missing": missing,
                        "supplement_due": supplement_due,
                        "late": late,
                    }
                )
        day += timedelta(days=1)
    return specs
