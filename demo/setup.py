"""First start: load the demo detachment (or create the first admin, in services.accounts.users)."""

from __future__ import annotations

from services.accounts.auth import ensure_first_start
from services.core.permissions import SYSTEM, Actor
from services.core.unit_of_work import record, unit_of_work

DEMO_SEED = 20261130


def load_demo_detachment(seed: int = DEMO_SEED, actor: Actor = SYSTEM) -> dict[str, int]:
    """Fill an empty database with the demo detachment; returns counts per table."""
    from demo.detachment import build_demo

    ensure_first_start()
    with unit_of_work(actor) as session:
        # Thousands of generated rows are one audited event, not one entry per row.
        session.info["audit"] = False
        counts = build_demo(session, seed=seed)
        record(
            session,
            actor,
            "load_demo",
            "*",
            detail=f"seed={seed} " + ", ".join(f"{k}={v}" for k, v in counts.items()),
        )
    # The draws with their results, then the hazard cases, are played through their
    # services, each step in its own unit of work (audited one by one), after the
    # detachment they refer to is committed.
    from demo import draws, hazards

    for table, count in draws.play(seed).items():
        counts[table] = counts.get(table, 0) + count
    counts.update(hazards.build())
    return counts
