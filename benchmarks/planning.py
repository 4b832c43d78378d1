"""Planning benchmark: the greedy baseline and the CP-SAT optimizer on generated weeks.

    python -m benchmarks.planning            # four sizes, 120 s each (~10 minutes)
    python -m benchmarks.planning --quick    # city only, 10 s: a smoke check
    python -m benchmarks.planning --update BENCHMARKS.md

Every solve runs in its own child process so its peak resident memory can be read
from the kernel (``os.wait4``): OR-Tools allocates in C++, where tracemalloc sees
nothing. Every plan the benchmark reports is first checked by
``optimizer.validator.validate_plan``; an infeasible plan is reported as such,
never as a number.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS_START = "<!-- benchmark-results:start -->"
RESULTS_END = "<!-- benchmark-results:end -->"


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    staff: int
    tasks: int
    slot_minutes: int

    def generator_kwargs(self, seed: int) -> dict[str, Any]:
        from optimizer.generator import TASKS_PER_STAFF

        return {
            "staff": self.staff,
            "load": self.tasks / (TASKS_PER_STAFF * self.staff),
            "seed": seed,
            "slot_minutes": self.slot_minutes,
        }


SCENARIOS = [
    Scenario("city", "City", 60, 275, 30),
    Scenario("busy_city", "Busy city", 60, 400, 15),
    Scenario("county", "County", 150, 700, 30),
    Scenario("province", "Province", 300, 1400, 30),
]


# ----------------------------------------------------------------------------- child side


def _plan_objective(plan: Any) -> int | None:
    return None if plan is None else getattr(plan, "objective", None)


def _check(instance_dict: dict, plan: Any) -> dict[str, Any]:
    """Validate one plan; the benchmark only reports objectives the validator recomputed."""
    from optimizer.validator import validate_plan

    report = validate_plan(instance_dict, plan)
    return {
        "ok": report.ok,
        "objective": report.objective,
        "claimed": _plan_objective(plan),
        "violations": [v.message for v in report.violations[:5]],
        "violation_count": len(report.violations),
        "unscheduled": len(getattr(plan, "unscheduled", []) or []),
    }


def _run_baseline(instance_dict: dict) -> dict[str, Any]:
    from optimizer.baseline import baseline_plan
    from optimizer.contract import parse_instance

    instance = parse_instance(instance_dict)
    started = time.perf_counter()
    plan = baseline_plan(instance)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "plan": _check(instance_dict, plan)}


def _run_solver(
    instance_dict: dict, time_limit: float, checkpoints: list[float], workers: int, seed: int
) -> dict[str, Any]:
    from optimizer.contract import parse_instance
    from optimizer.solver import solve

    instance = parse_instance(instance_dict)
    events: list[dict[str, Any]] = []
    # Only the incumbents that will be reported are kept: the first one and the
    # latest one at each checkpoint. Keeping every plan would inflate the memory reading.
    kept: dict[str, Any] = {}
    started = time.perf_counter()

    def on_progress(progress: Any) -> None:
        wall = time.perf_counter() - started
        events.append(
            {
                "wall": wall,
                "elapsed": getattr(progress, "elapsed", None),
                "objective": getattr(progress, "objective", None),
                "bound": getattr(progress, "bound", None),
                "unscheduled": getattr(progress, "unscheduled", None),
            }
        )
        plan = getattr(progress, "plan", None)
        kept.setdefault("first", plan)
        for c in checkpoints:
            if wall <= c:
                kept[f"at{c:g}"] = plan

    plan = solve(
        instance, time_limit=time_limit, workers=workers, seed=seed, on_progress=on_progress
    )
    seconds = time.perf_counter() - started
    checked = {"final": _check(instance_dict, plan)}
    for key, incumbent in kept.items():
        checked[key] = _check(instance_dict, incumbent) if incumbent is not None else None
    # Scalars only (plus one level of nested dicts such as the objective's terms):
    # the report shows them, and a plan's full stats can be large.
    stats: dict[str, Any] = {}
    for key, value in (getattr(plan, "stats", None) or {}).items():
        if isinstance(value, int | float | str):
            stats[key] = value
        elif isinstance(value, dict):
            stats |= {f"{key}.{k}": v for k, v in value.items() if isinstance(v, int | float | str)}
    return {
        "seconds": seconds,
        "status": getattr(plan, "status", None),
        "objective": plan.objective,
        "bound": plan.bound,
        "events": events,
        "checked": checked,
        "stats": stats,
    }


def _child(job_path: str) -> None:
    from optimizer.generator import generate_week

    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    instance_dict = generate_week(**job["generator"])
    if job["mode"] == "baseline":
        result = _run_baseline(instance_dict)
    else:
        result = _run_solver(
            instance_dict, job["time_limit"], job["checkpoints"], job["workers"], job["seed"]
        )
    Path(job["out"]).write_text(json.dumps(result, default=str), encoding="utf-8")


# ----------------------------------------------------------------------------- parent side


def _in_child(job: dict[str, Any], timeout: float, log: Path) -> dict[str, Any]:
    """Run one job in a fresh interpreter; return its result plus peak memory and exit status."""
    with tempfile.TemporaryDirectory() as tmp:
        job_file, out_file = Path(tmp, "job.json"), Path(tmp, "out.json")
        job_file.write_text(json.dumps({**job, "out": str(out_file)}), encoding="utf-8")
        with log.open("ab") as sink:
            proc = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.planning", "--child", str(job_file)],
                cwd=REPO,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
            deadline = time.monotonic() + timeout
            while True:
                # wait4 rather than Popen.wait: it hands back this child's own rusage.
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() > deadline:
                    proc.kill()
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.1)
            proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not reap it again
        result = json.loads(out_file.read_text(encoding="utf-8")) if out_file.exists() else {}
    result["exit_code"] = proc.returncode
    result["peak_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    # CPU time next to wall time shows whether the workers actually got the cores.
    result["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    return result


def _incumbent_at(solver: dict[str, Any], t: float) -> dict[str, Any] | None:
    """The validated incumbent at wall time t, or the final plan if the solve ended earlier."""
    if solver["seconds"] <= t:
        return solver["checked"]["final"]
    return solver["checked"].get(f"at{t:g}")


def run_scenario(
    scenario: Scenario,
    time_limit: float,
    checkpoints: list[float],
    seed: int,
    workers: int,
    log: Path,
) -> dict[str, Any]:
    from optimizer.generator import generate_week

    kwargs = scenario.generator_kwargs(seed)
    week = generate_week(**kwargs)
    row: dict[str, Any] = {
        "scenario": scenario.key,
        "title": scenario.title,
        "staff": len(week["staff"]),
        "tasks": len(week["tasks"]),
        "slot_minutes": week["slot_minutes"],
        "seed": seed,
    }
    print(f"[{scenario.key}] {row['tasks']} tasks, {row['staff']} staff: baseline", flush=True)
    row["baseline"] = _in_child({"mode": "baseline", "generator": kwargs}, 600, log)
    print(f"[{scenario.key}] solve {time_limit:g} s", flush=True)
    job = {
        "mode": "solve",
        "generator": kwargs,
        "time_limit": time_limit,
        "checkpoints": checkpoints,
        "workers": workers,
        "seed": seed,
    }
    row["solver"] = _in_child(job, time_limit * 2 + 120, log)
    return row


# ----------------------------------------------------------------------------- report


def _num(value: Any, fmt: str = "{:,}") -> str:
    return "—" if value is None else fmt.format(value)


def _valid_objective(check: dict[str, Any] | None) -> int | None:
    return check["objective"] if check and check["ok"] else None


def summarize(row: dict[str, Any], checkpoints: list[float]) -> dict[str, Any]:
    """The numbers of one scenario, from validated plans only."""
    base = row["baseline"].get("plan")
    solver = row["solver"]
    out: dict[str, Any] = {
        "baseline": _valid_objective(base),
        "baseline_valid": bool(base and base["ok"]),
        "baseline_unscheduled": base["unscheduled"] if base else None,
        "baseline_seconds": row["baseline"].get("seconds"),
        "solver_ran": "checked" in solver,
        "peak_mb": solver.get("peak_mb"),
        "cpu_seconds": solver.get("cpu_seconds"),
        "exit_code": solver.get("exit_code"),
    }
    if not out["solver_ran"]:
        return out
    final = solver["checked"]["final"]
    events = solver["events"]
    out |= {
        "status": solver["status"],
        "objective": _valid_objective(final),
        "final_valid": final["ok"],
        "final_violations": final["violations"],
        "objective_matches_validator": final["claimed"] == final["objective"],
        "bound": solver["bound"],
        "unscheduled": final["unscheduled"],
        "first_seconds": events[0]["wall"] if events else None,
        "first": _valid_objective(solver["checked"].get("first")) if events else None,
        "seconds": solver["seconds"],
        "stats": solver.get("stats", {}),
        "at": {t: _valid_objective(_incumbent_at(solver, t)) for t in checkpoints},
        "invalid_incumbents": [
            k for k, c in solver["checked"].items() if c is not None and not c["ok"]
        ],
    }
    # The solver reports its warm start (the baseline) first; the first plan it
    # found better than that shows how fast the search itself gets going.
    better = [e for e in events if events and e["objective"] < events[0]["objective"]]
    out["improve_seconds"] = better[0]["wall"] if better else None
    if not events and out["objective"] is not None:
        out["first_seconds"], out["first"] = solver["seconds"], out["objective"]
    obj, bound = out["objective"], out["bound"]
    out["gap"] = (obj - bound) / max(1, abs(obj)) if obj is not None and bound is not None else None
    return out


def _below(baseline: int | None, value: int | None) -> float | None:
    """How far below the baseline an objective is, as a fraction of the baseline."""
    if baseline is None or value is None or baseline == 0:
        return None
    return (baseline - value) / baseline


@dataclass(frozen=True)
class Target:
    scenario: str
    text: str
    # (met, measured value); met is None when this run did not measure it.
    check: Callable[[dict[str, Any]], tuple[bool | None, str]]


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _first_feasible(limit: float) -> Callable[[dict[str, Any]], tuple[bool, str]]:
    def check(s: dict[str, Any]) -> tuple[bool, str]:
        t = s.get("first_seconds")
        ok = t is not None and t <= limit and s.get("first") is not None
        return ok, "no feasible plan" if t is None else f"{t:.1f} s"

    return check


def _below_baseline_at(t: float, fraction: float) -> Callable[[dict[str, Any]], tuple[bool, str]]:
    def check(s: dict[str, Any]) -> tuple[bool | None, str]:
        if t not in (s.get("at") or {}):
            return None, f"not measured (no {t:g} s checkpoint in this run)"
        below = _below(s.get("baseline"), s["at"][t])
        return below is not None and below >= fraction, f"{_pct(below)} below baseline"

    return check


def _gap_at_most(fraction: float) -> Callable[[dict[str, Any]], tuple[bool, str]]:
    def check(s: dict[str, Any]) -> tuple[bool, str]:
        gap = s.get("gap")
        return gap is not None and gap <= fraction, f"gap {_pct(gap)}"

    return check


def _never_worse(s: dict[str, Any]) -> tuple[bool, str]:
    base, final, first = s.get("baseline"), s.get("objective"), s.get("first")
    if base is None or final is None:
        return False, "no valid plan"
    ok = final <= base
    first_note = "" if first is None else f"; first incumbent {first:,}"
    return ok, f"{final:,} vs baseline {base:,}{first_note}"


def _memory_under(mb: float) -> Callable[[dict[str, Any]], tuple[bool, str]]:
    def check(s: dict[str, Any]) -> tuple[bool, str]:
        peak = s.get("peak_mb")
        return peak is not None and peak < mb, f"{_num(peak, '{:,.0f}')} MB"

    return check


TARGETS = [
    Target("city", "first feasible ≤ 5 s", _first_feasible(5)),
    Target("city", "at 30 s ≥ 15% below baseline", _below_baseline_at(30, 0.15)),
    Target("city", "proven gap ≤ 10%", _gap_at_most(0.10)),
    Target("busy_city", "at 30 s ≥ 5% below baseline", _below_baseline_at(30, 0.05)),
    Target("province", "feasible within 120 s", _first_feasible(120)),
    Target("province", "never worse than baseline", _never_worse),
    Target("province", "peak memory < 2 GB", _memory_under(2048)),
]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem_gb = float("nan")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        import ortools

        ortools_version = ortools.__version__
    except ImportError:
        ortools_version = "not installed"
    return (
        f"{cpu}, {cores} cores, {mem_gb:.0f} GB RAM; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; OR-Tools {ortools_version}"
    )


def _revision() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "optimizer")
    return f"{head} (optimizer/ has uncommitted changes)" if dirty else head


def _load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def render(rows: list[dict[str, Any]], checkpoints: list[float], meta: dict[str, str]) -> str:
    """The markdown results block; `meta` was captured when the run started and ended."""
    summaries = {row["scenario"]: summarize(row, checkpoints) for row in rows}
    at_cols = [f"obj @{t:g} s" for t in checkpoints]
    lines = [
        f"- **Date:** {meta['date']}",
        f"- **Machine:** {meta['machine']}",
        f"- **Command:** `{meta['command']}`",
        f"- **Revision:** {meta['revision']}",
        # Other work on the machine slows a 2-worker solve directly; say how busy it was.
        f"- **Load average (1/5/15 min):** {meta['load_before']} before, "
        f"{meta.get('load_after', 'unknown')} after",
        "",
        "| scenario | staff | tasks | slot | baseline (unsched.) | first feasible | first improvement | "
        + " | ".join(at_cols)
        + " | final (unsched.) | vs baseline | bound | gap | status | peak MB | CPU s |",
        "|---|---:|---:|---:|---:|---:|---:|"
        + "---:|" * len(at_cols)
        + "---:|---:|---:|---:|---|---:|---:|",
    ]
    for row in rows:
        s = summaries[row["scenario"]]
        if s["baseline_valid"]:
            base = f"{_num(s['baseline'])} ({_num(s['baseline_unscheduled'])})"
        elif "plan" in row["baseline"]:
            base = "INVALID"
        else:
            base = f"failed (exit {row['baseline'].get('exit_code')})"
        if not s["solver_ran"]:
            cells = [f"solver failed (exit {s['exit_code']}, see log)"] + [""] * (
                len(checkpoints) + 8
            )
        else:
            first = (
                f"{s['first_seconds']:.1f} s: {_num(s['first'])}"
                if s["first_seconds"] is not None
                else "none"
            )
            final = (
                f"{_num(s['objective'])} ({s['unscheduled']})" if s["final_valid"] else "INVALID"
            )
            improve = s["improve_seconds"]
            cells = [
                first,
                "none" if improve is None else f"{improve:.1f} s",
                *[_num(s["at"][t]) for t in checkpoints],
                final,
                _pct(_below(s["baseline"], s["objective"])),
                _num(s["bound"]),
                _pct(s["gap"]),
                str(s["status"]),
                _num(s["peak_mb"], "{:,.0f}"),
                _num(s["cpu_seconds"], "{:,.0f}"),
            ]
        lines.append(
            f"| {row['title']} | {row['staff']} | {row['tasks']} | {row['slot_minutes']} min "
            f"| {base} | " + " | ".join(cells) + " |"
        )
    lines += ["", "| target | result | |", "|---|---|---|"]
    titles = {row["scenario"]: row["title"] for row in rows}
    for target in TARGETS:
        if target.scenario not in summaries:
            continue
        s = summaries[target.scenario]
        met, value = target.check(s) if s["solver_ran"] else (False, "solver did not return")
        verdict = {True: "**met**", False: "**not met**", None: "not measured"}[met]
        lines.append(f"| {titles[target.scenario]}: {target.text} | {value} | {verdict} |")
    notes = []
    for row in rows:
        s = summaries[row["scenario"]]
        if s.get("invalid_incumbents"):
            notes.append(
                f"- {row['title']}: validator rejected {', '.join(s['invalid_incumbents'])}: "
                + "; ".join(s.get("final_violations") or [])
            )
        if s.get("solver_ran") and not s.get("objective_matches_validator", True):
            notes.append(
                f"- {row['title']}: the solver's objective differs from the validator's "
                f"({row['solver']['checked']['final']['claimed']} vs "
                f"{row['solver']['checked']['final']['objective']}); the table shows the validator's."
            )
        if s.get("stats"):
            shown = ", ".join(f"{k}={v}" for k, v in sorted(s["stats"].items()))
            notes.append(f"- {row['title']} solver stats: {shown}")
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def update_markdown(path: Path, block: str) -> None:
    """Replace the results block between the markers, keeping the hand-written analysis."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    new_block = f"{RESULTS_START}\n{block}{RESULTS_END}"
    if RESULTS_START in text and RESULTS_END in text:
        head, rest = text.split(RESULTS_START, 1)
        _, tail = rest.split(RESULTS_END, 1)
        text = head + new_block + tail
    else:
        text = text + ("\n" if text else "") + new_block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="city only, 10 s: a smoke check")
    parser.add_argument(
        "--scenarios", help="comma-separated: " + ", ".join(s.key for s in SCENARIOS)
    )
    parser.add_argument("--time-limit", type=float, help="seconds per solve (default 120)")
    parser.add_argument("--seed", type=int, default=0, help="generator and solver seed")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument(
        "--update", type=Path, help="rewrite the results block of this markdown file"
    )
    parser.add_argument(
        "--log", type=Path, default=Path(tempfile.gettempdir()) / "bench-children.log"
    )
    parser.add_argument("--render", type=Path, help="re-render the report of a --json file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child)
        return 0
    if args.render:
        saved = json.loads(args.render.read_text(encoding="utf-8"))
        block = render(saved["rows"], saved["meta"]["checkpoints"], saved["meta"])
        print(block)
        if args.update:
            update_markdown(args.update, block)
        return 0

    keys = ["city"] if args.quick else [s.key for s in SCENARIOS]
    if args.scenarios:
        keys = args.scenarios.split(",")
    unknown = set(keys) - {s.key for s in SCENARIOS}
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    time_limit = args.time_limit or (10.0 if args.quick else 120.0)
    checkpoints = (
        [t for t in (2.0, 5.0, 10.0) if t <= time_limit] if args.quick else [10.0, 30.0, 120.0]
    )
    checkpoints = [t for t in checkpoints if t <= time_limit] or [time_limit]

    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "command": " ".join(
            ["python -m benchmarks.planning", *(argv if argv is not None else sys.argv[1:])]
        ),
        "revision": _revision(),
        "load_before": _load(),
        "checkpoints": checkpoints,
    }
    rows: list[dict[str, Any]] = []
    for scenario in (s for s in SCENARIOS if s.key in keys):
        rows.append(
            run_scenario(scenario, time_limit, checkpoints, args.seed, args.workers, args.log)
        )
        meta["load_after"] = _load()
        if args.json:  # written as it goes, so a long run that dies still leaves its numbers
            args.json.write_text(
                json.dumps({"meta": meta, "rows": rows}, indent=1, default=str), encoding="utf-8"
            )
    block = render(rows, checkpoints, meta)
    print(block)
    if args.update:
        update_markdown(args.update, block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
