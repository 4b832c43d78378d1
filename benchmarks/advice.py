"""Capacity advice on the over-capacity weeks: what each top suggestion promises and what a
fresh solve with that addition gets.

    python -m benchmarks.advice                          # prints the figures
    python -m benchmarks.advice --update BENCHMARKS.md   # and writes its section there

For each generated week (`city-overload`, `busy`, seed 0) it solves the week once
(`--solve-seconds`, one worker) as the current plan, times `optimizer.advice.advise` on it
(top 5, `--check-seconds` per check solve, `--checks` candidates checked), and for each of
the top 5 suggestions solves the instance with that addition from scratch (no warm start,
the same `--solve-seconds`): the gain that fresh solve gets in planned priority over the
current plan, against the gain the suggestion promised (its checked plan). Every
suggestion's plan is validated under its modified instance; an invalid one fails the run.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from benchmarks.report import replace_block
from optimizer.advice import advise, planned_priority
from optimizer.contract import parse_instance
from optimizer.generator import generate_scenario
from optimizer.solver import solve
from optimizer.validator import validate_plan

START = "<!-- advice-benchmark:start -->"
END = "<!-- advice-benchmark:end -->"
SECTION = "## Capacity advice"
SCENARIOS = ("city-overload", "busy")


def run(name: str, solve_seconds: float, check_seconds: float, checks: int) -> dict:
    data = generate_scenario(name, seed=0)
    inst = parse_instance(data)
    base = solve(inst, time_limit=solve_seconds, workers=1)
    t0 = time.monotonic()
    advice = advise(data, base, top=5, time_limit=check_seconds, checks=checks)
    seconds = time.monotonic() - t0
    rows = []
    for s in advice.suggestions:
        modified = s.addition.apply(data)
        report = validate_plan(modified, s.plan)
        if not report.ok:
            raise SystemExit(f"{name}: suggestion {s.addition.add} is infeasible: {report}")
        minst = parse_instance(modified)
        fresh = solve(minst, time_limit=solve_seconds, workers=1)
        rows.append(
            {
                "who": s.addition.staff or s.addition.resource,
                "add": s.addition.add,
                "hours": s.hours_asked,
                "serves": len(s.serves),
                "promised": s.priority_gained,
                "fresh": planned_priority(minst, fresh.assignments)
                - planned_priority(inst, base.assignments),
            }
        )
    return {
        "name": name,
        "tasks": len(inst.tasks),
        "unplanned": len(base.unscheduled),
        "base_settled": advice.stats["base_priority"] - advice.stats["given_priority"],
        "candidates": advice.stats["candidates"],
        "checked": advice.stats["checked"],
        "seconds": round(seconds, 1),
        "rows": rows,
    }


def _minute(m: int) -> str:
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return f"{days[m // 1440]} {m % 1440 // 60:02d}:{m % 60:02d}"


def _add(add: dict) -> str:
    if "start" in add:
        return f"available {_minute(add['start'])}–{_minute(add['end'])[4:]}"
    if "max_minutes" in add:
        return f"cap to {add['max_minutes']} min"
    return f"{add['resource']} capacity {add['capacity']}"


def render(results: list[dict], args: argparse.Namespace) -> str:
    lines = [
        START,
        "",
        f"`python -m benchmarks.advice` (seed 0; current plan: {args.solve_seconds:g} s solve, "
        f"one worker; advice: top 5, {args.checks} candidates checked, "
        f"{args.check_seconds:g} s per check; fresh: a {args.solve_seconds:g} s solve of the "
        "week with the addition, no warm start).",
        "",
    ]
    for r in results:
        lines += [
            f"**{r['name']}** ({r['tasks']} tasks, {r['unplanned']} unplanned; "
            f"{r['candidates']} candidates, {r['checked']} checked, advice in {r['seconds']} s; "
            f"settling the current plan alone gained {r['base_settled']} priority)",
            "",
            "| # | who | addition | hours | tasks served | priority promised | fresh solve gains |",
            "|---|---|---|---|---|---|---|",
        ]
        for i, row in enumerate(r["rows"], 1):
            lines.append(
                f"| {i} | {row['who']} | {_add(row['add'])} | {row['hours']} | {row['serves']} "
                f"| {row['promised']} | {row['fresh']} |"
            )
        if not r["rows"]:
            lines.append("| - | no addition with a checked gain | | | | | |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--solve-seconds", type=float, default=15.0)
    parser.add_argument("--check-seconds", type=float, default=4.0)
    parser.add_argument("--checks", type=int, default=10)
    parser.add_argument("--update", type=Path)
    args = parser.parse_args(argv)
    results = []
    for name in SCENARIOS:
        results.append(run(name, args.solve_seconds, args.check_seconds, args.checks))
        print(results[-1], flush=True)
    block = render(results, args)
    print(block)
    if args.update:
        replace_block(args.update, block, start=START, end=END, heading=SECTION)


if __name__ == "__main__":
    main()
