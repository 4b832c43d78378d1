"""The capacity advice as the planning page shows it: checked suggestions in plain words."""

from __future__ import annotations

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

    found = views.advice(instance, plan_to_dict(plan))
    assert found[0]["serves"] == ["T0", "T1", "T2"]
    zh = views.advice_lines(instance, found, "zh-CN")
    assert zh[0].startswith("若韩磊（E012）周一 18:00–22:00可出勤，可多安排 3 项：")
    assert "（优先级 +9）" in zh[0]
    en = views.advice_lines(instance, found, "en")
    assert en[0].startswith("If 韩磊 (E012) could work Mon 18:00–22:00, 3 more task(s)")
