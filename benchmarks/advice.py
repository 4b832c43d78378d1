"""Capacity advice on the over-capacity weeks: what each top suggestion promises and what a
fresh solve with that addition gets, compared deterministically.

    python -m benchmarks.advice                          # prints the figures
    python -m benchmarks.advice --update BENCHMARKS.md   # and writes its section there

Every solve here is deterministic: seed 0, one worker, and a fixed number of LNS rounds
each bounded by CP-SAT's deterministic time (not the clock), so two runs on any machine,
loaded or not, give the same plans and the same table (only the seconds differ). The
wall-clock limits are safety caps far above what the rounds take.

For each generated week (`city-overload`, `busy`, seed 0) it solves the week once
(`--solve-rounds`) as the current plan, times `optimizer.advice.advise` on it (top 5,
`--check-rounds` per check solve, `--checks` candidates checked, and the best two
together), and for each of the top 5 suggestions runs the same fresh solve
(`--solve-rounds`, from scratch, no warm start) of the week with and without that
addition: the "fresh" gain is the planned priority the addition is worth to that solve
(with minus without), so solver variance cancels out instead of hiding in the column.
Every suggestion's plan is validated under its modified instance; an invalid one fails
the run.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from benchmarks.report import replace_block
from optimizer.advice import advise, apply_all, planned_priority
from optimizer.contract import parse_instance
from optimizer.generator import generate_scenario
from optimizer.solver import solve
from optimizer.validator import validate_plan

START = "<!-- advice-benchmark:start -->"
END = "<!-- advice-benchmark:end -->"
SECTION = "## Capacity advice"
SCENARIOS = ("city-overload", "busy")
SEED = 0
CAP_PER_ROUND = 20.0  # seconds of wall clock a deterministic round may take at most


def fixed_solve(data: dict, rounds: int):
    """The benchmark's deterministic solve: seed 0, one worker, `rounds` LNS rounds."""
    inst = parse_instance(data)
    plan = solve(
        inst, time_limit=CAP_PER_ROUND * (rounds + 1), workers=1, seed=SEED, lns_rounds=rounds
    )
    return inst, plan


def measure(name: str, data: dict, solve_rounds: int, check_rounds: int, checks: int) -> dict:
    inst, base = fixed_solve(data, solve_rounds)
    t0 = time.monotonic()
    advice = advise(
        data,
        base,
        top=5,
        time_limit=CAP_PER_ROUND * (check_rounds + 1),
        checks=checks,
        workers=1,
        seed=SEED,
        rounds=check_rounds,
    )
    seconds = time.monotonic() - t0
    without = planned_priority(inst, base.assignments)
    rows = []
    for s in advice.suggestions:
        modified = s.addition.apply(data)
        report = validate_plan(modified, s.plan)
        if not report.ok:
            raise SystemExit(f"{name}: suggestion {s.addition.add} is infeasible: {report}")
        minst, fresh = fixed_solve(modified, solve_rounds)
        rows.append(
            {
                "who": s.addition.staff or s.addition.resource,
                "add": s.addition.add,
                "hours": s.hours_asked,
                "serves": len(s.serves),
                "promised": s.priority_gained,
                "fresh": planned_priority(minst, fresh.assignments) - without,
            }
        )
    pair = None
    if advice.combination is not None:
        c = advice.combination
        if not validate_plan(apply_all(data, c.additions), c.plan).ok:
            raise SystemExit(f"{name}: the combination's plan is infeasible")
        pair = {"promised": c.priority_gained, "alone": list(c.alone), "serves": len(c.serves)}
    return {
        "name": name,
        "tasks": len(inst.tasks),
        "unplanned": len(base.unscheduled),
        "base_settled": advice.stats["base_priority"] - advice.stats["given_priority"],
        "candidates": advice.stats["candidates"],
        "checked": advice.stats["checked"],
        "seconds": round(seconds, 1),
        "rows": rows,
        "pair": pair,
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
        f"`python -m benchmarks.advice` (deterministic: seed {SEED}, one worker, fixed LNS "
        f"rounds bounded by deterministic time; current plan: {args.solve_rounds} rounds; "
        f"advice: top 5, {args.checks} candidates checked, {args.check_rounds} rounds per "
        f"check; fresh: a {args.solve_rounds}-round solve from scratch of the week with the "
        "addition minus the same solve without it).",
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
        if r["pair"]:
            p = r["pair"]
            lines += [
                f"Best two together: {p['serves']} tasks, priority +{p['promised']} "
                f"(alone +{p['alone'][0]} and +{p['alone'][1]}).",
                "",
            ]
    lines.append(END)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--solve-rounds", type=int, default=15)
    parser.add_argument("--check-rounds", type=int, default=4)
    parser.add_argument("--checks", type=int, default=10)
    parser.add_argument("--update", type=Path)
    args = parser.parse_args(argv)
    results = []
    for name in SCENARIOS:
        data = generate_scenario(name, seed=SEED)
        results.append(measure(name, data, args.solve_rounds, args.check_rounds, args.checks))
        print(results[-1], flush=True)
    block = render(results, args)
    print(block)
    if args.update:
        replace_block(args.update, block, start=START, end=END, heading=SECTION)


if __name__ == "__main__":
    main()
