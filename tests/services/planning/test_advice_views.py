"""The capacity advice as the planning page shows it: checked suggestions in plain words."""

from __future__ import annotations

import pandas as pd

from optimizer.advice import advise
from optimizer.contract import parse_instance
from optimizer.solver import solve
from services.planning import views


def _week() -> dict:
    """One inspector on Monday's day shift; an evening inspection waits."""
    return {
        "schema": "firedesk.instance/1",
        "name": "advice",
        "week_start": "2026-11-30",
        "slot_minutes": 30,
        "offhours": [[1050, 1950]],
        "districts": ["A"],
        "travel_minutes": [[0]],
        "locations": [{"id": "HQ", "name": "HQ", "district": "A"}],
        "staff": [
            {
                "id": "E012",
                "name": "韩磊",
                "base": "HQ",
                "skills": ["inspector"],
                "available": [[480, 1020]],
                "max_minutes": 600,
            }
        ],
        "resources": [],
        "tasks": [
            {
                "id": f"T{i}",
                "kind": "offhours_inspection",
                "location": "HQ",
                "duration": 60,
                "skill": "inspector",
                "headcount": 1,
                "priority": 3,
                "windows": [{"start": 1080 + 60 * i, "end": 1140 + 60 * i, "cost": 0}],
            }
            for i in range(3)
        ],
        "weights": {"unscheduled": 1000, "offhours_peak": 1, "change": 50},
    }


def test_the_best_ask_reads_as_one_sentence():
    instance = parse_instance(_week())
    plan = solve(instance, time_limit=2, workers=1)
    assert len(plan.unscheduled) == 3
    from optimizer.contract import plan_to_dict

    found = advise(instance, plan_to_dict(plan), top=3, time_limit=1).as_list()
    assert found[0]["serves"] == ["T0", "T1", "T2"]
    zh = views.advice_lines(instance, found, "zh-CN")
    assert zh[0].startswith("若韩磊（E012）周一 18:00–22:00可出勤，可多安排 3 项：")
    assert "（优先级 +9）" in zh[0]
    en = views.advice_lines(instance, found, "en")
    assert en[0].startswith("If 韩磊 (E012) could work Mon 18:00–22:00, 3 more task(s)")


def test_unmet_demand_by_skill_and_day_counts_unplanned_against_available_minutes():
    data = _week()
    data["staff"].append(
        {
            "id": "G001",
            "name": "导览员",
            "base": "HQ",
            "skills": ["guide", "inspector"],
            "available": [[1440 + 480, 1440 + 720], [2 * 1440 + 600, 2 * 1440 + 660]],
            "max_minutes": 600,
        }
    )
    data["tasks"].append(
        {
            "id": "G1",
            "kind": "hall_tour",
            "location": "HQ",
            "duration": 90,
            "skill": "guide",
            "headcount": 2,
            "priority": 1,
            "windows": [{"start": 1440 + 480, "end": 1440 + 720, "cost": 0}],
        }
    )
    instance = parse_instance(data)
    plan = {"assignments": [{"task": "T2", "start": 1200, "staff": ["E012"]}], "unscheduled": []}
    table = views.unmet_demand(instance, plan, "en")
    assert len(table) == 2 * 7  # every skill of a task, every day
    cell = {(r.skill, r.day[:3]): (r.unplanned, r.available, r.share) for r in table.itertuples()}
    inspector, guide = views.skill_label("inspector", "en"), views.skill_label("guide", "en")
    assert cell[(inspector, "Mon")] == (120, 540, 0.22)  # T0, T1 unplanned; T2 planned
    assert cell[(inspector, "Tue")] == (0, 240, 0.0)
    assert cell[(inspector, "Wed")] == (0, 60, 0.0)
    assert cell[(guide, "Tue")] == (180, 240, 0.75)  # 90 minutes × 2 people
    assert cell[(guide, "Mon")][:2] == (0, 0) and pd.isna(cell[(guide, "Mon")][2])
    assert sum(table["unplanned"]) == 300


def test_two_asks_together_read_as_one_sentence():
    instance = parse_instance(_week())
    combination = {
        "additions": [
            {"staff": "E012", "kind": "block", "add": {"start": 1080, "end": 1320}},
            {"staff": "E012", "kind": "cap", "add": {"max_minutes": 720}},
        ],
        "serves": ["T0", "T1"],
        "priority_gained": 6,
        "alone": [3, 0],
    }
    zh = views.combination_line(instance, combination, "zh-CN")
    assert zh.startswith(
        "两项一起：韩磊（E012）周一 18:00–22:00出勤、韩磊（E012）工时上限调至 720 分钟"
    )
    assert zh.endswith("（优先级 +6，单独各 +3/+0）")
    en = views.combination_line(instance, combination, "en")
    assert en.startswith("Both together: 韩磊 (E012) at Mon 18:00–22:00; 韩磊 (E012)'s cap to 720")
