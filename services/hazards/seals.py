"""Temporary seals (临时查封, 消防监督检查规定 art. 22): a major hazard, or a case escalated
after a failed re-inspection, may need part of the premises sealed. An officer proposes the
seal (what is sealed, urgent or not); a duty manager or an administrator decides it, sealed
or not, within 3 working days of the proposal, 24 hours when urgent (rules.hazards); a seal
in force is lifted once the hazard is fixed (by hand, or by the re-inspection that closes
the case as fixed, services.hazards.cases). Every step is an audited row change.

    proposed --seal--> sealed --lift--> lifted
    proposed --not_seal--> not_sealed
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from db.models import Location
from db.models.hazards import HazardCase, HazardSeal
from db.session import read_session
from rules import hazards as rules
from rules.time import local
from services.calendar import workdays
from services.core.clock import now
from services.core.errors import FiredeskError, Problems
from services.core.permissions import Actor, require
from services.core.records import load_for_update
from services.core.statuses import StatusMachine
from services.core.unit_of_work import unit_of_work

SEAL_FLOW = StatusMachine(
    {
        "seal": (("proposed",), "sealed"),
        "not_seal": (("proposed",), "not_sealed"),
        "lift": (("sealed",), "lifted"),
    },
    refuse=lambda action, status: FiredeskError(
        "hazards.error.seal_step", action=action, status=status
    ),
)
PERMISSIONS = {"propose": "hazards.write", "seal": "hazards.decide", "not_seal": "hazards.decide",
               "lift": "hazards.decide"}  # fmt: skip
ACTIVE = ("proposed", "sealed")
# Cases a seal may be proposed for: a major hazard not yet closed, or an escalated case.
DUE_SOON = timedelta(hours=24)
SEALABLE_STATES = ("opened", "order_issued", "extension_requested", "reinspection_due",
                   "escalated")  # fmt: skip


@dataclass(frozen=True)
class SealRow:
    id: int
    version: int
    case_id: int
    case_no: str
    unit_name: str
    state: str
    urgent: bool
    scope: str
    proposed_at: datetime
    proposed_by: str
    decide_due_at: datetime
    provisional: bool
    decided_at: datetime | None
    decided_by: str | None
    lifted_at: datetime | None
    note: str
    urgency: str  # overdue, due_soon, on_track (a proposal to decide), sealed, closed


def sealable(state: str, major: bool) -> bool:
    """A seal may be proposed for a major hazard not yet closed, or an escalated case."""
    return state in SEALABLE_STATES and (major or state == "escalated")


def actions_for(actor: Actor, state: str) -> list[str]:
    return [a for a in SEAL_FLOW.actions_from(state) if actor.can(PERMISSIONS[a])]


def propose_seal(
    actor: Actor,
    case_id: int,
    version: int,
    scope: str,
    urgent: bool,
    proposed_at: datetime | None = None,
) -> int:
    """Propose a temporary seal of `scope` for a major or escalated case; returns its id."""
    require(actor, PERMISSIONS["propose"])
    moment = local(proposed_at) if proposed_at else now()
    problems = Problems()
    if not 0 < len(scope.strip()) <= 300:
        problems.add("seal_scope", "error.required")
    if moment > now():
        problems.add("seal_proposed_at", "hazards.error.future")
    problems.raise_if_any()
    with unit_of_work(actor) as session:
        case = load_for_update(session, HazardCase, case_id, version)
        if not sealable(case.state, case.major):
            raise FiredeskError("hazards.error.not_sealable", no=case.case_no)
        active = session.scalar(
            select(HazardSeal.id).where(HazardSeal.case_id == case.id, HazardSeal.state.in_(ACTIVE))
        )
        if active is not None:
            raise FiredeskError("hazards.error.seal_open", no=case.case_no)
        due_at, provisional = rules.seal_decision_due(workdays.add_working_days, moment, urgent)
        seal = HazardSeal(
            case_id=case.id,
            state="proposed",
            urgent=urgent,
            scope=scope.strip(),
            proposed_at=moment,
            proposed_by=actor.username,
            decide_due_at=due_at,
            decide_due_provisional=provisional,
        )
        session.add(seal)
        session.flush()
        return seal.id


def _move(actor: Actor, seal_id: int, version: int, action: str, note: str) -> HazardSeal:
    require(actor, PERMISSIONS[action])
    with unit_of_work(actor) as session:
        seal = load_for_update(session, HazardSeal, seal_id, version)
        seal.state = SEAL_FLOW.target(action, seal.state)
        moment = now()
        if action == "lift":
            seal.lifted_at, seal.lifted_by = moment, actor.username
        else:
            seal.decided_at, seal.decided_by = moment, actor.username
        if note.strip():
            seal.note = note.strip()[:1000]
        return seal


def decide_seal(actor: Actor, seal_id: int, version: int, seal: bool, note: str = "") -> None:
    """A duty manager or an administrator decides: sealed, or not sealed."""
    _move(actor, seal_id, version, "seal" if seal else "not_seal", note)


def lift_seal(actor: Actor, seal_id: int, version: int, note: str = "") -> None:
    """Lift a seal in force once the hazard is fixed."""
    _move(actor, seal_id, version, "lift", note)


def _urgency(seal: HazardSeal, moment: datetime) -> str:
    if seal.state == "sealed":
        return "sealed"
    if seal.state != "proposed":
        return "closed"
    due = local(seal.decide_due_at)
    if due < moment:
        return "overdue"
    return "due_soon" if due - moment <= DUE_SOON else "on_track"


def list_seals(actor: Actor, case_id: int | None = None) -> list[SealRow]:
    """Seals, proposals to decide first (by their clock), then seals in force, then the rest."""
    require(actor, "hazards.read")
    query = (
        select(HazardSeal, HazardCase.case_no, Location.name)
        .join(HazardCase, HazardCase.id == HazardSeal.case_id)
        .join(Location, Location.id == HazardCase.location_id)
        .order_by(HazardSeal.id)
    )
    if case_id is not None:
        query = query.where(HazardSeal.case_id == case_id)
    moment = now()
    with read_session() as session:
        rows = [
            SealRow(
                id=seal.id,
                version=seal.version,
                case_id=seal.case_id,
                case_no=case_no,
                unit_name=unit_name,
                state=seal.state,
                urgent=seal.urgent,
                scope=seal.scope,
                proposed_at=local(seal.proposed_at),
                proposed_by=seal.proposed_by,
                decide_due_at=local(seal.decide_due_at),
                provisional=seal.decide_due_provisional,
                decided_at=local(seal.decided_at) if seal.decided_at else None,
                decided_by=seal.decided_by,
                lifted_at=local(seal.lifted_at) if seal.lifted_at else None,
                note=seal.note,
                urgency=_urgency(seal, moment),
            )
            for seal, case_no, unit_name in session.execute(query)
        ]
    group = {"overdue": 0, "due_soon": 0, "on_track": 0, "sealed": 1, "closed": 2}
    return sorted(rows, key=lambda r: (group[r.urgency], r.decide_due_at, r.id))
