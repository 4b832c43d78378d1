"""The stored versions of a week's plan, reading them, and the checks every writer shares.

Every solve, import or manual edit produces a numbered *version* of a week's plan that
keeps the instance it was planned against. Drafts may be edited; publishing flips a draft
once and from then on the row never changes (a re-publish is a new version). The modules
that write versions (`solves`, `edits`, `publish`, `whatif`) store them through
`store_version` and refuse bad input through `refuse`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import func, select

from db.models import PlanVersion
from db.session import current_url, read_session
from optimizer.contract import (
    Instance,
    InstanceError,
    Plan,
    Unscheduled,
    parse_instance,
    plan_to_dict,
)
from optimizer.model import Prepared, prepare
from services.core.clock import now
from services.core.config import LANGUAGES
from services.core.errors import NotFound, Problems
from services.core.permissions import Actor
from services.i18n import t


@dataclass(frozen=True)
class VersionInfo:
    """A plan version as the pages see it (a snapshot, detached from any session)."""

    id: int
    week_start: date
    number: int
    status: str
    source: str
    based_on_id: int | None
    instance: dict
    plan: dict
    reasons: dict
    objective: int
    bound: int | None
    note: str
    created_at: datetime
    created_by: str
    published_at: datetime | None
    published_by: str | None
    version: int

    @property
    def published(self) -> bool:
        return self.status == "published"

    @property
    def unscheduled_count(self) -> int:
        return len(self.plan.get("unscheduled", []))


def version_info(row: PlanVersion) -> VersionInfo:
    """The snapshot of a stored row."""
    return VersionInfo(
        **{name: getattr(row, name) for name in VersionInfo.__dataclass_fields__}  # type: ignore[arg-type]
    )


def week_versions(week_start: date) -> list[VersionInfo]:
    """Every version of the week, newest first."""
    with read_session() as session:
        rows = session.scalars(
            select(PlanVersion)
            .where(PlanVersion.week_start == week_start)
            .order_by(PlanVersion.number.desc())
        ).all()
        return [version_info(row) for row in rows]


def get_version(version_id: int) -> VersionInfo:
    with read_session() as session:
        row = session.get(PlanVersion, version_id)
        if row is None:
            raise NotFound("error.not_found", what=f"plan version {version_id}")
        return version_info(row)


def published_version(week_start: date) -> VersionInfo | None:
    """The plan in force for the week: its newest published version."""
    with read_session() as session:
        row = session.scalars(
            select(PlanVersion)
            .where(PlanVersion.week_start == week_start, PlanVersion.status == "published")
            .order_by(PlanVersion.number.desc())
            .limit(1)
        ).first()
        return version_info(row) if row else None


@lru_cache(maxsize=32)
def _parsed_instance(database: str, version_id: int, created_at: datetime) -> Instance:
    # A version's instance never changes once stored; the creation time tells a row apart
    # from an earlier one that had the same id in an emptied database (tests).
    return parse_instance(get_version(version_id).instance)


def instance_of(info: VersionInfo) -> Instance:
    """The version's instance, parsed."""
    return _parsed_instance(current_url(), info.id, info.created_at)


@lru_cache(maxsize=8)
def _prepared(database: str, version_id: int, created_at: datetime) -> Prepared:
    # The optimizer's per-task filtering is most of the cost of explaining a plan after an
    # edit; it depends on the instance only, so it is kept like the parse.
    return prepare(_parsed_instance(database, version_id, created_at))


def prepared_of(info: VersionInfo) -> Prepared:
    """The optimizer's model data of the version's instance (cached like the parse)."""
    return _prepared(current_url(), info.id, info.created_at)


def reasons_in_every_language(plan: Plan) -> dict[str, dict[str, list[str]]]:
    """Why each unplanned task is unplanned, rendered in each language the app speaks."""
    manual = plan.stats.get("unassigned_by", {})

    def reasons(u: Unscheduled, lang: str) -> list[str]:
        rendered = [r.render(lang) for r in u.details] or list(u.reasons)
        if u.task in manual:
            return [t("plan.reason.unassigned", lang, user=manual[u.task]), *rendered]
        return rendered

    return {u.task: {lang: reasons(u, lang) for lang in LANGUAGES} for u in plan.unscheduled}


def store_version(
    session,
    actor: Actor,
    week_start: date,
    instance: dict,
    plan: Plan,
    source: str,
    *,
    based_on_id: int | None,
    note: str = "",
    at: datetime | None = None,
) -> PlanVersion:
    """Add the week's next numbered version, a draft, inside the caller's transaction."""
    number = (
        session.scalar(
            select(func.max(PlanVersion.number)).where(PlanVersion.week_start == week_start)
        )
        or 0
    ) + 1
    row = PlanVersion(
        week_start=week_start,
        number=number,
        status="draft",
        source=source,
        based_on_id=based_on_id,
        instance=instance,
        plan=plan_to_dict(plan),
        reasons=reasons_in_every_language(plan),
        objective=plan.objective,
        bound=plan.bound,
        note=note[:200],
        created_at=at or now(),
        created_by=actor.username,
    )
    session.add(row)
    session.flush()
    return row


def refuse(field_name: str, key: str, details: Sequence[str]) -> None:
    """Raise one ValidationError listing every detail (nothing has been written)."""
    problems = Problems()
    for detail in details:
        problems.add(field_name, key, detail=detail)
    problems.raise_if_any()


def parse(instance: dict) -> Instance:
    """The contract's instance, or a ValidationError naming every problem in it."""
    try:
        return parse_instance(instance)
    except InstanceError as error:
        refuse("instance", "plan.error.instance_problem", error.errors)
        raise
