"""The draw itself: a pure function of the registers' snapshot, the rules and the seed.

Nothing here reads the database, the clock or the global random generator, so anyone with
the stored snapshot, rules and seed recomputes the same draw on any machine and any Python
version (`verify` does exactly that).

Algorithm `rules.draws.ALGORITHM`, version `rules.draws.ALGORITHM_VERSION`:

1. The snapshot (units and inspectors, every list sorted) is written as canonical JSON
   (sorted keys, no spaces, UTF-8) and hashed with SHA-256: `snapshot_hash`.
2. The draw key is SHA-256 of the canonical JSON of {algorithm, version, period, seed,
   snapshot_hash, rules}. Every random choice below is a rank `SHA-256(key|kind|names)`, so
   the order is a published function anyone can recompute with `sha256sum`; Python's
   `random.sample` and `shuffle` are not guaranteed to stay the same across versions.
3. Units: per credit class, the pool sorted by rank; the first `drawn_count(n, share)` are
   drawn. Key units follow the key-unit rule and units with an open hazard case the
   hazard-unit rule (in the share, always, never; `rules.draws.unit_rule` combines them).
   Version 1 (draws made before the hazard rule: their stored rules have no
   `hazard_units` and their snapshots no `open_hazard`) is the same with every unit
   treated as without an open case, so those draws recompute exactly as they were made.
4. Inspectors: drawn units in rank order; each takes the `per_unit` eligible inspectors
   (not excluded, `rules.draws.excluded`) with the fewest units so far, ties by rank, so
   the work spreads evenly and no one is chosen by hand. A drawn unit with fewer eligible
   inspectors than `per_unit` is reported in `unstaffed`, never staffed short.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from rules.draws import (
    ALGORITHM,
    ALGORITHM_VERSION,
    CREDIT_CLASSES,
    DEFAULT_HAZARD_UNIT_RULE,
    DEFAULT_KEY_UNIT_RULE,
    DEFAULT_SHARES,
    HAZARD_UNIT_RULES,
    INSPECTORS_PER_UNIT,
    KEY_UNIT_RULES,
    drawn_count,
    excluded,
    unit_rule,
)


@dataclass(frozen=True)
class Unit:
    code: str
    credit_class: str
    district: str
    key_unit: bool = False
    risk_level: str | None = None
    last_inspectors: tuple[str, ...] = ()
    open_hazard: bool = False  # has a hazard case not yet closed


@dataclass(frozen=True)
class Inspector:
    code: str
    districts: tuple[str, ...]
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rules:
    shares: tuple[tuple[str, int], ...] = tuple(sorted(DEFAULT_SHARES.items()))
    per_unit: int = INSPECTORS_PER_UNIT
    key_units: str = DEFAULT_KEY_UNIT_RULE
    # None only for a draw made before the rule existed (algorithm version 1).
    hazard_units: str | None = DEFAULT_HAZARD_UNIT_RULE

    @property
    def version(self) -> int:
        return 1 if self.hazard_units is None else ALGORITHM_VERSION

    def as_dict(self) -> dict:
        data = {"shares": dict(self.shares), "per_unit": self.per_unit, "key_units": self.key_units}
        if self.hazard_units is not None:
            data["hazard_units"] = self.hazard_units
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Rules:
        hazard = data.get("hazard_units")
        return cls(
            shares=tuple(sorted((str(k), int(v)) for k, v in data["shares"].items())),
            per_unit=int(data["per_unit"]),
            key_units=str(data["key_units"]),
            hazard_units=None if hazard is None else str(hazard),
        )


def canonical(value: object) -> bytes:
    """The one byte form hashed: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def sha256(value: object) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


def snapshot(units: list[Unit], inspectors: list[Inspector]) -> dict:
    """The registers as the draw sees them, in one canonical order."""
    return {
        "units": [
            {
                "code": u.code,
                "credit_class": u.credit_class,
                "district": u.district,
                "key_unit": bool(u.key_unit),
                "risk_level": u.risk_level,
                "last_inspectors": sorted(set(u.last_inspectors)),
                "open_hazard": bool(u.open_hazard),
            }
            for u in sorted(units, key=lambda u: u.code)
        ],
        "inspectors": [
            {
                "code": i.code,
                "districts": sorted(set(i.districts)),
                "conflicts": sorted(set(i.conflicts)),
            }
            for i in sorted(inspectors, key=lambda i: i.code)
        ],
    }


def draw_key(snap: dict, rules: Rules, seed: str, period: str) -> str:
    return sha256(
        {
            "algorithm": ALGORITHM,
            "version": rules.version,
            "period": period,
            "seed": seed,
            "snapshot_hash": sha256(snap),
            "rules": rules.as_dict(),
        }
    )


def _rank(key: str, kind: str, *names: str) -> str:
    text = "|".join((key, kind, *names))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_rules(rules: Rules) -> None:
    shares = dict(rules.shares)
    if set(shares) != set(CREDIT_CLASSES):
        raise ValueError(f"shares must name exactly the classes {CREDIT_CLASSES}")
    for share in shares.values():
        drawn_count(0, share)  # raises outside 0..10000
    if rules.per_unit < INSPECTORS_PER_UNIT:
        raise ValueError(f"at least {INSPECTORS_PER_UNIT} inspectors per unit")
    if rules.key_units not in KEY_UNIT_RULES:
        raise ValueError(f"key-unit rule must be one of {KEY_UNIT_RULES}")
    if rules.hazard_units is not None and rules.hazard_units not in HAZARD_UNIT_RULES:
        raise ValueError(f"hazard-unit rule must be one of {HAZARD_UNIT_RULES}")


def draw(snap: dict, rules: Rules, seed: str, period: str) -> dict:
    """The draw of `period` from the snapshot `snap` (as `snapshot` makes it), as JSON."""
    check_rules(rules)
    key = draw_key(snap, rules, seed, period)
    shares = dict(rules.shares)
    units = snap["units"]
    forced = []
    pools: dict[str, list[dict]] = {c: [] for c in CREDIT_CLASSES}
    hazard_rule = rules.hazard_units or DEFAULT_HAZARD_UNIT_RULE
    for unit in units:
        treated = unit_rule(
            unit["key_unit"], unit.get("open_hazard", False), rules.key_units, hazard_rule
        )
        if treated == "never":
            continue
        if treated == "always":
            forced.append(unit)
            continue
        pools[unit["credit_class"]].append(unit)
    counts = {}
    chosen = list(forced)
    for credit_class in CREDIT_CLASSES:
        pool = sorted(pools[credit_class], key=lambda u: _rank(key, "unit", u["code"]))
        take = drawn_count(len(pool), shares[credit_class])
        chosen.extend(pool[:take])
        counts[credit_class] = {"pool": len(pool), "drawn": take}
    counts["key_forced"] = len(forced)

    inspectors = snap["inspectors"]
    load = {i["code"]: 0 for i in inspectors}
    assignments, unstaffed = [], []
    for unit in sorted(chosen, key=lambda u: _rank(key, "unit", u["code"])):
        eligible = [
            i
            for i in inspectors
            if not excluded(
                i["code"],
                unit["code"],
                unit["district"],
                unit["last_inspectors"],
                i["conflicts"],
                i["districts"],
            )
        ]
        if len(eligible) < rules.per_unit:
            unstaffed.append(unit["code"])
            continue
        eligible.sort(key=lambda i: (load[i["code"]], _rank(key, "pair", unit["code"], i["code"])))
        picked = sorted(i["code"] for i in eligible[: rules.per_unit])
        for code in picked:
            load[code] += 1
        assignments.append(
            {"unit": unit["code"], "credit_class": unit["credit_class"], "inspectors": picked}
        )
    return {
        "algorithm": ALGORITHM,
        "version": rules.version,
        "period": period,
        "seed": seed,
        "snapshot_hash": sha256(snap),
        "rules": rules.as_dict(),
        "key": key,
        "counts": counts,
        "assignments": sorted(assignments, key=lambda a: a["unit"]),
        "unstaffed": sorted(unstaffed),
    }
