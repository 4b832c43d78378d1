"""The guidance library (整改指导): one rectification plan per hazard type (the inspection
checklist's items), what to fix, how and by which standard. Managers edit it; a case copies
the plans of its findings when it opens and the officer adjusts them for that case.

Types nobody has edited yet read from `DEFAULTS`; the first save stores the row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.hazards import HazardGuidance
from db.session import read_session
from services.core.errors import ConflictError, Problems
from services.core.permissions import Actor, require
from services.core.records import load_for_update
from services.core.unit_of_work import unit_of_work
from services.core.validation import check_required
from services.draws.records import CHECKLIST

EDIT = "hazards.guidance"

# (plan zh, plan en, standard) per checklist item.
DEFAULTS: dict[str, tuple[str, str, str]] = {
    "exits": (
        "拆除安全出口处的锁闭装置和堆放物，保持出口畅通；疏散门向疏散方向开启，设置明显标志。",
        "Remove locks and stored goods from the exits; doors open outwards and are signposted.",
        "GB 50016-2014 《建筑设计防火规范》 5.5",
    ),
    "evacuation_routes": (
        "清理疏散通道内的杂物，保证疏散宽度；补设或修复疏散指示标志和应急照明。",
        "Clear the escape routes to their full width; repair exit signs and emergency lights.",
        "GB 51309-2018 《消防应急照明和疏散指示系统技术标准》",
    ),
    "fire_facilities": (
        "维修恢复火灾自动报警、自动喷水灭火和消火栓系统，补充过期灭火器，委托检测机构检测。",
        "Restore alarm, sprinkler and hydrant systems, replace expired extinguishers, have them tested.",
        "GB 25201-2010 《建筑消防设施的维护管理》",
    ),
    "electrical": (
        "由持证电工更换老化线路，拆除私拉乱接电线，电气线路穿管保护并加装漏电保护。",
        "A licensed electrician replaces worn wiring, removes ad-hoc cables, adds conduits and RCDs.",
        "GB 50054-2011 《低压配电设计规范》",
    ),
    "storage": (
        "易燃可燃物品分类分库存放，保持防火间距，严禁在人员密集区域和疏散通道存放。",
        "Store flammables apart by class with safe distances, never in crowded areas or routes.",
        "GB 15603-2022 《危险化学品仓库储存通则》",
    ),
    "fire_load": (
        "拆除可燃装修材料，改用不燃或难燃材料，减少室内可燃物数量。",
        "Replace combustible finishes with non-combustible ones and reduce the fire load.",
        "GB 50222-2017 《建筑内部装修设计防火规范》",
    ),
    "duty_records": (
        "落实消防控制室24小时双人值班，完善防火巡查和值班记录。",
        "Staff the fire control room 24 h with two people and keep patrol and duty records.",
        "GB 25506-2010 《消防控制室通用技术要求》",
    ),
}


@dataclass(frozen=True)
class GuidanceEntry:
    hazard_type: str
    plan_zh: str
    plan_en: str
    standard: str
    version: int | None  # None: the default, never saved


def _entries(session: Session) -> dict[str, GuidanceEntry]:
    stored = {row.hazard_type: row for row in session.scalars(select(HazardGuidance))}
    entries = {}
    for code in CHECKLIST:
        row = stored.get(code)
        if row is not None:
            entries[code] = GuidanceEntry(code, row.plan_zh, row.plan_en, row.standard, row.version)
        else:
            zh, en, standard = DEFAULTS[code]
            entries[code] = GuidanceEntry(code, zh, en, standard, None)
    return entries


def library() -> list[GuidanceEntry]:
    with read_session() as session:
        return list(_entries(session).values())


def plans_for(session: Session, findings: list[str], language: str = "zh-CN") -> list[dict]:
    """The library's plans for `findings`, as a case stores its own (adjustable) copy."""
    entries = _entries(session)
    return [
        {
            "hazard_type": code,
            "plan": entries[code].plan_en if language == "en" else entries[code].plan_zh,
            "standard": entries[code].standard,
        }
        for code in findings
        if code in entries
    ]


def save_guidance(
    actor: Actor,
    hazard_type: str,
    version: int | None,
    plan_zh: str,
    plan_en: str,
    standard: str,
) -> None:
    """Edit one type's plan (a version of None stores a default for the first time)."""
    require(actor, EDIT)
    problems = Problems()
    if hazard_type not in CHECKLIST:
        problems.add("hazard_type", "hazards.error.hazard_type")
    zh = check_required(problems, "hazard_plan_zh", plan_zh, 2000)
    en = check_required(problems, "hazard_plan_en", plan_en, 2000)
    problems.raise_if_any()
    standard = (standard or "").strip()[:200]
    with unit_of_work(actor) as session:
        if version is None:
            row = session.get(HazardGuidance, hazard_type)
            if row is not None:
                raise ConflictError("error.conflict")
            session.add(
                HazardGuidance(hazard_type=hazard_type, plan_zh=zh, plan_en=en, standard=standard)
            )
            return
        row = load_for_update(session, HazardGuidance, hazard_type, version)
        row.plan_zh, row.plan_en, row.standard = zh, en, standard
