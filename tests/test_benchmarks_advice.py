"""The advice benchmark compares deterministically: two runs give the same table."""

from __future__ import annotations

from benchmarks.advice import measure
from optimizer.generator import generate_week


def test_two_runs_of_the_advice_benchmark_give_the_same_figures():
    data = generate_week(staff=8, load=1.6, seed=2, week_start="2026-11-30")

    def run() -> dict:
        figures = measure("small", data, solve_rounds=2, check_rounds=1, checks=3)
        figures.pop("seconds")
        return figures

    first = run()
    assert first["unplanned"] > 0 and first["checked"] > 0 and first["rows"]
    assert first == run()
