"""Demo hazard cases in every state, each played through the services step by step at the
moment it happened (services.core.clock.played_at), so every clock, number and audit row is
the one the services make: an order to issue, orders being fixed, an extension pending,
one granted and one refused, a re-inspection applied for and one overdue after a lapsed
deadline, a case closed fixed, one escalated with a seal to decide, and a major hazard
reported up and sealed. Relative to today; the units and officers are the first of the
detachment's (no randomness)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from db.models import Location, Staff, StaffSkill
from db.models.hazards import HazardCase, HazardExtension, HazardSeal
from db.session import read_session
from demo.detachment import first_accounts, stored_version
from rules.time import TIME_ZONE, local
from services.calendar import workdays
from services.core.clock import now, played_at
from services.draws import records
from services.hazards import cases, extensions, seals

# Each case: its steps as (days before today, hour, step, arguments). Deadlines are days
# after the step that sets them.
STORIES: dict[str, list[tuple[int, int, str, dict]]] = {
    "opened": [(1, 10, "inspect", {"findings": ["exits", "electrical"]})],
    "order_issued": [
        (10, 10, "inspect", {"findings": ["fire_facilities"]}),
        (9, 9, "issue", {"days": 30}),
    ],
    "extension_requested": [
        (20, 10, "inspect", {"findings": ["storage"]}),
        (19, 9, "issue", {"days": 25}),
        (1, 11, "extend", {"reason": "epidemic_measures", "days": 30}),
    ],
    "extension_granted": [
        (30, 10, "inspect", {"findings": ["fire_facilities", "duty_records"]}),
        (29, 9, "issue", {"days": 32}),
        (5, 11, "extend", {"reason": "supply_shortage", "days": 30}),
        (4, 15, "decide", {"grant": True}),
    ],
    "extension_refused": [
        (30, 14, "inspect", {"findings": ["evacuation_routes"]}),
        (29, 10, "issue", {"days": 40}),
        (6, 11, "extend", {"reason": "other", "text": "装修队春节后复工", "days": 20}),
        (5, 16, "decide", {"grant": False}),
    ],
    "reinspection_applied": [
        (25, 10, "inspect", {"findings": ["fire_load"]}),
        (24, 9, "issue", {"days": 35}),
        (1, 9, "apply", {}),
    ],
    "reinspection_overdue": [
        (45, 10, "inspect", {"findings": ["exits"]}),
        (44, 9, "issue", {"days": 34}),  # lapses 10 days ago
        (9, 8, "advance", {}),
    ],
    "closed_fixed": [
        (45, 14, "inspect", {"findings": ["electrical"]}),
        (44, 10, "issue", {"days": 30}),
        (18, 9, "apply", {}),
        (17, 10, "reinspect", {"fixed": True}),
    ],
    "escalated": [
        (60, 10, "inspect", {"findings": ["evacuation_routes", "storage"]}),
        (59, 9, "issue", {"days": 39}),  # lapses 20 days ago
        (19, 8, "advance", {}),
        (18, 10, "reinspect", {"fixed": False}),
        (1, 14, "seal", {"scope": "一层仓库及疏散走道", "urgent": False}),
    ],
    "major_sealed": [
        (3, 10, "inspect", {"findings": ["fire_facilities", "evacuation_routes", "fire_load"]}),
        (3, 11, "major", {"level": "government", "to": "辽阳市人民政府（经支队上报）"}),
        (3, 12, "seal", {"scope": "地下一层KTV包房区", "urgent": True}),
        (3, 16, "decide_seal", {"seal": True, "note": "自动喷水灭火系统瘫痪，先行查封"}),
        (2, 9, "issue", {"days": 20}),
    ],
}


@dataclass
class _Case:
    unit: str
    id: int | None = None
    seal_id: int | None = None


def _at(today: datetime, days: int, hour: int) -> datetime:
    day = local(today).date() - timedelta(days=days)
    return datetime.combine(day, time(hour), TIME_ZONE)


def _officers() -> list[str]:
    with read_session() as session:
        return list(
            session.scalars(
                select(Staff.code)
                .join(StaffSkill, StaffSkill.staff_id == Staff.id)
                .where(StaffSkill.skill == "inspector")
                .order_by(Staff.code)
                .limit(2)
            )
        )


def _units(count: int) -> list[str]:
    with read_session() as session:
        return list(
            session.scalars(
                select(Location.code)
                .where(Location.kind == "unit")
                .order_by(Location.code)
                .limit(count)
            )
        )


def build() -> dict[str, int]:
    """Play every story forward in one timeline (a deadline lapsing moves every case due
    then, as it would); returns the rows per table."""
    workdays.clear_cache()  # the demo's calendar was seeded in the transaction just committed
    accounts = first_accounts()
    clerk, manager = accounts["staff"], accounts["duty_manager"]
    officers = _officers()
    today = now()
    stories = {name: _Case(unit) for name, unit in zip(STORIES, _units(len(STORIES)), strict=True)}
    timeline = sorted(
        (_at(today, days, hour), name, step, args)
        for name, steps in STORIES.items()
        for days, hour, step, args in steps
    )
    for moment, name, step, args in timeline:
        with played_at(moment):
            STEPS[step](stories[name], moment, args, clerk, manager, officers)
    with read_session() as session:
        return {
            "hazard_cases": session.scalar(select(func.count()).select_from(HazardCase)),
            "hazard_extensions": session.scalar(select(func.count()).select_from(HazardExtension)),
            "hazard_seals": session.scalar(select(func.count()).select_from(HazardSeal)),
        }


def _inspect(case: _Case, moment, args, clerk, _manager, officers) -> None:
    record_id = records.record_inspection(
        clerk,
        records.InspectionInput(
            unit_code=case.unit,
            kind="offhours_inspection",
            inspected_at=moment,
            officers=officers,
            outcome="correction_order",
            findings=args["findings"],
        ),
    )
    with read_session() as session:
        case.id = session.scalar(select(HazardCase.id).where(HazardCase.inspection_id == record_id))


def _reinspect(case: _Case, moment, args, clerk, _manager, officers) -> None:
    with read_session() as session:
        findings = session.get(HazardCase, case.id).findings
    records.record_inspection(
        clerk,
        records.InspectionInput(
            unit_code=case.unit,
            kind="reinspection",
            inspected_at=moment,
            officers=officers,
            outcome="no_problem" if args["fixed"] else "correction_order",
            findings=[] if args["fixed"] else findings,
        ),
    )


def _issue(case: _Case, moment, args, clerk, _manager, _officers) -> None:
    deadline = local(moment).date() + timedelta(days=args["days"])
    cases.issue_order(clerk, case.id, stored_version(HazardCase, case.id), deadline)


def _major(case: _Case, _moment, args, clerk, _manager, _officers) -> None:
    report = cases.MajorReport(args["level"], args["to"])
    cases.adjust(clerk, case.id, stored_version(HazardCase, case.id), major=True, report=report)


def _extend(case: _Case, moment, args, clerk, _manager, _officers) -> None:
    with read_session() as session:
        deadline = session.get(HazardCase, case.id).deadline
    data = extensions.ExtensionInput(
        args["reason"], deadline + timedelta(days=args["days"]), args.get("text", "")
    )
    extensions.request_extension(clerk, case.id, stored_version(HazardCase, case.id), data)


def _decide(case: _Case, _moment, args, _clerk, manager, _officers) -> None:
    extensions.decide_extension(
        manager, case.id, stored_version(HazardCase, case.id), args["grant"]
    )


def _apply(case: _Case, _moment, _args, clerk, _manager, _officers) -> None:
    cases.apply_reinspection(clerk, case.id, stored_version(HazardCase, case.id))


def _advance(_case: _Case, _moment, _args, clerk, _manager, _officers) -> None:
    cases.advance_deadlines(clerk)


def _seal(case: _Case, _moment, args, clerk, _manager, _officers) -> None:
    version = stored_version(HazardCase, case.id)
    case.seal_id = seals.propose_seal(clerk, case.id, version, args["scope"], args["urgent"])


def _decide_seal(case: _Case, _moment, args, _clerk, manager, _officers) -> None:
    version = stored_version(HazardSeal, case.seal_id)
    seals.decide_seal(manager, case.seal_id, version, args["seal"], args.get("note", ""))


STEPS: dict[str, Callable] = {
    "inspect": _inspect,
    "reinspect": _reinspect,
    "issue": _issue,
    "major": _major,
    "extend": _extend,
    "decide": _decide,
    "apply": _apply,
    "advance": _advance,
    "seal": _seal,
    "decide_seal": _decide_seal,
}
