"""Stored draws: making a period's draw, redrawing it (a new audited version with a
reason; the old one is marked superseded, never changed otherwise) and reading them.

A draw is made from the registers as they are at that moment (their snapshot is stored
with it), the rules (shares, inspectors per unit, the key-unit and hazard-unit rules) and a
seed published before the draw, e.g. a public value plus the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from db.models import District, Location, Staff
from db.models.draws import Draw
from db.session import read_session
from rules.draws import (
    CREDIT_CLASSES,
    DEFAULT_HAZARD_UNIT_RULE,
    DEFAULT_KEY_UNIT_RULE,
    DEFAULT_SHARES,
    period_bounds,
)
from services.core.clock import now
from services.core.errors import FiredeskError, NotFound, Problems, ValidationError
from services.core.permissions import Actor, require
from services.core.unit_of_work import unit_of_work
from services.draws import engine
from services.draws.registers import register_inspectors, register_units

WRITE = "draws.write"
READ = "draws.read"
MAX_SEED = 200


@dataclass(frozen=True)
class DrawRequest:
    period: str
    seed: str
    shares: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_SHARES))
    key_units: str = DEFAULT_KEY_UNIT_RULE
    hazard_units: str = DEFAULT_HAZARD_UNIT_RULE  # units with an open hazard case
    reason: str = ""  # required for a redraw


def _check(request: DrawRequest) -> engine.Rules:
    problems = Problems()
    try:
        period_bounds(request.period)
    except ValueError:
        problems.add("period", "draws.error.period")
    if not request.seed.strip() or len(request.seed) > MAX_SEED:
        problems.add("seed", "draws.error.seed", max=MAX_SEED)
    rules = engine.Rules(
        shares=tuple(sorted((c, int(request.shares.get(c, -1))) for c in CREDIT_CLASSES)),
        key_units=request.key_units,
        hazard_units=request.hazard_units,
    )
    try:
        engine.check_rules(rules)
    except ValueError:
        problems.add("shares", "draws.error.rules")
    if problems.errors:
        raise ValidationError(problems.errors)
    return rules


def make_draw(actor: Actor, request: DrawRequest) -> int:
    """Draw the period; refused when it already has a current draw (redraw instead)."""
    return _store(actor, request, redraw=False)


def redraw(actor: Actor, request: DrawRequest) -> int:
    """A new version of the period's draw, with the reason; the current one is superseded."""
    if not request.reason.strip():
        problems = Problems()
        problems.add("reason", "draws.error.reason")
        raise ValidationError(problems.errors)
    return _store(actor, request, redraw=True)


def _store(actor: Actor, request: DrawRequest, *, redraw: bool) -> int:
    require(actor, WRITE)
    rules = _check(request)
    with unit_of_work(actor) as session:
        current = session.scalars(
            select(Draw).where(Draw.period == request.period, Draw.status == "current")
        ).one_or_none()
        if current is not None and not redraw:
            raise FiredeskError("draws.error.exists", period=request.period)
        if current is None and redraw:
            raise FiredeskError("draws.error.nothing_to_redraw", period=request.period)
        snap = engine.snapshot(register_units(session), register_inspectors(session))
        result = engine.draw(snap, rules, request.seed, request.period)
        number = (
            session.scalar(select(func.max(Draw.number)).where(Draw.period == request.period)) or 0
        ) + 1
        if current is not None:
            current.status = "superseded"
            current.superseded_at = now()
        row = Draw(
            period=request.period,
            number=number,
            status="current",
            seed=request.seed,
            algorithm=result["algorithm"],
            algorithm_version=result["version"],
            rules=rules.as_dict(),
            snapshot=snap,
            snapshot_hash=result["snapshot_hash"],
            draw_key=result["key"],
            result=result,
            reason=request.reason.strip()[:200],
            created_at=now(),
            created_by=actor.username,
        )
        session.add(row)
        session.flush()
        return row.id


def list_draws(actor: Actor, period: str | None = None) -> list[Draw]:
    require(actor, READ)
    query = select(Draw).order_by(Draw.period.desc(), Draw.number.desc())
    if period:
        query = query.where(Draw.period == period)
    with read_session() as session:
        return list(session.scalars(query))


def get_draw(actor: Actor, draw_id: int) -> Draw:
    require(actor, READ)
    with read_session() as session:
        row = session.get(Draw, draw_id)
    if row is None:
        raise NotFound("draws.error.not_found", id=draw_id)
    return row


def find_draw(actor: Actor, period: str, number: int | None = None) -> Draw:
    """The period's current draw, or its version `number`."""
    require(actor, READ)
    query = select(Draw).where(Draw.period == period)
    query = query.where(Draw.number == number) if number else query.where(Draw.status == "current")
    with read_session() as session:
        row = session.scalars(query).one_or_none()
    if row is None:
        raise NotFound("draws.error.no_draw", period=period)
    return row


@dataclass(frozen=True)
class ResultRow:
    unit: str
    unit_name: str
    district: str
    credit_class: str
    inspectors: list[str]  # "E001 王伟"


def result_rows(actor: Actor, draw_id: int) -> tuple[list[ResultRow], list[ResultRow]]:
    """The drawn units with their inspectors, and the units drawn without two eligible."""
    row = get_draw(actor, draw_id)
    with read_session() as session:
        units = {
            code: (name, district, credit)
            for code, name, district, credit in session.execute(
                select(Location.code, Location.name, District.name, Location.credit_class).join(
                    District, District.id == Location.district_id
                )
            )
        }
        people = dict(session.execute(select(Staff.code, Staff.name)).all())

    def one(code: str, credit: str, inspectors: list[str]) -> ResultRow:
        name, district, current = units.get(code, (code, "", credit))
        return ResultRow(
            code,
            name,
            district,
            credit or current or "",
            [f"{c} {people.get(c, '')}".strip() for c in inspectors],
        )

    staffed = [
        one(a["unit"], a["credit_class"], a["inspectors"]) for a in row.result["assignments"]
    ]
    short = [one(code, "", []) for code in row.result["unstaffed"]]
    return staffed, short
