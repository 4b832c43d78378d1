"""What-if weeks: a week in the contract format (and optionally its plan) imported as a draft.

The planning page's file view uploads them; a solve may then start from the imported
instance instead of the database's week.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from optimizer.baseline import baseline_plan
from optimizer.contract import PLAN_SCHEMA, Instance, Plan, plan_from_dict, plan_to_dict
from optimizer.validator import validate_plan
from services.core.errors import FiredeskError
from services.core.imports import RunCounts, recorded_import
from services.core.permissions import Actor, require
from services.core.unit_of_work import unit_of_work
from services.planning.edits import rescore
from services.planning.versions import VersionInfo, parse, refuse, store_version, version_info


def import_week(
    actor: Actor,
    instance_text: bytes | str,
    plan_text: bytes | str | None,
    filename: str = "",
) -> VersionInfo:
    """A week in the contract format (and optionally its plan) as a new draft version.

    All-or-nothing: a malformed document, an invalid instance or a plan that breaks a rule
    is reported in full and nothing is stored. Without a plan, the rule-of-thumb plan is
    the starting draft. The attempt is recorded either way (services.core.imports): its
    rows are the instance's tasks.
    """
    require(actor, "plans.write")
    with recorded_import(actor, "plan_week", filename) as run:
        info = _import_version(actor, instance_text, plan_text, run)
        run.created = 1
    return info


def _import_version(
    actor: Actor, instance_text: bytes | str, plan_text: bytes | str | None, run: RunCounts
) -> VersionInfo:
    instance = _json_document(instance_text, "instance_file")
    parsed = parse(instance)
    run.rows = len(parsed.tasks)
    try:
        week_start = date.fromisoformat(parsed.week_start)
    except ValueError:
        week_start = None
    if week_start is None or week_start.weekday() != 0:
        raise FiredeskError("planning.error.not_monday", day=parsed.week_start)
    if plan_text is None:
        plan = baseline_plan(parsed)
    else:
        plan = _checked_plan(parsed, _json_document(plan_text, "plan_file"))
    with unit_of_work(actor) as session:
        row = store_version(session, actor, week_start, instance, plan, "import", based_on_id=None)
        return version_info(row)


def _json_document(text: bytes | str, field_name: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        refuse(field_name, "plan.error.not_json", [str(error)])
        raise
    if not isinstance(data, dict):
        refuse(field_name, "plan.error.not_json", ["not a JSON object"])
    return data


def _checked_plan(instance: Instance, data: dict[str, Any]) -> Plan:
    if data.get("schema") != PLAN_SCHEMA:
        refuse("plan_file", "plan.error.plan_schema", [PLAN_SCHEMA])
    try:
        plan = plan_from_dict(data)
    except (KeyError, TypeError, ValueError) as error:
        refuse("plan_file", "plan.error.not_json", [f"malformed plan: {error!r}"])
        raise
    report = validate_plan(instance.raw, plan_to_dict(plan))
    refuse("plan_file", "plan.error.rule_broken", [v.message for v in report.violations])
    rescore(instance, plan)
    return plan
