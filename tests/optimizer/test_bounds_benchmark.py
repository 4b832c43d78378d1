"""The planning benchmark fails loudly when a bound exceeds a plan it saw."""

from __future__ import annotations

import json

from benchmarks.planning import SCENARIOS, bound_violations, main, render, summarize


def _row(bound: int, final: int = 900, baseline: int = 1000) -> dict:
    def check(objective: int) -> dict:
        return {
            "ok": True,
            "objective": objective,
            "claimed": objective,
            "unscheduled": 1,
            "violations": [],
        }

    return {
        "scenario": "city-overload",
        "title": "City, over capacity",
        "staff": 60,
        "tasks": 275,
        "slot_minutes": 30,
        "time_limit": 30.0,
        "target_seconds": 30,
        "checkpoints": [2.0, 10.0, 30.0],
        "baseline": {"plan": check(baseline), "bound": bound, "bound_seconds": 0.1},
        "solver": {
            "seconds": 30.2,
            "status": "FEASIBLE",
            "objective": final,
            "bound": bound,
            "events": [{"wall": 0.4, "objective": 950}],
            "checked": {"final": check(final), "first": check(950), "at2": check(950)},
            "peak_mb": 200.0,
            "cpu_seconds": 55.0,
            "exit_code": 0,
        },
    }


def test_a_sound_bound_passes_and_the_row_reads_the_plan_at_the_target_time() -> None:
    s = summarize(_row(bound=600))
    assert s["bound_violations"] == [] and s["plans_checked"] == 4
    assert s["at_target"] == 900 and s["ratio"] == 0.9
    assert abs(s["gap"] - 300 / 900) < 1e-9


def test_a_bound_above_a_plan_is_reported_and_fails_the_run(tmp_path) -> None:
    row = _row(bound=920)  # above the final plan's 900
    assert any("920 > final 900" in v for v in bound_violations([row]))
    meta = {"date": "d", "machine": "m", "command": "c", "revision": "r", "load_before": "0"}
    assert "**VIOLATED**" in render([row], meta)
    saved = tmp_path / "run.json"
    saved.write_text(json.dumps({"meta": meta, "rows": [row]}), encoding="utf-8")
    assert main(["--render", str(saved)]) == 3
    saved.write_text(json.dumps({"meta": meta, "rows": [_row(bound=600)]}), encoding="utf-8")
    assert main(["--render", str(saved)]) == 0


def test_the_benchmark_runs_every_scenario_of_the_issue() -> None:
    from optimizer.generator import SCENARIOS as GENERATED

    keys = {s.key for s in SCENARIOS}
    assert keys == set(GENERATED) | {"shared"}
    targets = {s.key: s.target_seconds for s in SCENARIOS}
    assert targets["county"] == targets["province"] == 120
    assert targets["city-overload"] == targets["shared"] == targets["busy"] == 30
