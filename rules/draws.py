"""双随机一公开 (measure 04): how many units of each credit class a draw takes, how many
inspectors go to each drawn unit, which inspector may never draw which unit (回避), and
the named, versioned algorithm that makes a draw reproducible.

- Shares per credit class: the detachment's defaults follow the credit-based supervision
  practice (market supervision "双随机、一公开" guidance, State Council 国办发〔2015〕58号
  and the fire rescue "信用分级分类监管" rules): the worse the credit, the more often a unit
  is drawn. They are defaults; a draw plan may change them and stores the ones it used.
- Inspectors per unit: the legal minimum of officers at an on-site inspection
  (`rules.inspections.INSPECTORS_REQUIRED`, Fire Services Law enforcement rules).
- Exclusions (回避): an inspector never draws a unit they inspected last time, a unit on
  their declared conflicts (relatives, a former employer), or a unit outside the districts
  they cover.
- Disclosure (一公开): the result of a random inspection is made public within 20 working
  days of the inspection (国办发〔2015〕58号 and the market-supervision practice of the
  "双随机、一公开" rules: 抽查结果自产生之日起 20 个工作日内向社会公示), counted on the
  working-day calendar (holidays and 调休 as the calendar holds them).

Shares are basis points (1/100 of a percent) so the counts are exact integer arithmetic
on every machine; a class of `n` units with share `s` gives `round_half_up(n * s / 10000)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from rules.inspections import INSPECTORS_REQUIRED

ALGORITHM = "firedesk-draw-sha256-rank"
# Version 2 added the rule for units with open hazard cases; a draw made before it (its
# stored rules name no hazard rule) is recomputed as version 1, exactly as it was made.
ALGORITHM_VERSION = 2

CREDIT_CLASSES = ("A", "B", "C", "D")
# Basis points: A 3 %, B 5 %, C 10 %, D 20 %.
DEFAULT_SHARES: dict[str, int] = {"A": 300, "B": 500, "C": 1000, "D": 2000}
MAX_SHARE = 10000

INSPECTORS_PER_UNIT = INSPECTORS_REQUIRED

# Working days after the inspection by which its result is public.
RESULT_DISCLOSURE_WORKING_DAYS = 20

# Key units (重点单位) are forced in, follow their class share like any unit, or are left
# out of a draw (inspected on their own schedule): chosen by rule, never unit by unit.
KEY_UNIT_RULES = ("share", "always", "never")
DEFAULT_KEY_UNIT_RULE = "share"

# Units with an open hazard case (a correction order not yet closed or escalated) are
# chosen by the same kind of rule: in their class share, always drawn (to see the order is
# followed), or left out (the case's re-inspection already takes the officers there).
# A unit that one rule leaves out is left out even if the other would force it in: both
# "never" rules mean another process already sends officers there.
HAZARD_UNIT_RULES = KEY_UNIT_RULES
DEFAULT_HAZARD_UNIT_RULE = "share"


def unit_rule(key_unit: bool, open_hazard: bool, key_rule: str, hazard_rule: str) -> str:
    """How the draw treats one unit: "never" (left out), "always" (forced in) or "share"
    (drawn at random within its class), from the key-unit and open-hazard rules."""
    applying = [rule for flag, rule in ((key_unit, key_rule), (open_hazard, hazard_rule)) if flag]
    if "never" in applying:
        return "never"
    if "always" in applying:
        return "always"
    return "share"


def drawn_count(units: int, share: int) -> int:
    """How many of `units` a class share (basis points) draws, rounded half up."""
    if not 0 <= share <= MAX_SHARE:
        raise ValueError(f"share {share} outside 0..{MAX_SHARE} basis points")
    return (units * share + MAX_SHARE // 2) // MAX_SHARE


def excluded(
    inspector: str,
    unit: str,
    unit_district: str,
    last_inspectors: Iterable[str],
    conflicts: Iterable[str],
    districts: Iterable[str],
) -> bool:
    """True when `inspector` may not inspect `unit` (回避): they went there last time, the
    unit is one of their declared conflicts, or it lies outside the districts they cover."""
    return (
        inspector in set(last_inspectors)
        or unit in set(conflicts)
        or unit_district not in set(districts)
    )


_PERIOD = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$")


def period_bounds(period: str) -> tuple[date, date]:
    """The first day of a draw period and the first day after it: a month ("2027-01") or a
    quarter ("2027-Q1"). Raises ValueError on anything else."""
    match = _PERIOD.match(period)
    if not match:
        raise ValueError(f"period {period!r} is neither YYYY-MM nor YYYY-Qn")
    year = int(match.group(1))
    if match.group(2):
        first, months = int(match.group(2)), 1
    else:
        first, months = 3 * int(match.group(3)) - 2, 3
    start = date(year, first, 1)
    after = first + months
    end = date(year + (after - 1) // 12, (after - 1) % 12 + 1, 1)
    return start, end
