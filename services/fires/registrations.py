"""Simple fire registrations (measure 15): a short record of a small fire with clear facts
(time, place, cause, direct loss, nobody hurt), under the simplified procedure; refused
with the reasons when the fire does not qualify (rules/fires.py). Listed newest first and
counted per month. The party's name and phone are masked in every list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import District, Staff
from db.models.fires import FireRegistration
from db.session import read_session
from rules import fires as rules
from rules.time import local
from services.core.clock import now
from services.core.errors import NotFound, Problems
from services.core.permissions import Actor, require
from services.core.privacy import masked_name, masked_phone
from services.core.unit_of_work import unit_of_work
from services.core.validation import check_phone, check_required


@dataclass
class FireInput:
    occurred_at: datetime
    place: str
    cause: str
    direct_loss_yuan: int
    deaths: int = 0
    injuries: int = 0
    facts_agreed: bool = True
    arson_suspected: bool = False
    district_id: int | None = None
    party_name: str = ""
    party_phone: str = ""
    investigator_id: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class FireRow:
    id: int
    record_no: str
    occurred_at: datetime
    place: str
    cause: str
    direct_loss_yuan: int
    party: str  # masked
    phone: str  # masked
    investigator: str


def register_fire(actor: Actor, data: FireInput) -> int:
    """Register a small fire under the simple procedure; returns its id."""
    require(actor, "fires.write")
    with unit_of_work(actor) as session:
        return add_registration(session, actor.username, data).id


def add_registration(session: Session, username: str, data: FireInput) -> FireRegistration:
    """Check `data` against the simple procedure and write the registration in the caller's
    unit of work (the page's, or the demo's); refused with every reason at once."""
    problems = Problems()
    place = check_required(problems, "fire_place", data.place, 200)
    cause = check_required(problems, "fire_cause", data.cause, 200)
    phone = check_phone(problems, "fire_party_phone", data.party_phone) or ""
    occurred = local(data.occurred_at)
    if occurred > now():
        problems.add("fire_occurred_at", "fires.error.future")
    if min(data.deaths, data.injuries, data.direct_loss_yuan) < 0:
        problems.add("fire_direct_loss", "fires.error.negative")
    for reason in rules.simple_procedure_refusals(
        deaths=data.deaths,
        injuries=data.injuries,
        direct_loss_yuan=data.direct_loss_yuan,
        facts_agreed=data.facts_agreed,
        arson_suspected=data.arson_suspected,
    ):
        problems.add(
            "fire_procedure", f"fires.refusal.{reason}", limit=rules.SIMPLE_LOSS_LIMIT_YUAN
        )
    problems.raise_if_any()
    for model, key in ((District, data.district_id), (Staff, data.investigator_id)):
        if key is not None and session.get(model, key) is None:
            raise NotFound("error.not_found", what=f"{model.__tablename__} {key}")
    prefix = f"HJ{occurred:%Y%m%d}"
    taken = session.scalar(
        select(func.count()).where(FireRegistration.record_no.like(prefix + "%"))
    )
    row = FireRegistration(
        record_no=f"{prefix}{taken + 1:03d}",
        occurred_at=occurred,
        place=place,
        district_id=data.district_id,
        cause=cause,
        direct_loss_yuan=data.direct_loss_yuan,
        deaths=0,
        injuries=0,
        facts_agreed=True,
        party_name=(data.party_name or "").strip()[:40],
        party_phone=phone,
        investigator_id=data.investigator_id,
        notes=(data.notes or "").strip(),
        registered_at=now(),
        registered_by=username,
    )
    session.add(row)
    session.flush()
    return row


def list_fires(actor: Actor) -> list[FireRow]:
    require(actor, "fires.write")
    with read_session() as session:
        rows = session.execute(
            select(FireRegistration, Staff.name)
            .outerjoin(Staff, Staff.id == FireRegistration.investigator_id)
            .order_by(FireRegistration.occurred_at.desc(), FireRegistration.id.desc())
        ).all()
        return [
            FireRow(
                f.id,
                f.record_no,
                f.occurred_at,
                f.place,
                f.cause,
                f.direct_loss_yuan,
                masked_name(f.party_name),
                masked_phone(f.party_phone),
                name or "",
            )
            for f, name in rows
        ]


def monthly_counts(actor: Actor, start: date, end: date) -> dict[str, tuple[int, int]]:
    """Per month (YYYY-MM) of `[start, end)`: (fires registered, total direct loss in yuan)."""
    require(actor, "fires.write")
    counts: dict[str, tuple[int, int]] = {}
    with read_session() as session:
        for occurred, loss in session.execute(
            select(FireRegistration.occurred_at, FireRegistration.direct_loss_yuan)
        ):
            day = local(occurred).date()
            if start <= day < end:
                n, total = counts.get(f"{day:%Y-%m}", (0, 0))
                counts[f"{day:%Y-%m}"] = (n + 1, total + loss)
    return dict(sorted(counts.items()))
